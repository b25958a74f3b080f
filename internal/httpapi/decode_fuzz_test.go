package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/app"
	"github.com/kefuhq/kefu/internal/config"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/httpapi"
	"github.com/kefuhq/kefu/internal/identity"
)

// hostileApp is a whole kefu on SQLite with one admin token and one ticket,
// built once per fuzz target (newEnv wants a *testing.T; a fuzz target has a
// *testing.F and must not rebuild the app for every input).
type hostileApp struct {
	url      string
	token    string
	ticketID int64
	maxBody  int64
	errs     *errCounter
	routes   []httpapi.Route
}

// errCounter counts error-level log lines: an internal error is a bug even
// when the client sees a clean answer.
type errCounter struct {
	mu    sync.Mutex
	lines []string
}

func (c *errCounter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if bytes.Contains(p, []byte("level=ERROR")) {
		c.lines = append(c.lines, string(p))
	}
	return len(p), nil
}

func (c *errCounter) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.lines
	c.lines = nil
	return out
}

func newHostileApp(tb testing.TB) *hostileApp {
	tb.Helper()
	ctx := context.Background()
	d := dbtest.Open(tb, db.SQLite)
	c := config.Default()
	c.MaxBodyBytes = 64 << 10
	ec := &errCounter{}
	a := app.New(c, d, slog.New(slog.NewTextHandler(ec, &slog.HandlerOptions{Level: slog.LevelWarn})))
	relayCtx, cancel := context.WithCancel(ctx)
	go a.Relay.Run(relayCtx)
	srv := httptest.NewServer(a.Server.Handler())
	tb.Cleanup(func() { srv.Close(); cancel() })
	by := identity.Actor{Name: "fuzz"}
	team, err := a.Identity.SaveTeam(ctx, 0, identity.TeamInput{Name: "一线客服", Kind: "service"}, by)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := a.Identity.CreateUser(ctx, identity.NewUser{Email: "fuzz@example.com", Name: "模糊测试", Password: "password-fuzz", Role: "admin", TeamID: &team.ID}, by)
	if err != nil {
		tb.Fatal(err)
	}
	tok, err := a.Identity.CreateToken(ctx, u.ID, "fuzz", by)
	if err != nil {
		tb.Fatal(err)
	}
	h := &hostileApp{url: srv.URL, token: tok.Token, maxBody: c.MaxBodyBytes, errs: ec, routes: a.Server.Routes()}
	st, b := h.send(tb, "POST", "/api/v1/tickets", []byte(`{"subject":"模糊测试工单","service_type":"query"}`))
	if st != 201 {
		tb.Fatalf("seed ticket: %d %s", st, b)
	}
	var tk struct{ ID int64 }
	_ = json.Unmarshal(b, &tk)
	h.ticketID = tk.ID
	return h
}

func (h *hostileApp) send(tb testing.TB, method, path string, body []byte) (int, []byte) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, h.url+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 400 {
		h.checkProblem(tb, method, path, body, res, b)
	}
	return res.StatusCode, b
}

// checkProblem asserts the shape of an error answer: never 5xx, a
// problem+json body with a detail, and nothing of the server's insides.
func (h *hostileApp) checkProblem(tb testing.TB, method, path string, in []byte, res *http.Response, b []byte) {
	tb.Helper()
	show := in
	if len(show) > 200 {
		show = show[:200]
	}
	if res.StatusCode >= 500 {
		tb.Fatalf("%s %s with %q: %d %s", method, path, show, res.StatusCode, b)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		tb.Fatalf("%s %s with %q: %d with Content-Type %q: %s", method, path, show, res.StatusCode, ct, b)
	}
	var p struct {
		Status int    `json:"status"`
		Detail string `json:"detail"`
		Code   string `json:"code"`
	}
	if err := json.Unmarshal(b, &p); err != nil || p.Detail == "" || p.Code == "" || p.Status != res.StatusCode {
		tb.Fatalf("%s %s with %q: %d, not a problem with a detail: %s", method, path, show, res.StatusCode, b)
	}
	for _, leak := range []string{"goroutine ", "panic", ".go:", "runtime.", "SQLSTATE", "sqlite", "sql:"} {
		if bytes.Contains(b, []byte(leak)) {
			tb.Fatalf("%s %s with %q: answer leaks %q: %s", method, path, show, leak, b)
		}
	}
}

var decodeSeeds = []string{
	`{"subject":"课程退款未到账","description":"客户申请退款已 7 天","service_type":"complaint","priority":"high"}`,
	`{"name":"张伟","phones":["138 1234 5678"],"emails":["z@example.com"],"tier":"vip","tags":["老客户"],"attributes":{"城市":"北京"}}`,
	`{"channel":"phone","direction":"inbound","service_type":"query","summary":"查物流","customer":{"name":"李娜","phones":["13900001111"]}}`,
	`{"version":1,"status":"open","priority":"urgent"}`,
	`{"version":1,"custom_fields":{"订单号":"E123"}}`,
	``, `null`, `[]`, `{}`, `"x"`, `0`, `-1e400`, `1e400`, `{"version":1e30}`, `{"version":-9223372036854775809}`,
	`{"subject":null,"service_type":null}`, `{"subject":1,"service_type":[]}`, `{"subject":"a","service_type":"query","customer_id":-1}`,
	`{"subject":"a","service_type":"query","customer_id":9223372036854775807}`, `{"subject":"a","service_type":"query","reason_id":0}`,
	`{"subject":"a","service_type":"query","subject":"b"}`, `{"subject":"\u0000","service_type":"query"}`,
	`{"subject":"\ud800","service_type":"query"}`, "{\"subject\":\"\xff\xfe\",\"service_type\":\"query\"}",
	`{"subject":"a","service_type":"query","custom_fields":{"":"x"}}`, `{"name":"x","phones":["+86 (0)10-1234"]}`,
	`{"name":"x","external_ids":[{"system":"","value":""}]}`, `{"name":"x","value_fen":-1}`,
	`{"channel":"phone","service_type":"query","started_at":"not a time"}`, `{"channel":"phone","service_type":"query","transcript":[{"speaker":"x","offset_ms":-5}]}`,
	`{"version":1,"owner_id":0,"clear_owner":true}`, `{"version":1,"status":"closed"}`, `{"version":0}`,
	`{"a":` + strings.Repeat(`[`, 200), `{"subject":"` + strings.Repeat("长", 5000) + `","service_type":"query"}`,
	`{"subject":"a","service_type":"query"}garbage`, `{"subject":"a","service_type":"query"}{}`, "\xef\xbb\xbf{}",
}

var decodeTargets = []struct{ method, path string }{
	{"POST", "/api/v1/tickets"}, {"POST", "/api/v1/customers"}, {"POST", "/api/v1/contacts"}, {"PATCH", "/api/v1/tickets/%d"},
}

// FuzzRequestDecoders posts arbitrary bodies to the create and update
// endpoints: whatever arrives, the answer is a 2xx or a 4xx problem, never a
// 5xx, never a stack trace, and the server logs no internal error.
func FuzzRequestDecoders(f *testing.F) {
	for i, s := range decodeSeeds {
		f.Add(uint8(i%len(decodeTargets)), []byte(s))
		f.Add(uint8((i+3)%len(decodeTargets)), []byte(s))
	}
	h := newHostileApp(f)
	f.Fuzz(func(t *testing.T, target uint8, body []byte) {
		tg := decodeTargets[int(target)%len(decodeTargets)]
		path := tg.path
		if strings.Contains(path, "%d") {
			path = fmt.Sprintf(path, h.ticketID)
		}
		st, b := h.send(t, tg.method, path, body)
		if st >= 500 {
			t.Fatalf("%d %s", st, b)
		}
		if errs := h.errs.take(); len(errs) > 0 {
			t.Fatalf("%s %s with %q logged internal errors: %v", tg.method, path, body, errs)
		}
	})
}

// TestHostileBodiesAreRejectedQuickly sends what a parser must survive:
// 100,000 levels of nesting, invalid UTF-8, and bodies over the limit.
func TestHostileBodiesAreRejectedQuickly(t *testing.T) {
	h := newHostileApp(t)
	deep := func(open, close string, n int) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	cases := []struct {
		name string
		body []byte
	}{
		{"nested arrays 100k", deep("[", "]", 100_000)},
		{"nested objects 100k", []byte(strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000))},
		{"nested in a field 100k", []byte(`{"subject":"a","service_type":"query","custom_fields":` + string(deep("[", "]", 100_000)) + `}`)},
		{"unclosed nesting", []byte(strings.Repeat("[", 60_000))},
		{"invalid UTF-8", []byte("{\"subject\":\"\xc3\x28\xa0\xa1\",\"service_type\":\"query\",\"name\":\"\xff\"}")},
		{"invalid UTF-8 key", []byte("{\"\xff\xfe\":1}")},
		{"lone surrogate escape", []byte(`{"subject":"\udc00\ud800","service_type":"query","name":"\udfff"}`)},
		{"over the limit", []byte(`{"subject":"` + strings.Repeat("a", int(h.maxBody)+1) + `","service_type":"query"}`)},
		{"far over the limit", bytes.Repeat([]byte("["), 8<<20)},
	}
	for _, tc := range cases {
		for _, tg := range decodeTargets {
			path := tg.path
			if strings.Contains(path, "%d") {
				path = fmt.Sprintf(path, h.ticketID)
			}
			start := time.Now()
			st, b := h.send(t, tg.method, path, tc.body)
			took := time.Since(start)
			if st < 400 || st >= 500 {
				t.Errorf("%s: %s %s: %d, want a 4xx: %.200s", tc.name, tg.method, path, st, b)
			}
			if took > 2*time.Second {
				t.Errorf("%s: %s %s took %v", tc.name, tg.method, path, took)
			}
			if strings.HasPrefix(tc.name, "over") || strings.HasPrefix(tc.name, "far over") {
				if st != http.StatusRequestEntityTooLarge {
					t.Errorf("%s: %s %s: %d, want 413", tc.name, tg.method, path, st)
				}
			}
		}
	}
	if errs := h.errs.take(); len(errs) > 0 {
		t.Errorf("internal errors logged: %v", errs)
	}
}
