// Package kb is the knowledge base (知识库) and the scripts (话术) agents,
// the self-service bot and agent assist answer from.
//
// Articles have a working copy that editors change and numbered published
// versions that readers see: publishing copies the working copy into the
// next version, so an article can be improved without its readers seeing
// half-finished edits, and any old version can be viewed and restored as a
// new draft. Articles are internal (agents only) or public (may be shown to
// customers and the bot), in zh-CN or en, in an admin-editable category
// tree, with similar questions (相似问法): the phrasings customers use,
// matched by search.
//
// Search runs on an in-process index (index.go) that every node rebuilds
// from the database and keeps current by a generation counter (live.go), so
// that SQLite and PostgreSQL rank identically and a second node sees an
// edit within a second.
//
// Usefulness comes from feedback (helpful / not helpful, from agents,
// customers and the bot) and view counts, per article and per version; the
// articles that need an editor's attention are listed by review.go.
//
// Scripts are short replies with variables ({客户称呼}, {工单号} …, see
// variables.go); only approved ones are suggested by assist and used by the
// bot.
package kb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/audit"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/events"
)

// Values of the enumerated fields.
var (
	Langs        = []string{"zh-CN", "en"}
	Visibilities = []string{"internal", "public"}
	Statuses     = []string{"draft", "published", "archived"}
	Sources      = []string{"agent", "customer", "bot"}
	Kinds        = []string{"article", "script"}
)

// Audit actions.
const (
	AuditPublished      = "kb_article_published"
	AuditArchived       = "kb_article_archived"
	AuditRestored       = "kb_article_restored"
	AuditScriptApproved = "kb_script_approved"
	AuditScriptRevoked  = "kb_script_unapproved"
	AuditScriptEdited   = "kb_script_edited_after_approval"
)

// Actor is who makes a change.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

// Options tune the service. Zero fields take the defaults.
type Options struct {
	// Refresh is how often a node looks for changes made on other nodes
	// (default 1s; its own changes show at once). Negative: every query.
	Refresh time.Duration
	Now     func() time.Time
	Review  ReviewPolicy
	Log     *slog.Logger
}

// Service stores articles, scripts, categories and feedback, and searches.
type Service struct {
	db     *db.DB
	notify func()
	opt    Options
	live   live
}

// New returns the service. notify wakes the event relay after a commit.
func New(d *db.DB, notify func(), o Options) *Service {
	if notify == nil {
		notify = func() {}
	}
	if o.Refresh == 0 {
		o.Refresh = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	o.Review.defaults()
	s := &Service{db: d, notify: notify, opt: o}
	s.live.init()
	return s
}

func (s *Service) now() time.Time { return s.opt.Now() }

// bump advances the generation inside a change's transaction and returns
// it, to stamp the changed row. The row lock it takes orders the changes:
// a node that sees generation g has seen every change stamped ≤ g.
func bump(ctx context.Context, tx *db.Tx) (int64, error) {
	var g int64
	err := tx.QueryRow(ctx, `UPDATE kb_state SET generation = generation + 1 WHERE id = 1 RETURNING generation`).Scan(&g)
	return g, err
}

// committed is called after every change: the local index reloads on its
// next query and live consoles hear of it.
func (s *Service) committed() {
	s.live.dirty.Store(true)
	s.notify()
}

// versioned runs an optimistic-locking change of an article or a script in
// one transaction: lock the row (PostgreSQL, so that what is read is what the
// write is based on), load it, check its version — a stale one gets 409 with
// the current state (load's third result) —, advance the generation, apply
// fn and tell live consoles the action fn names.
func versioned[T any](ctx context.Context, s *Service, kind string, id int64, version int,
	load func(*db.Tx) (T, int, any, error), fn func(tx *db.Tx, cur T, gen, now int64) (string, error)) error {
	if version < 1 {
		return apperr.Field("body.version", "field.required")
	}
	table := map[string]string{"article": "kb_articles", "script": "kb_scripts"}[kind]
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE `+table+` SET version = version WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundf("kb_" + kind)
		}
		cur, v, current, err := load(tx)
		if err != nil {
			return err
		}
		if v != version {
			return apperr.ConflictWith(current)
		}
		gen, err := bump(ctx, tx)
		if err != nil {
			return err
		}
		action, err := fn(tx, cur, gen, db.Millis(s.now()))
		if err != nil {
			return err
		}
		return publish(ctx, tx, kind, id, action)
	})
	if err != nil {
		return apperr.Wrap(err, "kb: change "+kind)
	}
	s.committed()
	return nil
}

func publish(ctx context.Context, tx *db.Tx, kind string, id int64, action string) error {
	return events.Publish(ctx, tx, "kb", 0, map[string]any{"kind": kind, "id": id, "action": action})
}

func record(ctx context.Context, tx *db.Tx, by Actor, action, targetType string, id int64, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, Action: action, TargetType: targetType, TargetID: audit.ID(id), Detail: detail, IP: by.IP})
}

func nullPtr(p *int64) any {
	if p == nil || *p == 0 {
		return nil
	}
	return *p
}

func ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

func parseList(s string) []string {
	var out []string
	_ = json.Unmarshal([]byte(s), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

// cleanList trims items, drops empty ones and repeats, and checks sizes.
func cleanList(f *apperr.Fields, field string, xs []string, maxItems, maxLen int) []string {
	out := []string{}
	seen := map[string]bool{}
	for i, x := range xs {
		x = f.Text(field+"["+strconv.Itoa(i)+"]", x, false, maxLen)
		if x == "" || seen[x] {
			continue
		}
		seen[x] = true
		out = append(out, x)
	}
	if len(out) > maxItems {
		f.Add(field, "field.too_many", maxItems)
	}
	return out
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// exists checks a referenced row (with an optional extra condition).
func exists(ctx context.Context, q db.Querier, sqlText string, args ...any) (bool, error) {
	var one int
	err := q.QueryRow(ctx, sqlText, args...).Scan(&one)
	if isNoRows(err) {
		return false, nil
	}
	return err == nil, err
}

// checkRefs validates a category (of a kind) and a contact reason.
func checkRefs(ctx context.Context, q db.Querier, f *apperr.Fields, kind string, categoryID, reasonID *int64) error {
	if categoryID != nil && *categoryID != 0 {
		ok, err := exists(ctx, q, `SELECT 1 FROM kb_categories WHERE id = $1 AND kind = $2`, *categoryID, kind)
		if err != nil {
			return err
		}
		if !ok {
			f.Add("body.category_id", "field.unknown")
		}
	}
	if reasonID != nil && *reasonID != 0 {
		ok, err := exists(ctx, q, `SELECT 1 FROM reasons WHERE id = $1`, *reasonID)
		if err != nil {
			return err
		}
		if !ok {
			f.Add("body.reason_id", "field.unknown")
		}
	}
	return nil
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
