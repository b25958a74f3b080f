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
// query and that pass the filter (see Filter), newest first, at most
// MaxMatches of them: a search's candidates. ok is false when the index
// cannot answer the query (see QueryTerms).
//
// On SQLite the index keeps each word's tickets in id order, so the newest
// matches are read first, and without a filter that is all. With one, each
// match must be looked up (about 0.7 µs): the newest sampleMatches of them
// are, and if fewer pass than are wanted, the rate that did chooses how to
// go on — by the matches while one in twenty pass, else by the filter's
// tickets (Filter.Set), each checked against the set of matches.
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
func Newest(ctx context.Context, q db.Querier, query string, f Filter) ([]int64, bool, error) {
	if q.Dialect() != db.Postgres {
		return newestSQLite(ctx, q, query, f)
	}
	s, ok, err := TakeSample(ctx, q, query)
	if !ok || err != nil {
		return nil, ok, err
	}
	ids, err := s.Newest(ctx, q, f)
	return ids, true, err
}

// Filter is a list's other conditions, which a search's candidates must
// pass before the cap of MaxMatches: an agent searching a common word would
// otherwise see only those of its newest 2,000 matches that are theirs —
// often none — and a filter could not reach older tickets. Cond is an SQL
// condition on the tickets (alias t) whose placeholders, $1 on, number
// Args; Set, when not empty, is the same condition written so that an
// index can list the tickets that pass (see ticket.visibleConds). The zero
// Filter passes every ticket.
type Filter struct {
	Cond string
	Set  string
	Args []any
}

// set is the filter for listing the tickets that pass it.
func (f Filter) set() string {
	if f.Set != "" {
		return f.Set
	}
	return f.Cond
}

// args returns the filter's arguments and then these.
func (f Filter) args(more ...any) []any {
	return append(f.Args[:len(f.Args):len(f.Args)], more...)
}

// sampleMatches is how many of a word's newest matches a filtered SQLite
// search looks up before it decides how to go on (about 3 ms).
const sampleMatches = 4096

// newestSQLite is Newest on SQLite.
func newestSQLite(ctx context.Context, q db.Querier, query string, f Filter) ([]int64, bool, error) {
	terms, ok := QueryTerms(query)
	if !ok {
		return nil, false, nil
	}
	match := ftsQuery(terms)
	if f.Cond == "" {
		cond, arg, _ := Condition(db.SQLite, query, 1)
		ids, err := ticketIDs(ctx, q, `SELECT t.id FROM tickets t WHERE `+cond+` ORDER BY t.id DESC`, arg)
		return ids, true, err
	}
	n := len(f.Args)
	newest := fmt.Sprintf(`SELECT rowid FROM ticket_search WHERE ticket_search MATCH $%d ORDER BY rowid DESC LIMIT %d`, n+1, sampleMatches)
	var sampled int
	var oldest int64
	if err := q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MIN(rowid), 0) FROM (`+newest+`)`, f.args(match)...).Scan(&sampled, &oldest); err != nil {
		return nil, true, fmt.Errorf("search: %w", err)
	}
	ids, err := ticketIDs(ctx, q, fmt.Sprintf(`SELECT s.rowid FROM (%s) AS s JOIN tickets t ON t.id = s.rowid WHERE %s ORDER BY s.rowid DESC LIMIT %d`, newest, f.Cond, MaxMatches), f.args(match)...)
	if err != nil || len(ids) >= MaxMatches || sampled < sampleMatches {
		return ids, true, err
	}
	var more []int64
	need := MaxMatches - len(ids)
	if len(ids)*20 >= sampled {
		// Common enough among the matches: go on through them.
		more, err = ticketIDs(ctx, q, fmt.Sprintf(`SELECT s.rowid FROM ticket_search s JOIN tickets t ON t.id = s.rowid WHERE s.ticket_search MATCH $%d AND s.rowid < $%d AND %s ORDER BY s.rowid DESC LIMIT %d`, n+1, n+2, f.Cond, need), f.args(match, oldest)...)
	} else {
		// Rare among them: list the tickets that pass and keep those
		// in the set of older matches (read once, about 0.3 µs a
		// match: 50 ms for 退款 at a million tickets). "+t.id" keeps
		// the planner from walking the set instead.
		more, err = ticketIDs(ctx, q, fmt.Sprintf(`SELECT t.id FROM tickets t WHERE %s AND +t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH $%d AND rowid < $%d) ORDER BY t.id DESC LIMIT %d`, f.set(), n+1, n+2, need), f.args(match, oldest)...)
	}
	return append(ids, more...), true, err
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

// Newest continues a sample into the newest MaxMatches matches that pass
// the filter (see the package's Newest). With a filter, each window joins
// its matches to their tickets, and the windows are sized from the rate of
// the matches that pass; filterSide chooses how the filter is written.
func (s Sample) Newest(ctx context.Context, q db.Querier, f Filter) ([]int64, error) {
	out := s.ids
	n := len(f.Args)
	// args returns the filter's arguments and then these, planned with
	// their values (see CustomPlan).
	args := func(more ...any) []any { return CustomPlan(db.Postgres, f.args(more...)) }
	join, cond := "", ""
	if f.Cond != "" {
		matched := len(out)
		if matched > 0 {
			var err error
			if out, err = ticketIDs(ctx, q, fmt.Sprintf(`SELECT t.id FROM tickets t WHERE t.id = ANY($%d) AND (%s) ORDER BY t.id DESC`, n+1, f.Cond), args(out)...); err != nil {
				return nil, err
			}
		}
		c, err := s.filterSide(ctx, q, f, matched, len(out))
		if err != nil {
			return nil, err
		}
		join, cond = " JOIN tickets t ON t.id = s.ticket_id", " AND ("+c+")"
	}
	hi, seen := s.hi, s.seen
	w := nextWindow(len(out), seen, hi)
	for hi > 0 && len(out) < MaxMatches {
		need := MaxMatches - len(out)
		var ids []int64
		var err error
		if lo := hi - w; lo > 0 {
			// Either plan is bounded by the window; the planner picks.
			ids, err = ticketIDs(ctx, q, fmt.Sprintf(`SELECT s.ticket_id FROM ticket_search s%s WHERE s.body @@ to_tsquery('simple', $%d) AND s.ticket_id > $%d AND s.ticket_id <= $%d%s ORDER BY s.ticket_id DESC LIMIT $%d`, join, n+1, n+2, n+3, cond, n+4),
				args(s.tsq, lo, hi, need)...)
			seen += w
			hi = lo
		} else {
			// The rest, by the GIN index or, given a filter few tickets
			// pass, by the filter's: "ticket_id + 0" keeps the planner
			// from walking the primary key instead.
			ids, err = ticketIDs(ctx, q, fmt.Sprintf(`SELECT s.ticket_id FROM ticket_search s%s WHERE s.body @@ to_tsquery('simple', $%d) AND s.ticket_id + 0 <= $%d%s ORDER BY s.ticket_id + 0 DESC LIMIT $%d`, join, n+1, n+2, cond, n+3),
				args(s.tsq, hi, need)...)
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

// filterSide returns the form of the filter a PostgreSQL search's queries
// are given, from its sample: of the matched matches in the first window,
// passed pass the filter. Checked row by row, each match costs a join and
// the filter's subqueries (a department's search for 账户, which passes one
// match in ten, took 0.5 s a window); Set lets the planner start from the
// filter's tickets instead, which costs what they number: a department's
// few thousand, but all of a big team's. So Set is given when the filter's
// tickets, estimated from how many of the window's tickets pass it, are
// fewer than the matches a walk would check to fill the list. A word with
// no match in the sample is rare: its few matches are checked.
func (s Sample) filterSide(ctx context.Context, q db.Querier, f Filter, matched, passed int) (string, error) {
	if f.Set == "" || matched == 0 {
		return f.Cond, nil
	}
	if passed > 0 {
		var inWindow int
		n := len(f.Args)
		err := q.QueryRow(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM tickets t WHERE t.id > $%d AND t.id <= $%d AND (%s)`, n+1, n+2, f.Cond), f.args(s.hi, s.hi+s.seen)...).Scan(&inWindow)
		if err != nil {
			return "", fmt.Errorf("search: %w", err)
		}
		tickets := float64(inWindow) / float64(s.seen) * float64(s.hi+s.seen)
		walk := float64(MaxMatches-passed) * float64(matched) / float64(passed)
		if tickets >= walk {
			return f.Cond, nil
		}
	}
	return f.Set, nil
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
