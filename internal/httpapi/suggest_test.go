package httpapi_test

import (
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestSuggestAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// no model yet: 200 with nulls and the reason
		b := e.must(200, e.do("agent", "POST", "/api/v1/suggest", map[string]any{"text": "物流三天没有更新"}))
		if b["service_type"] != nil || b["reason"] != nil || b["model"] != nil || b["no_model"] != "not_enough_data" {
			t.Fatalf("no model: %v", b)
		}
		e.must(401, e.do("", "POST", "/api/v1/suggest", map[string]any{"text": "x"}))
		e.must(403, e.do("agent", "POST", "/api/v1/suggest/retrain", nil))
		r := e.must(202, e.do("admin", "POST", "/api/v1/suggest/retrain?wait=true", nil))
		if res, _ := r["result"].(map[string]any); res == nil || len(res["kinds"].([]any)) != 2 {
			t.Fatalf("retrain: %v", r)
		}
		// feedback on a saved contact
		c := e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"channel": "phone", "direction": "inbound", "service_type": "query", "summary": "查询物流"}))
		e.must(204, e.do("agent", "POST", "/api/v1/suggest/feedback", map[string]any{"object_type": "contact", "object_id": c["id"], "kind": "service_type", "suggested": "query", "chosen": "query", "confidence": 0.8}))
		e.must(404, e.do("agent", "POST", "/api/v1/suggest/feedback", map[string]any{"object_type": "ticket", "object_id": 999999, "kind": "reason", "suggested": "1", "chosen": "1"}))
		e.must(422, e.do("agent", "POST", "/api/v1/suggest/feedback", map[string]any{"object_type": "order", "object_id": 1, "kind": "reason", "suggested": "1", "chosen": "1"}))
		e.must(403, e.do("agent", "GET", "/api/v1/suggest/report", nil))
		rep := e.must(200, e.do("qa", "GET", "/api/v1/suggest/report", nil))
		if rep["confirmed_share"] != 1.0 || num(rep["suggestions"]) != 1 || rep["model"] != nil {
			t.Fatalf("report: %v", rep)
		}
	})
}
