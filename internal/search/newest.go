package search

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/kefuhq/kefu/internal/db"
)

// firstWindow is how many of the newest ticket ids a PostgreSQL search reads
// first, row by row: about a millisecond, whatever the word, and enough to
// tell how often the query matches.
const firstWindow = 4096

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
	terms, ok := QueryTerms(query)
	if !ok {
		return nil, false, nil
	}
	if q.Dialect() != db.Postgres {
		cond, arg, _ := Condition(q.Dialect(), query, 1)
		ids, err := ticketIDs(ctx, q, `SELECT t.id FROM tickets t WHERE `+cond+` ORDER BY t.id DESC`, arg)
		return ids, true, err
	}
	tsq := tsquery(terms, " & ")
	var hi int64
	if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(ticket_id), 0) FROM ticket_search`).Scan(&hi); err != nil {
		return nil, true, fmt.Errorf("search: %w", err)
	}
	out := []int64{}
	var seen int64 // ids looked at so far
	for w := int64(firstWindow); hi > 0 && len(out) < MaxMatches; {
		need := MaxMatches - len(out)
		var ids []int64
		var err error
		if lo := hi - w; lo > 0 && seen == 0 {
			// The first window, walked: with OFFSET 0 the subquery keeps
			// the terms out of its scan, so no plan reads the GIN index;
			// the query is parsed once (a sub-select), not once per row as
			// to_tsquery($1) would be in the statement's generic plan.
			ids, err = ticketIDs(ctx, q, `SELECT ticket_id FROM (SELECT ticket_id, body FROM ticket_search WHERE ticket_id > $2 AND ticket_id <= $3 ORDER BY ticket_id DESC OFFSET 0) AS w WHERE body @@ (SELECT to_tsquery('simple', $1)) ORDER BY ticket_id DESC LIMIT $4`,
				tsq, lo, hi, need)
			seen += w
			hi = lo
		} else if lo > 0 {
			// Either plan is bounded by the window; the planner picks.
			ids, err = ticketIDs(ctx, q, `SELECT ticket_id FROM ticket_search WHERE body @@ to_tsquery('simple', $1) AND ticket_id > $2 AND ticket_id <= $3 ORDER BY ticket_id DESC LIMIT $4`,
				pgx.QueryExecModeCacheDescribe, tsq, lo, hi, need)
			seen += w
			hi = lo
		} else {
			// The rest, by the GIN index: "ticket_id + 0" keeps the
			// planner from walking the primary key instead.
			ids, err = ticketIDs(ctx, q, `SELECT ticket_id FROM ticket_search WHERE body @@ to_tsquery('simple', $1) AND ticket_id + 0 <= $2 ORDER BY ticket_id + 0 DESC LIMIT $3`,
				pgx.QueryExecModeCacheDescribe, tsq, hi, need)
			hi = 0
		}
		if err != nil {
			return nil, true, err
		}
		out = append(out, ids...)
		// The next window: the ids that should hold the missing matches
		// at the rate seen so far, with a margin (the rest when none).
		if len(out) == 0 {
			w = hi
		} else {
			w = max(int64(float64(MaxMatches-len(out))*float64(seen)/float64(len(out))*1.5), firstWindow)
		}
		// A window that leaves little behind takes the rest with it.
		if w >= hi*3/4 {
			w = hi
		}
	}
	return out, true, nil
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
