package db

import (
	"context"
	"database/sql"
	"fmt"
)

// Tx is a write transaction.
type Tx struct {
	db *DB
	tx *sql.Tx // SQLite: the writer's transaction
	pg *pgTx   // PostgreSQL (pgtx.go)
	// grouped: the transaction is shared by a group commit, so a caller's
	// cancellation must not interrupt a statement (SQLite may then roll
	// back the whole transaction, everyone's work with it).
	grouped bool
	// beforeCommit holds writes deferred to the end of the transaction.
	beforeCommit []func(ctx context.Context, tx *Tx) error
	// queue holds the writes of Defer; queueErr is the first of them to
	// fail, which fails the transaction (in a group commit, the request).
	queue    []queued
	queueErr error
}

type queued struct {
	q    string
	args []any
}

// Defer queues a write that need not run at once: a timeline entry, an
// outbox message, an index row, a row whose id is already known. The queue
// runs, in order, before the transaction's next statement that is not queued
// and at its end, so every statement sees the writes queued before it; only
// when they run changes. On PostgreSQL the queue goes to the server as one
// pipelined batch, with the BEGIN or the COMMIT it comes before, so a run of
// queued writes costs one round trip instead of one each. A queued write
// that fails fails the transaction.
func (t *Tx) Defer(q string, args ...any) {
	t.queue = append(t.queue, queued{q, args})
}

func (t *Tx) takeQueue() []queued {
	ws := t.queue
	t.queue = nil
	return ws
}

// execer runs a statement: a SQLite transaction, or a PostgreSQL connection.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// ready runs the queue before a statement that is not queued, and returns
// where that statement runs.
func (t *Tx) ready(ctx context.Context) execer {
	if t.pg != nil {
		return t.pg.ready(ctx, t)
	}
	t.runQueue(ctx)
	return t.tx
}

// runQueue runs the queued writes now (SQLite).
func (t *Tx) runQueue(ctx context.Context) {
	for _, w := range t.takeQueue() {
		if t.queueErr != nil {
			return
		}
		var err error
		if st := t.txStmt(ctx, w.q); st != nil {
			_, err = st.ExecContext(ctx, w.args...)
		} else {
			_, err = t.tx.ExecContext(ctx, t.db.Rebind(w.q), w.args...)
		}
		t.queueErr = err
	}
}

// end closes one caller's part of the transaction, whose function returned
// err: on SQLite its queued writes run now (in a group commit, inside its
// savepoint), or are dropped when it failed. It returns the caller's error,
// or a queued write's, which comes first when both failed (on PostgreSQL it
// is the cause of the other).
func (t *Tx) end(ctx context.Context, err error) error {
	if err == nil && t.pg == nil {
		t.runQueue(ctx)
	}
	qerr := t.queueErr
	t.queueErr = nil
	if qerr != nil {
		err = qerr
	}
	if err != nil {
		t.queue = nil
	}
	return err
}

// BeforeCommit defers a write to just before the commit, after every other
// statement of the transaction (and, in a group commit, of the group). SQLite's
// full-text index flushes its pending terms at every savepoint release, so
// index rows written this way are flushed once per commit instead of once per
// request. A deferred write that fails fails the transaction.
func (t *Tx) BeforeCommit(fn func(ctx context.Context, tx *Tx) error) {
	t.beforeCommit = append(t.beforeCommit, fn)
}

// runBeforeCommit runs the deferred writes in the order they were deferred.
func (t *Tx) runBeforeCommit(ctx context.Context) error {
	for _, fn := range t.beforeCommit {
		if err := fn(ctx, t); err != nil {
			return err
		}
	}
	t.beforeCommit = nil
	return nil
}

func (t *Tx) stmtCtx(ctx context.Context) context.Context {
	if t.grouped {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// txStmt returns the transaction's handle on a cached writer statement.
func (t *Tx) txStmt(ctx context.Context, q string) *sql.Stmt {
	if t.db.Dialect != SQLite {
		return nil
	}
	st := t.db.wStmts.get(ctx, t.db.w, t.db.Rebind(q), false)
	if st == nil {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx = t.stmtCtx(ctx)
	h := t.ready(ctx)
	if st := t.txStmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return h.ExecContext(ctx, t.db.Rebind(q), args...)
}
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = t.stmtCtx(ctx)
	h := t.ready(ctx)
	if st := t.txStmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return h.QueryContext(ctx, t.db.Rebind(q), args...)
}
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	ctx = t.stmtCtx(ctx)
	h := t.ready(ctx)
	if st := t.txStmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return h.QueryRowContext(ctx, t.db.Rebind(q), args...)
}
func (t *Tx) Dialect() Dialect { return t.db.Dialect }

// InsertID runs an INSERT … RETURNING id and returns the id.
func InsertID(ctx context.Context, q Querier, sqlText string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, sqlText+" RETURNING id", args...).Scan(&id)
	return id, err
}

// WriteTx runs fn in a write transaction: committed when fn returns nil,
// rolled back otherwise, so a failed change writes nothing; it returns only
// after the commit. On SQLite, calls that arrive while the writer is busy
// share one transaction (see group.go): fn must not assume it is alone in
// it, only that its own writes commit or roll back together.
func (db *DB) WriteTx(ctx context.Context, fn func(tx *Tx) error) error {
	if db.group != nil {
		return db.group.do(ctx, fn)
	}
	return db.SoloWriteTx(ctx, fn)
}

// SoloWriteTx is WriteTx without group commit: one transaction per call.
// Only the insert baseline uses it, to measure what one transaction costs.
func (db *DB) SoloWriteTx(ctx context.Context, fn func(tx *Tx) error) error {
	if db.Dialect == Postgres {
		return db.pgWriteTx(ctx, fn)
	}
	db.wStmts.preparePending(ctx, db.w)
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	tx := &Tx{db: db, tx: sqlTx}
	committed := false
	defer func() {
		if !committed { // fn failed or panicked
			_ = sqlTx.Rollback()
		}
	}()
	if err := tx.end(ctx, fn(tx)); err != nil {
		return err
	}
	if err := tx.end(ctx, tx.runBeforeCommit(ctx)); err != nil {
		return err
	}
	committed = true
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Row is what a single-row result and a result set have in common.
type Row interface{ Scan(dest ...any) error }

// WithExtra is row whose Scan also fills extra after the caller's
// destinations: a package's shared scan function reads its usual columns,
// and a query that selects more hands the rest here.
func WithExtra(row Row, extra ...any) Row { return withExtra{row, extra} }

type withExtra struct {
	row   Row
	extra []any
}

func (x withExtra) Scan(dest ...any) error { return x.row.Scan(append(dest, x.extra...)...) }
