package bot

import (
	"context"

	"github.com/kefuhq/kefu/internal/i18n"
)

// StaticKnowledge is a fixed set of items, searched by the bot's own word
// match: for tests, and for a product without a knowledge base yet.
type StaticKnowledge struct {
	Items []Candidate
}

// Search returns the items in the question's language that share any word
// with it, best first.
func (k StaticKnowledge) Search(_ context.Context, text string, lang i18n.Lang, limit int) ([]Candidate, error) {
	var out []Candidate
	for _, r := range Rank(text, k.Items) {
		if r.Confidence > 0 && len(out) < limit {
			out = append(out, r.Candidate)
		}
	}
	return out, nil
}

// Get returns an item by kind and id.
func (k StaticKnowledge) Get(_ context.Context, kind string, id int64) (Candidate, bool, error) {
	for _, c := range k.Items {
		if c.Kind == kind && c.ID == id {
			return c, true, nil
		}
	}
	return Candidate{}, false, nil
}

// Generation never changes.
func (k StaticKnowledge) Generation(context.Context) (int64, error) { return 1, nil }

// All returns the items.
func (k StaticKnowledge) All(context.Context) ([]Candidate, error) { return k.Items, nil }
