package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestKnowledgeBaseEditingAndReading(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cat := e.must(201, e.do("supervisor", "POST", "/api/v1/kb/categories", map[string]any{"name_zh": "账户与安全", "name_en": "Account"}))
		e.must(403, e.do("agent", "POST", "/api/v1/kb/categories", map[string]any{"name_zh": "x"}))
		body := map[string]any{"title": "账户被风控限制怎么办", "body": "1. 核身\n2. 提交人工复核\n3. 24 小时内答复", "questions": []string{"账号被冻结了", "提示存在风险无法登录"},
			"category_id": cat["id"], "visibility": "internal", "tags": []string{"风控"}}
		e.must(403, e.do("agent", "POST", "/api/v1/kb/articles", body))
		a := e.must(201, e.do("supervisor", "POST", "/api/v1/kb/articles", body))
		path := fmt.Sprintf("/api/v1/kb/articles/%d", num(a["id"]))
		if a["status"] != "draft" || a["category_path"] != "账户与安全" {
			t.Fatalf("created %v", a)
		}
		e.must(404, e.do("agent", "GET", path, nil)) // drafts are the editors'
		// A QA reviewer may edit (decided in perms.go); publishing is audited.
		a = e.must(200, e.do("qa", "POST", path+"/publish", map[string]any{"version": a["version"], "note": "首次发布"}))
		if a["status"] != "published" || num(a["number"]) != 1 {
			t.Fatalf("published %v", a)
		}
		// Agents and department members (second line) read internal articles.
		for _, role := range []string{"agent", "department", "readonly"} {
			e.must(200, e.do(role, "GET", path, nil))
		}
		hits := e.must(200, e.do("agent", "GET", "/api/v1/kb/search?q=账号被冻结了怎么办", nil))["items"].([]any)
		if len(hits) != 1 || hits[0].(map[string]any)["matched_question"] != "账号被冻结了" || hits[0].(map[string]any)["score"].(float64) < 0.75 {
			t.Fatalf("search: %v", hits)
		}
		if hs := e.must(200, e.do("agent", "GET", "/api/v1/kb/search?q=账号被冻结了&visibility=public", nil))["items"].([]any); len(hs) != 0 {
			t.Fatalf("internal article in a public search: %v", hs)
		}
		e.must(403, e.do("agent", "GET", "/api/v1/kb/search?q=x&status=draft", nil))
		e.must(403, e.do("agent", "GET", "/api/v1/kb/articles?status=draft", nil))
		list := e.must(200, e.do("agent", "GET", fmt.Sprintf("/api/v1/kb/articles?category_id=%d", num(cat["id"])), nil))["items"].([]any)
		if len(list) != 1 {
			t.Fatalf("browse: %v", list)
		}

		// Two editors from the same version: the second gets 409 with the current article.
		v := a["version"]
		e.must(200, e.do("supervisor", "PATCH", path, map[string]any{"version": v, "title": "账户被风控限制(误判)怎么办"}))
		c := e.do("qa", "PATCH", path, map[string]any{"version": v, "body": "覆盖"})
		if c.Status != 409 || c.Body["current"].(map[string]any)["draft"].(map[string]any)["title"] != "账户被风控限制(误判)怎么办" {
			t.Fatalf("concurrent edit: %d %s", c.Status, c.Raw)
		}
		// Readers still see version 1 until the edit is published.
		if got := e.must(200, e.do("agent", "GET", path, nil)); got["title"] != "账户被风控限制怎么办" || got["draft"] != nil {
			t.Fatalf("reader sees the working copy: %v", got)
		}
		cur := e.must(200, e.do("supervisor", "GET", path, nil))
		cur = e.must(200, e.do("supervisor", "POST", path+"/publish", map[string]any{"version": cur["version"]}))
		vs := e.must(200, e.do("supervisor", "GET", path+"/versions", nil))["items"].([]any)
		if len(vs) != 2 {
			t.Fatalf("versions %v", vs)
		}
		e.must(403, e.do("agent", "GET", path+"/versions", nil))
		old := e.must(200, e.do("supervisor", "GET", path+"/versions/1", nil))
		if old["content"].(map[string]any)["title"] != "账户被风控限制怎么办" {
			t.Fatalf("version 1: %v", old)
		}
		restored := e.must(200, e.do("supervisor", "POST", path+"/versions/1/restore", map[string]any{"version": cur["version"]}))
		if restored["draft"].(map[string]any)["title"] != "账户被风控限制怎么办" || restored["draft_changes"] != true {
			t.Fatalf("restored %v", restored)
		}

		// Feedback and views.
		fb := e.must(200, e.do("agent", "POST", path+"/feedback", map[string]any{"helpful": true}))
		if num(fb["stats"].(map[string]any)["helpful"]) != 1 {
			t.Fatalf("feedback %v", fb)
		}
		e.must(204, e.do("agent", "POST", path+"/views", nil))
		e.must(200, e.do("supervisor", "GET", path+"/feedback", nil))
		e.must(200, e.do("supervisor", "GET", "/api/v1/kb/review", nil))
		e.must(403, e.do("agent", "GET", "/api/v1/kb/review", nil))
		audit := e.must(200, e.do("admin", "GET", "/api/v1/audit?action=kb_article_published", nil))["items"].([]any)
		if len(audit) != 2 || audit[1].(map[string]any)["actor_name"] != "用户qa" {
			t.Fatalf("audit %v", audit)
		}
	})
}

func TestKnowledgeBaseBadInput(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		before := e.count("kb_articles") + e.count("kb_scripts")
		cases := []struct {
			name, method, path string
			body               any
			lang               string
			status             int
			field, message     string
		}{
			{"article without title", "POST", "/api/v1/kb/articles", map[string]any{"title": " ", "body": "x"}, "zh-CN", 422, "body.title", "不能为空"},
			{"article without title, English", "POST", "/api/v1/kb/articles", map[string]any{"title": "", "body": "x"}, "en", 422, "body.title", "is required"},
			{"unknown language", "POST", "/api/v1/kb/articles", map[string]any{"title": "t", "lang": "fr"}, "en", 422, "body.lang", "one of"},
			{"unknown category", "POST", "/api/v1/kb/articles", map[string]any{"title": "t", "category_id": 999}, "zh-CN", 422, "body.category_id", "不存在"},
			{"too many questions", "POST", "/api/v1/kb/articles", map[string]any{"title": "t", "questions": make([]string, 51)}, "en", 422, "body.questions", "at most 50"},
			{"unknown script variable", "POST", "/api/v1/kb/scripts", map[string]any{"title": "t", "text": "{客户称乎}您好"}, "zh-CN", 422, "body.text", "未知变量 {客户称乎}"},
			{"unknown script variable, English", "POST", "/api/v1/kb/scripts", map[string]any{"title": "t", "text": "Hi {customer}"}, "en", 422, "body.text", "unknown variable {customer}"},
			{"unclosed variable", "POST", "/api/v1/kb/scripts", map[string]any{"title": "t", "text": "您好{工单号"}, "zh-CN", 422, "body.text", "没有闭合"},
			{"feedback without a vote", "POST", "/api/v1/kb/articles/1/feedback", map[string]any{"comment": "x"}, "en", 422, "body.helpful", "is required"},
			{"feedback from an unknown source", "POST", "/api/v1/kb/articles/1/feedback", map[string]any{"helpful": true, "source": "robot"}, "en", 422, "body.source", "one of"},
			{"search limit too high", "GET", "/api/v1/kb/search?q=x&limit=500", nil, "zh-CN", 422, "query.limit", "不能大于"},
			{"publish without version", "POST", "/api/v1/kb/articles/1/publish", map[string]any{}, "en", 422, "body.version", "is required"},
			{"category without name", "POST", "/api/v1/kb/categories", map[string]any{"name_zh": ""}, "zh-CN", 422, "body.name_zh", "不能为空"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.do("supervisor", c.method, c.path, c.body, "Accept-Language", c.lang)
				if r.Status != c.status {
					t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Raw)
				}
				found := false
				for _, f := range r.Body["errors"].([]any) {
					m := f.(map[string]any)
					if m["location"] == c.field && strings.Contains(m["message"].(string), c.message) {
						found = true
					}
				}
				if !found {
					t.Fatalf("no %s error with %q: %s", c.field, c.message, r.Raw)
				}
			})
		}
		if after := e.count("kb_articles") + e.count("kb_scripts"); after != before {
			t.Fatalf("bad input wrote %d rows", after-before)
		}
	})
}

func TestTicketAssist(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		reason := e.must(201, e.do("admin", "POST", "/api/v1/reasons", map[string]any{"name_zh": "账户被限制/风控误判"}))
		rid := num(reason["id"])
		cust := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "张丽", "attributes": map[string]string{"gender": "女"}}))
		// A resolved ticket like the new one, and how it was resolved.
		old := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "账户被风控限制无法提现", "description": "客户称正常消费后账户被冻结", "service_type": "help", "reason_id": rid}))
		oldPath := fmt.Sprintf("/api/v1/tickets/%d", num(old["id"]))
		e.must(201, e.do("agent", "POST", oldPath+"/events", map[string]any{"kind": "reply", "body": "您好,经风控复核确认为误判,账户限制已解除。"}))
		cur := e.must(200, e.do("agent", "GET", oldPath, nil))
		e.must(200, e.do("agent", "PATCH", oldPath, map[string]any{"version": cur["version"], "status": "resolved"}))
		unrelated := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "发票抬头开错", "service_type": "help"}))
		e.must(200, e.do("agent", "PATCH", fmt.Sprintf("/api/v1/tickets/%d", num(unrelated["id"])), map[string]any{"version": 1, "status": "resolved"}))

		sc := e.must(201, e.do("supervisor", "POST", "/api/v1/kb/scripts", map[string]any{"title": "风控限制安抚", "text": "这个限制是系统为保护资金临时做的,我已为您提交人工复核,工单 {工单号}。", "reason_id": rid}))
		e.must(200, e.do("supervisor", "POST", fmt.Sprintf("/api/v1/kb/scripts/%d/approve", num(sc["id"])), map[string]any{"version": sc["version"]}))
		art := e.must(201, e.do("supervisor", "POST", "/api/v1/kb/articles", map[string]any{"title": "账户被限制怎么办", "body": "1. 完成身份核验\n2. 提交人工复核\n3. 24 小时内答复", "visibility": "public", "reason_id": rid}))
		e.must(200, e.do("supervisor", "POST", fmt.Sprintf("/api/v1/kb/articles/%d/publish", num(art["id"])), map[string]any{"version": art["version"]}))

		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "账户突然被风控限制了", "description": "客户出差登录后账户被冻结,要求尽快解封", "service_type": "complaint", "reason_id": rid, "customer_id": cust["id"]}))
		path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
		e.must(200, e.do("agent", "POST", path+"/promise", map[string]any{}))
		as := e.must(200, e.do("agent", "GET", path+"/assist", nil))
		scripts, articles, similar := as["scripts"].([]any), as["articles"].([]any), as["similar"].([]any)
		if len(scripts) != 1 || !strings.Contains(scripts[0].(map[string]any)["filled"].(string), tk["number"].(string)) {
			t.Fatalf("scripts %v", scripts)
		}
		if len(articles) != 1 || len(articles[0].(map[string]any)["steps"].([]any)) != 3 {
			t.Fatalf("articles %v", articles)
		}
		if len(similar) != 1 || num(similar[0].(map[string]any)["id"]) != num(old["id"]) || similar[0].(map[string]any)["same_reason"] != true ||
			!strings.Contains(similar[0].(map[string]any)["resolution"].(string), "误判") {
			t.Fatalf("similar %v", similar)
		}
		reply := as["reply"].(map[string]any)
		text := reply["text"].(string)
		if !strings.HasPrefix(text, "张女士您好,这个限制") || !strings.Contains(text, "1. 完成身份核验") || !strings.Contains(text, "前给您答复") || num(reply["script_id"]) != num(sc["id"]) {
			t.Fatalf("reply %q", text)
		}
		e.must(204, e.do("agent", "POST", fmt.Sprintf("/api/v1/kb/scripts/%d/use", num(sc["id"])), map[string]any{"ticket_id": tk["id"]}))
		if got := e.must(200, e.do("agent", "GET", fmt.Sprintf("/api/v1/kb/scripts/%d", num(sc["id"])), nil)); num(got["uses"]) != 1 {
			t.Fatalf("uses %v", got)
		}
		filled := e.must(200, e.do("agent", "GET", fmt.Sprintf("/api/v1/kb/scripts/%d/fill?ticket_id=%d", num(sc["id"]), num(tk["id"])), nil))
		if !strings.Contains(filled["text"].(string), tk["number"].(string)) {
			t.Fatalf("fill %v", filled)
		}

		// A department member sees only its team's tickets, and only those among the similar ones.
		e.must(404, e.do("department", "GET", path+"/assist", nil))
		e.must(200, e.do("agent", "PATCH", path, map[string]any{"version": e.must(200, e.do("agent", "GET", path, nil))["version"], "team_id": e.teams["风控"]}))
		dep := e.must(200, e.do("department", "GET", path+"/assist", nil))
		if len(dep["similar"].([]any)) != 0 {
			t.Fatalf("department sees tickets of other teams: %v", dep["similar"])
		}
	})
}
