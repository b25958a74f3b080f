package httpapi_test

import (
	"context"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

// A list page shows the SLA status of the tickets that have SLA state and
// null for the others (the page's query tells which, so a page without
// any asks nothing more), the same as the ticket's own view.
func TestListShowsSLAStatusOfTicketsThatHaveIt(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tk := e.must(201, e.do("supervisor", "POST", "/api/v1/tickets", map[string]any{"subject": "投诉配送超时", "service_type": "complaint"}))
		// A ticket without SLA state, as the demo's bulk tickets are.
		if _, err := d.Reader().Exec(context.Background(), `INSERT INTO tickets (id, subject, description, service_type, priority, priority_rank, status, created_at, updated_at) VALUES (9001, '无时限', '', 'query', 'normal', 1, 'new', 1, 1)`); err != nil {
			t.Fatal(err)
		}
		items := e.must(200, e.do("supervisor", "GET", "/api/v1/tickets?view=all", nil))["items"].([]any)
		seen := 0
		for _, it := range items {
			it := it.(map[string]any)
			switch num(it["id"]) {
			case num(tk["id"]):
				seen++
				if st, ok := it["sla"].(map[string]any); !ok || st["policy"] != "投诉 1 小时响应" {
					t.Errorf("ticket with SLA state: sla %v", it["sla"])
				}
			case 9001:
				seen++
				if it["sla"] != nil {
					t.Errorf("ticket without SLA state: sla %v", it["sla"])
				}
			}
		}
		if seen != 2 {
			t.Fatalf("%d of the 2 tickets listed: %v", seen, items)
		}
	})
}
