package ticket

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/search"
)

// searchCond returns the condition a list's text search adds to its other
// conditions (where, with their arguments args; arg adds one). The
// candidates are the newest search.MaxMatches matches that pass filter —
// the list's conditions without the cursor's, the same for every page — or,
// on PostgreSQL, exactly the page's matches (walkSearch). many is true when
// it names many candidates, for which the page's query must be planned
// with its values (see search.CustomPlan): planning costs about 5 ms on
// PostgreSQL, more than running the query, so a page of a walk's few dozen
// tickets keeps the cached plan. source, when not empty, is what the page's
// query should select from instead of the tickets table: PostgreSQL's
// candidates alone, fetched by id. Given the whole table, the planner walks
// the page's order and filters by the candidates, expecting to meet enough
// of them soon; for a viewer who sees few tickets it read the whole table
// (2.4 s for a department's search).
//
// The full-text index answers words and Chinese fragments of two or more
// characters; a lone character falls back to a scan. On PostgreSQL a common
// word is answered exactly, in the page's own order (walkSearch), and any
// other with the newest matches (search.Newest): the first window of those
// tells which. On SQLite an unfiltered search names the index's newest
// matches in the page's query, and a filtered one the ids search.Newest
// found.
func (s *Service) searchCond(ctx context.Context, f Filter, v Viewer, filter search.Filter, where []string, args []any, arg func(any) string, cols []string, orderBy string) (cond, source string, many bool, err error) {
	if s.db.Dialect == db.Postgres {
		sample, ok, err := search.TakeSample(ctx, s.db.Reader(), f.Q)
		if err != nil {
			return "", "", false, apperr.Wrap(err, "ticket: list")
		}
		if ok {
			var ids []int64
			var found bool
			if walkable(f, v) {
				ids, found, err = s.walkSearch(ctx, f, sample.Rate(), where, args, cols, orderBy)
			}
			if err == nil && !found {
				ids, err = sample.Newest(ctx, s.db.Reader(), filter)
				many = true
			}
			if err != nil {
				return "", "", false, apperr.Wrap(err, "ticket: list")
			}
			if id, ok := ParseNumber(f.Q); ok && many {
				ids = append(ids, id) // the ticket numbered so, below
			}
			p := arg(ids)
			cond = "t.id = ANY(" + p + ")"
			if many {
				// OFFSET 0 keeps the subquery apart from the page's order.
				source = "(SELECT * FROM tickets WHERE id = ANY(" + p + ") OFFSET 0) AS t"
			}
		}
	} else if filter.Cond != "" {
		ids, ok, err := search.Newest(ctx, s.db.Reader(), f.Q, filter)
		if err != nil {
			return "", "", false, apperr.Wrap(err, "ticket: list")
		}
		if ok {
			list, _ := json.Marshal(ids)
			cond, many = "t.id IN (SELECT value FROM json_each("+arg(string(list))+"))", true
		}
	} else if c, x, ok := search.Condition(s.db.Dialect, f.Q, len(args)+1); ok {
		arg(x)
		cond, many = c, true
	}
	if cond == "" {
		like := arg("%" + escapeLike(strings.ToLower(f.Q)) + "%")
		cond = "LOWER(t.subject) LIKE " + like + " ESCAPE '\\' OR LOWER(t.description) LIKE " + like + " ESCAPE '\\'"
	}
	if id, ok := ParseNumber(f.Q); ok {
		cond = "t.id = " + arg(id) + " OR " + cond
	}
	return cond, source, many, nil
}

// walkSearch finds a search's page on PostgreSQL by walking the tickets that
// pass the list's other conditions in the page's order, each status branch
// on its own index (see statusBranches), and checking each one's index
// entry (search.RowCondition), at most search.WalkLimit of them a branch.
// For a word in one ticket of twenty a page takes a thousand: a few
// milliseconds, where collecting the newest two thousand matches and sorting
// them takes tens. It is exact, not an approximation. found is false — the
// caller asks search.Newest — when the query matches too rarely (rate, the
// share of the newest tickets that match) for the walk to be likely to fill
// the page, or when a branch walked its limit without filling its page.
func (s *Service) walkSearch(ctx context.Context, f Filter, rate float64, where []string, args []any, cols []string, orderBy string) (ids []int64, found bool, err error) {
	noText := f
	noText.Q = ""
	branches := statusBranches(noText)
	// Expected tickets walked in all, with a margin: within two thirds
	// of one branch's limit, whatever the number of branches.
	if rate*search.WalkLimit < 1.5*float64((f.Limit+1)*len(branches)) {
		return nil, false, nil
	}
	base := args[:len(args):len(args)]
	// walk returns branch i's walk, its arguments appended to those given.
	walk := func(i int, given []any) (string, []any) {
		sql := `SELECT ` + strings.Join(cols, ", ") + ` FROM tickets t` + branchWhere(where, branches[i], placeholders(&given)) + orderBy + fmt.Sprintf(" LIMIT %d", search.WalkLimit)
		return sql, given
	}
	rowCond, x, ok := search.RowCondition(s.db.Dialect, f.Q, len(base)+1)
	if !ok {
		return nil, false, nil
	}
	args = append(base, x)
	parts := make([]string, len(branches))
	for i := range branches {
		var walked string
		walked, args = walk(i, args)
		// The walk is a subquery with its own LIMIT, so the planner
		// cannot reorder it around the index check.
		parts[i] = fmt.Sprintf("SELECT %d, id FROM (SELECT * FROM (%s) AS t WHERE %s%s LIMIT %d) AS w%d", i, walked, rowCond, orderBy, f.Limit+1, i)
	}
	rows, err := s.db.Reader().Query(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	per := make([]int, len(branches))
	for rows.Next() {
		var b int
		var id int64
		if err := rows.Scan(&b, &id); err != nil {
			return nil, false, err
		}
		per[b]++
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	// A branch that did not fill its page is complete only if it walked
	// every ticket it has (fewer than the limit): a queue of a few hundred
	// tickets with a handful of matches.
	for i, n := range per {
		if n > f.Limit {
			continue
		}
		var count int
		walked, wargs := walk(i, base)
		err := s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM (`+walked+`) AS t`, wargs...).Scan(&count)
		if err != nil {
			return nil, false, err
		}
		if count >= search.WalkLimit {
			return nil, false, nil
		}
	}
	return ids, true, nil
}

// walkable reports whether a search's walk stays short: every condition
// besides the text must be one an index answers in the page's order (see
// statusBranches), so that walking a branch reads about as many tickets as
// it checks. A viewer who sees only some tickets (a department: a quarter of
// a percent of them) would make the walk read the whole table to find a
// few thousand visible ones; so would a filter on service type, reason,
// priority or SLA state, and the unassigned view, whose tickets are spread
// over every status (measured: 100 ms a page where the newest matches took
// 25).
func walkable(f Filter, v Viewer) bool {
	return v.All && f.View != "unassigned" && f.ServiceType == "" && f.ReasonID == 0 && f.Priority == "" && f.SLA == ""
}

// branchWhere is the WHERE clause of one status branch of a list (see
// statusBranches): the list's conditions and its statuses.
func branchWhere(where, statuses []string, arg func(any) string) string {
	w := where[:len(where):len(where)]
	if len(statuses) > 0 {
		ph := make([]string, len(statuses))
		for i, st := range statuses {
			ph[i] = arg(st)
		}
		w = append(w, "t.status IN ("+strings.Join(ph, ",")+")")
	}
	if len(w) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w, " AND ")
}
