package httpapi_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

// A create, a change and a reply answer with (and tell the SLA hooks) the
// ticket as written, built in memory instead of read back; these tests hold
// that answer to what a read returns, field by field, and the SLA policy the
// hooks chose from facts the create passed on (tier, channel) to the one
// they choose when they read them.

// sameAsRead fails unless every field of the answer equals the read ticket's.
func sameAsRead(t *testing.T, e *env, answer map[string]any) map[string]any {
	t.Helper()
	read := e.must(200, e.do("admin", "GET", fmt.Sprintf("/api/v1/tickets/%d", num(answer["id"])), nil))
	if len(answer) < 20 {
		t.Fatalf("answer has %d fields: %v", len(answer), answer)
	}
	for k, v := range answer {
		if !reflect.DeepEqual(v, read[k]) {
			a, _ := json.Marshal(v)
			b, _ := json.Marshal(read[k])
			t.Errorf("ticket %v: %s answered %s, read %s", answer["id"], k, a, b)
		}
	}
	return read
}

func TestCreatedTicketIsAnsweredAsRead(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// Policies that only the create's own facts select: a gold customer,
		// a contact by chat.
		gold := e.must(201, e.do("admin", "POST", "/api/v1/sla-policies", map[string]any{
			"name": "金卡客户", "position": -2, "active": true, "match": map[string]any{"tiers": []string{"gold"}},
			"first_response_mins": 15, "resolution_mins": 240, "warn_percent": 80}))
		wechat := e.must(201, e.do("admin", "POST", "/api/v1/sla-policies", map[string]any{
			"name": "在线咨询", "position": -1, "active": true, "match": map[string]any{"channels": []string{"chat"}},
			"first_response_mins": 30, "resolution_mins": 480, "warn_percent": 80}))
		reason := e.must(201, e.do("admin", "POST", "/api/v1/reasons", map[string]any{"name_zh": "退款与售后", "name_en": "Refunds"}))
		child := e.must(201, e.do("admin", "POST", "/api/v1/reasons", map[string]any{"name_zh": "课程退款", "parent_id": reason["id"]}))
		cust := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "李娜", "phones": []string{"13800001111"}}))
		contact := e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"customer_id": cust["id"], "channel": "chat", "service_type": "query", "summary": "问退款进度"}))

		cases := []struct {
			name   string
			body   map[string]any
			policy string
		}{
			{"new gold customer, reason, custom fields", map[string]any{
				"subject": "申请课程退款", "description": "上周申请的退款还没到账", "service_type": "complaint", "priority": "high",
				"reason_id": child["id"], "custom_fields": map[string]string{"订单号": "A1001"},
				"customer": map[string]any{"name": "陈静", "phones": []string{"139 0000 1111"}, "tier": "gold"}}, gold["name"].(string)},
			{"existing customer, team and owner", map[string]any{
				"subject": "物流一直不更新", "service_type": "query", "customer_id": cust["id"],
				"team_id": e.teams["一线客服"], "owner_id": e.users["agent"].ID}, ""},
			{"from a contact by chat", map[string]any{
				"subject": "退款进度", "service_type": "query", "contact_id": contact["id"]}, wechat["name"].(string)},
			{"abusive, no customer", map[string]any{
				"subject": "你们这帮骗子", "description": "你个傻逼，退钱！！", "service_type": "complaint"}, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				answer := e.must(201, e.do("agent", "POST", "/api/v1/tickets", c.body))
				read := sameAsRead(t, e, answer)
				sla, _ := read["sla"].(map[string]any)
				if c.policy != "" && (sla == nil || sla["policy"] != c.policy) {
					t.Errorf("sla %v, want policy %s", sla, c.policy)
				}
			})
		}
		if ab := e.must(201, e.do("agent", "POST", "/api/v1/tickets", cases[3].body)); ab["abusive"] != true || ab["description_masked"] == "" {
			t.Fatalf("abusive ticket answered %v", ab)
		}
	})
}

func TestChangedTicketIsAnsweredAsRead(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		reason := e.must(201, e.do("admin", "POST", "/api/v1/reasons", map[string]any{"name_zh": "物流查询"}))
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{
			"subject": "快递三天没动", "description": "你个傻逼快递", "service_type": "query",
			"customer": map[string]any{"name": "王强", "tier": "vip"}}))
		path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
		patches := []map[string]any{
			{"team_id": e.teams["一线客服"], "owner_id": e.users["agent"].ID},
			{"reason_id": reason["id"], "priority": "urgent", "custom_fields": map[string]string{"单号": "SF123"}},
			{"description": "快递三天没动，傻逼物流"},
			{"team_id": e.teams["风控"]},
			{"status": "resolved"},
			{"status": "open", "emotion": "upset"},
			{"status": "closed"},
		}
		for i, p := range patches {
			p["version"] = tk["version"]
			tk = e.must(200, e.do("admin", "PATCH", path, p))
			t.Run(fmt.Sprint(i), func(t *testing.T) { sameAsRead(t, e, tk) })
		}
	})
}

func TestReplyIsAnsweredAsRead(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "发票开错了", "service_type": "query"}))
		path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
		for _, body := range []map[string]any{
			{"kind": "reply", "body": "您好，已为您重开发票"}, // also opens the ticket
			{"kind": "note", "body": "客户要求开专票"},
		} {
			answer := e.must(201, e.do("agent", "POST", path+"/events", body))
			evs := e.must(200, e.do("admin", "GET", path+"/events", nil))["items"].([]any)
			var read map[string]any
			for _, ev := range evs {
				if num(ev.(map[string]any)["id"]) == num(answer["id"]) {
					read = ev.(map[string]any)
				}
			}
			if read == nil || len(answer) < 8 {
				t.Fatalf("answer %v not in the timeline %v", answer, evs)
			}
			for k, v := range answer {
				if !reflect.DeepEqual(v, read[k]) {
					t.Errorf("%s: answered %v, read %v", k, v, read[k])
				}
			}
		}
		view := e.must(200, e.do("agent", "GET", path, nil))
		if view["status"] != "open" || num(view["version"]) != 2 {
			t.Fatalf("after the reply: %v", view)
		}
	})
}
