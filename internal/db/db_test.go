package db_test

import (
	"context"
	"errors"
	"testing"

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
		`SELECT $1, $2, $3`:      `SELECT ?, ?, ?`,
		`SELECT $2, $1`:          `SELECT ?2, ?1`,
		`SELECT $1 WHERE a = $1`: `SELECT ?1 WHERE a = ?1`,
		`SELECT $1, $2, $10, $3`: `SELECT ?1, ?2, ?10, ?3`,
		`SELECT 1`:               `SELECT 1`,
	}
	for in, want := range cases {
		if got := d.Rebind(in); got != want {
			t.Errorf("Rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
