// Package crashtest kills a running `kefu serve` with SIGKILL in the middle
// of concurrent writes, restarts it, and checks that every write the server
// acknowledged with a 2xx is there and complete: what a client was told is
// saved must survive a crash. It runs on SQLite, and on PostgreSQL when
// KEFU_TEST_POSTGRES_URL is set.
//
// The default form is short (3 kills, a few seconds); KEFU_CRASH_LONG=1 runs
// 10 kills with longer stretches of load.
package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/testbin"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testbin.Remove()
	os.Exit(code)
}

func TestKillNineKeepsAcknowledgedWrites(t *testing.T) {
	bin := testbin.Kefu(t)
	for _, e := range dbtest.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			o := dbtest.Options(t, e) // fresh SQLite dir or PostgreSQL schema, removed at the end
			env := append(os.Environ(), "KEFU_LOG_LEVEL=warn", "KEFU_DATA_DIR="+o.DataDir, "KEFU_DATABASE_URL="+o.URL)
			runCrash(t, bin, env)
		})
	}
}

// server is one run of `kefu serve`.
type server struct {
	t    *testing.T
	bin  string
	env  []string
	addr string
	cmd  *exec.Cmd
	log  *bytes.Buffer
}

func (s *server) start() {
	s.t.Helper()
	s.log = &bytes.Buffer{}
	s.cmd = exec.Command(s.bin, "serve", "--addr", s.addr)
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + s.addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.kill()
	s.t.Fatalf("kefu serve not ready after 20s:\n%s", s.log)
}

// kill sends SIGKILL: no shutdown, no flush, no deferred close.
func (s *server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_, _ = s.cmd.Process.Wait()
	s.cmd = nil
}

// ledger is what the server acknowledged.
type ledger struct {
	mu       sync.Mutex
	tickets  []int64                    // acknowledged creates
	versions map[int64]int              // ticket → highest acknowledged version (create or PATCH)
	statuses map[int64]map[int]string   // ticket → version → status it acknowledged
	replies  map[int64]map[int64]string // ticket → event id → body
	acks     atomic.Int64
	fails    atomic.Int64
}

type ticketJSON struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	Status  string `json:"status"`
}

type client struct {
	base, token string
	hc          *http.Client
}

func (c *client) do(method, path string, in, out any) (int, []byte, error) {
	var rd io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		time.Sleep(10 * time.Millisecond) // the server is down: do not spin
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		// The status line arrived but not the whole body: not an acknowledgement.
		return 0, nil, err
	}
	if out != nil && res.StatusCode/100 == 2 {
		if err := json.Unmarshal(b, out); err != nil {
			return 0, b, err
		}
	}
	return res.StatusCode, b, nil
}

func runCrash(t *testing.T, bin string, env []string) {
	kills, stretch := 3, 600*time.Millisecond
	workers := 6
	if os.Getenv("KEFU_CRASH_LONG") == "1" {
		kills, stretch, workers = 10, 3*time.Second, 16
	}
	// A user and a token, made with the CLI as an operator would.
	cli := func(args ...string) []byte {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("kefu %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	cli("user", "create", "--email", "crash@example.com", "--name", "crash", "--password", "crash-pass-1", "--role", "admin")
	var tok struct{ Token string }
	if err := json.Unmarshal(cli("token", "create", "--email", "crash@example.com", "--name", "crash", "--json"), &tok); err != nil || tok.Token == "" {
		t.Fatalf("token: %v", err)
	}
	s := &server{t: t, bin: bin, env: env, addr: fmt.Sprintf("127.0.0.1:%d", testbin.FreePort(t))}
	s.start()
	t.Cleanup(s.kill)
	c := &client{base: "http://" + s.addr, token: tok.Token, hc: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	L := &ledger{versions: map[int64]int{}, statuses: map[int64]map[int]string{}, replies: map[int64]map[int64]string{}}

	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			for n := 0; !stop.Load(); n++ {
				work(c, L, r, w, n)
			}
		}(w)
	}
	r := rand.New(rand.NewPCG(99, uint64(time.Now().UnixNano())))
	for k := 0; k < kills; k++ {
		time.Sleep(stretch/2 + time.Duration(r.Int64N(int64(stretch))))
		before := L.acks.Load()
		s.kill()
		t.Logf("kill -9 #%d after %d acknowledged writes", k+1, before)
		time.Sleep(time.Duration(r.IntN(100)) * time.Millisecond)
		s.start()
	}
	time.Sleep(stretch / 2)
	stop.Store(true)
	wg.Wait()
	// One more crash with nothing in flight, then verify on a fresh start.
	s.kill()
	s.start()
	t.Logf("acknowledged %d writes (%d tickets), %d failed or unacknowledged", L.acks.Load(), len(L.tickets), L.fails.Load())
	if len(L.tickets) == 0 {
		t.Fatalf("no ticket was acknowledged; server log:\n%s", s.log)
	}
	verify(t, c, L)
}

var statusNext = map[string]string{"new": "open", "open": "pending_customer", "pending_customer": "open", "pending_internal": "open", "resolved": "open", "closed": "open"}

// work does one write and records it only when the server answered 2xx.
func work(c *client, L *ledger, r *rand.Rand, w, n int) {
	L.mu.Lock()
	var id int64
	var ver int
	if len(L.tickets) > 0 {
		id = L.tickets[r.IntN(len(L.tickets))]
		ver = L.versions[id]
	}
	L.mu.Unlock()
	op := r.IntN(10)
	switch {
	case id == 0 || op < 4:
		var tk ticketJSON
		st, _, err := c.do("POST", "/api/v1/tickets", map[string]any{"subject": fmt.Sprintf("崩溃测试 %d-%d", w, n),
			"description": "客户来电：订单未发货", "service_type": "complaint", "priority": "normal"}, &tk)
		if err != nil || st != 201 || tk.ID == 0 {
			L.fails.Add(1)
			return
		}
		L.mu.Lock()
		L.tickets = append(L.tickets, tk.ID)
		L.versions[tk.ID] = tk.Version
		L.statuses[tk.ID] = map[int]string{tk.Version: tk.Status}
		L.mu.Unlock()
	case op < 7:
		body := fmt.Sprintf("回复 %d-%d %x", w, n, r.Uint32())
		var ev struct {
			ID int64 `json:"id"`
		}
		st, _, err := c.do("POST", "/api/v1/tickets/"+strconv.FormatInt(id, 10)+"/events", map[string]string{"kind": "reply", "body": body}, &ev)
		if err != nil || st != 201 || ev.ID == 0 {
			L.fails.Add(1)
			return
		}
		L.mu.Lock()
		if L.replies[id] == nil {
			L.replies[id] = map[int64]string{}
		}
		L.replies[id][ev.ID] = body
		L.mu.Unlock()
	default:
		// The version we know may be stale (another worker's PATCH, or a
		// write that committed but whose answer was lost in the crash):
		// take the current one from the 409 and try once more.
		var cur ticketJSON
		st, _, err := c.do("GET", "/api/v1/tickets/"+strconv.FormatInt(id, 10), nil, &cur)
		if err != nil || st != 200 {
			L.fails.Add(1)
			return
		}
		if cur.Version > ver {
			ver = cur.Version
		}
		var tk ticketJSON
		st, _, err = c.do("PATCH", "/api/v1/tickets/"+strconv.FormatInt(id, 10), map[string]any{"version": ver, "status": statusNext[cur.Status]}, &tk)
		if err != nil || st != 200 {
			L.fails.Add(1)
			return
		}
		L.mu.Lock()
		if tk.Version > L.versions[id] {
			L.versions[id] = tk.Version
		}
		L.statuses[id][tk.Version] = tk.Status
		L.mu.Unlock()
	}
	L.acks.Add(1)
}

func verify(t *testing.T, c *client, L *ledger) {
	t.Helper()
	// Every ticket in the database (not only acknowledged ones) has its
	// created event first: a crash must not leave half a create behind.
	all := map[int64]ticketJSON{}
	cursor := ""
	for {
		var pg struct {
			Items      []ticketJSON `json:"items"`
			NextCursor string       `json:"next_cursor"`
		}
		path := "/api/v1/tickets?view=all&limit=200&sort=created"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		st, b, err := c.do("GET", path, nil, &pg)
		if err != nil || st != 200 {
			t.Fatalf("list tickets: %d %v %s", st, err, b)
		}
		for _, tk := range pg.Items {
			all[tk.ID] = tk
		}
		if pg.NextCursor == "" {
			break
		}
		cursor = pg.NextCursor
	}
	bad := 0
	for id, tk := range all {
		var evs struct {
			Items []struct {
				ID   int64  `json:"id"`
				Kind string `json:"kind"`
				Body string `json:"body"`
			} `json:"items"`
		}
		st, b, err := c.do("GET", "/api/v1/tickets/"+strconv.FormatInt(id, 10)+"/events", nil, &evs)
		if err != nil || st != 200 {
			t.Errorf("ticket %d events: %d %v %s", id, st, err, b)
			bad++
			continue
		}
		if len(evs.Items) == 0 || evs.Items[0].Kind != "created" {
			t.Errorf("ticket %d: first event is not 'created': %+v", id, evs.Items)
			bad++
		}
		got := map[int64]string{}
		for _, e := range evs.Items {
			got[e.ID] = e.Body
		}
		for eid, body := range L.replies[id] {
			if gb, ok := got[eid]; !ok || gb != body {
				t.Errorf("ticket %d: acknowledged reply %d (%q) lost or changed (got %q, present %v)", id, eid, body, gb, ok)
				bad++
			}
		}
		if v, ok := L.versions[id]; ok {
			if tk.Version < v {
				_, one, _ := c.do("GET", "/api/v1/tickets/"+strconv.FormatInt(id, 10), nil, nil)
				t.Errorf("ticket %d: version %d is older than the acknowledged %d; now %s; events %+v", id, tk.Version, v, one, evs.Items)
				bad++
			} else if want, ok := L.statuses[id][tk.Version]; ok && tk.Version == v && want != tk.Status {
				t.Errorf("ticket %d: status %q at version %d, acknowledged %q", id, tk.Status, v, want)
				bad++
			}
		}
		if bad > 20 {
			t.Fatal("too many failures")
		}
	}
	for _, id := range L.tickets {
		if _, ok := all[id]; !ok {
			t.Errorf("acknowledged ticket %d is missing after the crash", id)
		}
	}
	replies := 0
	for _, m := range L.replies {
		replies += len(m)
	}
	t.Logf("verified %d tickets in the database, %d acknowledged creates, %d acknowledged replies", len(all), len(L.tickets), replies)
}
