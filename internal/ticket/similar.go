package ticket

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/search"
)

// Similar is a resolved or closed ticket like another one, with how it was
// resolved: its last public reply.
type Similar struct {
	ID         int64      `json:"id"`
	Number     string     `json:"number"`
	Subject    string     `json:"subject"`
	Status     string     `json:"status"`
	ReasonID   *int64     `json:"reason_id"`
	ReasonPath string     `json:"reason_path"`
	SameReason bool       `json:"same_reason"`
	Score      float64    `json:"score" doc:"0–1: cosine similarity of the two tickets' words"`
	Resolution string     `json:"resolution" doc:"the last public reply: how it was resolved"`
	ResolvedAt *time.Time `json:"resolved_at"`
	OwnerName  string     `json:"owner_name"`
}

// Candidates considered per query: the newest tickets sharing a word with
// the subject, and the newest with the same reason.
const (
	similarByText   = 400
	similarByReason = 200
	// minSimilar is the similarity below which a ticket is not "like" the
	// other even with the same reason.
	minSimilar = 0.12
)

// SimilarResolved returns up to limit resolved or closed tickets the viewer
// may see whose text is like t's; tickets with t's contact reason come
// first, then the others, each by similarity.
func (s *Service) SimilarResolved(ctx context.Context, t Ticket, v Viewer, limit int) ([]Similar, error) {
	if limit <= 0 {
		limit = 5
	}
	var where []string
	var args []any
	arg := placeholders(&args)
	where = append(where, "t.status IN ('resolved', 'closed')", "t.id <> "+arg(t.ID))
	if cond := visibleCond(v, arg); cond != "" {
		where = append(where, cond)
	}
	// Candidates: the subject's words (specific), or the same reason.
	var pick []string
	if c, x, ok := search.AnyCondition(s.db.Dialect, search.Tokens(t.Subject), len(args)+1, similarByText); ok {
		args = append(args, x)
		pick = append(pick, c)
	}
	if t.ReasonID != nil {
		pick = append(pick, "t.id IN (SELECT id FROM tickets WHERE reason_id = "+arg(*t.ReasonID)+" AND status IN ('resolved', 'closed') ORDER BY id DESC LIMIT "+fmt.Sprint(similarByReason)+")")
	}
	if len(pick) == 0 {
		return []Similar{}, nil
	}
	where = append(where, "("+strings.Join(pick, " OR ")+")")
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT t.id, t.subject, t.description, t.status, t.reason_id, t.resolved_at, t.closed_at, COALESCE(u.name, '')
		FROM tickets t LEFT JOIN users u ON u.id = t.owner_id WHERE `+strings.Join(where, " AND ")+` ORDER BY t.id DESC LIMIT 1000`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "ticket: similar")
	}
	var cands []similarCandidate
	for rows.Next() {
		var c similarCandidate
		var reason sql.NullInt64
		var resolved, closed int64
		if err := rows.Scan(&c.ID, &c.Subject, &c.text, &c.Status, &reason, &resolved, &closed, &c.OwnerName); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "ticket: similar")
		}
		c.Number, c.ReasonID = Number(c.ID), ptr(reason)
		c.text = search.Document(c.Subject, c.text)
		if resolved == 0 {
			resolved = closed
		}
		c.ResolvedAt = timePtr(resolved)
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "ticket: similar")
	}
	out := rankSimilar(search.Document(t.Subject, t.Description), t.ReasonID, cands, limit)
	if len(out) == 0 {
		return out, nil
	}
	paths, err := s.tax.Paths(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "ticket: similar")
	}
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
		if out[i].ReasonID != nil {
			out[i].ReasonPath = paths[*out[i].ReasonID]
		}
	}
	in, inArgs := db.InList(ids)
	rows, err = q.Query(ctx, `SELECT e.ticket_id, e.body FROM ticket_events e WHERE e.id IN (SELECT MAX(id) FROM ticket_events WHERE kind = 'reply' AND ticket_id IN (`+in+`) GROUP BY ticket_id)`, inArgs...)
	if err != nil {
		return nil, apperr.Wrap(err, "ticket: similar")
	}
	defer rows.Close()
	replies := map[int64]string{}
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, apperr.Wrap(err, "ticket: similar")
		}
		replies[id] = body
	}
	for i := range out {
		out[i].Resolution = replies[out[i].ID]
	}
	return out, apperr.Wrap(rows.Err(), "ticket: similar")
}

type similarCandidate struct {
	Similar
	text string
}

// rankSimilar scores candidates by the cosine of tf-idf vectors over the
// search index's terms (words, Chinese bigrams), idf taken from the
// candidates themselves, and orders those with the same reason first.
// Pure: no I/O.
func rankSimilar(text string, reasonID *int64, cands []similarCandidate, limit int) []Similar {
	tf := func(s string) map[string]float64 {
		m := map[string]float64{}
		for _, t := range search.Tokens(s) {
			m[t]++
		}
		return m
	}
	query := tf(text)
	vecs := make([]map[string]float64, len(cands))
	df := map[string]int{}
	for i, c := range cands {
		vecs[i] = tf(c.text)
		for t := range vecs[i] {
			df[t]++
		}
	}
	n := float64(len(cands) + 1)
	idf := func(t string) float64 { return math.Log(1 + n/float64(df[t]+1)) }
	weigh := func(m map[string]float64) (map[string]float64, float64) {
		var norm float64
		for t, c := range m {
			w := (1 + math.Log(c)) * idf(t)
			m[t] = w
			norm += w * w
		}
		return m, math.Sqrt(norm)
	}
	qv, qn := weigh(query)
	out := []Similar{}
	for i, c := range cands {
		v, vn := weigh(vecs[i])
		if qn == 0 || vn == 0 {
			continue
		}
		var dot float64
		for t, w := range qv {
			dot += w * v[t]
		}
		sim := dot / (qn * vn)
		if sim < minSimilar {
			continue
		}
		x := c.Similar
		x.Score = math.Round(sim*1e4) / 1e4
		x.SameReason = reasonID != nil && c.ReasonID != nil && *reasonID == *c.ReasonID
		out = append(out, x)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].SameReason != out[j].SameReason {
			return out[i].SameReason
		}
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID > out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
