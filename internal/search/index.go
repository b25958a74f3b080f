package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/kefuhq/kefu/internal/db"
)

// Document is the text of a ticket as indexed.
func Document(subject, description string) string { return subject + "\n" + description }

// Body is a ticket's index entry: the tokens of its Document. It is pure
// CPU, computed before a write transaction so that the writer (on SQLite,
// the one connection every write waits for) does not tokenise.
func Body(subject, description string) string { return body(Document(subject, description)) }

// IndexTicket (re)indexes one ticket, given its Body, inside the caller's
// transaction.
func IndexTicket(ctx context.Context, q db.Querier, id int64, body string) error {
	if q.Dialect() == db.Postgres {
		_, err := q.Exec(ctx, `INSERT INTO ticket_search (ticket_id, body) VALUES ($1, to_tsvector('simple', $2)) ON CONFLICT (ticket_id) DO UPDATE SET body = EXCLUDED.body`, id, body)
		return err
	}
	if _, err := q.Exec(ctx, `DELETE FROM ticket_search WHERE rowid = $1`, id); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO ticket_search (rowid, body) VALUES ($1, $2)`, id, body)
	return err
}

// IndexNewTicket indexes a ticket created in the caller's transaction: on
// SQLite there is no row to delete first; on PostgreSQL it is a queued
// write (db.Tx.Defer).
func IndexNewTicket(ctx context.Context, tx *db.Tx, id int64, body string) error {
	if tx.Dialect() == db.Postgres {
		tx.Defer(`INSERT INTO ticket_search (ticket_id, body) VALUES ($1, to_tsvector('simple', $2))`, id, body)
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO ticket_search (rowid, body) VALUES ($1, $2)`, id, body)
	return err
}

// MaxMatches bounds how many matching tickets, newest first, a search
// sorts into its list's order, after the list's other filters (see
// Filter): a common word such as 退款 matches a large share of a million
// tickets, and an agent wants the recent ones. Another word or filter
// reaches older tickets.
const MaxMatches = 2000

// Condition returns an SQL condition selecting tickets (alias t) whose text
// has every term — the newest MaxMatches of them — with its argument,
// numbered from argN. ok is false when the index cannot answer the query
// (see QueryTerms).
func Condition(d db.Dialect, query string, argN int) (cond string, arg any, ok bool) {
	terms, ok := QueryTerms(query)
	if !ok {
		return "", nil, false
	}
	p := fmt.Sprintf("$%d", argN)
	if d == db.Postgres {
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = "'" + t + "'" // terms are letters, digits and Han only
		}
		return fmt.Sprintf("t.id IN (SELECT ticket_id FROM ticket_search WHERE body @@ to_tsquery('simple', %s) ORDER BY ticket_id DESC LIMIT %d)", p, MaxMatches), strings.Join(quoted, " & "), true
	}
	return fmt.Sprintf("t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH %s ORDER BY rowid DESC LIMIT %d)", p, MaxMatches), ftsQuery(terms), true
}

// ftsQuery is an FTS5 query for tickets with every term (letters, digits
// and Han only).
func ftsQuery(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"`
	}
	return strings.Join(quoted, " AND ")
}

// WalkLimit is how many tickets a PostgreSQL search walks in its page's own
// order, checking each one's index entry (RowCondition), before it leaves
// the page to the newest matches (Newest): about 3.6 µs a ticket with the
// pages cached, so about 30 ms at most for a branch that finds no page.
const WalkLimit = 8192

// RowCondition returns an SQL condition that the ticket aliased t has every
// term of the query, checked against its own index entry, with its argument
// numbered argN: for walking tickets in a page's order, where a common word
// fills a page after a few hundred. PostgreSQL only (SQLite's index keeps
// each word's tickets in id order, and Condition is cheap there); ok is
// false elsewhere and when the index cannot answer the query.
func RowCondition(d db.Dialect, query string, argN int) (cond string, arg any, ok bool) {
	terms, ok := QueryTerms(query)
	if !ok || d != db.Postgres {
		return "", nil, false
	}
	// A sub-select, not a join: it is run for each ticket walked, by the
	// primary key, and the planner cannot turn it into a scan of every
	// match. The tsquery is parsed once.
	return fmt.Sprintf("(SELECT s.body FROM ticket_search s WHERE s.ticket_id = t.id) @@ (SELECT to_tsquery('simple', $%d))", argN), tsquery(terms, " & "), true
}

// IndexMissing indexes every ticket with an id above the highest indexed one
// (after a bulk load, or on a database that predates the index), in batches.
func IndexMissing(ctx context.Context, d *db.DB, progress func(done int)) (int, error) {
	var from int64
	maxIndexed := `SELECT COALESCE(MAX(rowid), 0) FROM ticket_search`
	if d.Dialect == db.Postgres {
		maxIndexed = `SELECT COALESCE(MAX(ticket_id), 0) FROM ticket_search`
	}
	if err := d.Reader().QueryRow(ctx, maxIndexed).Scan(&from); err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	done := 0
	for {
		type doc struct {
			id   int64
			body string
		}
		var docs []doc
		rows, err := d.Reader().Query(ctx, `SELECT id, subject, description FROM tickets WHERE id > $1 ORDER BY id LIMIT 2000`, from)
		if err != nil {
			return done, fmt.Errorf("search: %w", err)
		}
		for rows.Next() {
			var x doc
			var subject, desc string
			if err := rows.Scan(&x.id, &subject, &desc); err != nil {
				rows.Close()
				return done, fmt.Errorf("search: %w", err)
			}
			x.body = Body(subject, desc)
			docs = append(docs, x)
		}
		rows.Close()
		if len(docs) == 0 {
			return done, analyze(ctx, d, done)
		}
		err = d.WriteTx(ctx, func(tx *db.Tx) error {
			for _, x := range docs {
				if err := IndexTicket(ctx, tx, x.id, x.body); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return done, fmt.Errorf("search: index: %w", err)
		}
		from = docs[len(docs)-1].id
		done += len(docs)
		if progress != nil {
			progress(done)
		}
	}
}

// analyze refreshes PostgreSQL's statistics of the index after a bulk
// indexing run (the demo, a database that predates the index). Without them
// the planner takes every word to match one ticket in 200 and picks the
// wrong plan for common and rare words alike (see Newest); autovacuum would
// get to it, but not at once, and not at all where it is turned off.
func analyze(ctx context.Context, d *db.DB, indexed int) error {
	if d.Dialect != db.Postgres || indexed < 10000 {
		return nil
	}
	// VACUUM too: it sets the fresh rows' hint bits and visibility once,
	// rather than leaving that to the first searches that read them.
	if _, err := d.Reader().Exec(ctx, `VACUUM (ANALYZE) ticket_search`); err != nil {
		return fmt.Errorf("search: analyze: %w", err)
	}
	return nil
}
