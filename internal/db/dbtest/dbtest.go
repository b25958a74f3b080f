// Package dbtest runs a storage test on every engine: SQLite always, and
// PostgreSQL when KEFU_TEST_POSTGRES_URL is set. KEFU_REQUIRE_POSTGRES=1 (set
// by CI) turns a missing PostgreSQL into a failure instead of a skip. Each
// PostgreSQL run gets its own schema, dropped afterwards.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
)

// Engines returns the engines a test should run on; it fails the test when
// PostgreSQL is required but not configured.
func Engines(t testing.TB) []db.Dialect {
	out := []db.Dialect{db.SQLite}
	if os.Getenv("KEFU_TEST_POSTGRES_URL") != "" {
		out = append(out, db.Postgres)
	} else if os.Getenv("KEFU_REQUIRE_POSTGRES") == "1" {
		t.Fatalf("KEFU_REQUIRE_POSTGRES=1 but KEFU_TEST_POSTGRES_URL is not set")
	}
	return out
}

// Run runs fn once per engine as a subtest named after the engine, each on a
// fresh, migrated database.
func Run(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// Options returns open options for a fresh database on the engine; the
// database is removed when the test ends.
func Options(t testing.TB, e db.Dialect) db.Options {
	t.Helper()
	if e == db.SQLite {
		return db.Options{DataDir: t.TempDir()}
	}
	base := os.Getenv("KEFU_TEST_POSTGRES_URL")
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("dbtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("dbtest: KEFU_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return db.Options{URL: u.String()}
}

// Open opens a fresh, migrated database on the engine.
func Open(t testing.TB, e db.Dialect) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), Options(t, e))
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", e, err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
