package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

// A new caller's ticket is one request: the customer comes inline, is
// validated exactly as POST /customers validates it, and is written in the
// ticket's transaction — a bad customer writes neither.
func TestTicketWithInlineCustomer(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tk := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{
			"subject": "申请课程退款", "service_type": "complaint",
			"customer": map[string]any{"name": "陈静", "phones": []string{"139 0000 1111"}, "tier": "gold"}}))
		if tk["customer_name"] != "陈静" || tk["customer_id"] == nil {
			t.Fatalf("ticket %v", tk)
		}
		cust := e.must(200, e.do("agent", "GET", fmt.Sprintf("/api/v1/customers/%d", num(tk["customer_id"])), nil))
		if cust["tier"] != "gold" || cust["phones"].([]any)[0] != "139****1111" {
			t.Fatalf("customer %v", cust)
		}

		customers, tickets := e.count("customers"), e.count("tickets")
		bad := map[string]any{"name": "", "phones": []string{"12ab"}, "tier": "diamond"}
		viaCustomers := e.do("agent", "POST", "/api/v1/customers", bad, "Accept-Language", "en")
		viaTicket := e.do("agent", "POST", "/api/v1/tickets", map[string]any{
			"subject": "申请课程退款", "service_type": "complaint", "customer": bad}, "Accept-Language", "en")
		if viaTicket.Status != 422 || viaCustomers.Status != 422 {
			t.Fatalf("status %d / %d: %s", viaTicket.Status, viaCustomers.Status, viaTicket.Raw)
		}
		want := map[string]string{}
		for _, f := range viaCustomers.Body["errors"].([]any) {
			m := f.(map[string]any)
			want["body.customer."+m["location"].(string)[len("body."):]] = m["message"].(string)
		}
		got := map[string]string{}
		for _, f := range viaTicket.Body["errors"].([]any) {
			m := f.(map[string]any)
			got[m["location"].(string)] = m["message"].(string)
		}
		if len(want) != 3 {
			t.Fatalf("POST /customers errors %v", want)
		}
		for loc, msg := range want {
			if got[loc] != msg {
				t.Errorf("%s: %q, want %q (as POST /customers)", loc, got[loc], msg)
			}
		}
		if e.count("customers") != customers || e.count("tickets") != tickets {
			t.Fatal("a rejected ticket wrote rows")
		}
		// customer_id wins over an inline customer, which is then ignored.
		other := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{
			"subject": "再次来电", "service_type": "complaint", "customer_id": tk["customer_id"], "customer": bad}))
		if num(other["customer_id"]) != num(tk["customer_id"]) || e.count("customers") != customers {
			t.Fatalf("ticket %v", other)
		}
	})
}
