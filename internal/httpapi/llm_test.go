package httpapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/kefuhq/kefu/internal/config"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestLLMOffByDefault(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	if st := e.must(200, e.do("agent", "GET", "/api/v1/llm/status", nil)); st["enabled"] != false {
		t.Fatalf("status %v", st)
	}
	tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "发票", "service_type": "query"}))
	r := e.do("agent", "POST", fmt.Sprintf("/api/v1/tickets/%d/draft", num(tk["id"])), map[string]any{}, "Accept-Language", "en")
	if r.Status != 404 || !strings.Contains(string(r.Raw), "KEFU_LLM_URL") {
		t.Fatalf("draft without a provider: %d %s", r.Status, r.Raw)
	}
}

func TestLLMDraftAndSummaryMaskPersonalData(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		var mu sync.Mutex
		var sent []string
		model := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			sent = append(sent, string(b))
			mu.Unlock()
			_ = json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": "[NAME]您好,我们会尽快回电 [PHONE_1]。"}}}})
		}))
		defer model.Close()
		e := newEnvWith(t, d, func(c *config.Config) { c.LLMURL, c.LLMModel = model.URL, "local-model" })
		if st := e.must(200, e.do("agent", "GET", "/api/v1/llm/status", nil)); st["enabled"] != true || st["model"] != "local-model" {
			t.Fatalf("status %v", st)
		}
		cust := e.must(201, e.do("agent", "POST", "/api/v1/customers", map[string]any{"name": "张伟", "phones": []string{"13812345678"}}))
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{
			"subject": "课程退款未到账", "description": "张伟说退款 7 天未到,回电 13812345678", "customer_id": cust["id"], "service_type": "complaint"}))
		path := fmt.Sprintf("/api/v1/tickets/%d", num(tk["id"]))
		e.must(201, e.do("agent", "POST", path+"/events", map[string]any{"kind": "note", "body": "财务已受理"}))

		dr := e.must(200, e.do("agent", "POST", path+"/draft", map[string]any{"instruction": "语气更正式", "references": []string{"退款 3-5 个工作日原路退回"}}))
		if dr["text"] != "张伟您好,我们会尽快回电 138****5678。" || num(dr["call_id"]) == 0 {
			t.Fatalf("draft %v", dr)
		}
		e.must(200, e.do("readonly", "POST", path+"/summary", nil))
		mu.Lock()
		if len(sent) != 2 {
			t.Fatalf("%d calls reached the model", len(sent))
		}
		for _, body := range sent {
			if strings.Contains(body, "13812345678") || strings.Contains(body, "张伟") {
				t.Errorf("personal data reached the model: %s", body)
			}
		}
		if !strings.Contains(sent[0], "财务已受理") || !strings.Contains(sent[0], "退款 3-5 个工作日") {
			t.Errorf("draft request lacks the history or the references: %s", sent[0])
		}
		mu.Unlock()

		// Drafting a reply needs ticket:reply; reading the log needs audit:read.
		e.must(403, e.do("readonly", "POST", path+"/draft", map[string]any{}))
		e.must(403, e.do("agent", "GET", "/api/v1/llm/calls", nil))
		calls := e.must(200, e.do("admin", "GET", "/api/v1/llm/calls?ticket_id="+fmt.Sprint(num(tk["id"])), nil))["items"].([]any)
		if len(calls) != 2 || calls[0].(map[string]any)["purpose"] != "summary" || calls[1].(map[string]any)["purpose"] != "reply_draft" {
			t.Fatalf("calls %v", calls)
		}
		// A department member cannot reach another team's ticket through the model.
		e.must(404, e.do("department", "POST", path+"/summary", nil))
		bad := e.do("agent", "POST", path+"/draft", map[string]any{"references": []string{""}})
		if bad.Status != 422 || !strings.Contains(string(bad.Raw), "body.references[0]") {
			t.Fatalf("empty reference: %d %s", bad.Status, bad.Raw)
		}
		e.must(422, e.do("admin", "GET", "/api/v1/llm/calls?cursor=abc", nil))
	})
}
