package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/app"
	"github.com/kefuhq/kefu/internal/config"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/identity"
)

// env is a whole kefu app on a fresh database with one user per role.
type env struct {
	t      *testing.T
	db     *db.DB
	app    *app.App
	srv    *httptest.Server
	tokens map[string]string // role → bearer token
	users  map[string]identity.User
	teams  map[string]int64 // name → id
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	return newEnvWith(t, d, nil)
}

// newEnvWith is newEnv with configuration changes (e.g. a model endpoint).
func newEnvWith(t *testing.T, d *db.DB, configure func(*config.Config)) *env {
	t.Helper()
	ctx := context.Background()
	c := config.Default()
	c.MaxBodyBytes = 64 << 10
	if configure != nil {
		configure(&c)
	}
	log := slog.New(slog.NewTextHandler(newTestLog(t), &slog.HandlerOptions{Level: slog.LevelWarn}))
	a := app.New(c, d, log)
	relayCtx, cancel := context.WithCancel(ctx)
	go a.Relay.Run(relayCtx)
	srv := httptest.NewServer(a.Server.Handler())
	t.Cleanup(func() { srv.Close(); cancel() })
	e := &env{t: t, db: d, app: a, srv: srv, tokens: map[string]string{}, users: map[string]identity.User{}, teams: map[string]int64{}}
	by := identity.Actor{Name: "test"}
	for _, tm := range []identity.TeamInput{{Name: "一线客服", Kind: "service"}, {Name: "风控", Kind: "department"}, {Name: "物流", Kind: "department"}} {
		team, err := a.Identity.SaveTeam(ctx, 0, tm, by)
		if err != nil {
			t.Fatal(err)
		}
		e.teams[tm.Name] = team.ID
	}
	front, risk := e.teams["一线客服"], e.teams["风控"]
	for _, role := range identity.RoleNames() {
		team := &front
		if role == "department" {
			team = &risk
		}
		u, err := a.Identity.CreateUser(ctx, identity.NewUser{Email: role + "@example.com", Name: "用户" + role, Password: "password-" + role, Role: role, TeamID: team}, by)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := a.Identity.CreateToken(ctx, u.ID, "test", by)
		if err != nil {
			t.Fatal(err)
		}
		e.users[role], e.tokens[role] = u, tok.Token
	}
	return e
}

// resp is a decoded answer.
type resp struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    []byte
}

// do sends a request as a role ("" for none) with a JSON body (string bodies are sent as is).
func (e *env) do(role, method, path string, body any, hdr ...string) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := resp{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &r.Body)
	return r
}

// must checks the status and returns the body.
func (e *env) must(want int, r resp) map[string]any {
	e.t.Helper()
	if r.Status != want {
		e.t.Fatalf("status %d, want %d: %s", r.Status, want, r.Raw)
	}
	return r.Body
}

func (e *env) count(table string) int {
	var n int
	if err := e.db.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

// sse reads server-sent events from the stream as a role.
type sse struct {
	events chan [2]string // event, data
	cancel func()
}

func (e *env) stream(role string) *sse {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		cancel()
		e.t.Fatalf("stream: %v %v", err, res)
	}
	s := &sse{events: make(chan [2]string, 64), cancel: cancel}
	go func() {
		defer res.Body.Close()
		buf := make([]byte, 0, 4096)
		tmp := make([]byte, 4096)
		for {
			n, err := res.Body.Read(tmp)
			buf = append(buf, tmp[:n]...)
			for {
				i := bytes.Index(buf, []byte("\n\n"))
				if i < 0 {
					break
				}
				var ev, data string
				for _, line := range bytes.Split(buf[:i], []byte("\n")) {
					if v, ok := bytes.CutPrefix(line, []byte("event: ")); ok {
						ev = string(v)
					}
					if v, ok := bytes.CutPrefix(line, []byte("data: ")); ok {
						data = string(v)
					}
				}
				buf = buf[i+2:]
				if ev != "" {
					s.events <- [2]string{ev, data}
				}
			}
			if err != nil {
				close(s.events)
				return
			}
		}
	}()
	e.t.Cleanup(cancel)
	return s
}

// next waits for the next event of a kind, up to d.
func (s *sse) next(kind string, d time.Duration) (map[string]any, bool) {
	timeout := time.After(d)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				return nil, false
			}
			if ev[0] == kind {
				var m map[string]any
				_ = json.Unmarshal([]byte(ev[1]), &m)
				return m, true
			}
		case <-timeout:
			return nil, false
		}
	}
}

// testLogWriter sends the server's log to the test's log, shown on failure,
// and drops lines written after the test ended (background goroutines).
type testLogWriter struct {
	t    *testing.T
	mu   *sync.Mutex
	done *bool
}

func newTestLog(t *testing.T) testLogWriter {
	w := testLogWriter{t: t, mu: &sync.Mutex{}, done: new(bool)}
	t.Cleanup(func() { w.mu.Lock(); *w.done = true; w.mu.Unlock() })
	return w
}

func (w testLogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !*w.done {
		w.t.Log(string(bytes.TrimSpace(p)))
	}
	return len(p), nil
}
