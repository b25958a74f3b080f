package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Scenarios are the operations the load generator knows, in report order.
// "create" opens a ticket for a new customer in one request (the customer
// inline); "create2" is the same work as two requests, customer then ticket.
var Scenarios = []string{"create", "create2", "inbox", "view", "reply", "status", "search"}

// DefaultMix is a contact centre's rough mix of work.
const DefaultMix = "create=4,inbox=3,view=2,reply=1,status=1,search=1"

// LoadOptions configure a load run against a running kefu.
type LoadOptions struct {
	URL         string // http://127.0.0.1:8080
	Token       string // kefu_…
	AllowRemote bool
	Plan        Plan
	Mix         map[string]int // scenario → weight
	SeedPages   int            // pages of 200 tickets fetched at start (default 10)
	Timeout     time.Duration  // per request (default 30s)
	// SamplePID, when set, is the server's process id: its VmRSS is
	// sampled every SampleEvery (default 10s) while the load runs.
	SamplePID   int
	SampleEvery time.Duration
}

// ParseMix reads "create=4,inbox=3" or a single scenario name.
func ParseMix(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, w, found := strings.Cut(part, "=")
		weight := 1
		if found {
			n, err := strconv.Atoi(w)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("bench: bad weight in %q", part)
			}
			weight = n
		}
		if !known(name) {
			return nil, fmt.Errorf("bench: unknown scenario %q (known: %s)", name, strings.Join(Scenarios, ", "))
		}
		if weight > 0 {
			out[name] += weight
		}
	}
	if len(out) == 0 {
		return nil, errors.New("bench: empty mix")
	}
	return out, nil
}

func known(s string) bool {
	for _, x := range Scenarios {
		if x == s {
			return true
		}
	}
	return false
}

// CheckTarget refuses anything but a loopback address unless allowed: a load
// generator pointed at someone else's server by mistake is an attack.
func CheckTarget(raw string, allowRemote bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("bench: --url must be http(s)://host:port, got %q", raw)
	}
	if allowRemote {
		return u, nil
	}
	host := u.Hostname()
	if host == "localhost" {
		return u, nil
	}
	ip := net.ParseIP(host)
	if ip == nil {
		addrs, err := net.LookupIP(host)
		if err != nil || len(addrs) == 0 {
			return nil, fmt.Errorf("bench: cannot resolve %q; pass --allow-remote to target it anyway", host)
		}
		for _, a := range addrs {
			if !a.IsLoopback() {
				return nil, fmt.Errorf("bench: %s is not a loopback address; pass --allow-remote to load a remote server", host)
			}
		}
		return u, nil
	}
	if !ip.IsLoopback() {
		return nil, fmt.Errorf("bench: %s is not a loopback address; pass --allow-remote to load a remote server", host)
	}
	return u, nil
}

// NewHTTPClient returns a client tuned for load: enough idle connections per
// host that no worker ever opens a fresh one, no compression, no HTTP/2.
func NewHTTPClient(conns int, timeout time.Duration) *http.Client {
	if conns < 16 {
		conns = 16
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
		WriteBufferSize:     16 << 10,
		ReadBufferSize:      32 << 10,
	}
	return &http.Client{Transport: tr, Timeout: timeout}
}

// Client talks to kefu's API with a bearer token.
type Client struct {
	Base  string
	Token string
	HC    *http.Client
}

// Do sends a request and decodes a 2xx JSON answer into out (when not nil);
// the body is always drained so the connection is reused. It returns the
// status (0 on a transport error) and, for 4xx/5xx, the raw body.
func (c *Client) Do(ctx context.Context, method, path string, in, out any) (int, []byte, error) {
	var rd io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	req.Header.Set("Accept-Language", "en")
	res, err := c.HC.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		_, _ = io.Copy(io.Discard, res.Body)
		return res.StatusCode, b, nil
	}
	if out != nil {
		err = json.NewDecoder(res.Body).Decode(out)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil, err
}

// ticketRef is what the generator knows of a ticket.
type ticketRef struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	Status  string `json:"status"`
}

// pool holds the ids to work on: fetched at start and created during the run.
type pool struct {
	mu      sync.Mutex
	tickets []*ticketRef
	teams   []int64
}

func (p *pool) add(t *ticketRef) {
	p.mu.Lock()
	p.tickets = append(p.tickets, t)
	p.mu.Unlock()
}

func (p *pool) pick(r *rand.Rand) (ticketRef, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.tickets) == 0 {
		return ticketRef{}, false
	}
	return *p.tickets[r.IntN(len(p.tickets))], true
}

// pickRef returns the shared record itself (status changes update it).
func (p *pool) pickRef(r *rand.Rand) *ticketRef {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.tickets) == 0 {
		return nil
	}
	return p.tickets[r.IntN(len(p.tickets))]
}

func (p *pool) team(r *rand.Rand) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.teams) == 0 {
		return 0
	}
	return p.teams[r.IntN(len(p.teams))]
}

// Load runs the scenarios against a server and returns the report.
func Load(ctx context.Context, o LoadOptions) (Report, error) {
	u, err := CheckTarget(o.URL, o.AllowRemote)
	if err != nil {
		return Report{}, err
	}
	if o.Token == "" {
		return Report{}, errors.New("bench: an API token is required (--token or KEFU_BENCH_TOKEN)")
	}
	if o.Mix == nil {
		o.Mix, _ = ParseMix(DefaultMix)
	}
	conns := o.Plan.workers()
	if o.Plan.Rate > 0 {
		conns = o.Plan.maxInFlight()
	}
	c := &Client{Base: strings.TrimRight(u.String(), "/"), Token: o.Token, HC: NewHTTPClient(conns, o.Timeout)}
	defer c.HC.CloseIdleConnections()
	p := &pool{}
	if err := seed(ctx, c, p, o.SeedPages); err != nil {
		return Report{}, err
	}
	needTickets := o.Mix["view"]+o.Mix["reply"]+o.Mix["status"] > 0
	if needTickets && len(p.tickets) == 0 && o.Mix["create"]+o.Mix["create2"] == 0 {
		return Report{}, errors.New("bench: the server has no tickets to view, reply to or change; load demo data or add create to the mix")
	}
	names := make([]string, 0, len(o.Mix))
	for n := range o.Mix {
		names = append(names, n)
	}
	sort.Strings(names)
	total := 0
	for _, n := range names {
		total += o.Mix[n]
	}
	rec := NewRecorder()
	var rmu sync.Mutex
	seedRand := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	newRand := func() *rand.Rand {
		rmu.Lock()
		defer rmu.Unlock()
		return rand.New(rand.NewPCG(seedRand.Uint64(), seedRand.Uint64()))
	}
	workerRand := make([]*rand.Rand, o.Plan.workers())
	for i := range workerRand {
		workerRand[i] = newRand()
	}
	s := &scenarios{c: c, p: p, rec: rec}
	var mem *memorySampler
	if o.SamplePID != 0 {
		if mem, err = sampleMemory(o.SamplePID, o.SampleEvery); err != nil {
			return Report{}, fmt.Errorf("bench: --sample-memory: %w", err)
		}
	}
	elapsed := o.Plan.Run(ctx, func(ctx context.Context, w int, due time.Time) {
		var r *rand.Rand
		if w >= 0 {
			r = workerRand[w]
		} else {
			r = newRand()
		}
		n := r.IntN(total)
		name := names[len(names)-1]
		for _, nm := range names {
			if n < o.Mix[nm] {
				name = nm
				break
			}
			n -= o.Mix[nm]
		}
		s.run(ctx, name, r, due)
	})
	title := "kefu load " + c.Base
	rep := rec.Summarise(title, o.Plan.Mode(), elapsed)
	if mem != nil {
		rep.Memory = mem.finish()
	}
	return rep, nil
}

// seed fetches teams and some pages of tickets to work on.
func seed(ctx context.Context, c *Client, p *pool, pages int) error {
	var teams struct {
		Items []struct {
			ID   int64  `json:"id"`
			Kind string `json:"kind"`
		} `json:"items"`
	}
	st, body, err := c.Do(ctx, "GET", "/api/v1/teams", nil, &teams)
	if err != nil {
		return fmt.Errorf("bench: cannot reach %s: %w", c.Base, err)
	}
	if st != 200 {
		return fmt.Errorf("bench: GET /api/v1/teams: %d %s", st, body)
	}
	for _, t := range teams.Items {
		if t.Kind == "service" {
			p.teams = append(p.teams, t.ID)
		}
	}
	if pages <= 0 {
		pages = 10
	}
	cursor := ""
	for i := 0; i < pages; i++ {
		var pg struct {
			Items      []*ticketRef `json:"items"`
			NextCursor string       `json:"next_cursor"`
		}
		path := "/api/v1/tickets?limit=200&sort=-updated"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		st, body, err := c.Do(ctx, "GET", path, nil, &pg)
		if err != nil || st != 200 {
			return fmt.Errorf("bench: GET %s: %d %s %v", path, st, body, err)
		}
		p.tickets = append(p.tickets, pg.Items...)
		if pg.NextCursor == "" {
			break
		}
		cursor = pg.NextCursor
	}
	return nil
}

type scenarios struct {
	c   *Client
	p   *pool
	rec *Recorder
}

var (
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐")
	given     = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"}
	subjects  = []string{"订单迟迟未发货，要求尽快处理", "申请课程退款", "信用卡账单有一笔不明扣款", "宽带经常断线", "物流显示已签收但未收到包裹", "发票抬头开错需要重开", "账户被冻结无法登录", "投诉客服态度不好", "咨询会员积分规则", "路灯不亮请尽快维修"}
	bodies    = []string{"您好，我上周下的单到现在还没有发货，麻烦帮我查一下，谢谢。", "客户来电反映问题已持续三天，情绪比较激动，请相关部门尽快回复。", "已核实客户身份，请财务部门协助处理退款事宜。", "客户表示如果今天还不能解决，将向12345热线投诉。"}
	replies   = []string{"您好，已为您查询，包裹预计明天送达，请留意电话。", "非常抱歉给您带来不便，我们已加急处理，24小时内给您答复。", "已提交财务审核，退款将在3-5个工作日内原路退回。", "感谢您的耐心等待，问题已经解决，如有疑问请随时联系我们。"}
	searchQ   = []string{"退款", "发货", "发票", "投诉", "物流", "账户", "refund", "invoice", "order", "积分"}
	svcTypes  = []string{"consultation", "query", "complaint", "suggestion", "help"}
	priorites = []string{"low", "normal", "normal", "normal", "high", "urgent"}
)

func (s *scenarios) run(ctx context.Context, name string, r *rand.Rand, due time.Time) {
	switch name {
	case "create":
		s.create(ctx, r, due)
	case "create2":
		s.create2(ctx, r, due)
	case "inbox":
		path := "/api/v1/tickets?limit=50&status=new,open&sort=-priority"
		if t := s.p.team(r); t != 0 {
			path += "&team_id=" + strconv.FormatInt(t, 10)
		}
		st, _, err := s.c.Do(ctx, "GET", path, nil, nil)
		s.rec.Record(name, time.Since(due), st, err)
	case "search":
		q := searchQ[r.IntN(len(searchQ))]
		st, _, err := s.c.Do(ctx, "GET", "/api/v1/tickets?limit=50&q="+url.QueryEscape(q), nil, nil)
		s.rec.Record(name, time.Since(due), st, err)
	case "view":
		t, ok := s.p.pick(r)
		if !ok {
			s.rec.Record(name, 0, 0, errors.New("no ticket"))
			return
		}
		id := strconv.FormatInt(t.ID, 10)
		st, _, err := s.c.Do(ctx, "GET", "/api/v1/tickets/"+id, nil, nil)
		if err == nil && st == 200 {
			st, _, err = s.c.Do(ctx, "GET", "/api/v1/tickets/"+id+"/events", nil, nil)
		}
		s.rec.Record(name, time.Since(due), st, err)
	case "reply":
		t, ok := s.p.pick(r)
		if !ok {
			s.rec.Record(name, 0, 0, errors.New("no ticket"))
			return
		}
		st, _, err := s.c.Do(ctx, "POST", "/api/v1/tickets/"+strconv.FormatInt(t.ID, 10)+"/events",
			map[string]string{"kind": "reply", "body": replies[r.IntN(len(replies))]}, nil)
		s.rec.Record(name, time.Since(due), st, err)
	case "status":
		s.status(ctx, r, due)
	}
}

func newCustomer(r *rand.Rand) map[string]any {
	name := string(surnames[r.IntN(len(surnames))]) + given[r.IntN(len(given))]
	phone := fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1_000_000_000))
	return map[string]any{"name": name, "phones": []string{phone}}
}

func newTicket(r *rand.Rand) map[string]any {
	return map[string]any{
		"subject":      subjects[r.IntN(len(subjects))],
		"description":  bodies[r.IntN(len(bodies))],
		"service_type": svcTypes[r.IntN(len(svcTypes))],
		"priority":     priorites[r.IntN(len(priorites))],
	}
}

// create opens a ticket for a new customer in one request.
func (s *scenarios) create(ctx context.Context, r *rand.Rand, due time.Time) {
	in := newTicket(r)
	in["customer"] = newCustomer(r)
	s.postTicket(ctx, "create", in, due)
}

// create2 is create as two requests: the customer, then its ticket.
func (s *scenarios) create2(ctx context.Context, r *rand.Rand, due time.Time) {
	var cust struct {
		ID int64 `json:"id"`
	}
	st, _, err := s.c.Do(ctx, "POST", "/api/v1/customers", newCustomer(r), &cust)
	if err != nil || st/100 != 2 {
		s.rec.Record("create2", time.Since(due), st, err)
		return
	}
	in := newTicket(r)
	in["customer_id"] = cust.ID
	s.postTicket(ctx, "create2", in, due)
}

func (s *scenarios) postTicket(ctx context.Context, name string, in map[string]any, due time.Time) {
	var t ticketRef
	st, _, err := s.c.Do(ctx, "POST", "/api/v1/tickets", in, &t)
	s.rec.Record(name, time.Since(due), st, err)
	if err == nil && st/100 == 2 && t.ID != 0 {
		s.p.add(&t)
	}
}

// status moves a ticket to the next status with the version it knows; on a
// 409 it takes the current version (from the 409's body, else a GET) and
// retries once. Both the 409 and the retry are counted.
func (s *scenarios) status(ctx context.Context, r *rand.Rand, due time.Time) {
	ref := s.p.pickRef(r)
	if ref == nil {
		s.rec.Record("status", 0, 0, errors.New("no ticket"))
		return
	}
	s.p.mu.Lock()
	t := *ref
	s.p.mu.Unlock()
	path := "/api/v1/tickets/" + strconv.FormatInt(t.ID, 10)
	var out ticketRef
	st, body, err := s.c.Do(ctx, "PATCH", path, map[string]any{"version": t.Version, "status": nextStatus(t.Status)}, &out)
	if err == nil && st == 409 {
		s.rec.Count("status", "conflict_409")
		var cur struct {
			Current *ticketRef `json:"current"`
		}
		_ = json.Unmarshal(body, &cur)
		if cur.Current == nil || cur.Current.Version == 0 {
			cur.Current = &ticketRef{}
			if st, _, err = s.c.Do(ctx, "GET", path, nil, cur.Current); err != nil || st != 200 {
				s.rec.Record("status", time.Since(due), st, err)
				return
			}
		}
		s.rec.Count("status", "retried")
		st, _, err = s.c.Do(ctx, "PATCH", path, map[string]any{"version": cur.Current.Version, "status": nextStatus(cur.Current.Status)}, &out)
	}
	s.rec.Record("status", time.Since(due), st, err)
	if err == nil && st == 200 {
		s.p.mu.Lock()
		if out.Version > ref.Version {
			ref.Version, ref.Status = out.Version, out.Status
		}
		s.p.mu.Unlock()
	}
}

// nextStatus is always an allowed move: everything reopens to open, open
// waits on the customer.
func nextStatus(from string) string {
	if from == "open" {
		return "pending_customer"
	}
	return "open"
}
