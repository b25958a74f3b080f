package bot

import (
	"fmt"

	"github.com/kefuhq/kefu/internal/i18n"
)

// EvalCase is one question of the evaluation set and the title of the item
// that answers it ("" for out of scope: the bot should say it does not know).
type EvalCase struct {
	Text   string
	Expect string
}

// EvalReport is how the policy did on an evaluation set.
type EvalReport struct {
	InScope int `json:"in_scope"`
	OOS     int `json:"oos"`
	// In scope.
	Answered        int      `json:"answered"`
	AnsweredRight   int      `json:"answered_right"`
	AnswerPrecision float64  `json:"answer_precision"`  // right answers / answers (in scope and out)
	AnswerRate      float64  `json:"answer_rate"`       // in-scope questions answered at once
	RightAtOnce     float64  `json:"right_at_once"`     // in-scope questions answered right at once
	ClarifyRate     float64  `json:"clarify_rate"`      // in-scope questions met with a clarifying question
	ClarifyHit      float64  `json:"clarify_hit"`       // … whose options held the right item
	ResolvedRate    float64  `json:"resolved_rate"`     // right at once, or right item among the options
	InScopeUnknown  float64  `json:"in_scope_unknown"`  // in-scope questions the bot said it did not know
	OOSUnknownRate  float64  `json:"oos_unknown_rate"`  // out-of-scope questions met with "don't know"
	OOSFalseAnswers int      `json:"oos_false_answers"` // out-of-scope questions answered with an item
	Misses          []string `json:"misses,omitempty"`  // wrong answers, for reading
}

// Evaluate runs each case as the first message of a conversation, with
// retrieve giving the candidates (the knowledge base's search in the
// product; every item in a test).
func Evaluate(p Policy, cases []EvalCase, retrieve func(text string) []Candidate) EvalReport {
	var r EvalReport
	var clarified, clarifyHit, unknownIn, rightAnswers, oosUnknown int
	for _, c := range cases {
		d := p.Decide(Turn{Text: c.Text, Lang: LangOf(c.Text), Candidates: retrieve(c.Text)})
		if c.Expect == "" {
			r.OOS++
			switch d.Kind {
			case KindUnknown:
				oosUnknown++
			case KindClarify:
				r.Misses = append(r.Misses, fmt.Sprintf("oos %q → clarify %v (%.2f)", c.Text, optionTitles(d.Options), d.Confidence))
			case KindAnswer:
				r.OOSFalseAnswers++
				r.Answered++
				r.Misses = append(r.Misses, fmt.Sprintf("oos %q → %q (%.2f)", c.Text, d.Sources[0].Title, d.Confidence))
			}
			continue
		}
		r.InScope++
		switch d.Kind {
		case KindAnswer:
			r.Answered++
			if d.Sources[0].Title == c.Expect {
				rightAnswers++
			} else {
				r.Misses = append(r.Misses, fmt.Sprintf("%q → %q, want %q (%.2f)", c.Text, d.Sources[0].Title, c.Expect, d.Confidence))
			}
		case KindClarify:
			clarified++
			for _, o := range d.Options {
				if o.Title == c.Expect {
					clarifyHit++
					break
				}
			}
		case KindUnknown:
			unknownIn++
			r.Misses = append(r.Misses, fmt.Sprintf("%q → unknown, want %q (%.2f)", c.Text, c.Expect, d.Confidence))
		}
	}
	r.AnsweredRight = rightAnswers
	r.AnswerPrecision = ratio(rightAnswers, r.Answered)
	r.AnswerRate = ratio(r.Answered-r.OOSFalseAnswers, r.InScope)
	r.RightAtOnce = ratio(rightAnswers, r.InScope)
	r.ClarifyRate = ratio(clarified, r.InScope)
	r.ClarifyHit = ratio(clarifyHit, clarified)
	r.ResolvedRate = ratio(rightAnswers+clarifyHit, r.InScope)
	r.InScopeUnknown = ratio(unknownIn, r.InScope)
	r.OOSUnknownRate = ratio(oosUnknown, r.OOS)
	return r
}

func optionTitles(os []Option) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Title
	}
	return out
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return round3(float64(a) / float64(b))
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

var _ = i18n.ZH
