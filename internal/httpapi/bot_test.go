package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestBotAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		start := e.must(201, e.do("integration", "POST", "/api/v1/bot/conversations", map[string]any{"channel": "web", "customer_name": "李先生", "customer_phone": "13900139000"}))
		conv := start["conversation"].(map[string]any)
		id := num(conv["id"])
		if start["message"].(map[string]any)["kind"] != "welcome" {
			t.Fatalf("start: %v", start)
		}
		path := fmt.Sprintf("/api/v1/bot/conversations/%d", id)

		t.Run("bad input names the field in the caller's language", func(t *testing.T) {
			r := e.do("integration", "POST", path+"/messages", map[string]any{"text": "  "}, "Accept-Language", "en")
			if r.Status != 422 || !strings.Contains(string(r.Raw), "body.text") || !strings.Contains(string(r.Raw), "is required") {
				t.Errorf("blank text: %d %s", r.Status, r.Raw)
			}
			r = e.do("integration", "POST", path+"/messages", map[string]any{"text": strings.Repeat("长", 1001)})
			if r.Status != 422 || !strings.Contains(string(r.Raw), "不能超过 1000 个字符") {
				t.Errorf("long text: %d %s", r.Status, r.Raw)
			}
			r = e.do("integration", "POST", "/api/v1/bot/conversations", map[string]any{"channel": "fax"})
			if r.Status != 422 || !strings.Contains(string(r.Raw), "body.channel") {
				t.Errorf("bad channel: %d %s", r.Status, r.Raw)
			}
			r = e.do("integration", "POST", path+"/rating", map[string]any{"score": 9})
			if r.Status != 422 || !strings.Contains(string(r.Raw), "body.score") {
				t.Errorf("bad score: %d %s", r.Status, r.Raw)
			}
			r = e.do("integration", "POST", path+"/pick", map[string]any{"option": 1}, "Accept-Language", "en")
			if r.Status != 422 || !strings.Contains(string(r.Raw), "is not one of the options offered") {
				t.Errorf("pick without a question: %d %s", r.Status, r.Raw)
			}
			if n := e.count("bot_messages"); n != 1 {
				t.Errorf("%d messages stored after bad input, want only the welcome", n)
			}
		})

		t.Run("another caller's conversation is not found", func(t *testing.T) {
			if r := e.do("supervisor", "POST", path+"/messages", map[string]any{"text": "你好"}); r.Status != 404 {
				t.Errorf("supervisor on the integration's conversation: %d", r.Status)
			}
			if r := e.do("integration", "GET", "/api/v1/bot/conversations", nil); r.Status != 403 {
				t.Errorf("integration lists transcripts: %d, want 403", r.Status)
			}
		})

		t.Run("hand-off makes a ticket agents see with the conversation", func(t *testing.T) {
			r := e.must(200, e.do("integration", "POST", path+"/messages", map[string]any{"text": "我的发票抬头开错了"}))
			if k := r["message"].(map[string]any)["kind"]; k != "unknown" {
				t.Errorf("no knowledge: kind %v, want unknown", k)
			}
			r = e.must(200, e.do("integration", "POST", path+"/messages", map[string]any{"text": "人工客服"}))
			conv := r["conversation"].(map[string]any)
			if r["reason"] != "requested" || conv["outcome"] != "handed_off" || conv["ticket_id"] == nil {
				t.Fatalf("hand-off: %v", r)
			}
			tid := num(conv["ticket_id"])
			tk := e.must(200, e.do("agent", "GET", fmt.Sprintf("/api/v1/tickets/%d", tid), nil))
			if !strings.Contains(tk["subject"].(string), "我的发票抬头开错了") || !strings.Contains(tk["description"].(string), "客户问题:") {
				t.Errorf("ticket: %v", tk)
			}
			list := e.must(200, e.do("agent", "GET", fmt.Sprintf("/api/v1/tickets/%d/bot-conversations", tid), nil))
			items := list["items"].([]any)
			if len(items) != 1 || len(items[0].(map[string]any)["messages"].([]any)) != 5 {
				t.Errorf("ticket's conversation: %v", list)
			}
			if r := e.do("department", "GET", fmt.Sprintf("/api/v1/tickets/%d/bot-conversations", tid), nil); r.Status != 404 {
				t.Errorf("a department that cannot see the ticket: %d, want 404", r.Status)
			}
			if r := e.do("integration", "POST", path+"/messages", map[string]any{"text": "还在吗"}); r.Status != 409 {
				t.Errorf("message after hand-off: %d, want 409", r.Status)
			}
			e.must(200, e.do("integration", "POST", path+"/rating", map[string]any{"score": 4, "comment": "还行"}))
			got := e.must(200, e.do("qa", "GET", path, nil))
			if num(got["csat"]) != 4 || got["handoff_reason"] != "requested" {
				t.Errorf("conversation as QA: %v", got)
			}
		})

		t.Run("report", func(t *testing.T) {
			rep := e.must(200, e.do("supervisor", "GET", "/api/v1/reports/bot", nil))
			if num(rep["conversations"]) != 1 || num(rep["handed_off"]) != 1 || rep["csat"].(map[string]any)["average"].(float64) != 4 {
				t.Errorf("report %v", rep)
			}
			un := rep["unanswered"].([]any)
			if len(un) != 1 || un[0].(map[string]any)["question"] != "我的发票抬头开错了" {
				t.Errorf("unanswered %v", un)
			}
			if r := e.do("supervisor", "GET", "/api/v1/reports/bot?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", nil); r.Status != 422 {
				t.Errorf("inverted range: %d", r.Status)
			}
		})
	})
}
