package db

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL write transactions. Every statement is a round trip to the
// server, and on a small machine the round trips, not the rows, are what a
// write costs. So a transaction here holds one pooled connection and begins
// only with its first statement that is not queued (Tx.Defer); the queued
// statements and the COMMIT go to the server together as one pipelined batch
// at the end. A write made only of queued statements — a new customer and
// their ticket, with ids taken ahead from the sequences (Tx.InsertNew) — is
// a single round trip: PostgreSQL runs the statements of one batch, up to its
// sync point, as one implicit transaction.

// pgTx is the PostgreSQL side of a Tx.
type pgTx struct {
	conn  *sql.Conn
	begun bool
}

// ready begins the transaction if it has not begun and sends the queue, in
// one batch, before a statement that is not queued.
func (p *pgTx) ready(ctx context.Context, t *Tx) execer {
	if (!p.begun || len(t.queue) > 0) && t.queueErr == nil {
		if err := p.send(ctx, t.takeQueue(), false); err != nil {
			t.queueErr = err
		}
	}
	// After a failure the statement still runs, so that the caller sees an
	// error at once; the transaction then refuses to commit (Tx.end).
	return p.conn
}

// send sends, as one pipelined batch, BEGIN when the transaction has not
// begun and commit is false, then the queued writes, then COMMIT when commit
// is true and the transaction has begun. A batch without BEGIN or COMMIT is
// one implicit transaction of its own: all of it or nothing.
func (p *pgTx) send(ctx context.Context, ws []queued, commit bool) error {
	begin := !p.begun && !commit
	commit = commit && p.begun
	b := &pgx.Batch{}
	if begin {
		b.Queue("BEGIN")
	}
	for _, w := range ws {
		b.Queue(w.q, w.args...)
	}
	if commit {
		b.Queue("COMMIT")
	}
	if b.Len() == 0 {
		return nil
	}
	return p.conn.Raw(func(dc any) error {
		res := dc.(*stdlib.Conn).Conn().SendBatch(ctx, b)
		defer res.Close()
		if begin {
			if _, err := res.Exec(); err != nil {
				return fmt.Errorf("db: begin: %w", err)
			}
			p.begun = true
		}
		for range ws {
			if _, err := res.Exec(); err != nil {
				return err
			}
		}
		if commit {
			tag, err := res.Exec()
			if err == nil {
				p.begun = false
				if tag.String() != "COMMIT" {
					err = pgx.ErrTxCommitRollback // an earlier statement failed and its error was not returned
				}
			}
			if err != nil {
				return fmt.Errorf("db: commit: %w", err)
			}
		}
		return res.Close()
	})
}

// pgWriteTx runs fn as one PostgreSQL transaction.
func (db *DB) pgWriteTx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	// A connection given back inside a transaction is discarded by the
	// driver, so even a failed ROLLBACK cannot leak one.
	defer conn.Close()
	p := &pgTx{conn: conn}
	tx := &Tx{db: db, pg: p}
	defer func() {
		if p.begun { // fn failed or panicked, or the commit failed
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if err := tx.end(ctx, fn(tx)); err != nil {
		return err
	}
	if err := tx.end(ctx, tx.runBeforeCommit(ctx)); err != nil {
		return err
	}
	// Once sent, the commit is not cut short by the caller leaving.
	return p.send(context.WithoutCancel(ctx), tx.takeQueue(), true)
}

// InsertNew inserts a row whose id the caller needs now and nothing else of
// it. In q, $1 is the id and args are $2 on. On PostgreSQL the id is taken
// ahead from the table's sequence (in blocks, so ids of one process rise with
// time but skip the rest of a block at restart) and the insert is queued
// (Defer); on SQLite, which has no round trips to save, the insert runs now
// and SQLite picks the id.
func (t *Tx) InsertNew(ctx context.Context, table, q string, args ...any) (int64, error) {
	if t.db.Dialect == SQLite {
		return InsertID(ctx, t, q, append([]any{nil}, args...)...)
	}
	id, err := t.db.ids.next(ctx, t.pg.conn, table)
	if err != nil {
		return 0, err
	}
	t.Defer(q, append([]any{id}, args...)...)
	return id, nil
}

// idBlocks hands out ids taken ahead from PostgreSQL sequences.
type idBlocks struct {
	mu     sync.Mutex
	blocks map[string]*[2]int64 // table → [next, end)
}

const idBlockSize = 64

// next returns the next id of table, taking a block on conn — the asking
// transaction's own connection — when the last one is used up. Not on the
// pool: the transactions waiting here for the lock each hold a connection,
// and with as many of them as the pool has connections, a block taken from
// the pool would wait for one of them forever. nextval is not undone by a
// rollback, so the ids are never given back either way.
func (b *idBlocks) next(ctx context.Context, conn *sql.Conn, table string) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	blk := b.blocks[table]
	if blk == nil || blk[0] >= blk[1] {
		// One round trip for a block: sequence values are consecutive
		// unless another node takes some at the same moment.
		rows, err := conn.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, idBlockSize)
		if err != nil {
			return 0, fmt.Errorf("db: ids for %s: %w", table, err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, fmt.Errorf("db: ids for %s: %w", table, err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return 0, fmt.Errorf("db: ids for %s: %v", table, err)
		}
		if b.blocks == nil {
			b.blocks = map[string]*[2]int64{}
		}
		// Only a run of consecutive values makes a block; the rest is lost.
		n := 1
		for n < len(ids) && ids[n] == ids[0]+int64(n) {
			n++
		}
		blk = &[2]int64{ids[0], ids[0] + int64(n)}
		b.blocks[table] = blk
	}
	id := blk[0]
	blk[0]++
	return id, nil
}
