package kb

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// Content is what an article says and to whom: the part that is versioned.
type Content struct {
	Title      string   `json:"title"`
	Body       string   `json:"body" doc:"Markdown; rendered without raw HTML"`
	Questions  []string `json:"questions" doc:"similar questions (相似问法): phrasings customers use"`
	Tags       []string `json:"tags"`
	CategoryID *int64   `json:"category_id"`
	ReasonID   *int64   `json:"reason_id" doc:"the contact reason it answers (assist ranks it first for such tickets)"`
	Lang       string   `json:"lang" enum:"zh-CN,en"`
	Visibility string   `json:"visibility" enum:"internal,public" doc:"internal: agents only; public: may be shown to customers and the bot"`
}

// Stats count views and feedback.
type Stats struct {
	Views        int64    `json:"views"`
	Helpful      int64    `json:"helpful"`
	NotHelpful   int64    `json:"not_helpful"`
	HelpfulRatio *float64 `json:"helpful_ratio" doc:"helpful / (helpful + not helpful); null without feedback"`
}

func newStats(views, helpful, not int64) Stats {
	s := Stats{Views: views, Helpful: helpful, NotHelpful: not}
	if helpful+not > 0 {
		r := float64(helpful) / float64(helpful+not)
		s.HelpfulRatio = &r
	}
	return s
}

// Article is an article as a reader sees it. The content fields are the
// published version (number), or the working copy of a draft that was never
// published. Draft is the working copy, shown to editors when it differs.
type Article struct {
	ID int64 `json:"id"`
	Content
	Status       string     `json:"status" enum:"draft,published,archived"`
	CategoryPath string     `json:"category_path"`
	Number       int        `json:"number" doc:"the published version shown; 0 when never published"`
	PublishedAt  *time.Time `json:"published_at"`
	PublishedBy  string     `json:"published_by"`
	DraftChanges bool       `json:"draft_changes" doc:"the working copy has changes not published yet"`
	Draft        *Content   `json:"draft,omitempty" doc:"the working copy (editors only)"`
	Stats        Stats      `json:"stats" doc:"all versions"`
	VersionStats Stats      `json:"version_stats" doc:"the published version only"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	UpdatedBy    string     `json:"updated_by"`
	Version      int        `json:"version" doc:"for optimistic locking: send it back with a change"`
}

// ArticleInput creates an article (a draft).
type ArticleInput struct {
	Title      string   `json:"title" maxLength:"200"`
	Body       string   `json:"body,omitempty" maxLength:"100000"`
	Questions  []string `json:"questions,omitempty" maxItems:"50"`
	Tags       []string `json:"tags,omitempty" maxItems:"20"`
	CategoryID *int64   `json:"category_id,omitempty"`
	ReasonID   *int64   `json:"reason_id,omitempty"`
	Lang       string   `json:"lang,omitempty" enum:"zh-CN,en," doc:"default zh-CN"`
	Visibility string   `json:"visibility,omitempty" enum:"internal,public," doc:"default internal"`
}

// ArticlePatch changes the working copy; absent fields stay.
type ArticlePatch struct {
	Version    int       `json:"version"`
	Title      *string   `json:"title,omitempty" maxLength:"200"`
	Body       *string   `json:"body,omitempty" maxLength:"100000"`
	Questions  *[]string `json:"questions,omitempty" maxItems:"50"`
	Tags       *[]string `json:"tags,omitempty" maxItems:"20"`
	CategoryID *int64    `json:"category_id,omitempty" doc:"0 removes the category"`
	ReasonID   *int64    `json:"reason_id,omitempty" doc:"0 removes the reason"`
	Lang       *string   `json:"lang,omitempty" enum:"zh-CN,en"`
	Visibility *string   `json:"visibility,omitempty" enum:"internal,public"`
}

const (
	maxTitle    = 200
	maxBody     = 100000
	maxQuestion = 200
	maxTag      = 30
)

func (c *Content) validate(f *apperr.Fields) {
	c.Title = f.Text("body.title", c.Title, true, maxTitle)
	c.Body = strings.TrimSpace(f.Text("body.body", c.Body, false, maxBody))
	c.Questions = cleanList(f, "body.questions", c.Questions, 50, maxQuestion)
	c.Tags = cleanList(f, "body.tags", c.Tags, 20, maxTag)
	if c.Lang == "" {
		c.Lang = "zh-CN"
	}
	if c.Visibility == "" {
		c.Visibility = "internal"
	}
	f.OneOf("body.lang", c.Lang, true, Langs...)
	f.OneOf("body.visibility", c.Visibility, true, Visibilities...)
	if c.CategoryID != nil && *c.CategoryID == 0 {
		c.CategoryID = nil
	}
	if c.ReasonID != nil && *c.ReasonID == 0 {
		c.ReasonID = nil
	}
}

func (c Content) equal(o Content) bool {
	return c.Title == o.Title && c.Body == o.Body && jsonList(c.Questions) == jsonList(o.Questions) && jsonList(c.Tags) == jsonList(o.Tags) &&
		sameID(c.CategoryID, o.CategoryID) && sameID(c.ReasonID, o.ReasonID) && c.Lang == o.Lang && c.Visibility == o.Visibility
}

func sameID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// row is an article row with its published version joined.
type row struct {
	id                int64
	work, live        Content
	hasLive           bool
	status            string
	number            int
	draftChanges      bool
	publishedAt       int64
	publishedBy       string
	views, help, not  int64
	vViews, vHelp, vN int64
	created, updated  int64
	updatedBy         string
	version           int
	generation        int64
}

const rowCols = `a.id, a.title, a.body, a.questions, a.tags, a.category_id, a.reason_id, a.lang, a.visibility,
	a.status, a.published_number, a.draft_changes, a.views, a.helpful, a.not_helpful, a.created_at, a.updated_at,
	COALESCE(ub.name, ''), a.version, a.generation,
	v.number, COALESCE(v.title, ''), COALESCE(v.body, ''), COALESCE(v.questions, '[]'), COALESCE(v.tags, '[]'), v.category_id, v.reason_id,
	COALESCE(v.lang, ''), COALESCE(v.visibility, ''), COALESCE(v.published_at, 0), COALESCE(pb.name, ''),
	COALESCE(v.views, 0), COALESCE(v.helpful, 0), COALESCE(v.not_helpful, 0)`

const rowFrom = ` FROM kb_articles a
	LEFT JOIN kb_article_versions v ON v.article_id = a.id AND v.number = a.published_number
	LEFT JOIN users ub ON ub.id = a.updated_by
	LEFT JOIN users pb ON pb.id = v.published_by`

func scanRow(r interface{ Scan(...any) error }) (row, error) {
	var x row
	var wq, wt, lq, lt string
	var wc, wr, lc, lr, lnum sql.NullInt64
	var dc int
	err := r.Scan(&x.id, &x.work.Title, &x.work.Body, &wq, &wt, &wc, &wr, &x.work.Lang, &x.work.Visibility,
		&x.status, &x.number, &dc, &x.views, &x.help, &x.not, &x.created, &x.updated,
		&x.updatedBy, &x.version, &x.generation,
		&lnum, &x.live.Title, &x.live.Body, &lq, &lt, &lc, &lr,
		&x.live.Lang, &x.live.Visibility, &x.publishedAt, &x.publishedBy,
		&x.vViews, &x.vHelp, &x.vN)
	if err != nil {
		return x, err
	}
	x.work.Questions, x.work.Tags, x.work.CategoryID, x.work.ReasonID = parseList(wq), parseList(wt), ptr(wc), ptr(wr)
	x.live.Questions, x.live.Tags, x.live.CategoryID, x.live.ReasonID = parseList(lq), parseList(lt), ptr(lc), ptr(lr)
	x.hasLive = lnum.Valid
	x.draftChanges = dc == 1
	return x, nil
}

// shown is the content readers see: the published version, or the working
// copy of a never-published draft.
func (x row) shown() Content {
	if x.hasLive {
		return x.live
	}
	return x.work
}

func (x row) article(manage bool, paths categoryTree) Article {
	a := Article{ID: x.id, Content: x.shown(), Status: x.status, Number: x.number, PublishedBy: x.publishedBy,
		DraftChanges: x.draftChanges && x.hasLive, Stats: newStats(x.views, x.help, x.not), VersionStats: newStats(x.vViews, x.vHelp, x.vN),
		CreatedAt: db.Time(x.created), UpdatedAt: db.Time(x.updated), UpdatedBy: x.updatedBy, Version: x.version}
	if x.publishedAt > 0 {
		t := db.Time(x.publishedAt)
		a.PublishedAt = &t
	}
	if a.CategoryID != nil {
		a.CategoryPath = paths.path(*a.CategoryID)
	}
	if manage && (a.DraftChanges || !x.hasLive) {
		w := x.work
		a.Draft = &w
	}
	return a
}

func (s *Service) loadRow(ctx context.Context, q db.Querier, id int64) (row, error) {
	x, err := scanRow(q.QueryRow(ctx, `SELECT `+rowCols+rowFrom+` WHERE a.id = $1`, id))
	if isNoRows(err) {
		return x, apperr.NotFoundf("kb_article")
	}
	return x, err
}

func (s *Service) tree(ctx context.Context, q db.Querier) (categoryTree, error) {
	rows, err := q.Query(ctx, `SELECT `+categoryCols+` FROM kb_categories`)
	if err != nil {
		return categoryTree{}, err
	}
	defer rows.Close()
	var all []Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return categoryTree{}, err
		}
		all = append(all, c)
	}
	return newCategoryTree(all), rows.Err()
}

// Reader is who reads: editors (kb:manage) see drafts, archived articles
// and working copies; others see published articles only, and with
// PublicOnly only public ones.
type Reader struct {
	Manage     bool
	PublicOnly bool
}

func (r Reader) may(x row) bool {
	if r.Manage {
		return true
	}
	return x.status == "published" && (!r.PublicOnly || x.live.Visibility == "public")
}

// Article returns an article the reader may see; others look not found.
func (s *Service) Article(ctx context.Context, id int64, r Reader) (Article, error) {
	q := s.db.Reader()
	x, err := s.loadRow(ctx, q, id)
	if err != nil {
		return Article{}, apperr.Wrap(err, "kb: article")
	}
	if !r.may(x) {
		return Article{}, apperr.NotFoundf("kb_article")
	}
	paths, err := s.tree(ctx, q)
	if err != nil {
		return Article{}, apperr.Wrap(err, "kb: article")
	}
	return x.article(r.Manage, paths), nil
}

// ListFilter selects articles to browse (newest change first).
type ListFilter struct {
	CategoryID int64 // with its sub-categories
	Status     string
	Lang       string
	Visibility string
	Cursor     string
	Limit      int
}

// Articles returns one page of articles and the next page's cursor.
func (s *Service) Articles(ctx context.Context, f ListFilter, r Reader) ([]Article, string, error) {
	var fe apperr.Fields
	fe.OneOf("query.status", f.Status, false, append([]string{"any"}, Statuses...)...)
	fe.OneOf("query.lang", f.Lang, false, Langs...)
	fe.OneOf("query.visibility", f.Visibility, false, Visibilities...)
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 200 {
		fe.Add("query.limit", "field.max", 200)
	}
	if err := fe.Err(); err != nil {
		return nil, "", err
	}
	if f.Status == "" {
		f.Status = "published"
	}
	if !r.Manage && f.Status != "published" {
		return nil, "", apperr.New(apperr.Forbidden, "err.forbidden")
	}
	q := s.db.Reader()
	paths, err := s.tree(ctx, q)
	if err != nil {
		return nil, "", apperr.Wrap(err, "kb: articles")
	}
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Status != "any" {
		where = append(where, "a.status = "+arg(f.Status))
	}
	// Readers filter on what they see (the published version); editors on
	// the working copy of drafts.
	col := func(name string) string { return "COALESCE(v." + name + ", a." + name + ")" }
	if f.Lang != "" {
		where = append(where, col("lang")+" = "+arg(f.Lang))
	}
	vis := f.Visibility
	if r.PublicOnly {
		vis = "public"
	}
	if vis != "" {
		where = append(where, col("visibility")+" = "+arg(vis))
	}
	if f.CategoryID != 0 {
		var ids []string
		for id := range paths.descendants(f.CategoryID) {
			ids = append(ids, arg(id))
		}
		where = append(where, col("category_id")+" IN ("+strings.Join(ids, ", ")+")")
	}
	if f.Cursor != "" {
		at, id, ok := decodeCursor(f.Cursor)
		if !ok {
			return nil, "", apperr.Field("query.cursor", "field.bad_cursor")
		}
		where = append(where, "(a.updated_at, a.id) < ("+arg(at)+", "+arg(id)+")")
	}
	w := ""
	if len(where) > 0 {
		w = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := q.Query(ctx, `SELECT `+rowCols+rowFrom+w+` ORDER BY a.updated_at DESC, a.id DESC LIMIT `+arg(f.Limit+1), args...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "kb: articles")
	}
	defer rows.Close()
	var out []Article
	var last row
	for rows.Next() {
		x, err := scanRow(rows)
		if err != nil {
			return nil, "", apperr.Wrap(err, "kb: articles")
		}
		if len(out) == f.Limit {
			return out, encodeCursor(last.updated, last.id), nil
		}
		a := x.article(r.Manage, paths)
		a.Body = "" // a list shows titles; the reader loads the article
		if a.Draft != nil {
			d := *a.Draft
			d.Body = ""
			a.Draft = &d
		}
		out = append(out, a)
		last = x
	}
	return out, "", apperr.Wrap(rows.Err(), "kb: articles")
}

func encodeCursor(at, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d:%d", at, id)))
}

func decodeCursor(s string) (int64, int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, 0, false
	}
	a, c, ok := strings.Cut(string(b), ":")
	at, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(c, 10, 64)
	return at, id, ok && err1 == nil && err2 == nil
}

// CreateArticle saves a new draft.
func (s *Service) CreateArticle(ctx context.Context, in ArticleInput, by Actor) (Article, error) {
	c := Content{Title: in.Title, Body: in.Body, Questions: in.Questions, Tags: in.Tags, CategoryID: in.CategoryID, ReasonID: in.ReasonID, Lang: in.Lang, Visibility: in.Visibility}
	var f apperr.Fields
	c.validate(&f)
	if err := f.Err(); err != nil {
		return Article{}, err
	}
	var id int64
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if err := checkRefs(ctx, tx, &f, "article", c.CategoryID, c.ReasonID); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		gen, err := bump(ctx, tx)
		if err != nil {
			return err
		}
		now := db.Millis(s.now())
		id, err = db.InsertID(ctx, tx, `INSERT INTO kb_articles (title, body, questions, tags, category_id, reason_id, lang, visibility, status, draft_changes, created_by, updated_by, created_at, updated_at, generation)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', 1, $9, $9, $10, $10, $11)`,
			c.Title, c.Body, jsonList(c.Questions), jsonList(c.Tags), nullPtr(c.CategoryID), nullPtr(c.ReasonID), c.Lang, c.Visibility, db.NullID(by.ID), now, gen)
		if err != nil {
			return err
		}
		return publish(ctx, tx, "article", id, "created")
	})
	if err != nil {
		return Article{}, apperr.Wrap(err, "kb: create article")
	}
	s.committed()
	return s.Article(ctx, id, Reader{Manage: true})
}

// change runs fn on the locked, current article (see versioned).
func (s *Service) change(ctx context.Context, id int64, version int, fn func(tx *db.Tx, x row, gen int64, now int64) (string, error)) (Article, error) {
	load := func(tx *db.Tx) (row, int, any, error) {
		x, err := s.loadRow(ctx, tx, id)
		if err != nil {
			return x, 0, nil, err
		}
		paths, err := s.tree(ctx, tx)
		return x, x.version, x.article(true, paths), err
	}
	if err := versioned(ctx, s, "article", id, version, load, fn); err != nil {
		return Article{}, err
	}
	return s.Article(ctx, id, Reader{Manage: true})
}

// UpdateArticle saves the working copy. A published article stays as it
// was published until the next Publish.
func (s *Service) UpdateArticle(ctx context.Context, id int64, p ArticlePatch, by Actor) (Article, error) {
	return s.change(ctx, id, p.Version, func(tx *db.Tx, x row, gen, now int64) (string, error) {
		c := x.work
		if p.Title != nil {
			c.Title = *p.Title
		}
		if p.Body != nil {
			c.Body = *p.Body
		}
		if p.Questions != nil {
			c.Questions = *p.Questions
		}
		if p.Tags != nil {
			c.Tags = *p.Tags
		}
		if p.CategoryID != nil {
			c.CategoryID = p.CategoryID
		}
		if p.ReasonID != nil {
			c.ReasonID = p.ReasonID
		}
		if p.Lang != nil {
			c.Lang = *p.Lang
		}
		if p.Visibility != nil {
			c.Visibility = *p.Visibility
		}
		var f apperr.Fields
		c.validate(&f)
		if err := checkRefs(ctx, tx, &f, "article", c.CategoryID, c.ReasonID); err != nil {
			return "", err
		}
		if err := f.Err(); err != nil {
			return "", err
		}
		dirty := !x.hasLive || !c.equal(x.live)
		_, err := tx.Exec(ctx, `UPDATE kb_articles SET title = $1, body = $2, questions = $3, tags = $4, category_id = $5, reason_id = $6, lang = $7, visibility = $8,
			draft_changes = $9, updated_by = $10, updated_at = $11, generation = $12, version = version + 1 WHERE id = $13`,
			c.Title, c.Body, jsonList(c.Questions), jsonList(c.Tags), nullPtr(c.CategoryID), nullPtr(c.ReasonID), c.Lang, c.Visibility,
			btoi(dirty), db.NullID(by.ID), now, gen, x.id)
		return "saved", err
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Publish makes the working copy the next numbered version, which readers,
// search and the bot then see. Publishing an archived article without
// changes brings its last version back.
func (s *Service) Publish(ctx context.Context, id int64, version int, note string, by Actor) (Article, error) {
	var f apperr.Fields
	note = f.Text("body.note", note, false, 500)
	if err := f.Err(); err != nil {
		return Article{}, err
	}
	return s.change(ctx, id, version, func(tx *db.Tx, x row, gen, now int64) (string, error) {
		unchanged := x.hasLive && (!x.draftChanges || x.work.equal(x.live))
		if unchanged && x.status == "published" {
			return "", apperr.Field("body.version", "field.nothing_to_publish")
		}
		if strings.TrimSpace(x.work.Body) == "" {
			return "", apperr.Field("body.body", "field.required")
		}
		number := x.number
		if !unchanged {
			if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM kb_article_versions WHERE article_id = $1`, x.id).Scan(&number); err != nil {
				return "", err
			}
			w := x.work
			if _, err := tx.Exec(ctx, `INSERT INTO kb_article_versions (article_id, number, title, body, questions, tags, category_id, reason_id, lang, visibility, note, restored_from, published_by, published_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, (SELECT restored_from FROM kb_articles WHERE id = $1), $12, $13)`,
				x.id, number, w.Title, w.Body, jsonList(w.Questions), jsonList(w.Tags), nullPtr(w.CategoryID), nullPtr(w.ReasonID), w.Lang, w.Visibility, note, db.NullID(by.ID), now); err != nil {
				return "", err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE kb_articles SET status = 'published', published_number = $1, draft_changes = 0, restored_from = 0, updated_by = $2, updated_at = $3, generation = $4, version = version + 1 WHERE id = $5`,
			number, db.NullID(by.ID), now, gen, x.id); err != nil {
			return "", err
		}
		return "published", record(ctx, tx, by, AuditPublished, "kb_article", x.id, map[string]any{"number": number, "title": x.work.Title, "visibility": x.work.Visibility, "note": note, "republished": unchanged})
	})
}

// Archive takes an article out of search and the readers' view; its
// versions stay.
func (s *Service) Archive(ctx context.Context, id int64, version int, by Actor) (Article, error) {
	return s.change(ctx, id, version, func(tx *db.Tx, x row, gen, now int64) (string, error) {
		if x.status == "archived" {
			return "", apperr.Field("body.version", "field.already_archived")
		}
		if _, err := tx.Exec(ctx, `UPDATE kb_articles SET status = 'archived', updated_by = $1, updated_at = $2, generation = $3, version = version + 1 WHERE id = $4`,
			db.NullID(by.ID), now, gen, x.id); err != nil {
			return "", err
		}
		return "archived", record(ctx, tx, by, AuditArchived, "kb_article", x.id, map[string]any{"number": x.number, "title": x.shown().Title, "from": x.status})
	})
}

// VersionInfo is one entry of an article's history.
type VersionInfo struct {
	Number       int       `json:"number"`
	Title        string    `json:"title"`
	Note         string    `json:"note"`
	RestoredFrom int       `json:"restored_from" doc:"the version this one was restored from; 0 when written anew"`
	PublishedBy  string    `json:"published_by"`
	PublishedAt  time.Time `json:"published_at"`
	Current      bool      `json:"current" doc:"the version readers see now"`
	Stats        Stats     `json:"stats"`
}

// Version is one published version with its content.
type Version struct {
	VersionInfo
	ArticleID int64   `json:"article_id"`
	Content   Content `json:"content"`
}

const versionCols = `v.number, v.title, v.note, v.restored_from, COALESCE(u.name, ''), v.published_at, v.views, v.helpful, v.not_helpful,
	v.body, v.questions, v.tags, v.category_id, v.reason_id, v.lang, v.visibility, a.published_number, a.status`

func scanVersion(r interface{ Scan(...any) error }) (Version, error) {
	var v Version
	var at, views, help, not int64
	var q, t string
	var cat, reason sql.NullInt64
	var current int
	var status string
	c := &v.Content
	err := r.Scan(&v.Number, &v.Title, &v.Note, &v.RestoredFrom, &v.PublishedBy, &at, &views, &help, &not,
		&c.Body, &q, &t, &cat, &reason, &c.Lang, &c.Visibility, &current, &status)
	v.PublishedAt, v.Stats = db.Time(at), newStats(views, help, not)
	c.Title, c.Questions, c.Tags, c.CategoryID, c.ReasonID = v.Title, parseList(q), parseList(t), ptr(cat), ptr(reason)
	v.Current = current == v.Number && status == "published"
	return v, err
}

const versionFrom = ` FROM kb_article_versions v JOIN kb_articles a ON a.id = v.article_id LEFT JOIN users u ON u.id = v.published_by`

// Versions returns an article's published versions, newest first.
func (s *Service) Versions(ctx context.Context, id int64) ([]VersionInfo, error) {
	q := s.db.Reader()
	if ok, err := exists(ctx, q, `SELECT 1 FROM kb_articles WHERE id = $1`, id); err != nil || !ok {
		if err != nil {
			return nil, apperr.Wrap(err, "kb: versions")
		}
		return nil, apperr.NotFoundf("kb_article")
	}
	rows, err := q.Query(ctx, `SELECT `+versionCols+versionFrom+` WHERE v.article_id = $1 ORDER BY v.number DESC`, id)
	if err != nil {
		return nil, apperr.Wrap(err, "kb: versions")
	}
	defer rows.Close()
	out := []VersionInfo{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "kb: versions")
		}
		out = append(out, v.VersionInfo)
	}
	return out, apperr.Wrap(rows.Err(), "kb: versions")
}

// Version returns one published version.
func (s *Service) Version(ctx context.Context, id int64, number int) (Version, error) {
	v, err := scanVersion(s.db.Reader().QueryRow(ctx, `SELECT `+versionCols+versionFrom+` WHERE v.article_id = $1 AND v.number = $2`, id, number))
	if isNoRows(err) {
		return Version{}, apperr.NotFoundf("kb_version")
	}
	v.ArticleID = id
	return v, apperr.Wrap(err, "kb: version")
}

// Restore copies an old version into the working copy, as a new draft to
// review and publish; what readers see does not change until then.
func (s *Service) Restore(ctx context.Context, id int64, number, version int, by Actor) (Article, error) {
	return s.change(ctx, id, version, func(tx *db.Tx, x row, gen, now int64) (string, error) {
		v, err := scanVersion(tx.QueryRow(ctx, `SELECT `+versionCols+versionFrom+` WHERE v.article_id = $1 AND v.number = $2`, id, number))
		if isNoRows(err) {
			return "", apperr.NotFoundf("kb_version")
		}
		if err != nil {
			return "", err
		}
		c := v.Content
		dirty := !x.hasLive || !c.equal(x.live)
		if _, err := tx.Exec(ctx, `UPDATE kb_articles SET title = $1, body = $2, questions = $3, tags = $4, category_id = $5, reason_id = $6, lang = $7, visibility = $8,
			draft_changes = $9, updated_by = $10, updated_at = $11, generation = $12, restored_from = $13, version = version + 1 WHERE id = $14`,
			c.Title, c.Body, jsonList(c.Questions), jsonList(c.Tags), nullPtr(c.CategoryID), nullPtr(c.ReasonID), c.Lang, c.Visibility,
			btoi(dirty), db.NullID(by.ID), now, gen, number, x.id); err != nil {
			return "", err
		}
		return "restored", record(ctx, tx, by, AuditRestored, "kb_article", x.id, map[string]any{"from_number": number, "title": c.Title})
	})
}
