package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/app"
	"github.com/kefuhq/kefu/internal/config"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

// TestSlowClientsAreCutOff drips a request's headers, then another's body,
// one piece every 100 ms: the server must drop each connection once its
// header or read timeout has passed, and keep serving everyone else while
// they hang on.
func TestSlowClientsAreCutOff(t *testing.T) {
	c := config.Default()
	c.Addr = "127.0.0.1:0"
	c.HeaderTimeout = 300 * time.Millisecond
	c.ReadTimeout = 800 * time.Millisecond
	a := app.New(c, dbtest.Open(t, db.SQLite), slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(addr string) { addrc <- addr }) }()
	addr := <-addrc
	t.Cleanup(func() { cancel(); <-done })

	// drip sends head, then piece after piece until the server hangs up,
	// and returns what the server answered (possibly nothing).
	drip := func(t *testing.T, head, piece string) string {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var answer bytes.Buffer
		closed := make(chan struct{})
		go func() { _, _ = io.Copy(&answer, conn); close(closed) }()
		if _, err := conn.Write([]byte(head)); err != nil {
			t.Fatal(err)
		}
		// A normal client is served while this one hangs on.
		res, err := http.Get("http://" + addr + "/readyz")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("readyz while a slow client is connected: %v %v", res, err)
		}
		res.Body.Close()
		// 100 pieces take 10 s, far beyond either timeout: a server still
		// reading by then does not bound slow clients at all.
		for range 100 {
			select {
			case <-closed:
				return answer.String()
			case <-time.After(100 * time.Millisecond):
			}
			if _, err := conn.Write([]byte(piece)); err != nil {
				<-closed
				return answer.String()
			}
		}
		t.Fatalf("the server still reads from a client dripping %q after 10 s", piece)
		return ""
	}

	t.Run("headers", func(t *testing.T) {
		if got := drip(t, "GET /readyz HTTP/1.1\r\nHost: kefu\r\n", "X-Slow: 1\r\n"); strings.HasPrefix(got, "HTTP/1.1 2") {
			t.Fatalf("a request whose headers never ended was served: %q", got)
		}
	})
	t.Run("body", func(t *testing.T) {
		head := "POST /api/v1/auth/login HTTP/1.1\r\nHost: kefu\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
		got := drip(t, head, `"a":1,`)
		if got != "" && !strings.HasPrefix(got, "HTTP/1.1 4") {
			t.Fatalf("a request whose body never ended got %q", got)
		}
	})
}
