package bench

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/app"
	"github.com/kefuhq/kefu/internal/config"
	"github.com/kefuhq/kefu/internal/db"
)

// TestProfileServer runs kefu in this process against an existing data
// directory and drives it, so that `go test -cpuprofile` profiles the server
// (kefu serve has no pprof endpoint). Skipped unless KEFU_BENCH_PROFILE_DATA
// (a --data dir or postgres:// URL) and KEFU_BENCH_TOKEN are set; the
// scenario comes from KEFU_BENCH_SCENARIO (default: the default mix).
//
//	KEFU_BENCH_PROFILE_DATA=/tmp/kb/sq100k KEFU_BENCH_TOKEN=kefu_… KEFU_BENCH_SCENARIO=create \
//	  go test -run TestProfileServer -cpuprofile /tmp/cpu.out ./internal/bench && go tool pprof -top /tmp/cpu.out
func TestProfileServer(t *testing.T) {
	data, token := os.Getenv("KEFU_BENCH_PROFILE_DATA"), os.Getenv("KEFU_BENCH_TOKEN")
	if data == "" || token == "" {
		t.Skip("set KEFU_BENCH_PROFILE_DATA and KEFU_BENCH_TOKEN")
	}
	ctx := context.Background()
	o := db.Options{DataDir: data}
	if len(data) > 11 && data[:11] == "postgres://" {
		o = db.Options{URL: data}
	}
	d, err := db.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	a := app.New(config.Default(), d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go a.Relay.Run(rctx)
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	mix := DefaultMix
	if s := os.Getenv("KEFU_BENCH_SCENARIO"); s != "" {
		mix = s
	}
	m, err := ParseMix(mix)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Load(ctx, LoadOptions{URL: srv.URL, Token: token, Plan: Plan{Workers: 16, Duration: 10 * time.Second}, Mix: m})
	if err != nil {
		t.Fatal(err)
	}
	rep.WriteText(os.Stdout)
}
