package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestEscalationToRiskControlWithChainAndOLA(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		risk := e.teams["风控"]
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "账户被风控误判限制提现", "service_type": "complaint", "owner_id": e.users["agent"].ID, "team_id": e.teams["一线客服"]}))
		id := num(tk["id"])
		path := fmt.Sprintf("/api/v1/tickets/%d", id)
		// The complaint policy seeded by the migration applies.
		view := e.must(200, e.do("agent", "GET", path, nil))
		sla := view["sla"].(map[string]any)
		if sla["policy"] != "投诉 1 小时响应" || sla["first_response_due"] == nil || sla["resolution_due"] == nil {
			t.Fatalf("sla: %v", sla)
		}

		e.must(422, e.do("agent", "POST", path+"/escalations", map[string]any{"to_team_id": risk, "reason": "", "handoff_note": ""}))
		e.must(404, e.do("department", "GET", path, nil)) // not yet the department's work
		esc := e.must(201, e.do("agent", "POST", path+"/escalations", map[string]any{"to_team_id": risk, "reason": "疑似风控误判", "handoff_note": "客户近三月正常消费,申请人工复核", "ola_mins": 960}))
		if esc["status"] != "open" || esc["to_team_name"] != "风控" || esc["ola_due"] == nil {
			t.Fatalf("escalation: %v", esc)
		}
		e.must(422, e.do("agent", "POST", path+"/escalations", map[string]any{"to_team_id": e.teams["物流"], "reason": "x", "handoff_note": "y"}))

		// The owner stays accountable and sees who holds the work, since when and by when.
		view = e.must(200, e.do("agent", "GET", path, nil))
		if view["status"] != "pending_internal" || num(view["owner_id"]) != e.users["agent"].ID {
			t.Fatalf("after escalation: %v", view)
		}
		holder := view["sla"].(map[string]any)["holder"].(map[string]any)
		if holder["team_name"] != "风控" || holder["due"] == nil || holder["since"] == nil {
			t.Fatalf("holder: %v", holder)
		}
		// The department sees the ticket and its queue, and finishes the work.
		e.must(200, e.do("department", "GET", path, nil))
		queue := e.must(200, e.do("department", "GET", "/api/v1/escalations", nil))["items"].([]any)
		if len(queue) != 1 || queue[0].(map[string]any)["subject"] != "账户被风控误判限制提现" || queue[0].(map[string]any)["ticket_number"] == "" {
			t.Fatalf("queue: %v", queue)
		}
		owner := e.stream("agent")
		time.Sleep(50 * time.Millisecond)
		e.must(403, e.do("agent", "POST", fmt.Sprintf("/api/v1/escalations/%d/complete", num(esc["id"])), map[string]any{"note": "x"}))
		done := e.must(200, e.do("department", "POST", fmt.Sprintf("/api/v1/escalations/%d/complete", num(esc["id"])), map[string]any{"note": "已人工复核,解除限制"}))
		if done["status"] != "done" || done["done_at"] == nil {
			t.Fatalf("done: %v", done)
		}
		if n, ok := owner.next("notification", 2*time.Second); !ok || n["kind"] != "escalation_done" {
			t.Fatalf("owner not notified: %v", n)
		}
		view = e.must(200, e.do("agent", "GET", path, nil))
		if view["status"] != "open" || view["sla"].(map[string]any)["holder"] != nil {
			t.Fatalf("after completion: %v", view)
		}
		chain := e.must(200, e.do("agent", "GET", path+"/escalations", nil))["items"].([]any)
		if len(chain) != 1 || chain[0].(map[string]any)["wall_secs"] == nil {
			t.Fatalf("chain: %v", chain)
		}
		evs := e.must(200, e.do("agent", "GET", path+"/events", nil))["items"].([]any)
		var kinds []string
		for _, ev := range evs {
			kinds = append(kinds, ev.(map[string]any)["kind"].(string))
		}
		if !strings.Contains(strings.Join(kinds, " "), "escalation status") || !strings.Contains(strings.Join(kinds, " "), "escalation_done") {
			t.Fatalf("timeline: %v", kinds)
		}
		rep := e.must(200, e.do("supervisor", "GET", "/api/v1/reports/escalations", nil))["items"].([]any)
		if len(rep) != 1 || rep[0].(map[string]any)["team_name"] != "风控" {
			t.Fatalf("report: %v", rep)
		}
		e.must(200, e.do("supervisor", "GET", "/api/v1/reports/sla?group=service_type", nil))
		e.must(403, e.do("agent", "GET", "/api/v1/reports/sla", nil))
	})
}

func TestPromisedReplyTime(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "退款进度", "service_type": "query"}))
		path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
		s := e.must(200, e.do("agent", "GET", path+"/sla", nil))
		sug := s["suggestion"].(map[string]any)
		if sug["suggested"] == nil || sug["latest"] == nil {
			t.Fatalf("suggestion: %v", s)
		}
		e.must(422, e.do("agent", "POST", path+"/promise", map[string]any{"promised_at": "2020-01-01T00:00:00Z"}))
		e.must(422, e.do("agent", "POST", path+"/promise", map[string]any{"promised_at": time.Now().AddDate(1, 0, 0).Format(time.RFC3339)}))
		st := e.must(200, e.do("agent", "POST", path+"/promise", map[string]any{"note": "已告知客户明天下班前答复"}))
		if st["promised_at"] == nil || st["promise_note"] == "" {
			t.Fatalf("promise: %v", st)
		}
		// A public reply keeps the promise.
		e.must(201, e.do("agent", "POST", path+"/events", map[string]any{"kind": "reply", "body": "您好,已为您处理"}))
		st = e.must(200, e.do("agent", "GET", path+"/sla", nil))["status"].(map[string]any)
		if st["promised_at"] != nil || st["first_response_at"] == nil {
			t.Fatalf("after reply: %v", st)
		}
	})
}

func TestCalendarsYearViewExceptionsAndImport(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cals := e.must(200, e.do("agent", "GET", "/api/v1/calendars", nil))["items"].([]any)
		std := cals[0].(map[string]any)
		path := fmt.Sprintf("/api/v1/calendars/%d", num(std["id"]))
		days := e.must(200, e.do("agent", "GET", path+"/year?year=2026", nil))["items"].([]any)
		kinds := map[string]string{}
		for _, dd := range days {
			m := dd.(map[string]any)
			kinds[m["date"].(string)] = m["kind"].(string)
		}
		if len(days) != 365 || kinds["2026-01-04"] != "makeup" || kinds["2026-10-01"] != "holiday" || kinds["2026-11-23"] != "workday" || kinds["2026-11-22"] != "weekend" {
			t.Fatalf("year view: %d days, %v %v %v %v", len(days), kinds["2026-01-04"], kinds["2026-10-01"], kinds["2026-11-23"], kinds["2026-11-22"])
		}
		e.must(422, e.do("agent", "GET", path+"/year?year=2027", nil)) // no holiday data yet
		// Bad imports name the entry and import nothing.
		bad := e.do("admin", "POST", "/api/v1/holidays/cn/import", map[string]any{"format": "holiday-cn", "content": `{"year":2027,"days":[{"name":"元旦","date":"2027-13-01","isOffDay":true}]}`})
		if bad.Status != 422 || !strings.Contains(string(bad.Raw), "days[0].date") {
			t.Fatalf("bad import: %d %s", bad.Status, bad.Raw)
		}
		e.must(422, e.do("agent", "GET", path+"/year?year=2027", nil))
		e.must(403, e.do("agent", "POST", "/api/v1/holidays/cn/import", map[string]any{"format": "holiday-cn", "content": "{}"}))
		e.must(200, e.do("admin", "POST", "/api/v1/holidays/cn/import", map[string]any{"format": "holiday-cn", "content": `{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`}))
		days = e.must(200, e.do("agent", "GET", path+"/year?year=2027", nil))["items"].([]any)
		if first := days[0].(map[string]any); first["kind"] != "holiday" || first["name"] != "元旦" {
			t.Fatalf("imported 2027: %v", first)
		}
		// A centre's own exception: a training day closed.
		cal := e.must(200, e.do("admin", "PUT", path+"/exceptions/2026-12-01", map[string]any{"open": false, "name": "全员培训"}))
		if len(cal["exceptions"].([]any)) != 1 {
			t.Fatalf("exceptions: %v", cal["exceptions"])
		}
		e.must(422, e.do("admin", "PUT", path+"/exceptions/2031-01-01", map[string]any{"open": false, "name": "远期"}))
		e.must(422, e.do("admin", "POST", "/api/v1/calendars", map[string]any{"name": "坏日历", "zone": "Mars/Base", "hours": "mon-fri 09:00-18:00"}))
		e.must(422, e.do("admin", "POST", "/api/v1/calendars", map[string]any{"name": "坏日历", "zone": "Asia/Shanghai", "hours": "mon-fri 09:00-12:00,11:00-18:00"}))
		team := e.must(200, e.do("admin", "PATCH", fmt.Sprintf("/api/v1/teams/%d", e.teams["风控"]), map[string]any{"calendar_id": num(std["id"])}))
		if num(team["calendar_id"]) != num(std["id"]) {
			t.Fatalf("team calendar: %v", team)
		}
	})
}
