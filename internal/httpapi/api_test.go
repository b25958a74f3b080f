package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestTicketLifecycle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cust := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "张伟", "phones": []string{"138 1234 5678"}}))
		if cust["phones"].([]any)[0] != "138****5678" {
			t.Fatalf("phone not masked: %v", cust["phones"])
		}
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{
			"subject": "课程退款未到账", "description": "客户申请退款已 7 天", "customer_id": cust["id"], "service_type": "complaint", "priority": "high"}))
		if tk["number"] == "" || num(tk["version"]) != 1 || tk["status"] != "new" {
			t.Fatalf("created ticket: %v", tk)
		}
		id := num(tk["id"])
		path := fmt.Sprintf("/api/v1/tickets/%d", id)
		got := e.must(200, e.do("agent", "GET", path, nil))
		if got["subject"] != "课程退款未到账" || got["customer_name"] != "张伟" {
			t.Fatalf("get: %v", got)
		}

		// Two concurrent edits from version 1: the second gets 409 with the current version.
		e.must(200, e.do("agent", "PATCH", path, map[string]any{"version": 1, "priority": "urgent"}))
		conflict := e.do("supervisor", "PATCH", path, map[string]any{"version": 1, "status": "resolved"})
		if conflict.Status != 409 || num(conflict.Body["current"].(map[string]any)["version"]) != 2 {
			t.Fatalf("stale edit: %d %s", conflict.Status, conflict.Raw)
		}

		e.must(201, e.do("agent", "POST", path+"/events", map[string]any{"kind": "reply", "body": "您好,退款已加急处理"}))
		e.must(201, e.do("agent", "POST", path+"/events", map[string]any{"kind": "note", "body": "已联系财务"}))
		risk := e.teams["风控"]
		moved := e.must(200, e.do("agent", "PATCH", path, map[string]any{"version": 3, "team_id": risk, "status": "pending_internal"}))
		if num(moved["team_id"]) != risk || moved["status"] != "pending_internal" {
			t.Fatalf("hand-off: %v", moved)
		}
		// The timeline records every change with its actor.
		evs := e.must(200, e.do("agent", "GET", path+"/events", nil))["items"].([]any)
		var kinds []string
		for _, ev := range evs {
			m := ev.(map[string]any)
			kinds = append(kinds, m["kind"].(string))
			if m["actor_name"] == "" {
				t.Errorf("event %v has no actor", m)
			}
		}
		want := "created field reply status note assignment status"
		if strings.Join(kinds, " ") != want {
			t.Fatalf("timeline %v, want %s", kinds, want)
		}
		// Bad transition.
		bad := e.do("agent", "PATCH", path, map[string]any{"version": 4, "status": "new"})
		if bad.Status != 422 || !strings.Contains(string(bad.Raw), "body.status") {
			t.Fatalf("bad transition: %d %s", bad.Status, bad.Raw)
		}
	})
}

func TestTicketListFiltersAndCursor(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i := 0; i < 7; i++ {
			st := "query"
			if i%2 == 0 {
				st = "complaint"
			}
			e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": fmt.Sprintf("包裹延误 %d", i), "service_type": st, "priority": "normal"}))
		}
		seen := map[int64]bool{}
		cursor := ""
		pages := 0
		for {
			r := e.must(200, e.do("agent", "GET", "/api/v1/tickets?service_type=complaint&status=new&limit=2&cursor="+cursor, nil))
			for _, it := range r["items"].([]any) {
				m := it.(map[string]any)
				if m["service_type"] != "complaint" || seen[num(m["id"])] {
					t.Fatalf("bad or repeated row %v", m)
				}
				seen[num(m["id"])] = true
			}
			pages++
			cursor, _ = r["next_cursor"].(string)
			if cursor == "" {
				break
			}
		}
		if len(seen) != 4 || pages != 2 {
			t.Fatalf("saw %d complaints over %d pages, want 4 over 2", len(seen), pages)
		}
		r := e.must(200, e.do("agent", "GET", "/api/v1/tickets?q=延误%203", nil))
		if len(r["items"].([]any)) != 1 {
			t.Fatalf("text search: %v", r)
		}
		e.must(422, e.do("agent", "GET", "/api/v1/tickets?cursor=garbage", nil))
	})
}

func TestBadInputIsRejectedInTheCallersLanguageAndWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		before := e.count("tickets")
		cases := []struct {
			name, body, lang string
			status           int
			field, message   string
		}{
			{"invalid JSON", `{"subject":`, "zh-CN", 400, "", "JSON"},
			{"unknown field", `{"subject":"a","service_type":"query","hacker":1}`, "en", 422, "body.hacker", "is not an accepted field"},
			{"wrong type", `{"subject":5,"service_type":"query"}`, "zh-CN", 422, "body.subject", "类型不正确"},
			{"missing subject", `{"service_type":"query"}`, "en", 422, "body.subject", "is required"},
			{"empty subject", `{"subject":"  ","service_type":"query"}`, "zh-CN", 422, "body.subject", "不能为空"},
			{"over-long subject", `{"subject":"` + strings.Repeat("长", 201) + `","service_type":"query"}`, "en", 422, "body.subject", "at most 200"},
			{"unknown service type", `{"subject":"a","service_type":"gossip"}`, "zh-CN", 422, "body.service_type", "不存在"},
			{"bad priority", `{"subject":"a","service_type":"query","priority":"asap"}`, "en", 422, "body.priority", "one of"},
			{"invalid UTF-8", "{\"subject\":\"\xff\xfe\",\"service_type\":\"query\"}", "en", 422, "body", "UTF-8"},
			{"too large", `{"subject":"a","service_type":"query","description":"` + strings.Repeat("x", 70<<10) + `"}`, "zh-CN", 413, "", "过大"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do("agent", "POST", "/api/v1/tickets", c.body, "Accept-Language", c.lang)
				if r.Status != c.status {
					t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Raw)
				}
				if !strings.Contains(string(r.Raw), c.message) || (c.field != "" && !strings.Contains(string(r.Raw), `"location":"`+c.field+`"`)) {
					t.Fatalf("answer lacks %q / %q: %s", c.field, c.message, r.Raw)
				}
				if strings.Contains(string(r.Raw), "goroutine") || strings.Contains(string(r.Raw), ".go:") {
					t.Fatalf("answer leaks internals: %s", r.Raw)
				}
			})
		}
		if after := e.count("tickets"); after != before {
			t.Fatalf("tickets %d → %d: a rejected request wrote something", before, after)
		}
	})
}

func TestConcurrentEditsNeverOverwriteSilently(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "并发", "service_type": "query"}))
		path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
		var wg sync.WaitGroup
		statuses := make(chan int, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				statuses <- e.do("agent", "PATCH", path, map[string]any{"version": 1, "subject": fmt.Sprintf("并发 %d", i)}).Status
			}(i)
		}
		wg.Wait()
		close(statuses)
		ok, conflicts := 0, 0
		for s := range statuses {
			switch s {
			case 200:
				ok++
			case 409:
				conflicts++
			default:
				t.Fatalf("unexpected status %d", s)
			}
		}
		if ok != 1 || conflicts != 7 {
			t.Fatalf("%d succeeded, %d conflicted; want exactly one winner", ok, conflicts)
		}
	})
}

func TestCustomerRevealIsAuditedAndMergeMovesHistory(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "李娜", "phones": []string{"13900001111"}, "emails": []string{"lina@example.com"}, "tier": "gold"}))
		b := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "李娜", "phones": []string{"13900002222"}, "tags": []string{"重复"}}))
		e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"customer_id": b["id"], "channel": "phone", "service_type": "query", "summary": "查物流"}))
		aPath := fmt.Sprintf("/api/v1/customers/%d", num(a["id"]))

		e.must(403, e.do("agent", "POST", aPath+"/reveal", map[string]any{"reason": "回访"}))
		e.must(422, e.do("supervisor", "POST", aPath+"/reveal", map[string]any{"reason": ""}))
		full := e.must(200, e.do("supervisor", "POST", aPath+"/reveal", map[string]any{"reason": "客户要求核对手机号"}))
		if full["phones"].([]any)[0] != "13900001111" || full["masked"] != false {
			t.Fatalf("reveal: %v", full)
		}
		audit := e.must(200, e.do("admin", "GET", "/api/v1/audit?action=pii_reveal", nil))["items"].([]any)
		if len(audit) != 1 || !strings.Contains(fmt.Sprint(audit[0]), "客户要求核对手机号") {
			t.Fatalf("audit: %v", audit)
		}

		merged := e.must(200, e.do("supervisor", "POST", aPath+"/merge", map[string]any{"source_id": b["id"]}))
		if len(merged["phones"].([]any)) != 2 || len(merged["tags"].([]any)) != 1 {
			t.Fatalf("merged: %v", merged)
		}
		h := e.must(200, e.do("agent", "GET", aPath+"/history", nil))
		if items := h["items"].([]any); len(items) != 1 || items[0].(map[string]any)["type"] != "contact" {
			t.Fatalf("history after merge: %v", h["items"])
		}
		e.must(422, e.do("supervisor", "POST", aPath+"/merge", map[string]any{"source_id": a["id"]}))

		// A partial edit by someone who sees masked data keeps what it did not send.
		cur := e.must(200, e.do("agent", "GET", aPath, nil))
		edited := e.must(200, e.do("agent", "PATCH", aPath, map[string]any{"version": cur["version"], "tags": []string{"老客户"}, "phones": cur["phones"]}))
		if len(edited["phones"].([]any)) != 2 || edited["tier"] != "gold" || edited["tags"].([]any)[0] != "老客户" {
			t.Fatalf("partial edit lost data: %v", edited)
		}
		e.must(409, e.do("agent", "PATCH", aPath, map[string]any{"version": cur["version"], "note": "stale"}))
	})
}

func TestTaxonomyPatchKeepsWhatIsNotSent(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		parent := e.must(201, e.do("admin", "POST", "/api/v1/reasons", map[string]any{"name_zh": "退款与售后", "name_en": "Refunds"}))
		child := e.must(201, e.do("admin", "POST", "/api/v1/reasons", map[string]any{"name_zh": "课程退款", "parent_id": parent["id"], "sort": 3}))
		renamed := e.must(200, e.do("admin", "PATCH", fmt.Sprintf("/api/v1/reasons/%d", num(child["id"])), map[string]any{"name_zh": "课程退费"}))
		if num(renamed["parent_id"]) != num(parent["id"]) || num(renamed["sort"]) != 3 || renamed["name_zh"] != "课程退费" {
			t.Fatalf("rename moved or reset the reason: %v", renamed)
		}
		e.must(422, e.do("admin", "PATCH", fmt.Sprintf("/api/v1/reasons/%d", num(parent["id"])), map[string]any{"parent_id": child["id"]}))
		top := e.must(200, e.do("admin", "PATCH", fmt.Sprintf("/api/v1/reasons/%d", num(child["id"])), map[string]any{"parent_id": 0}))
		if top["parent_id"] != nil {
			t.Fatalf("parent_id 0 should move to the top: %v", top)
		}
		st := e.must(200, e.do("admin", "PATCH", "/api/v1/service-types/help", map[string]any{"active": false}))
		if st["name_zh"] != "求助" || st["active"] != false {
			t.Fatalf("service type: %v", st)
		}
		// An inactive service type can no longer be chosen.
		e.must(422, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "x", "service_type": "help"}))
		team := e.must(200, e.do("admin", "PATCH", fmt.Sprintf("/api/v1/teams/%d", e.teams["风控"]), map[string]any{"description": "账户安全与反欺诈"}))
		if team["name"] != "风控" || team["kind"] != "department" {
			t.Fatalf("team: %v", team)
		}
	})
}

func TestDepartmentSeesOnlyItsTeamsWork(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		mine := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "账户被风控限制", "service_type": "help", "team_id": e.teams["风控"]}))
		other := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "物流延误", "service_type": "query", "team_id": e.teams["物流"]}))
		e.must(200, e.do("department", "GET", fmt.Sprintf("/api/v1/tickets/%d", num(mine["id"])), nil))
		// Guessing another team's ticket id looks like a missing ticket.
		e.must(404, e.do("department", "GET", fmt.Sprintf("/api/v1/tickets/%d", num(other["id"])), nil))
		e.must(404, e.do("department", "GET", fmt.Sprintf("/api/v1/tickets/%d/events", num(other["id"])), nil))
		e.must(200, e.do("department", "GET", fmt.Sprintf("/api/v1/tickets/%d/events", num(mine["id"])), nil))
		e.must(404, e.do("admin", "GET", fmt.Sprintf("/api/v1/tickets/%d/events", num(other["id"])+1000), nil)) // no such ticket
		e.must(404, e.do("department", "PATCH", fmt.Sprintf("/api/v1/tickets/%d", num(other["id"])), map[string]any{"version": 1, "priority": "low"}))
		list := e.must(200, e.do("department", "GET", "/api/v1/tickets?view=all", nil))["items"].([]any)
		if len(list) != 1 {
			t.Fatalf("department sees %d tickets, want 1", len(list))
		}
		// A department member may note but not reply to the customer.
		e.must(403, e.do("department", "POST", fmt.Sprintf("/api/v1/tickets/%d/events", num(mine["id"])), map[string]any{"kind": "reply", "body": "x"}))
		e.must(201, e.do("department", "POST", fmt.Sprintf("/api/v1/tickets/%d/events", num(mine["id"])), map[string]any{"kind": "note", "body": "规则误判,已解除"}))
	})
}

func TestLiveUpdatesAndScreenPop(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		watcher := e.stream("supervisor")
		agentStream := e.stream("agent")
		time.Sleep(100 * time.Millisecond)
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "直播", "service_type": "query"}))
		if ev, ok := watcher.next("ticket", 2*time.Second); !ok || num(ev["id"]) != num(tk["id"]) {
			t.Fatalf("no live ticket event: %v", ev)
		}
		cust := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "王强", "phones": []string{"13700007777"}}))
		e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"customer_id": cust["id"], "channel": "phone", "service_type": "complaint", "summary": "投诉快递员态度"}))
		start := time.Now()
		pop := e.must(202, e.do("admin", "POST", "/api/v1/cti/events", map[string]any{"event": "ringing", "call_id": "c-1", "caller_number": "13700007777", "agent_email": "agent@example.com"}))
		if pop["new_caller"] != false {
			t.Fatalf("pop: %v", pop)
		}
		ev, ok := agentStream.next("screen_pop", time.Second)
		if !ok {
			t.Fatalf("screen pop not delivered within 1s")
		}
		t.Logf("screen pop delivered in %v", time.Since(start))
		if ev["customer"].(map[string]any)["name"] != "王强" || len(ev["recent_contacts"].([]any)) != 1 {
			t.Fatalf("screen pop: %v", ev)
		}
		if _, leaked := watcher.next("screen_pop", 200*time.Millisecond); leaked {
			t.Fatal("another user's console received the screen pop")
		}
		unknown := e.must(202, e.do("admin", "POST", "/api/v1/cti/events", map[string]any{"event": "ringing", "call_id": "c-2", "caller_number": "13100000000", "agent_id": e.users["agent"].ID}))
		if unknown["new_caller"] != true {
			t.Fatalf("unknown caller: %v", unknown)
		}
	})
}

func TestSessionLoginCSRFAndRateLimit(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		login := func(pw string) *http.Response {
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/auth/login", strings.NewReader(`{"email":"agent@example.com","password":"`+pw+`"}`))
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res
		}
		res := login("password-agent")
		if res.StatusCode != 200 {
			t.Fatalf("login: %d", res.StatusCode)
		}
		var session, csrf *http.Cookie
		for _, c := range res.Cookies() {
			switch c.Name {
			case "kefu_session":
				session = c
			case "kefu_csrf":
				csrf = c
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || csrf == nil || csrf.HttpOnly {
			t.Fatalf("cookies: %+v %+v", session, csrf)
		}
		post := func(token string) int {
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/tickets", strings.NewReader(`{"subject":"会话","service_type":"query"}`))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(session)
			if token != "" {
				req.Header.Set("X-CSRF-Token", token)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if s := post(""); s != 403 {
			t.Fatalf("without CSRF token: %d, want 403", s)
		}
		if s := post(csrf.Value); s != 201 {
			t.Fatalf("with CSRF token: %d, want 201", s)
		}
		codes := map[int]int{}
		for i := 0; i < 12; i++ {
			codes[login("wrong-password").StatusCode]++
		}
		if codes[401] != 10 || codes[429] != 2 {
			t.Fatalf("failed logins answered %v, want 10×401 then 429", codes)
		}
		if n := len(e.must(200, e.do("admin", "GET", "/api/v1/audit?action=login_failed", nil))["items"].([]any)); n != 10 {
			t.Fatalf("audited %d failed logins, want 10", n)
		}
	})
}
