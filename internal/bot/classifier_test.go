package bot

import (
	"testing"
)

// TestClassifierHelps measures the evaluation set with word matching alone
// and with the classifier's priors, at the default thresholds; the figures
// are in BENCHMARKS.md.
func TestClassifierHelps(t *testing.T) {
	items := fixture(t)
	cl, err := TrainClassifier(items)
	if err != nil {
		t.Fatal(err)
	}
	cases := evalCases(t)
	lex := Evaluate(Policy{}, cases, func(string) []Candidate { return items })
	both := Evaluate(Policy{}, cases, func(text string) []Candidate { return cl.WithPriors(text, items) })
	for name, r := range map[string]EvalReport{"words only": lex, "words + classifier": both} {
		t.Logf("%-18s precision %.3f right-at-once %.3f clarify %.3f (hit %.3f) resolved %.3f in-scope unknown %.3f oos don't-know %.3f",
			name, r.AnswerPrecision, r.RightAtOnce, r.ClarifyRate, r.ClarifyHit, r.ResolvedRate, r.InScopeUnknown, r.OOSUnknownRate)
	}
	// The trade measured on both knowledge sets: many more questions
	// answered at once, for a few out-of-scope questions that the
	// classifier pulls up to a clarifying question.
	if both.RightAtOnce < lex.RightAtOnce+0.2 {
		t.Errorf("the classifier does not help enough: right at once %.3f vs %.3f", both.RightAtOnce, lex.RightAtOnce)
	}
	if both.AnswerPrecision < 0.95 || both.OOSFalseAnswers > 1 {
		t.Errorf("with the classifier: precision %.3f, %d out-of-scope questions answered", both.AnswerPrecision, both.OOSFalseAnswers)
	}
}
