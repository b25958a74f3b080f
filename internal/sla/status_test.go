package sla_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/sla"
	"github.com/kefuhq/kefu/internal/ticket"
)

// ForTickets reads a list page's SLA status in one query: the policy's
// name, the warned clocks (in name order) and the breaches, with the
// business time left from the default calendar when the policy names none.
func TestForTicketsReadsAPage(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n := newNode(d)
		roundTheClock(t, n, sla.Policy{Name: "列表页", FirstResponseMins: 1, ResolutionMins: 2, WarnPercent: 50})
		var ids []int64
		for i := 0; i < 3; i++ {
			tk, err := n.tickets.Create(ctx, ticket.Input{Subject: "查询进度", ServiceType: "query"}, ticket.Actor{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, tk.ID)
		}
		// First-response warning, then its breach and the resolution warning.
		for _, after := range []time.Duration{45 * time.Second, 75 * time.Second} {
			if _, err := n.sla.Fire(ctx, n.tickets, time.Now().Add(after)); err != nil {
				t.Fatal(err)
			}
		}
		m, err := n.sla.ForTickets(ctx, append(ids, 999999))
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != len(ids) {
			t.Fatalf("%d statuses, want %d (a ticket without SLA state is absent)", len(m), len(ids))
		}
		for _, id := range ids {
			st := m[id]
			if st.Policy != "列表页" || st.PolicyID == nil || st.Holder != nil {
				t.Errorf("ticket %d: policy %q %v, holder %v", id, st.Policy, st.PolicyID, st.Holder)
			}
			if !slices.Equal(st.Warned, []string{sla.ClockFirstResponse, sla.ClockResolution}) || !slices.Equal(st.Breached, []string{sla.ClockFirstResponse}) {
				t.Errorf("ticket %d: warned %v, breached %v", id, st.Warned, st.Breached)
			}
			if st.ResolutionDue == nil || st.NextDue == nil || st.BusinessLeftSecs == nil {
				t.Errorf("ticket %d: no deadline or time left: %+v", id, st)
			}
		}
	})
}
