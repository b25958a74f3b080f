package kb

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// live is this node's copy of the search indexes. It is a cache of the
// database: built on the first search, then brought up to date before a
// search whenever the generation in kb_state moved — checked at most every
// Options.Refresh, and at once after this node's own changes. Only the
// rows stamped with a newer generation are read and re-analysed.
type live struct {
	mu       sync.RWMutex // guards the indexes, cats and gen
	articles *index
	scripts  *index
	cats     categoryTree
	gen      int64

	refresh sync.Mutex // one refresh at a time
	checked atomic.Int64
	dirty   atomic.Bool
}

func (l *live) init() {
	l.articles, l.scripts, l.gen = newIndex(), newIndex(), -1
	l.dirty.Store(true)
}

// fresh brings the indexes up to date if they may be stale.
func (s *Service) fresh(ctx context.Context) error {
	l := &s.live
	due := func() bool {
		return l.dirty.Load() || s.opt.Refresh < 0 || time.Since(time.UnixMilli(l.checked.Load())) >= s.opt.Refresh
	}
	if !due() {
		return nil
	}
	l.refresh.Lock()
	defer l.refresh.Unlock()
	if !due() { // another search refreshed while this one waited
		return nil
	}
	l.dirty.Store(false)
	q := s.db.Reader()
	var gen int64
	if err := q.QueryRow(ctx, `SELECT generation FROM kb_state WHERE id = 1`).Scan(&gen); err != nil {
		l.dirty.Store(true)
		return apperr.Wrap(err, "kb: generation")
	}
	l.mu.RLock()
	since := l.gen
	l.mu.RUnlock()
	if gen == since {
		l.checked.Store(time.Now().UnixMilli())
		return nil
	}
	arts, maxA, err := s.changedArticles(ctx, q, since)
	if err != nil {
		l.dirty.Store(true)
		return err
	}
	scripts, maxS, err := s.changedScripts(ctx, q, since)
	if err != nil {
		l.dirty.Store(true)
		return err
	}
	tree, err := s.tree(ctx, q)
	if err != nil {
		l.dirty.Store(true)
		return apperr.Wrap(err, "kb: refresh")
	}
	// Segmenting is the slow part; do it before taking the lock.
	pa := make([]prepared, len(arts))
	for i, d := range arts {
		pa[i] = prepare(d)
	}
	ps := make([]prepared, len(scripts))
	for i, d := range scripts {
		ps[i] = prepare(d)
	}
	l.mu.Lock()
	for _, p := range pa {
		l.articles.put(p)
	}
	for _, p := range ps {
		l.scripts.put(p)
	}
	l.cats = tree
	l.gen = max(gen, maxA, maxS)
	l.mu.Unlock()
	l.checked.Store(time.Now().UnixMilli())
	return nil
}

// Warm builds this node's indexes now (at server start) rather than on the
// first search, which would otherwise wait for it.
func (s *Service) Warm(ctx context.Context) error { return s.fresh(ctx) }

// changedArticles reads the articles stamped after generation since, as
// documents: the published version of published and archived articles, the
// working copy of drafts.
func (s *Service) changedArticles(ctx context.Context, q db.Querier, since int64) ([]doc, int64, error) {
	rows, err := q.Query(ctx, `SELECT `+rowCols+rowFrom+` WHERE a.generation > $1 ORDER BY a.id`, since)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "kb: refresh articles")
	}
	defer rows.Close()
	var out []doc
	var maxGen int64
	for rows.Next() {
		x, err := scanRow(rows)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "kb: refresh articles")
		}
		c := x.shown()
		out = append(out, doc{ID: x.id, Title: c.Title, Questions: c.Questions, Tags: c.Tags, Body: PlainText(c.Body),
			Lang: c.Lang, Visibility: c.Visibility, Status: x.status, CategoryID: deref(c.CategoryID), ReasonID: deref(c.ReasonID)})
		maxGen = max(maxGen, x.generation)
	}
	return out, maxGen, apperr.Wrap(rows.Err(), "kb: refresh articles")
}

// Script states as the script index filters them.
const (
	scriptApproved   = "approved"
	scriptUnapproved = "unapproved"
	scriptInactive   = "inactive"
)

func (s *Service) changedScripts(ctx context.Context, q db.Querier, since int64) ([]doc, int64, error) {
	rows, err := q.Query(ctx, `SELECT `+scriptCols+scriptFrom+` WHERE s.generation > $1 ORDER BY s.id`, since)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "kb: refresh scripts")
	}
	defer rows.Close()
	var out []doc
	var maxGen int64
	for rows.Next() {
		x, gen, err := scanScript(rows)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "kb: refresh scripts")
		}
		st := scriptUnapproved
		switch {
		case !x.Active:
			st = scriptInactive
		case x.Approved:
			st = scriptApproved
		}
		text := x.Text
		if segs, err := ParseScript(x.Text); err == nil {
			text, _ = FillScript(segs, nil) // variables as their names
		}
		out = append(out, doc{ID: x.ID, Title: x.Title, Tags: x.Tags, Body: text, Lang: x.Lang, Visibility: "internal", Status: st,
			CategoryID: deref(x.CategoryID), ReasonID: deref(x.ReasonID)})
		maxGen = max(maxGen, gen)
	}
	return out, maxGen, apperr.Wrap(rows.Err(), "kb: refresh scripts")
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// Query is a knowledge-base search.
type Query struct {
	Text string
	// Lang keeps articles in one language ("zh-CN" or "en"); "" keeps both.
	Lang string
	// PublicOnly keeps public articles only: set it for customers and the
	// bot. Without it agents also find internal articles.
	PublicOnly bool
	// Visibility keeps "internal" or "public" articles ("" both); ignored
	// with PublicOnly.
	Visibility string
	// CategoryID keeps one category and its sub-categories (0: all).
	CategoryID int64
	// Status is "" or "published" (what readers and the bot search),
	// "draft", "archived" or "any": the latter only for editors (the
	// caller checks; Search does not know who asks).
	Status string
	// ReasonID, when set, adds 0.1 to the score of articles linked to that
	// contact reason (agent assist passes the ticket's reason).
	ReasonID int64
	// Limit is the number of hits (default 10, at most 50).
	Limit int
}

// Hit is one search result.
//
// Score is in [0, 1] and comparable across queries. It is the mean of
//   - coverage: how much of the query the article contains, each word
//     weighted by its rarity (BM25 idf) and by where it is found (title
//     and similar questions weigh 3, tags 2, body 1), saturating: 1 means
//     every word of the query occurs at least as strongly as once in the
//     title; a word the knowledge base never uses lowers it;
//   - similarity: how close the query's wording is to the article's title
//     or best similar question (idf-weighted cosine of their words): 1 is
//     the same words.
//
// Read it as (checked on the demo knowledge base by rank_test.go):
// ≥ 0.75 the article clearly answers the question (typically the customer
// used one of its similar questions or its title); 0.5–0.75 it is probably
// the right article, worth confirming ("您是想问……吗?"), and when the
// second hit is within 0.08 of the first, ask which of the two; < 0.5 the
// knowledge base probably does not know — hand off. Hits under 0.15 are
// not returned. A ReasonID boost adds 0.1 (capped at 1). Scores are
// computed as if there were at least 50 articles (see minCorpus), so they
// mean the same in a young knowledge base.
type Hit struct {
	ArticleID       int64   `json:"article_id"`
	Title           string  `json:"title"`
	Score           float64 `json:"score" doc:"0–1, comparable across queries: ≥0.75 clear answer, 0.5–0.75 probable, <0.5 not known"`
	Coverage        float64 `json:"coverage" doc:"0–1: how much of the query the article contains, by rarity and field"`
	Similarity      float64 `json:"similarity" doc:"0–1: how close the query's wording is to the title or best similar question"`
	Snippet         string  `json:"snippet" doc:"plain text around the matched words"`
	Highlights      []Span  `json:"highlights" doc:"the snippet split into pieces; hit marks the query's words"`
	MatchedQuestion string  `json:"matched_question" doc:"the similar question the query matched, if any"`
	Lang            string  `json:"lang"`
	Visibility      string  `json:"visibility"`
	Status          string  `json:"status"`
	CategoryID      *int64  `json:"category_id"`
	CategoryPath    string  `json:"category_path"`
}

func (q *Query) validate() error {
	var f apperr.Fields
	q.Text = f.Text("query.q", q.Text, false, 500)
	f.OneOf("query.lang", q.Lang, false, Langs...)
	f.OneOf("query.visibility", q.Visibility, false, Visibilities...)
	f.OneOf("query.status", q.Status, false, append([]string{"any"}, Statuses...)...)
	if q.Limit <= 0 {
		q.Limit = 10
	}
	if q.Limit > 50 {
		f.Add("query.limit", "field.max", 50)
	}
	return f.Err()
}

// Search finds articles for a question, best first (see Hit for the
// score's meaning). It is what the console's search box and the
// self-service bot call.
func (s *Service) Search(ctx context.Context, q Query) ([]Hit, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	if err := s.fresh(ctx); err != nil {
		return nil, err
	}
	f := filter{Lang: q.Lang, Visibility: q.Visibility, ReasonID: q.ReasonID}
	if q.PublicOnly {
		f.Visibility = "public"
	}
	switch q.Status {
	case "", "published":
		f.Statuses = []string{"published"}
	case "any":
	default:
		f.Statuses = []string{q.Status}
	}
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	if q.CategoryID != 0 {
		f.Categories = s.live.cats.descendants(q.CategoryID)
	}
	rs := s.live.articles.search(q.Text, f, q.Limit)
	out := make([]Hit, len(rs))
	for i, r := range rs {
		d := s.live.articles.docs[s.live.articles.slotOf[r.ID]]
		h := Hit{ArticleID: r.ID, Title: d.Title, Score: r.Score, Coverage: round(r.Coverage), Similarity: round(r.Similarity),
			Snippet: r.Snippet, Highlights: r.Highlights, MatchedQuestion: r.MatchedQuestion,
			Lang: d.Lang, Visibility: d.Visibility, Status: d.Status}
		if h.Highlights == nil {
			h.Highlights = []Span{}
		}
		if d.CategoryID != 0 {
			id := d.CategoryID
			h.CategoryID, h.CategoryPath = &id, s.live.cats.path(id)
		}
		out[i] = h
	}
	return out, nil
}

func round(x float64) float64 { return float64(int64(x*1e4+0.5)) / 1e4 }

// searchScripts ranks scripts in the script index.
func (s *Service) searchScripts(ctx context.Context, text string, f filter, limit int) ([]result, error) {
	if err := s.fresh(ctx); err != nil {
		return nil, err
	}
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	return s.live.scripts.search(text, f, limit), nil
}

// ScriptHit is a suggested script with its score (as Hit.Score).
type ScriptHit struct {
	Script Script  `json:"script"`
	Score  float64 `json:"score"`
}

// SuggestScripts returns the approved, active scripts that fit a text best
// (the ticket's subject and description, or a customer's message); ones
// linked to reasonID get the same boost as articles.
func (s *Service) SuggestScripts(ctx context.Context, text, lang string, reasonID int64, limit int) ([]ScriptHit, error) {
	rs, err := s.searchScripts(ctx, text, filter{Lang: lang, Statuses: []string{scriptApproved}, ReasonID: reasonID}, limit)
	if err != nil {
		return nil, err
	}
	out := []ScriptHit{}
	for _, r := range rs {
		sc, err := s.Script(ctx, r.ID, Reader{})
		if apperr.CodeOf(err) == apperr.NotFound {
			continue // changed since the index was refreshed
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ScriptHit{Script: sc, Score: r.Score})
	}
	return out, nil
}

// Generation is the knowledge base's change counter: it moves whenever an
// article, script or category changes (the bot retrains on it).
func (s *Service) Generation(ctx context.Context) (int64, error) {
	var gen int64
	err := s.db.Reader().QueryRow(ctx, `SELECT generation FROM kb_state WHERE id = 1`).Scan(&gen)
	return gen, apperr.Wrap(err, "kb: generation")
}
