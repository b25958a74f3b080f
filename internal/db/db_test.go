package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := d.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		ms, _ := db.Migrations(d.Dialect)
		got, err := d.AppliedVersions(ctx)
		if err != nil || len(got) != len(ms) {
			t.Fatalf("applied %v (%v), want %d migrations", got, err, len(ms))
		}
	})
}

func TestWriteTxRollsBackOnError(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, "风控", "department", db.Now()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		var n int
		if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM teams`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("teams = %d (%v), want 0 after rollback", n, err)
		}
	})
}

func TestPlaceholdersBindByNumber(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var a, b string
		// $2 appears before $1: binding must follow the numbers, not the order.
		if err := d.Reader().QueryRow(ctx, `SELECT CAST($2 AS TEXT), CAST($1 AS TEXT)`, "one", "two").Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		if a != "two" || b != "one" {
			t.Fatalf("got %q %q", a, b)
		}
	})
}

func TestUniqueViolationIsRecognised(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ins := func() error {
			return d.WriteTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, 'service', $2)`, "一线", db.Now())
				return err
			})
		}
		if err := ins(); err != nil {
			t.Fatal(err)
		}
		if err := ins(); !db.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, action) VALUES ($1, 'login')`, db.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = d.WriteTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `DELETE FROM audit_log`)
			return err
		})
		if err == nil {
			t.Fatal("deleting audit rows must fail")
		}
	})
}

func TestRebindUsesPlainPlaceholdersOnlyWhenInOrder(t *testing.T) {
	d := &db.DB{Dialect: db.SQLite}
	cases := map[string]string{
		`SELECT $1, $2, $3`:      `SELECT +?, +?, +?`,
		`SELECT $2, $1`:          `SELECT +?2, +?1`,
		`SELECT $1 WHERE a = $1`: `SELECT +?1 WHERE a = +?1`,
		`SELECT $1, $2, $10, $3`: `SELECT +?1, +?2, +?10, +?3`,
		`SELECT a-$1 LIMIT $2`:   `SELECT a-+? LIMIT +?`,
		`SELECT 1`:               `SELECT 1`,
	}
	for in, want := range cases {
		if got := d.Rebind(in); got != want {
			t.Errorf("Rebind(%q) = %q, want %q", in, got, want)
		}
	}
}

// Queued writes keep their values — quotes, backslashes, Chinese, NULL,
// large numbers — and their order, and a later statement sees them, on both
// engines (on PostgreSQL they are sent together as one batch).
func TestDeferredWritesKeepTheirValuesAndOrder(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		names := []string{`it's`, `back\slash`, `"double"`, "退款；DROP TABLE teams;--", "$1 $2", "line\nbreak"}
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			for i, n := range names {
				var desc any = fmt.Sprintf("%d", int64(1)<<40+int64(i))
				if i%2 == 1 {
					desc = nil
				}
				tx.Defer(`INSERT INTO teams (name, kind, description, created_at) VALUES ($1, $2, COALESCE($3, ''), $4)`, n, "department", desc, int64(i))
			}
			// a statement issued after the queue runs after it and sees it
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM teams`).Scan(&n); err != nil || n != len(names) {
				return fmt.Errorf("the transaction sees %d queued teams (%v), want %d", n, err, len(names))
			}
			_, err := tx.Exec(ctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`, "direct", "service", int64(-1))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := d.Reader().Query(ctx, `SELECT name, description, created_at FROM teams ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var name, desc string
			var at int64
			if err := rows.Scan(&name, &desc, &at); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s|%s|%d", name, desc, at))
		}
		var want []string
		for i, n := range names {
			desc := fmt.Sprintf("%d", int64(1)<<40+int64(i))
			if i%2 == 1 {
				desc = ""
			}
			want = append(want, fmt.Sprintf("%s|%s|%d", n, desc, i))
		}
		want = append(want, "direct||-1")
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("teams\n got %q\nwant %q", got, want)
		}
	})
}

// A write made only of queued statements (one round trip on PostgreSQL, with
// no BEGIN) is still all or nothing.
func TestQueuedOnlyWriteIsAllOrNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ins := `INSERT INTO teams (name, kind, created_at) VALUES ($1, $2, $3)`
		if err := d.WriteTx(ctx, func(tx *db.Tx) error { tx.Defer(ins, "taken", "service", int64(1)); return nil }); err != nil {
			t.Fatal(err)
		}
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			tx.Defer(ins, "new-1", "service", int64(2))
			tx.Defer(ins, "new-2", "service", int64(3))
			tx.Defer(ins, "taken", "service", int64(4))
			return nil
		})
		if !db.IsUniqueViolation(err) {
			t.Fatalf("err = %v, want a unique violation", err)
		}
		var n int
		if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM teams`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("teams = %d (%v), want only the first", n, err)
		}
	})
}

// InsertNew gives the new row's id at once; rows queued after it and
// statements run after it may refer to it, and it is there after commit.
func TestInsertNewGivesAnIDOthersCanReferTo(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var ids []int64
		for i := 0; i < 3; i++ {
			err := d.WriteTx(ctx, func(tx *db.Tx) error {
				id, err := tx.InsertNew(ctx, "customers", `INSERT INTO customers (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, fmt.Sprintf("客户%d", i), int64(i))
				if err != nil {
					return err
				}
				ids = append(ids, id)
				tx.Defer(`INSERT INTO customer_identities (customer_id, kind, system, value) VALUES ($1, 'phone', '', $2)`, id, fmt.Sprintf("1380000000%d", i))
				_, err = tx.Exec(ctx, `INSERT INTO customer_identities (customer_id, kind, system, value) VALUES ($1, 'email', '', $2)`, id, fmt.Sprintf("c%d@example.com", i))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for i, id := range ids {
			if i > 0 && id <= ids[i-1] {
				t.Fatalf("ids %v do not rise", ids)
			}
			var name string
			var n int
			if err := d.Reader().QueryRow(ctx, `SELECT c.name, (SELECT COUNT(*) FROM customer_identities WHERE customer_id = c.id) FROM customers c WHERE c.id = $1`, id).Scan(&name, &n); err != nil || name != fmt.Sprintf("客户%d", i) || n != 2 {
				t.Fatalf("customer %d: %q with %d identities (%v)", id, name, n, err)
			}
		}
	})
}

// Releasing memory skips a reader in use and loses nothing: the open query
// reads on, and later queries find the data.
func TestReleaseMemoryLeavesBusyReadersAndDataAlone(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i := range 3 {
			if err := d.WriteTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO teams (name, kind, created_at) VALUES ($1, 'service', $2)`, fmt.Sprintf("班组%d", i), db.Now())
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := d.Reader().Query(ctx, `SELECT name FROM teams WHERE name LIKE '班组%' ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if !rows.Next() {
			t.Fatal("no first row")
		}
		done, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := d.ReleaseMemory(done); err != nil {
			t.Fatalf("release with a reader in use: %v", err)
		}
		n := 1
		for rows.Next() {
			n++
		}
		if rows.Err() != nil || n != 3 {
			t.Fatalf("open query read %d rows after the release (%v), want 3", n, rows.Err())
		}
		var count int
		if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM teams WHERE name LIKE '班组%'`).Scan(&count); err != nil || count != 3 {
			t.Fatalf("after release: %d teams (%v), want 3", count, err)
		}
	})
}
