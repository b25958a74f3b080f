package bot_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/bot"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/demo"
	"github.com/kefuhq/kefu/internal/i18n"
	"github.com/kefuhq/kefu/internal/kb"
)

func readEval(t testing.TB, path string) []bot.EvalCase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []bot.EvalCase
	for _, r := range rows[1:] {
		c := bot.EvalCase{Text: r[0], Expect: r[1]}
		if c.Expect == "oos" {
			c.Expect = ""
		}
		out = append(out, c)
	}
	return out
}

// demoKB loads the demo data (knowledge base included) into a fresh SQLite.
func demoKB(t testing.TB) (*db.DB, bot.KB) {
	d := dbtest.Open(t, db.SQLite)
	if _, err := demo.Load(context.Background(), d, demo.Options{Customers: 10, Tickets: 10, Contacts: -1, Now: time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)}, nil); err != nil {
		t.Fatal(err)
	}
	return d, bot.KB{S: kb.New(d, nil, kb.Options{})}
}

// TestDemoKnowledgeEval is the evaluation the thresholds are calibrated on:
// questions customers would ask about the demo knowledge base's public
// articles (paraphrases, typos, long and short, zh and en) and questions it
// does not answer (out of scope, or only in internal articles), through the
// whole pipeline: knowledge-base search, the classifier, the policy.
// go test ./internal/bot -run DemoKnowledgeEval -v prints the figures in
// BENCHMARKS.md.
func TestDemoKnowledgeEval(t *testing.T) {
	ctx := context.Background()
	_, k := demoKB(t)
	items, err := k.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := bot.TrainClassifier(items)
	if err != nil {
		t.Fatal(err)
	}
	cases := readEval(t, "testdata/demo_eval.csv")
	retrieve := func(withClassifier bool) func(string) []bot.Candidate {
		return func(text string) []bot.Candidate {
			c, err := k.Search(ctx, text, bot.LangOf(text), 8)
			if err != nil {
				t.Fatal(err)
			}
			if withClassifier {
				c = cl.WithPriors(text, c)
			}
			return c
		}
	}
	words := bot.Evaluate(bot.Policy{}, cases, retrieve(false))
	both := bot.Evaluate(bot.Policy{}, cases, retrieve(true))
	for _, x := range []struct {
		name string
		r    bot.EvalReport
	}{{"kb search + words", words}, {"kb search + words + classifier", both}} {
		t.Logf("%-32s precision %.3f right-at-once %.3f clarify %.3f (hit %.3f) resolved %.3f in-scope unknown %.3f oos don't-know %.3f (n=%d+%d)",
			x.name, x.r.AnswerPrecision, x.r.RightAtOnce, x.r.ClarifyRate, x.r.ClarifyHit, x.r.ResolvedRate, x.r.InScopeUnknown, x.r.OOSUnknownRate, x.r.InScope, x.r.OOS)
	}
	b, _ := json.MarshalIndent(both.Misses, "", "  ")
	t.Logf("misses: %s", b)
	if both.AnswerPrecision < 0.9 || both.OOSUnknownRate < 0.8 || both.ResolvedRate < 0.8 {
		t.Errorf("below the recorded figures: %+v", both)
	}
	_ = i18n.ZH
}

// TestDemoCalibrationSweep prints the figures over a grid of thresholds on
// the demo knowledge base (KEFU_BOT_SWEEP=1 go test ./internal/bot -run DemoCalibrationSweep -v).
func TestDemoCalibrationSweep(t *testing.T) {
	if os.Getenv("KEFU_BOT_SWEEP") == "" {
		t.Skip("prints a grid of thresholds; KEFU_BOT_SWEEP=1 go test -run Sweep -v")
	}
	ctx := context.Background()
	_, k := demoKB(t)
	items, _ := k.All(ctx)
	cl, _ := bot.TrainClassifier(items)
	cases := readEval(t, "testdata/demo_eval.csv")
	cache := map[string][]bot.Candidate{}
	retrieve := func(text string) []bot.Candidate {
		if c, ok := cache[text]; ok {
			return c
		}
		c, _ := k.Search(ctx, text, bot.LangOf(text), 8)
		c = cl.WithPriors(text, c)
		cache[text] = c
		return c
	}
	for _, ans := range []float64{0.5, 0.55, 0.6, 0.65} {
		for _, cl := range []float64{0.34, 0.38, 0.42, 0.46} {
			for _, m := range []float64{0.05, 0.08} {
				c := bot.DefaultConfig
				c.AnswerAt, c.ClarifyAt, c.Margin = ans, cl, m
				r := bot.Evaluate(bot.Policy{Config: c}, cases, retrieve)
				t.Logf("answer≥%.2f clarify≥%.2f margin %.2f: precision %.3f right-at-once %.3f clarify %.3f (hit %.3f) resolved %.3f in-unknown %.3f oos-unknown %.3f",
					ans, cl, m, r.AnswerPrecision, r.RightAtOnce, r.ClarifyRate, r.ClarifyHit, r.ResolvedRate, r.InScopeUnknown, r.OOSUnknownRate)
			}
		}
	}
}
