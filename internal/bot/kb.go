package bot

import (
	"context"
	"regexp"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/i18n"
	"github.com/kefuhq/kefu/internal/kb"
)

// KB is the knowledge base as the bot sees it: published public articles
// (the version published now) and approved, active scripts fit to be said
// to a customer by a bot (see botSayable).
type KB struct{ S *kb.Service }

// scriptHits is how many script hits join the article hits.
const scriptHits = 3

// Search asks the knowledge base's ranked search and loads the hits'
// published content (title, body and similar questions).
func (k KB) Search(ctx context.Context, text string, lang i18n.Lang, limit int) ([]Candidate, error) {
	hits, err := k.S.Search(ctx, kb.Query{Text: clip(text, 500), Lang: string(lang), PublicOnly: true, Limit: limit})
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, h := range hits {
		c, ok, err := k.article(ctx, h.ArticleID)
		if err != nil {
			return nil, err
		}
		if ok {
			c.Score = h.Score
			out = append(out, c)
		}
	}
	scripts, err := k.S.SuggestScripts(ctx, clip(text, 500), string(lang), 0, scriptHits)
	if err != nil {
		return nil, err
	}
	for _, h := range scripts {
		if c, ok := scriptCandidate(h.Script); ok {
			c.Score = h.Score
			out = append(out, c)
		}
	}
	return out, nil
}

func (k KB) article(ctx context.Context, id int64) (Candidate, bool, error) {
	a, err := k.S.Article(ctx, id, kb.Reader{PublicOnly: true})
	if apperr.CodeOf(err) == apperr.NotFound {
		return Candidate{}, false, nil // unpublished since the index saw it
	}
	if err != nil {
		return Candidate{}, false, err
	}
	return articleCandidate(a), true, nil
}

// articleCandidate: the body as plain text, since chat channels show no
// Markdown.
func articleCandidate(a kb.Article) Candidate {
	return Candidate{Kind: "article", ID: a.ID, Number: a.Number, Title: a.Title, Body: kb.PlainText(a.Body), Questions: a.Questions, ReasonID: a.ReasonID}
}

// Scripts are written for agents: many carry variables ({承诺时间}) filled
// from a ticket, or confirm an action the agent took ("已为您修改地址").
// The bot has neither a ticket nor the power to act, so it says only the
// scripts that are plain information.
var (
	scriptVar   = regexp.MustCompile(`\{[^{}]+\}`)
	actionClaim = regexp.MustCompile(`已(经|为|帮|给|向|在|解除|修改|提交|登记|发放|冻结|核实|受理|审核|退)|为您(提交|冻结|登记|备注)|审核通过|(?i:\b(I have|I've|we have|we've|has been issued|has been)\b)`)
)

func botSayable(sc kb.Script) bool {
	return sc.Approved && sc.Active && len(sc.Variables) == 0 && !scriptVar.MatchString(sc.Text) && !actionClaim.MatchString(sc.Text)
}

func scriptCandidate(sc kb.Script) (Candidate, bool) {
	if !botSayable(sc) {
		return Candidate{}, false
	}
	return Candidate{Kind: "script", ID: sc.ID, Title: sc.Title, Body: sc.Text, ReasonID: sc.ReasonID}, true
}

// Get returns a published public article or a sayable script.
func (k KB) Get(ctx context.Context, kind string, id int64) (Candidate, bool, error) {
	if kind == "article" {
		return k.article(ctx, id)
	}
	sc, err := k.S.Script(ctx, id, kb.Reader{})
	if apperr.CodeOf(err) == apperr.NotFound {
		return Candidate{}, false, nil
	}
	if err != nil {
		return Candidate{}, false, err
	}
	c, ok := scriptCandidate(sc)
	return c, ok, nil
}

// Generation is the knowledge base's change counter.
func (k KB) Generation(ctx context.Context) (int64, error) { return k.S.Generation(ctx) }

// All returns every item the bot may use.
func (k KB) All(ctx context.Context) ([]Candidate, error) {
	var out []Candidate
	cursor := ""
	for {
		list, next, err := k.S.Articles(ctx, kb.ListFilter{Status: "published", Visibility: "public", Cursor: cursor, Limit: 200}, kb.Reader{PublicOnly: true})
		if err != nil {
			return nil, err
		}
		for _, a := range list { // the list leaves out bodies and questions
			c, ok, err := k.article(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, c)
			}
		}
		if next == "" || len(list) == 0 {
			break
		}
		cursor = next
	}
	scripts, err := k.S.Scripts(ctx, kb.ScriptFilter{Limit: 500}, kb.Reader{})
	if err != nil {
		return nil, err
	}
	for _, sc := range scripts {
		if c, ok := scriptCandidate(sc); ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// RecordTx passes a customer's verdict on an answer to the article's
// usefulness (source bot: said in a bot conversation). Scripts keep no
// votes; an article unpublished since keeps the bot's own record only.
func (k KB) RecordTx(ctx context.Context, tx *db.Tx, f AnswerFeedback) error {
	if f.Kind != "article" {
		return nil
	}
	err := k.S.FeedbackTx(ctx, tx, f.ID, f.Number, f.Helpful, f.Comment, "bot")
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil
	}
	return err
}
