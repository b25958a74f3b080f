package demo_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/demo"
)

// BenchmarkLoad times a large Load on each engine and reports rows per second.
// It is a figure to record, not an assertion:
//
//	KEFU_DEMO_BENCH_TICKETS=100000 KEFU_TEST_POSTGRES_URL=… go test ./internal/demo/ -run '^$' -bench Load -benchtime 1x -v
func BenchmarkLoad(b *testing.B) {
	tickets := 100000
	if s := os.Getenv("KEFU_DEMO_BENCH_TICKETS"); s != "" {
		tickets, _ = strconv.Atoi(s)
	}
	for _, e := range dbtest.Engines(b) {
		b.Run(string(e), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				d := dbtest.Open(b, e)
				b.StartTimer()
				start := time.Now()
				res, err := demo.Load(context.Background(), d, demo.Options{
					Customers: tickets / 5, Tickets: tickets, Now: anchor, Password: "x",
				}, func(p string) (string, error) { return p, nil })
				if err != nil {
					b.Fatal(err)
				}
				el := time.Since(start)
				links := 0
				_ = d.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM contact_tickets`).Scan(&links)
				idents := 0
				_ = d.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM customer_identities`).Scan(&idents)
				rows := res.Customers + idents + res.Contacts + res.Tickets + res.Events + links
				b.ReportMetric(el.Seconds(), "s")
				b.ReportMetric(float64(rows)/el.Seconds(), "rows/s")
				b.ReportMetric(float64(res.Tickets)/el.Seconds(), "tickets/s")
				b.Logf("%s: %d tickets, %d events, %d contacts, %d customers, %d identities, %d links = %d rows in %s",
					e, res.Tickets, res.Events, res.Contacts, res.Customers, idents, links, rows, el.Round(time.Millisecond))
				if e == db.SQLite {
					var pages, size int64
					_ = d.Reader().QueryRow(context.Background(), `PRAGMA page_count`).Scan(&pages)
					_ = d.Reader().QueryRow(context.Background(), `PRAGMA page_size`).Scan(&size)
					b.Logf("sqlite file ≈ %d MB", pages*size>>20)
				}
			}
		})
	}
}
