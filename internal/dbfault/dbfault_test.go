// Package dbfault stops PostgreSQL under a running `kefu serve` in the middle
// of concurrent writes and checks how kefu behaves (issue 4, item 6):
//
//   - while the database is down every API request answers 503 with a
//     Retry-After header, promptly (not 500, not a hang), and /readyz is 503;
//   - once the database is back kefu serves 2xx again within ~10 s without a
//     restart, and /readyz is 200;
//   - every ticket kefu acknowledged with a 2xx is there afterwards.
//
// It never touches the shared PostgreSQL server: it initdb's its own
// throwaway cluster in a temporary directory, on a free port, as the
// `postgres` OS user (initdb refuses to run as root), and removes it at the
// end. It needs root, a `postgres` user and the PostgreSQL server binaries
// (KEFU_PG_BIN, or /usr/lib/postgresql/<version>/bin); without them it skips,
// unless KEFU_REQUIRE_POSTGRES=1 (set by CI), in which case it fails.
package dbfault

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/testbin"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testbin.Remove()
	os.Exit(code)
}

// unavailable skips the test, or fails it when PostgreSQL is required.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("KEFU_REQUIRE_POSTGRES") == "1" {
		t.Fatalf("KEFU_REQUIRE_POSTGRES=1 but a private PostgreSQL cluster cannot be started: %s", msg)
	}
	t.Skipf("skipping: a private PostgreSQL cluster cannot be started: %s (set KEFU_REQUIRE_POSTGRES=1 to make this a failure)", msg)
}

// pgBinDir finds the PostgreSQL server binaries (initdb, pg_ctl).
func pgBinDir() (string, error) {
	has := func(dir string) bool {
		for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
			if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
				return false
			}
		}
		return true
	}
	if d := os.Getenv("KEFU_PG_BIN"); d != "" {
		if has(d) {
			return d, nil
		}
		return "", fmt.Errorf("KEFU_PG_BIN=%s has no initdb/pg_ctl/postgres", d)
	}
	if has("/usr/lib/postgresql/15/bin") {
		return "/usr/lib/postgresql/15/bin", nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if has(d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("no initdb/pg_ctl in /usr/lib/postgresql/*/bin (set KEFU_PG_BIN)")
}

// cluster is a private PostgreSQL cluster owned by the postgres OS user.
type cluster struct {
	t       *testing.T
	bin     string // directory of the server binaries
	dir     string // base directory: socket dir, log file
	data    string // PGDATA
	port    int
	running bool
}

// asPostgres runs a PostgreSQL binary as the postgres OS user. Output goes to
// a file, not a pipe: the postmaster that pg_ctl starts must not hold our
// pipes open.
func (c *cluster) asPostgres(timeout time.Duration, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	out, err := os.CreateTemp(c.dir, "cmd-*.out")
	if err != nil {
		return "", err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	cmd := exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", filepath.Join(c.bin, name)}, args...)...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	cmd.Stdout, cmd.Stderr = out, out
	err = cmd.Run()
	b, _ := os.ReadFile(out.Name())
	return string(b), err
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	if os.Geteuid() != 0 {
		unavailable(t, "not running as root (euid %d): cannot run initdb as the postgres user", os.Geteuid())
	}
	pg, err := user.Lookup("postgres")
	if err != nil {
		unavailable(t, "no postgres OS user: %v", err)
	}
	if _, err := exec.LookPath("runuser"); err != nil {
		unavailable(t, "runuser not found: %v", err)
	}
	bin, err := pgBinDir()
	if err != nil {
		unavailable(t, "%v", err)
	}
	uid, _ := strconv.Atoi(pg.Uid)
	gid, _ := strconv.Atoi(pg.Gid)
	// Not t.TempDir: its parents are root-only, and postgres must reach it.
	dir, err := os.MkdirTemp("", "kefu-dbfault-pg-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		os.RemoveAll(dir)
		unavailable(t, "chown %s to postgres: %v", dir, err)
	}
	c := &cluster{t: t, bin: bin, dir: dir, data: filepath.Join(dir, "data"), port: testbin.FreePort(t)}
	t.Cleanup(func() {
		if c.running {
			if out, err := c.asPostgres(30*time.Second, "pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop"); err != nil {
				t.Logf("cleanup: pg_ctl stop: %v\n%s", err, out)
			}
		}
		os.RemoveAll(dir)
	})
	if out, err := c.asPostgres(2*time.Minute, "initdb", "-D", c.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.start()
	return c
}

func (c *cluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

func (c *cluster) start() {
	c.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, c.dir)
	out, err := c.asPostgres(60*time.Second, "pg_ctl", "-D", c.data, "-l", filepath.Join(c.dir, "postgres.log"), "-o", opts, "-w", "start")
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
		c.t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	c.running = true
}

func (c *cluster) stop() {
	c.t.Helper()
	out, err := c.asPostgres(60*time.Second, "pg_ctl", "-D", c.data, "-m", "fast", "-w", "stop")
	if err != nil {
		c.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
	c.running = false
}

// server is one `kefu serve`.
type server struct {
	cmd  *exec.Cmd
	log  *syncBuffer
	addr string
	done chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServer(t *testing.T, bin string, env []string) *server {
	t.Helper()
	s := &server{log: &syncBuffer{}, addr: fmt.Sprintf("127.0.0.1:%d", testbin.FreePort(t)), done: make(chan struct{})}
	s.cmd = exec.Command(bin, "serve", "--addr", s.addr)
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-s.done
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if st, _ := readyz(s.addr); st == 200 {
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("kefu serve exited at start:\n%s", s.log)
		case <-time.After(25 * time.Millisecond):
		}
	}
	t.Fatalf("kefu serve not ready after 30s:\n%s", s.log)
	return nil
}

func (s *server) alive() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

func readyz(addr string) (int, http.Header) {
	hc := &http.Client{Timeout: 10 * time.Second}
	res, err := hc.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0, nil
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header
}

type client struct {
	base, token string
	hc          *http.Client
}

// reply is one HTTP exchange as the client saw it.
type reply struct {
	status     int // 0: transport error or timeout
	retryAfter string
	body       []byte
	err        error
	start, end time.Time
	what       string
}

func (c *client) do(method, path string, in, out any) reply {
	var rd io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		rd = bytes.NewReader(b)
	}
	r := reply{start: time.Now(), what: method + " " + path}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		r.err, r.end = err, time.Now()
		return r
	}
	defer res.Body.Close()
	r.body, err = io.ReadAll(res.Body)
	r.end = time.Now()
	if err != nil {
		r.err = err // status line without the whole body: not an answer
		return r
	}
	r.status = res.StatusCode
	r.retryAfter = res.Header.Get("Retry-After")
	if out != nil && r.status/100 == 2 {
		if err := json.Unmarshal(r.body, out); err != nil {
			r.err = fmt.Errorf("decode %s: %w", r.body, err)
		}
	}
	return r
}

func (r reply) String() string {
	if r.err != nil && r.status == 0 {
		return fmt.Sprintf("%s: no answer after %v: %v", r.what, r.end.Sub(r.start).Round(time.Millisecond), r.err)
	}
	return fmt.Sprintf("%s → %d (Retry-After %q) after %v: %s", r.what, r.status, r.retryAfter, r.end.Sub(r.start).Round(time.Millisecond), bytes.TrimSpace(r.body))
}

// ledger is what the workers saw.
type ledger struct {
	mu      sync.Mutex
	tickets map[int64]string // acknowledged ticket → subject
	replies []reply          // every answer (for classification afterwards)
}

func (L *ledger) record(r reply) {
	L.mu.Lock()
	L.replies = append(L.replies, r)
	L.mu.Unlock()
}

type ticketJSON struct {
	ID      int64  `json:"id"`
	Subject string `json:"subject"`
}

// work creates one customer and then one ticket for it.
func work(c *client, L *ledger, w, n int) {
	var cu struct {
		ID int64 `json:"id"`
	}
	r := c.do("POST", "/api/v1/customers", map[string]any{
		"name":   fmt.Sprintf("故障客户 %d-%d", w, n),
		"phones": []string{fmt.Sprintf("139%02d%06d", w, n%1000000)},
	}, &cu)
	L.record(r)
	if r.status != 201 || r.err != nil || cu.ID == 0 {
		time.Sleep(5 * time.Millisecond) // 503 or no answer: do not spin
		return
	}
	subject := fmt.Sprintf("数据库故障测试 %d-%d", w, n)
	var tk ticketJSON
	r = c.do("POST", "/api/v1/tickets", map[string]any{
		"subject": subject, "description": "客户来电：订单未发货", "customer_id": cu.ID,
		"service_type": "complaint", "priority": "normal",
	}, &tk)
	L.record(r)
	if r.status == 201 && r.err == nil && tk.ID != 0 {
		L.mu.Lock()
		L.tickets[tk.ID] = subject
		L.mu.Unlock()
	} else {
		time.Sleep(5 * time.Millisecond)
	}
}

func TestPostgresOutageAnswers503AndRecovers(t *testing.T) {
	pg := newCluster(t)
	bin := testbin.Kefu(t)
	env := append(os.Environ(), "KEFU_LOG_LEVEL=warn", "KEFU_DATA_DIR="+t.TempDir(), "KEFU_DATABASE_URL="+pg.url())

	cli := func(args ...string) []byte {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("kefu %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	cli("user", "create", "--email", "fault@example.com", "--name", "fault", "--password", "fault-pass-1", "--role", "admin")
	var tok struct{ Token string }
	if err := json.Unmarshal(cli("token", "create", "--email", "fault@example.com", "--name", "fault", "--json"), &tok); err != nil || tok.Token == "" {
		t.Fatalf("token: %v", err)
	}
	s := startServer(t, bin, env)
	c := &client{base: "http://" + s.addr, token: tok.Token,
		hc: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	L := &ledger{tickets: map[int64]string{}}

	const workers = 12
	var stopLoad atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; !stopLoad.Load(); n++ {
				work(c, L, w, n)
			}
		}(w)
	}
	defer func() { stopLoad.Store(true); wg.Wait() }()

	// Load on a healthy database first.
	time.Sleep(800 * time.Millisecond)
	L.mu.Lock()
	before := len(L.tickets)
	L.mu.Unlock()

	stopAsked := time.Now()
	pg.stop()
	downFrom := time.Now() // the postmaster is gone: every request from now on meets a dead database
	t.Logf("PostgreSQL stopped (pg_ctl -m fast took %v) after %d acknowledged tickets", downFrom.Sub(stopAsked).Round(time.Millisecond), before)

	// While it is down: /readyz is 503 (checked a few times, promptly).
	var readyDown []int
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		st, h := readyz(s.addr)
		readyDown = append(readyDown, st)
		if st != 503 {
			t.Errorf("/readyz while PostgreSQL is down: %d, want 503", st)
		} else if h.Get("Retry-After") == "" {
			t.Errorf("/readyz 503 without Retry-After")
		}
		if d := time.Since(t0); d > 5*time.Second {
			t.Errorf("/readyz took %v while PostgreSQL is down", d)
		}
		time.Sleep(700 * time.Millisecond)
	}
	downUntil := time.Now()
	startAsked := time.Now()
	pg.start()
	upAt := time.Now()
	t.Logf("PostgreSQL down for %v; pg_ctl start took %v", upAt.Sub(stopAsked).Round(time.Millisecond), upAt.Sub(startAsked).Round(time.Millisecond))

	// Recovery: a create answers 2xx and /readyz is 200, without restarting kefu.
	var recoveredAt time.Time
	var lastRecover reply
	var lastReady int
	for deadline := upAt.Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var cu struct {
			ID int64 `json:"id"`
		}
		lastRecover = c.do("POST", "/api/v1/customers", map[string]any{"name": "恢复探测", "phones": []string{fmt.Sprintf("137%08d", time.Now().UnixNano()%100000000)}}, &cu)
		lastReady, _ = readyz(s.addr)
		if lastRecover.status/100 == 2 && lastReady == 200 {
			recoveredAt = time.Now()
			break
		}
	}
	if recoveredAt.IsZero() {
		t.Errorf("kefu did not recover within 10 s of PostgreSQL coming back: last create %v; /readyz %d\nkefu log:\n%s", lastRecover, lastReady, tail(s.log.String(), 4000))
	} else {
		t.Logf("recovered %v after PostgreSQL was back", recoveredAt.Sub(upAt).Round(time.Millisecond))
	}
	// Keep the load on a little after recovery, then stop it.
	time.Sleep(700 * time.Millisecond)
	stopLoad.Store(true)
	wg.Wait()
	if !s.alive() {
		t.Fatalf("kefu serve exited during the outage:\n%s", tail(s.log.String(), 4000))
	}

	// Classify every answer the workers got. A request that started after the
	// postmaster was gone and ended before it was started again met a dead
	// database throughout: it must be a prompt 503 with Retry-After. Requests
	// caught by the transitions (in flight when the server shut down, or when
	// it came back) may also succeed, but never 500 or hang.
	counts := map[string]int{}
	var bad []string
	var maxDownLatency time.Duration
	statuses := map[int]int{}
	at := func(r reply) string {
		return fmt.Sprintf(" [started %+v / ended %+v from pg_ctl stop; started %+v from PostgreSQL back up]",
			r.start.Sub(stopAsked).Round(time.Millisecond), r.end.Sub(stopAsked).Round(time.Millisecond), r.start.Sub(upAt).Round(time.Millisecond))
	}
	var saw401 bool
	for _, r := range L.replies {
		statuses[r.status]++
		saw401 = saw401 || r.status == 401
		lat := r.end.Sub(r.start)
		phase := "transition"
		switch {
		case r.end.Before(stopAsked):
			phase = "before"
		case !r.start.Before(downFrom) && r.end.Before(downUntil):
			phase = "down"
		case r.start.After(upAt):
			phase = "after"
		}
		counts[phase]++
		switch phase {
		case "down":
			if lat > maxDownLatency {
				maxDownLatency = lat
			}
			counts["down_503"] += b2i(r.status == 503)
			if r.status != 503 || r.retryAfter == "" {
				bad = append(bad, "while down: "+r.String()+at(r))
			} else if lat > 5*time.Second {
				bad = append(bad, "while down, slow: "+r.String()+at(r))
			}
		case "transition":
			counts["transition_503"] += b2i(r.status == 503)
			if r.status == 503 && r.retryAfter == "" {
				bad = append(bad, "503 without Retry-After: "+r.String()+at(r))
			} else if r.status/100 != 2 && r.status != 503 {
				bad = append(bad, "around the stop/start: "+r.String()+at(r))
			}
		default:
			if r.status/100 != 2 && r.status != 503 {
				bad = append(bad, phase+" the outage: "+r.String()+at(r))
			}
		}
	}
	t.Logf("answers: %d total, by status %v; by phase %v; slowest while down %v", len(L.replies), statuses, counts, maxDownLatency.Round(time.Millisecond))
	if counts["down"] == 0 {
		t.Errorf("no request ran entirely while PostgreSQL was down: the test did not exercise the outage")
	}
	for i, b := range bad {
		if i == 20 {
			t.Errorf("… and %d more", len(bad)-20)
			break
		}
		t.Error(b)
	}
	if saw401 {
		t.Errorf("a valid token got 401 while the database was failing: identity.BearerToken / Session treat any error from GetUser as \"unauthenticated\"; they should return only NotFound (or !u.Active) as 401 and pass other errors on, so that problemFrom answers 503")
	}
	if len(bad) > 0 {
		t.Logf("kefu log (tail):\n%s", tail(s.log.String(), 4000))
	}

	// Nothing acknowledged is lost.
	if len(L.tickets) == 0 {
		t.Fatalf("no ticket was acknowledged")
	}
	lost := 0
	for id, subject := range L.tickets {
		var tk ticketJSON
		r := c.do("GET", "/api/v1/tickets/"+strconv.FormatInt(id, 10), nil, &tk)
		if r.status != 200 || r.err != nil || tk.Subject != subject {
			lost++
			if lost <= 20 {
				t.Errorf("acknowledged ticket %d (%q): %v", id, subject, r)
			}
		}
	}
	t.Logf("verified %d acknowledged tickets (%d before the outage), %d missing or changed", len(L.tickets), before, lost)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
