package llm_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/llm"
)

// endpoint is a real HTTP server speaking the OpenAI chat-completions shape;
// it records what it was sent and answers with reply (or status).
type endpoint struct {
	mu     sync.Mutex
	bodies []string
	auth   []string
	status int
	reply  string
	hold   chan struct{} // when set, requests wait for it to close
	srv    *httptest.Server
}

func newEndpoint(t *testing.T) *endpoint {
	e := &endpoint{status: 200, reply: "您好,[NAME],退款已提交,预计 3 个工作日到账。"}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		e.bodies, e.auth = append(e.bodies, string(b)), append(e.auth, r.Header.Get("Authorization"))
		status, reply, hold := e.status, e.reply, e.hold
		e.mu.Unlock()
		if hold != nil {
			<-hold
		}
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		if status != 200 {
			http.Error(w, `{"error":{"message":"model overloaded"}}`, status)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"model":   "qwen-local",
			"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": reply}}},
			"usage":   map[string]any{"prompt_tokens": 321, "completion_tokens": 45},
		})
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *endpoint) sent() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string{}, e.bodies...)
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func refundCase() llm.Case {
	return llm.Case{
		Number: "000042", Subject: "课程退款未到账", Status: "open", ServiceType: "complaint", ReasonPath: "退款与售后 / 课程退款",
		Description: "赵梓娟来电:7 天前申请退款,至今未到账,手机 15112348018,身份证 11010519491231002X。",
		Customer:    llm.Person{Name: "赵梓娟", Phones: []string{"15112348018"}},
		Timeline: []llm.Entry{
			{Kind: "reply", Author: "陈静", Text: "您好,退款已提交财务审核。", At: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)},
			{Kind: "note", Author: "陈静", Text: "财务说卡号 6222 0212 3456 7894 退回失败。", At: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)},
		},
	}
}

func TestDisabledByDefault(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	s := llm.New(d, llm.Config{}, quiet)
	if s.Status().Enabled {
		t.Fatal("enabled without a URL")
	}
	_, err := s.Run(context.Background(), llm.PurposeSummary, "zh-CN", refundCase(), "", 1, 42)
	if ae, ok := apperr.As(err); !ok || ae.Code != apperr.NotFound || ae.Key != "err.llm.disabled" {
		t.Fatalf("err %v", err)
	}
}

func TestRunMasksSendsAndLogs(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ep := newEndpoint(t)
		s := llm.New(d, llm.Config{URL: ep.srv.URL + "/v1/", Model: "qwen-local", APIKey: "sk-secret"}, quiet)
		res, err := s.Run(ctx, llm.PurposeDraft, "zh-CN", refundCase(), "语气更正式", 7, 42)
		if err != nil {
			t.Fatal(err)
		}
		if res.Text != "您好,赵梓娟,退款已提交,预计 3 个工作日到账。" || res.Model != "qwen-local" || res.CallID == 0 || res.Redactions != 4 {
			t.Fatalf("result %+v", res)
		}
		sent := ep.sent()
		if len(sent) != 1 {
			t.Fatalf("%d requests", len(sent))
		}
		for _, secret := range []string{"赵梓娟", "15112348018", "11010519491231002X", "6222 0212 3456 7894"} {
			if strings.Contains(sent[0], secret) {
				t.Errorf("%q was sent to the model: %s", secret, sent[0])
			}
		}
		for _, want := range []string{"[NAME]", "[PHONE_1]", "[ID_1]", "[CARD_1]", "语气更正式", "退款已提交财务审核", `"model":"qwen-local"`} {
			if !strings.Contains(sent[0], want) {
				t.Errorf("request lacks %q: %s", want, sent[0])
			}
		}
		if ep.auth[0] != "Bearer sk-secret" {
			t.Errorf("auth %q", ep.auth[0])
		}

		// A failing endpoint: 503 to the caller, logged as an error.
		ep.mu.Lock()
		ep.status = 500
		ep.mu.Unlock()
		_, err = s.Run(ctx, llm.PurposeSummary, "en", refundCase(), "", 7, 42)
		if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Unavailable {
			t.Fatalf("err %v", err)
		}

		calls, err := s.Calls(ctx, 0, 42, 10)
		if err != nil || len(calls) != 2 {
			t.Fatalf("calls %v %+v", err, calls)
		}
		failed, ok := calls[0], calls[1]
		if ok.Status != "ok" || ok.Purpose != llm.PurposeDraft || ok.UserID != 7 || ok.PromptTokens != 321 || ok.CompletionTokens != 45 ||
			ok.Response != "您好,[NAME],退款已提交,预计 3 个工作日到账。" || len(ok.Messages) != 2 || strings.Contains(ok.Messages[1].Content, "15112348018") {
			t.Errorf("logged call %+v", ok)
		}
		if failed.Status != "error" || !strings.Contains(failed.Error, "500") || failed.Purpose != llm.PurposeSummary {
			t.Errorf("logged failure %+v", failed)
		}
		if strings.Contains(ok.Error+failed.Error, "sk-secret") {
			t.Error("the API key reached the log")
		}
		if page, _ := s.Calls(ctx, calls[0].ID, 0, 10); len(page) != 1 || page[0].ID != ok.ID {
			t.Errorf("cursor page %+v", page)
		}
	})
}

func TestBusyAndTimeout(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	ctx := context.Background()
	ep := newEndpoint(t)
	ep.hold = make(chan struct{})
	s := llm.New(d, llm.Config{URL: ep.srv.URL + "/v1", Model: "m", MaxConcurrent: 1, Timeout: 2 * time.Second}, quiet)
	done := make(chan error, 1)
	go func() {
		_, err := s.Run(ctx, llm.PurposeSummary, "zh-CN", refundCase(), "", 1, 1)
		done <- err
	}()
	for len(ep.sent()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	_, err := s.Run(ctx, llm.PurposeSummary, "zh-CN", refundCase(), "", 1, 1)
	if ae, ok := apperr.As(err); !ok || ae.Code != apperr.RateLimited {
		t.Fatalf("second call in flight: %v", err)
	}
	// The first one times out at the client's limit, not the server's whim.
	if err := <-done; apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("held call: %v", err)
	}
	close(ep.hold)
	calls, _ := s.Calls(ctx, 0, 0, 10)
	if len(calls) != 2 || calls[0].Status != "error" || calls[1].Status != "busy" {
		t.Fatalf("calls %+v", calls)
	}
}

func TestPromptKeepsNewestHistoryWithinBudget(t *testing.T) {
	c := refundCase()
	long := strings.Repeat("客户再次来电催促退款进度。", 40)
	for i := 0; i < 200; i++ {
		c.Timeline = append(c.Timeline, llm.Entry{Kind: "note", Author: "坐席", Text: long, At: time.Date(2026, 11, 22, 0, i, 0, 0, time.UTC)})
	}
	c.Timeline = append(c.Timeline, llm.Entry{Kind: "reply", Author: "陈静", Text: "最新进展:已重新打款。", At: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)})
	c.References = []string{"话术:退款一般 3-5 个工作日原路退回。"}
	msgs := llm.BuildMessages(llm.PurposeSummary, "zh-CN", c, "", llm.NewRedaction(c.Customer))
	user := msgs[1].Content
	if n := len([]rune(user)); n > 8200 {
		t.Errorf("prompt has %d characters", n)
	}
	if !strings.Contains(user, "最新进展:已重新打款") || strings.Contains(user, "退款已提交财务审核") {
		t.Error("the newest entries should be kept and the oldest dropped")
	}
	if strings.Contains(user, "话术") {
		t.Error("a summary does not need the reference scripts")
	}
	draft := llm.BuildMessages(llm.PurposeDraft, "en", c, "", llm.NewRedaction(c.Customer))
	if !strings.Contains(draft[1].Content, "Reference scripts") || !strings.Contains(draft[0].Content, "Output only the reply") {
		t.Errorf("draft prompt %q", draft)
	}
}
