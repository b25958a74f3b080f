package db

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Group commit, SQLite only. SQLite has one writer, and a commit (the WAL
// append and its bookkeeping) costs as much as the small change it commits.
// So the writer runs the write transactions that queued up while it was busy
// as one transaction, each inside its own SAVEPOINT: a request that fails
// rolls back only itself, and every request learns its result only after the
// group's COMMIT returned — nothing is acknowledged before it is durable.

// maxGroup bounds a group so that one commit's latency stays small.
const maxGroup = 64

// writeReq is one queued WriteTx call.
type writeReq struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan writeResult
}

type writeResult struct {
	err      error
	panicked any // a panic in fn, re-raised in the caller's goroutine
}

// committer owns the SQLite writer connection's transactions.
type committer struct {
	db     *DB
	queue  chan *writeReq
	stop   chan struct{}
	closed chan struct{}
	once   sync.Once
}

var errClosed = errors.New("db: closed")

func newCommitter(db *DB) *committer {
	c := &committer{db: db, queue: make(chan *writeReq, 1024), stop: make(chan struct{}), closed: make(chan struct{})}
	go c.run()
	return c
}

// do queues fn and waits for the group it ran in to commit. It always waits
// for the answer, even when ctx ends: fn may be running already, and the
// caller must not be told "failed" for a change that commits.
func (c *committer) do(ctx context.Context, fn func(tx *Tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan writeResult, 1)}
	select {
	case c.queue <- req:
	case <-c.stop:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	res := <-req.done
	if res.panicked != nil {
		panic(res.panicked)
	}
	return res.err
}

func (c *committer) close() {
	c.once.Do(func() { close(c.stop) })
	<-c.closed
}

func (c *committer) run() {
	defer close(c.closed)
	group := make([]*writeReq, 0, maxGroup)
	for {
		var first *writeReq
		select {
		case first = <-c.queue:
		case <-c.stop:
			c.drain()
			return
		}
		group = append(group[:0], first)
	collect:
		for len(group) < maxGroup {
			select {
			case r := <-c.queue:
				group = append(group, r)
			default:
				break collect
			}
		}
		c.commit(group)
	}
}

// drain answers whatever is still queued at close.
func (c *committer) drain() {
	for {
		select {
		case r := <-c.queue:
			r.done <- writeResult{err: errClosed}
		default:
			return
		}
	}
}

// commit runs one group in one transaction and answers every request.
func (c *committer) commit(group []*writeReq) {
	results := make([]writeResult, len(group))
	answer := func() {
		for i, r := range group {
			r.done <- results[i]
		}
	}
	failAll := func(err error) {
		for i := range results {
			if results[i].err == nil && results[i].panicked == nil {
				results[i].err = err
			}
		}
		answer()
	}
	// Requests whose caller gave up before their turn are not run.
	live := 0
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		live++
	}
	if live == 0 {
		answer()
		return
	}
	bg := context.Background()
	c.db.wStmts.preparePending(bg, c.db.w)
	sqlTx, err := c.db.w.BeginTx(bg, nil)
	if err != nil {
		failAll(fmt.Errorf("db: begin: %w", err))
		return
	}
	tx := &Tx{db: c.db, tx: sqlTx, grouped: true}
	alone := live == 1 // no savepoint needed: its failure is the group's
	ok := 0
	for i, r := range group {
		if results[i].err != nil {
			continue
		}
		mark := len(tx.beforeCommit)
		if alone {
			results[i] = runFn(tx, r.fn)
			if results[i].err != nil || results[i].panicked != nil {
				_ = sqlTx.Rollback()
				answer()
				return
			}
			ok++
			continue
		}
		if _, err := sqlTx.ExecContext(bg, "SAVEPOINT grp"); err != nil {
			_ = sqlTx.Rollback()
			failAll(fmt.Errorf("db: savepoint: %w", err))
			return
		}
		results[i] = runFn(tx, r.fn)
		if results[i].err != nil || results[i].panicked != nil {
			tx.beforeCommit = tx.beforeCommit[:mark] // its deferred writes go too
			if _, err := sqlTx.ExecContext(bg, "ROLLBACK TO grp"); err != nil {
				// The transaction is gone (SQLite rolls back the whole
				// transaction on some errors): nobody in it committed.
				_ = sqlTx.Rollback()
				failAll(fmt.Errorf("db: rollback to savepoint: %w", err))
				return
			}
		} else {
			ok++
		}
		if _, err := sqlTx.ExecContext(bg, "RELEASE grp"); err != nil {
			_ = sqlTx.Rollback()
			failAll(fmt.Errorf("db: release savepoint: %w", err))
			return
		}
	}
	if ok == 0 {
		_ = sqlTx.Rollback()
		answer()
		return
	}
	if res := runFn(tx, func(tx *Tx) error { return tx.runBeforeCommit(bg) }); res.err != nil || res.panicked != nil {
		_ = sqlTx.Rollback()
		err := res.err
		if err == nil {
			err = fmt.Errorf("db: deferred write panicked: %v", res.panicked)
		}
		failAll(err)
		return
	}
	if err := sqlTx.Commit(); err != nil {
		failAll(fmt.Errorf("db: commit: %w", err))
		return
	}
	answer()
}

// runFn runs one request's function and its queued writes, turning a panic
// into a result so that one bad request cannot take the writer down with it.
func runFn(tx *Tx, fn func(tx *Tx) error) (res writeResult) {
	defer func() {
		if p := recover(); p != nil {
			tx.queue, tx.queueErr = nil, nil
			res = writeResult{panicked: p}
		}
	}()
	return writeResult{err: tx.end(context.Background(), fn(tx))}
}
