package search

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/kefuhq/kefu/internal/db"
)

// firstWindow is how many of the newest ticket ids a PostgreSQL search reads
// first, row by row: about half a millisecond, whatever the word, and
// enough to tell how often the query matches (a word in one ticket of fifty
// matches about forty of them). Every search pays for it, so it is small.
const firstWindow = 2048

// Newest returns the ids of the tickets whose text has every term of the
// query, newest first, at most MaxMatches of them: the candidates Condition
// selects. ok is false when the index cannot answer the query (see
// QueryTerms).
//
// On PostgreSQL the one query "ORDER BY ticket_id DESC LIMIT 2000" has two
// plans and no safe choice between them: walking the primary key backwards
// and checking each row's terms stops early for a common word (退款: 11,000
// rows read for 2,000 matches at a million tickets) but reads the whole
// table for a rare one — seconds — while the GIN index answers a rare word
// at once and a common one slowly (it reads every match). The planner picks
// by its statistics, which do not know how the words of a query occur
// together (and may be missing), and a cached generic plan does not even
// know the words. So the matches are collected window by window of ids from
// the newest down: the first is small and always walked, which bounds it
// and measures how often the query matches; the next is sized from that
// rate so that it should hold the rest, and planned with its real values —
// either plan is bounded by the window, and the GIN list is read at most
// once; when that window would be most of the table, the rest is asked of
// the GIN index alone, which for a query this rare holds few matches.
func Newest(ctx context.Context, q db.Querier, query string) ([]int64, bool, error) {
	if q.Dialect() != db.Postgres {
		cond, arg, ok := Condition(q.Dialect(), query, 1)
		if !ok {
			return nil, false, nil
		}
		ids, err := ticketIDs(ctx, q, `SELECT t.id FROM tickets t WHERE `+cond+` ORDER BY t.id DESC`, arg)
		return ids, true, err
	}
	s, ok, err := TakeSample(ctx, q, query)
	if !ok || err != nil {
		return nil, ok, err
	}
	ids, err := s.Newest(ctx, q)
	return ids, true, err
}

// Sample is the first window of a PostgreSQL search (see Newest): the
// matches among the newest firstWindow tickets, which tell how common the
// query is.
type Sample struct {
	tsq  string
	hi   int64   // the ids at or below hi are not yet looked at
	ids  []int64 // matches so far, newest first
	seen int64   // ids looked at so far
}

// TakeSample reads the first window of a search on PostgreSQL. ok is false
// when the index cannot answer the query (see QueryTerms).
func TakeSample(ctx context.Context, q db.Querier, query string) (Sample, bool, error) {
	terms, ok := QueryTerms(query)
	if !ok {
		return Sample{}, false, nil
	}
	s := Sample{tsq: tsquery(terms, " & "), ids: []int64{}}
	if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(ticket_id), 0) FROM ticket_search`).Scan(&s.hi); err != nil {
		return Sample{}, true, fmt.Errorf("search: %w", err)
	}
	if lo := s.hi - firstWindow; lo > 0 {
		// With OFFSET 0 the subquery keeps the terms out of its scan, so
		// no plan reads the GIN index; the query is parsed once (a
		// sub-select), not once per row as to_tsquery($1) would be in the
		// statement's generic plan.
		ids, err := ticketIDs(ctx, q, `SELECT ticket_id FROM (SELECT ticket_id, body FROM ticket_search WHERE ticket_id > $2 AND ticket_id <= $3 ORDER BY ticket_id DESC OFFSET 0) AS w WHERE body @@ (SELECT to_tsquery('simple', $1)) ORDER BY ticket_id DESC LIMIT $4`,
			s.tsq, lo, s.hi, MaxMatches)
		if err != nil {
			return Sample{}, true, err
		}
		s.ids = append(s.ids, ids...)
		s.seen, s.hi = firstWindow, lo
	}
	return s, true, nil
}

// Rate is the share of the sampled tickets that match (1 when the sample
// is every ticket there is, so that a small set is always walked).
func (s Sample) Rate() float64 {
	if s.hi <= 0 || s.seen == 0 {
		return 1
	}
	return float64(len(s.ids)) / float64(s.seen)
}

// Newest continues a sample into the newest MaxMatches matches (see the
// package's Newest).
func (s Sample) Newest(ctx context.Context, q db.Querier) ([]int64, error) {
	out := s.ids
	hi, seen := s.hi, s.seen
	w := nextWindow(len(out), seen, hi)
	for hi > 0 && len(out) < MaxMatches {
		need := MaxMatches - len(out)
		var ids []int64
		var err error
		if lo := hi - w; lo > 0 {
			// Either plan is bounded by the window; the planner picks.
			ids, err = ticketIDs(ctx, q, `SELECT ticket_id FROM ticket_search WHERE body @@ to_tsquery('simple', $1) AND ticket_id > $2 AND ticket_id <= $3 ORDER BY ticket_id DESC LIMIT $4`,
				pgx.QueryExecModeCacheDescribe, s.tsq, lo, hi, need)
			seen += w
			hi = lo
		} else {
			// The rest, by the GIN index: "ticket_id + 0" keeps the
			// planner from walking the primary key instead.
			ids, err = ticketIDs(ctx, q, `SELECT ticket_id FROM ticket_search WHERE body @@ to_tsquery('simple', $1) AND ticket_id + 0 <= $2 ORDER BY ticket_id + 0 DESC LIMIT $3`,
				pgx.QueryExecModeCacheDescribe, s.tsq, hi, need)
			hi = 0
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
		w = nextWindow(len(out), seen, hi)
	}
	return out, nil
}

// nextWindow sizes the next window: the ids that should hold the missing
// matches at the rate seen so far, with a margin (the rest when none);
// a window that would leave little behind takes the rest with it.
func nextWindow(found int, seen, hi int64) int64 {
	w := hi
	if found > 0 {
		w = max(int64(float64(MaxMatches-found)*float64(seen)/float64(found)*1.5), firstWindow)
	}
	if w >= hi*3/4 {
		w = hi
	}
	return w
}

// CustomPlan returns the arguments of a query to be planned with their
// values on every call: on PostgreSQL, pgx then runs it as an unnamed
// statement (pgx.QueryExecModeCacheDescribe), where its cache of prepared
// statements would soon run a generic plan chosen without them — for a list
// of search candidates, a plan for ten ids instead of two thousand.
func CustomPlan(d db.Dialect, args []any) []any {
	if d != db.Postgres {
		return args
	}
	return append([]any{pgx.QueryExecModeCacheDescribe}, args...)
}

func ticketIDs(ctx context.Context, q db.Querier, sqlText string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return ids, nil
}

// tsquery joins terms (letters, digits and Han only) into a 'simple' tsquery.
func tsquery(terms []string, op string) string {
	s := ""
	for i, t := range terms {
		if i > 0 {
			s += op
		}
		s += "'" + t + "'"
	}
	return s
}
