// Package db opens kefu's database — embedded SQLite by default, PostgreSQL
// when a URL is given — and hides the few differences between the two behind
// one small API: portable SQL with $1 placeholders, a write-transaction helper,
// and ordered migrations per dialect.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database with a writer and a reader handle. On SQLite the writer is a
// single connection (SQLite allows one writer at a time; queueing in Go is
// cheaper than busy-waiting in SQLite) and the readers are a pool. On
// PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	w, r    *sql.DB
	stmts   sync.Map // SQL text → rebound SQL text
	// Prepared statements, SQLite only: the driver parses every statement
	// it is given afresh, which was a fifth of a ticket create's CPU.
	// PostgreSQL's driver keeps its own per-connection statement cache.
	wStmts, rStmts stmtCache
	group          *committer // SQLite: batches WriteTx calls into group commits
	ids            idBlocks   // PostgreSQL: ids taken ahead (Tx.InsertNew)
}

// stmtCache holds prepared statements for a handle, bounded so that
// generated SQL (IN-lists of varying length, filter combinations) cannot
// grow it without limit; past the bound, statements run unprepared.
type stmtCache struct {
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool // seen inside a transaction, to prepare when the writer is free
}

const maxCachedStmts = 400

// get returns the prepared statement for q. When prepareNow is false (the
// caller holds the only writer connection inside a transaction, so preparing
// on the handle would wait for itself) a miss is remembered for preparePending.
func (c *stmtCache) get(ctx context.Context, h *sql.DB, q string, prepareNow bool) *sql.Stmt {
	c.mu.Lock()
	if st, ok := c.stmts[q]; ok {
		c.mu.Unlock()
		return st
	}
	if len(c.stmts)+len(c.pending) >= maxCachedStmts {
		c.mu.Unlock()
		return nil
	}
	if !prepareNow {
		if c.pending == nil {
			c.pending = map[string]bool{}
		}
		c.pending[q] = true
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()
	// Prepare without holding the lock: it may wait for a connection that
	// a transaction holds while it asks this cache for a statement.
	st, err := h.PrepareContext(ctx, q)
	if err != nil {
		return nil // let the caller run it and report the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[q]; ok {
		st.Close()
		return prev
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[q] = st
	return st
}

// preparePending prepares the statements seen in earlier transactions; called
// before a transaction begins, when the caller holds no connection.
func (c *stmtCache) preparePending(ctx context.Context, h *sql.DB) {
	c.mu.Lock()
	var qs []string
	for q := range c.pending {
		qs = append(qs, q)
	}
	c.pending = nil
	c.mu.Unlock()
	for _, q := range qs {
		c.get(ctx, h, q, true)
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// Options choose the database.
type Options struct {
	URL     string // postgres://… ; empty means SQLite in DataDir
	DataDir string
	// ReadConns is the size of the SQLite reader pool (default 8).
	ReadConns int
	// MaxConns bounds the PostgreSQL pool (default PostgresConns()).
	MaxConns int
}

// Open connects, checks the connection and runs the migrations.
func Open(ctx context.Context, o Options) (*DB, error) {
	db, err := connect(ctx, o)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// OpenNoMigrate connects without migrating (used by `kefu migrate --status`).
func OpenNoMigrate(ctx context.Context, o Options) (*DB, error) { return connect(ctx, o) }

func connect(ctx context.Context, o Options) (*DB, error) {
	if o.URL != "" {
		p, err := sql.Open("pgx", o.URL)
		if err != nil {
			return nil, fmt.Errorf("db: open postgres: %w", err)
		}
		n := o.MaxConns
		if n <= 0 {
			n = PostgresConns()
		}
		p.SetMaxOpenConns(n)
		p.SetMaxIdleConns(n)
		p.SetConnMaxIdleTime(5 * time.Minute)
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := p.PingContext(pctx); err != nil {
			p.Close()
			return nil, fmt.Errorf("db: connect postgres: %w", err)
		}
		return &DB{Dialect: Postgres, w: p, r: p}, nil
	}
	if o.DataDir == "" {
		return nil, errors.New("db: no data directory for SQLite")
	}
	if err := os.MkdirAll(o.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("db: create data directory: %w", err)
	}
	path := filepath.Join(o.DataDir, "kefu.db")
	// Page caches are per connection: 32 MB for the writer, which keeps the
	// hot index pages of every write, and 8 MB per reader — the readers'
	// misses are served from the OS page cache, and nine 64 MB caches made
	// the server's resident memory grow to several hundred MB at 1M tickets.
	pragmas := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=cache_size(-32768)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=cache_size(-8192)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite readers: %w", err)
	}
	n := o.ReadConns
	if n <= 0 {
		n = 8
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	d := &DB{Dialect: SQLite, w: w, r: r}
	d.group = newCommitter(d)
	return d, nil
}

// PostgresConns is the default bound of the PostgreSQL pool: 4 per CPU of
// this machine, at least 8. More connections than the database can run at
// once only queue inside PostgreSQL, where they cost a process and a
// context switch each: on 2 cores, 8 connections served 16 workers' ticket
// views with a p95 of 17–20 ms where 32 took 27–40 ms, and creates with no
// loss (BENCHMARKS.md, round 7). Each write transaction holds one
// connection and never waits for a second, so any bound ≥ 2 is safe.
func PostgresConns() int { return max(8, 4*runtime.GOMAXPROCS(0)) }

// Close closes both handles.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	db.wStmts.close()
	db.rStmts.close()
	err := db.w.Close()
	if db.r != db.w {
		if e := db.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks that the database answers; used by /readyz.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Stats returns the reader pool's statistics for /metrics.
func (db *DB) Stats() sql.DBStats { return db.r.Stats() }

// placeholder matches $1, $2 … outside of quoted strings well enough for our
// own SQL (we never put a literal $n inside a string).
var placeholder = regexp.MustCompile(`\$(\d+)`)

// Rebind turns portable SQL into the dialect's SQL. SQLite's $NNN would be a
// named parameter numbered by first appearance, so $2 before $1 would bind the
// wrong value; ?NNN is SQLite's explicit numbered form.
//
// Each parameter is written as +?NNN: SQLite's planner looks at the value of
// a bare parameter compared with an integer column (is it 0 or 1?) and then
// re-prepares the cached statement whenever a new value crosses that line —
// every inbox page of team 1 after one of team 2, every query by user 1 after
// another user's: a fifth of an inbox query's time. The unary plus hides the
// value from the planner and changes nothing else (a parameter has no type
// affinity either way).
func (db *DB) Rebind(q string) string {
	if db.Dialect != SQLite {
		return q
	}
	if v, ok := db.stmts.Load(q); ok {
		return v.(string)
	}
	out := placeholder.ReplaceAllString(q, "+?$1")
	if sequential(q) {
		// Plain ? is much cheaper for the driver to bind than ?NNN, whose
		// lookup is linear per parameter: it matters for bulk statements.
		out = placeholder.ReplaceAllString(q, "+?")
	}
	db.stmts.Store(q, out)
	return out
}

// sequential reports whether the placeholders are exactly $1, $2, … $n in
// order, each used once, so that plain ? binds the same values.
func sequential(q string) bool {
	for i, m := range placeholder.FindAllStringSubmatch(q, -1) {
		if m[1] != strconv.Itoa(i+1) {
			return false
		}
	}
	return true
}

// Querier is what both a DB and a Tx offer for running portable SQL.
type Querier interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Dialect() Dialect
}

// Reader returns a Querier on the read pool (SQLite) or the pool (Postgres).
func (db *DB) Reader() Querier { return reader{db} }

type reader struct{ db *DB }

func (r reader) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.db.w.ExecContext(ctx, r.db.Rebind(q), args...)
}
func (r reader) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := r.db.readStmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.r.QueryContext(ctx, r.db.Rebind(q), args...)
}
func (r reader) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := r.db.readStmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.r.QueryRowContext(ctx, r.db.Rebind(q), args...)
}

func (db *DB) readStmt(ctx context.Context, q string) *sql.Stmt {
	if db.Dialect != SQLite {
		return nil
	}
	return db.rStmts.get(ctx, db.r, db.Rebind(q), true)
}

func (r reader) Dialect() Dialect { return r.db.Dialect }

// IsUniqueViolation reports whether err is a unique-constraint failure on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// IsForeignKeyViolation reports whether err is a foreign-key failure on either engine.
func IsForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY constraint failed") || strings.Contains(s, "SQLSTATE 23503")
}

// IsUnavailable reports whether err means the database cannot be reached
// right now (as opposed to a bad query), so the caller can answer 503.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	for _, m := range []string{"connection refused", "the database system is", "conn closed", "broken pipe",
		"connection reset", "SQLSTATE 57P0", "SQLSTATE 08", "failed to connect", "database is locked", "i/o timeout"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// Now is the storage form of time: Unix milliseconds, UTC.
func Now() int64 { return time.Now().UnixMilli() }

// Millis converts a time to its storage form; the zero time is 0.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Time converts a storage value back; 0 is the zero time.
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
