package bot

import (
	"fmt"

	"github.com/kefuhq/kefu/internal/nlp"
)

// Classifier recognises which knowledge item a question means, trained on
// the items' titles and similar questions (one label per item). It
// complements word matching for paraphrases; out-of-scope questions are
// left to the word match (see withPrior). Safe for concurrent use.
type Classifier struct {
	model *nlp.Model
}

func itemLabel(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// TrainClassifier trains on the items; nil (and no error) when there are
// fewer than two items, which leaves nothing to tell apart.
func TrainClassifier(items []Candidate) (*Classifier, error) {
	var ex []nlp.Example
	labels := map[string]bool{}
	for _, c := range items {
		l := itemLabel(c.Kind, c.ID)
		labels[l] = true
		ex = append(ex, nlp.Example{Text: c.Title, Label: l})
		for _, q := range c.Questions {
			ex = append(ex, nlp.Example{Text: q, Label: l})
		}
	}
	if len(labels) < 2 {
		return nil, nil
	}
	// Softmax regression: its probabilities are what withPrior scales;
	// deterministic for the seed.
	m, err := nlp.Train(ex, nlp.Options{Seed: 1, Algorithm: "logreg"})
	if err != nil {
		return nil, err
	}
	return &Classifier{model: m}, nil
}

// WithPriors returns the candidates with each one's probability set.
func (c *Classifier) WithPriors(text string, cands []Candidate) []Candidate {
	if c == nil || len(cands) == 0 {
		return cands
	}
	p := c.model.Predict(text, len(c.model.Labels))
	prob := make(map[string]float64, len(p.Top))
	for _, s := range p.Top {
		prob[s.Label] = s.Prob
	}
	out := make([]Candidate, len(cands))
	for i, cand := range cands {
		cand.Prior = prob[itemLabel(cand.Kind, cand.ID)]
		out[i] = cand
	}
	return out
}
