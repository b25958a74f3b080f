package textseg

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/go-ego/gse"
)

// hanRuns returns the runs of Han characters in text (what appendHan sees).
func hanRuns(text string) []string {
	var out []string
	var b strings.Builder
	for _, r := range text {
		if isHan(Fold(r)) {
			b.WriteRune(Fold(r))
			continue
		}
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// agreementTexts collects Chinese text: every CrossWOZ message (user and
// system turns), the NTUSD words, the seed articles and the demo content,
// from ../shared and the repository. Skips when the shared data is absent.
func agreementTexts(t *testing.T) []string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	shared := filepath.Join(root, "..", "shared")
	zr, err := zip.OpenReader(filepath.Join(shared, "data", "crosswoz", "val.json.zip"))
	if err != nil {
		t.Skipf("reference data not found: %v", err)
	}
	defer zr.Close()
	var texts []string
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var d map[string]struct {
			Messages []struct {
				Content string `json:"content"`
			} `json:"messages"`
		}
		err = json.NewDecoder(rc).Decode(&d)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, dl := range d {
			for _, m := range dl.Messages {
				texts = append(texts, m.Content)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	files = append(files, filepath.Join(root, "internal", "demo", "content.go"))
	for _, n := range []string{"positive_traditional.txt", "negative_traditional.txt"} {
		files = append(files, filepath.Join(shared, "data", "ntusd", n))
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	slices.Sort(texts)
	return slices.Compact(texts)
}

// TestSameSegmentationAsGse checks that the compact segmenter cuts every
// Han run exactly as gse's Cut(text, true) over its embedded zh_s
// dictionary, which it replaces.
func TestSameSegmentationAsGse(t *testing.T) {
	if testing.Short() {
		t.Skip("loads gse's dictionary (≈130 MB)")
	}
	texts := agreementTexts(t)
	var g gse.Segmenter
	g.SkipLog = true
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	d, err := segmenter()
	if err != nil {
		t.Fatal(err)
	}
	runs, same, words := 0, 0, 0
	for _, text := range texts {
		for _, r := range hanRuns(text) {
			runs++
			var ours []string
			for _, tk := range d.cut(nil, r, 0) {
				ours = append(ours, tk.Text)
			}
			theirs := g.Cut(r, true)
			words += len(theirs)
			if slices.Equal(ours, theirs) {
				same++
			} else if runs-same <= 10 {
				t.Errorf("%q: ours %q, gse %q", r, ours, theirs)
			}
		}
	}
	t.Logf("%d texts, %d Han runs (%d words): %d identical (%.4f)", len(texts), runs, words, same, float64(same)/float64(runs))
	if same != runs {
		t.Errorf("%d of %d runs differ", runs-same, runs)
	}
}

func BenchmarkGseChinese(b *testing.B) {
	var g gse.Segmenter
	g.SkipLog = true
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		g.Cut("您好我的信用卡昨天被盗刷了三笔请帮我冻结并且查一下交易记录", true)
	}
}

func BenchmarkCutChinese(b *testing.B) {
	d, _ := segmenter()
	var dst []Token
	for b.Loop() {
		dst = d.cut(dst[:0], "您好我的信用卡昨天被盗刷了三笔请帮我冻结并且查一下交易记录", 0)
	}
}
