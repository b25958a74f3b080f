package emotion

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/nlp"
)

// Design checks by group-wise cross-validation on train.csv only (the test
// set is kept for the reported figures):
//
//	KEFU_EMOTION_CV=1 go test ./internal/emotion -run TestCV -v
func TestCV(t *testing.T) {
	if os.Getenv("KEFU_EMOTION_CV") == "" {
		t.Skip("set KEFU_EMOTION_CV=1")
	}
	tr, _, err := Dataset()
	if err != nil {
		t.Fatal(err)
	}
	type variant struct {
		name  string
		joint bool
		feat  func(string) string
	}
	variants := []variant{
		{"text, two models", false, func(s string) string { return s }},
		{"markers, two models", false, FeatureText},
		{"markers, one joint model", true, FeatureText},
	}
	for _, v := range variants {
		var accE, f1E, accA, f1A float64
		for k := 0; k < 5; k++ {
			var a, b []Row
			for _, r := range tr {
				if hash32(r.Group, "cv")%5 == uint32(k) {
					b = append(b, r)
				} else {
					a = append(a, r)
				}
			}
			ex := func(rows []Row, label func(Row) string) []nlp.Example {
				out := make([]nlp.Example, len(rows))
				for i, r := range rows {
					out[i] = nlp.Example{Text: v.feat(r.Text), Label: label(r)}
				}
				return out
			}
			emoL := func(r Row) string { return r.Emotion }
			abL := func(r Row) string { return abuseLabel(r.Abusive) }
			var pe, pa []string
			if v.joint {
				m, _ := nlp.Train(ex(a, func(r Row) string { return r.Emotion + "|" + abuseLabel(r.Abusive) }), nlp.Options{Seed: 1})
				for _, r := range b {
					p := m.Predict(v.feat(r.Text), 8)
					emo := map[string]float64{}
					var ab float64
					for _, s := range p.Top {
						e, x, _ := strings.Cut(s.Label, "|")
						emo[e] += s.Prob
						if x == "1" {
							ab += s.Prob
						}
					}
					best := ""
					for _, l := range Labels {
						if best == "" || emo[l] > emo[best] {
							best = l
						}
					}
					pe = append(pe, best)
					pa = append(pa, abuseLabel(ab >= 0.5))
				}
			} else {
				me, _ := nlp.Train(ex(a, emoL), nlp.Options{Seed: 1})
				ma, _ := nlp.Train(ex(a, abL), nlp.Options{Seed: 1})
				for _, r := range b {
					pe = append(pe, me.Predict(v.feat(r.Text), 1).Label)
					pa = append(pa, ma.Predict(v.feat(r.Text), 1).Label)
				}
			}
			re := nlp.Score(ex(b, emoL), pe, "", Labels)
			ra := nlp.Score(ex(b, abL), pa, "", []string{"0", "1"})
			accE += re.Accuracy / 5
			f1E += re.MacroF1 / 5
			accA += ra.Accuracy / 5
			f1A += ra.MacroF1 / 5
		}
		fmt.Printf("%-26s emotion acc %.3f F1 %.3f | abusive acc %.3f F1 %.3f\n", v.name, accE, f1E, accA, f1A)
	}
}
