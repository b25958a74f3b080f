package bot

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"testing"
)

type fixtureItem struct {
	Candidate
	Lang      string   `json:"lang"`
	BodyJSON  string   `json:"body"`
	QuestJSON []string `json:"questions"`
}

// fixture loads the test knowledge (testdata/knowledge.json).
func fixture(t testing.TB) []Candidate {
	t.Helper()
	b, err := os.ReadFile("testdata/knowledge.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []fixtureItem
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	out := make([]Candidate, len(items))
	for i, it := range items {
		c := it.Candidate
		c.Body, c.Questions = it.BodyJSON, it.QuestJSON
		out[i] = c
	}
	return out
}

func evalCases(t testing.TB) []EvalCase {
	t.Helper()
	f, err := os.Open("testdata/eval.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []EvalCase
	for _, r := range rows[1:] {
		c := EvalCase{Text: r[0], Expect: r[1]}
		if c.Expect == "oos" {
			c.Expect = ""
		}
		out = append(out, c)
	}
	return out
}

// TestEvaluationSet runs the policy, with the thresholds calibrated on the
// demo knowledge base, over a second knowledge set written apart from it
// (testdata/knowledge.json, eval.csv): a check that the calibration is not
// tied to the demo's articles. Figures in BENCHMARKS.md.
func TestEvaluationSet(t *testing.T) {
	items := fixture(t)
	cl, err := TrainClassifier(items)
	if err != nil {
		t.Fatal(err)
	}
	all := func(text string) []Candidate { return cl.WithPriors(text, items) }
	r := Evaluate(Policy{}, evalCases(t), all)
	b, _ := json.MarshalIndent(r, "", "  ")
	t.Logf("%s", b)
	if r.AnswerPrecision < 0.9 {
		t.Errorf("answer precision %.3f < 0.9", r.AnswerPrecision)
	}
	if r.OOSUnknownRate < 0.8 {
		t.Errorf("out-of-scope don't-know rate %.3f < 0.8", r.OOSUnknownRate)
	}
	if r.ResolvedRate < 0.8 {
		t.Errorf("resolved rate %.3f < 0.8", r.ResolvedRate)
	}
}

// TestCalibrationSweep prints the figures over a grid of thresholds; run
// with KEFU_BOT_SWEEP=1 (KEFU_BOT_SWEEP=1 go test ./internal/bot -run CalibrationSweep -v).
func TestCalibrationSweep(t *testing.T) {
	if os.Getenv("KEFU_BOT_SWEEP") == "" {
		t.Skip("prints a grid of thresholds; KEFU_BOT_SWEEP=1 go test -run Sweep -v")
	}
	items := fixture(t)
	cl, _ := TrainClassifier(items)
	all := func(text string) []Candidate { return cl.WithPriors(text, items) }
	cases := evalCases(t)
	for _, ans := range []float64{0.45, 0.5, 0.55, 0.6, 0.65} {
		for _, cl := range []float64{0.25, 0.3, 0.34, 0.38, 0.42} {
			for _, m := range []float64{0.05, 0.08, 0.12} {
				c := DefaultConfig
				c.AnswerAt, c.ClarifyAt, c.Margin = ans, cl, m
				r := Evaluate(Policy{Config: c}, cases, all)
				t.Logf("answer≥%.2f clarify≥%.2f margin %.2f: precision %.3f right-at-once %.3f clarify %.3f (hit %.3f) resolved %.3f in-unknown %.3f oos-unknown %.3f",
					ans, cl, m, r.AnswerPrecision, r.RightAtOnce, r.ClarifyRate, r.ClarifyHit, r.ResolvedRate, r.InScopeUnknown, r.OOSUnknownRate)
			}
		}
	}
}
