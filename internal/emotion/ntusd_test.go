package emotion

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// TestNTUSDPolarity checks the product model against the NTU Sentiment
// Dictionary (read from ../shared/data/ntusd, never copied into the
// repository): single words, Traditional Chinese, no context — far from a
// customer's sentence, so the figure is a sanity check, not a benchmark:
// the model reads tone, urgency and blame in sentences, and most negative
// dictionary words (障礙, 問題, 下跌) carry none of them. A negative word
// should still look a little less calm than a positive one: the AUC of
// 1 - P(calm) separating negative from positive words is logged and must
// beat chance (0.568 when last measured; see BENCHMARKS.md).
func TestNTUSDPolarity(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "data", "ntusd")
	read := func(name string) []string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("NTUSD not found: %v", err)
		}
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimSpace(strings.TrimPrefix(l, "\ufeff")); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	pos, neg := read("positive_traditional.txt"), read("negative_traditional.txt")
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	type scored struct {
		notCalm  float64
		negative bool
	}
	var all []scored
	var negNotCalm, posCalm, negAbusive int
	for _, w := range neg {
		s := m.Score(w)
		all = append(all, scored{1 - s.Probs[0], true})
		if s.Emotion != Calm {
			negNotCalm++
		}
		if s.Abusive {
			negAbusive++
		}
	}
	for _, w := range pos {
		s := m.Score(w)
		all = append(all, scored{1 - s.Probs[0], false})
		if s.Emotion == Calm {
			posCalm++
		}
	}
	// AUC by ranks (Mann-Whitney U)
	sort.Slice(all, func(i, j int) bool { return all[i].notCalm < all[j].notCalm })
	var rankSum float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].notCalm == all[i].notCalm {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1..j
		for k := i; k < j; k++ {
			if all[k].negative {
				rankSum += avg
			}
		}
		i = j
	}
	nn, np := float64(len(neg)), float64(len(pos))
	auc := (rankSum - nn*(nn+1)/2) / (nn * np)
	t.Logf("NTUSD: %d negative words, %.1f%% read as not calm (%.1f%% abusive); %d positive words, %.1f%% read as calm; AUC %.3f",
		len(neg), 100*float64(negNotCalm)/nn, 100*float64(negAbusive)/nn, len(pos), 100*float64(posCalm)/np, auc)
	if auc < 0.55 {
		t.Errorf("negative NTUSD words are hardly told from positive ones (AUC %.3f)", auc)
	}
}
