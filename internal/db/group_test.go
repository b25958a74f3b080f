package db_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

// Concurrent writes (grouped into one commit on SQLite): a failing one rolls
// back only its own rows, and every successful one is there once its call
// returned.
func TestConcurrentWriteTxFailOnlyThemselves(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		insert := func(tx *db.Tx, name string) error {
			_, err := tx.Exec(ctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, name, "department", db.Now())
			return err
		}
		// Hold the writer so that the others queue up behind it and
		// commit together.
		release := make(chan struct{})
		first := make(chan error, 1)
		inserted := make(chan struct{})
		go func() {
			first <- d.WriteTx(ctx, func(tx *db.Tx) error {
				err := insert(tx, "first")
				close(inserted)
				<-release
				return err
			})
		}()
		<-inserted
		const n = 30
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs[i] = d.WriteTx(ctx, func(tx *db.Tx) error {
					if err := insert(tx, fmt.Sprintf("team-%d", i)); err != nil {
						return err
					}
					// Deferred writes go with their request: written when it commits, dropped when it fails.
					tx.BeforeCommit(func(ctx context.Context, tx *db.Tx) error { return insert(tx, fmt.Sprintf("team-%d-late", i)) })
					tx.Defer(`INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, fmt.Sprintf("team-%d-queued", i), "department", db.Now())
					if i%3 != 0 && i%5 != 1 && i%7 == 2 {
						// a queued write that fails fails its request alone
						tx.Defer(`INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, "first", "department", db.Now())
					}
					if i%3 == 0 {
						if err := insert(tx, fmt.Sprintf("team-%d-b", i)); err != nil {
							return err
						}
						return boom
					}
					if i%5 == 1 {
						return insert(tx, "first") // duplicate name: fails in the statement
					}
					return nil
				})
			}(i)
		}
		time.Sleep(50 * time.Millisecond)
		close(release)
		wg.Wait()
		if err := <-first; err != nil {
			t.Fatalf("first: %v", err)
		}
		want := 1
		for i, err := range errs {
			switch {
			case i%3 == 0:
				if !errors.Is(err, boom) {
					t.Errorf("write %d: err = %v, want boom", i, err)
				}
			case i%5 == 1 || i%7 == 2:
				if !db.IsUniqueViolation(err) {
					t.Errorf("write %d: err = %v, want a unique violation", i, err)
				}
			default:
				if err != nil {
					t.Errorf("write %d: %v", i, err)
				}
				want += 3
			}
		}
		var got int
		if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM teams`).Scan(&got); err != nil || got != want {
			t.Fatalf("teams = %d (%v), want %d", got, err, want)
		}
	})
}

// A panic inside one write reaches its own caller and nobody else's.
func TestWriteTxPanicReachesItsCaller(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		var recovered any
		wg.Add(2)
		go func() {
			defer wg.Done()
			defer func() { recovered = recover() }()
			_ = d.WriteTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, "panicky", "department", db.Now()); err != nil {
					return err
				}
				panic("bad request")
			})
		}()
		var okErr error
		go func() {
			defer wg.Done()
			okErr = d.WriteTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, "calm", "department", db.Now())
				return err
			})
		}()
		wg.Wait()
		if recovered != "bad request" {
			t.Fatalf("recovered %v", recovered)
		}
		if okErr != nil {
			t.Fatal(okErr)
		}
		var names []string
		rows, err := d.Reader().Query(ctx, `SELECT name FROM teams ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			names = append(names, s)
		}
		if len(names) != 1 || names[0] != "calm" {
			t.Fatalf("teams %v, want [calm]", names)
		}
	})
}

// A caller that gives up while queued is not run and is told so.
func TestWriteTxCancelledWhileQueuedWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		release := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- d.WriteTx(ctx, func(tx *db.Tx) error { <-release; return nil })
		}()
		time.Sleep(20 * time.Millisecond)
		cctx, cancel := context.WithCancel(ctx)
		res := make(chan error, 1)
		go func() {
			res <- d.WriteTx(cctx, func(tx *db.Tx) error {
				_, err := tx.Exec(cctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, "late", "department", db.Now())
				return err
			})
		}()
		time.Sleep(20 * time.Millisecond)
		cancel()
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		err := <-res
		var n int
		_ = d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM teams`).Scan(&n)
		if (err == nil) != (n == 1) {
			t.Fatalf("err = %v with %d rows: a change must be reported exactly when it committed", err, n)
		}
	})
}
