package sla_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/sla"
	"github.com/kefuhq/kefu/internal/taxonomy"
	"github.com/kefuhq/kefu/internal/ticket"
)

// node is one kefu process's services on a shared database.
type node struct {
	tickets *ticket.Service
	sla     *sla.Service
}

func newNode(d *db.DB) node {
	tax := taxonomy.New(d)
	t := ticket.New(d, tax, nil)
	s := sla.New(d, nil, nil)
	t.AddHook(s)
	return node{t, s}
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// roundTheClock saves an active policy for queries on the 7×24 calendar
// (seeded by the migration), so that its clocks run whatever the hour.
func roundTheClock(t *testing.T, n node, p sla.Policy) {
	t.Helper()
	cal := int64(2)
	p.Position, p.Active, p.CalendarID = -1, true, &cal
	p.Match = sla.Match{ServiceTypes: []string{"query"}}
	if _, err := n.sla.SavePolicy(context.Background(), 0, p); err != nil {
		t.Fatal(err)
	}
}

// TestRestartFiresEveryDueActionExactlyOnce runs timers, "restarts" (new
// services on the same database, reopened), and runs them again on two
// nodes at once: every due timer acts once, none twice, none lost.
func TestRestartFiresEveryDueActionExactlyOnce(t *testing.T) {
	for _, engine := range dbtest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			opts := dbtest.Options(t, engine)
			d, err := db.Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			n1 := newNode(d)
			// A round-the-clock policy with one-minute targets for queries.
			roundTheClock(t, n1, sla.Policy{Name: "测试", FirstResponseMins: 1, ResolutionMins: 2, WarnPercent: 50, OnBreach: sla.OnBreach{Notify: true, RaisePriority: true}})
			const tickets = 12
			for i := 0; i < tickets; i++ {
				if _, err := n1.tickets.Create(ctx, ticket.Input{Subject: "查询进度", ServiceType: "query", Priority: "low"}, ticket.Actor{}); err != nil {
					t.Fatal(err)
				}
			}
			// Each ticket wants four: first-response warning + breach,
			// resolution warning + breach; only the first is armed.
			if got := count(t, d, `SELECT COUNT(*) FROM sla_timers WHERE cancelled = 0 AND clock = 'first_response' AND stage = 'warning'`); got != tickets {
				t.Fatalf("%d first-response warnings armed, want %d", got, tickets)
			}
			if got := count(t, d, `SELECT COUNT(*) FROM sla_timers`); got != tickets {
				t.Fatalf("%d timer rows, want one per ticket (%d)", got, tickets)
			}
			// Half-way: only the first-response warnings (30 s) are due.
			soon := time.Now().Add(45 * time.Second)
			if n, err := n1.sla.Fire(ctx, n1.tickets, soon); err != nil || n != tickets {
				t.Fatalf("first run fired %d (%v), want %d", n, err, tickets)
			}
			// Crash and restart: close the database, open it again with new services.
			d.Close()
			d, err = db.Open(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			a, b := newNode(d), newNode(d)
			later := time.Now().Add(10 * time.Minute)
			var wg sync.WaitGroup
			fired := make([]int, 2)
			for i, n := range []node{a, b} {
				wg.Add(1)
				go func(i int, n node) {
					defer wg.Done()
					for k := 0; k < 3; k++ {
						c, err := n.sla.Fire(ctx, n.tickets, later)
						if err != nil {
							t.Error(err)
						}
						fired[i] += c
					}
				}(i, n)
			}
			wg.Wait()
			// Each fired timer armed the next; a Fire call runs them all.
			if total := fired[0] + fired[1]; total != tickets*3 {
				t.Fatalf("after restart %d fired, want %d", total, tickets*3)
			}
			if got := count(t, d, `SELECT COUNT(*) FROM ticket_events WHERE kind = 'sla'`); got != tickets*4 {
				t.Fatalf("%d sla events, want exactly %d", got, tickets*4)
			}
			if got := count(t, d, `SELECT COUNT(*) FROM sla_timers WHERE fired_at = 0 AND cancelled = 0`); got != 0 {
				t.Fatalf("%d timers still pending", got)
			}
			// Each of the two breaches raised the priority once: low → normal → high.
			if got := count(t, d, `SELECT COUNT(*) FROM tickets WHERE priority = 'high'`); got != tickets {
				t.Fatalf("%d tickets raised twice, want %d", got, tickets)
			}
			if got := count(t, d, `SELECT COUNT(*) FROM ticket_events WHERE kind = 'field' AND data LIKE '%priority%'`); got != tickets*2 {
				t.Fatalf("%d priority changes, want %d", got, tickets*2)
			}
			if got := count(t, d, `SELECT COUNT(*) FROM ticket_sla WHERE breached LIKE '%first_response%' AND breached LIKE '%resolution%'`); got != tickets {
				t.Fatalf("%d tickets record both breaches", got)
			}
		})
	}
}

func TestPauseBanksElapsedTime(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n := newNode(d)
		cal := int64(2)
		if _, err := n.sla.SavePolicy(ctx, 0, sla.Policy{Name: "暂停测试", Position: -1, Active: true, ResolutionMins: 600, WarnPercent: 75,
			PauseStatuses: []string{"pending_customer"}, CalendarID: &cal}); err != nil {
			t.Fatal(err)
		}
		tk, err := n.tickets.Create(ctx, ticket.Input{Subject: "等待客户", ServiceType: "query"}, ticket.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		st := func() sla.Status { m, _ := n.sla.ForTickets(ctx, []int64{tk.ID}); return m[tk.ID] }
		due := st().ResolutionDue
		if due == nil || due.Sub(tk.CreatedAt) < 599*time.Minute {
			t.Fatalf("due %v", due)
		}
		pending := "pending_customer"
		tk, err = n.tickets.Update(ctx, tk.ID, ticket.Patch{Version: tk.Version, Status: &pending}, ticket.Actor{}, ticket.Viewer{All: true})
		if err != nil {
			t.Fatal(err)
		}
		if s := st(); s.ResolutionDue != nil || !s.Paused {
			t.Fatalf("paused clock still has a due: %+v", s)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM sla_timers WHERE ticket_id = $1 AND clock = 'resolution' AND cancelled = 0 AND fired_at = 0`, tk.ID); got != 0 {
			t.Fatalf("%d resolution timers pending while paused", got)
		}
		time.Sleep(20 * time.Millisecond)
		open := "open"
		if _, err := n.tickets.Update(ctx, tk.ID, ticket.Patch{Version: tk.Version, Status: &open}, ticket.Actor{}, ticket.Viewer{All: true}); err != nil {
			t.Fatal(err)
		}
		resumed := st().ResolutionDue
		if resumed == nil || !resumed.After(*due) {
			t.Fatalf("resumed due %v should be later than %v", resumed, due)
		}
	})
}

// TestDeadlinePastHolidayDataIsAnEstimate: a live ticket still gets a due
// when it runs past the years with holiday data, and the status says so.
func TestDeadlinePastHolidayDataIsAnEstimate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n := newNode(d)
		cal := int64(1) // 标准工作日历, cn holidays 2024–2026
		if _, err := n.sla.SavePolicy(ctx, 0, sla.Policy{Name: "长期", Position: -1, Active: true, ResolutionMins: 60 * 400, WarnPercent: 75, CalendarID: &cal}); err != nil {
			t.Fatal(err)
		}
		tk, err := n.tickets.Create(ctx, ticket.Input{Subject: "长期跟进", ServiceType: "query"}, ticket.Actor{})
		if err != nil {
			t.Fatalf("a due past the holiday data must not fail the ticket: %v", err)
		}
		m, err := n.sla.ForTickets(ctx, []int64{tk.ID})
		if err != nil {
			t.Fatal(err)
		}
		if st := m[tk.ID]; st.ResolutionDue == nil || !st.Estimate {
			t.Fatalf("status %+v: want a resolution due marked as an estimate", st)
		}
	})
}

// TestWarningIsAnnouncedOnce: a ticket that changes after its warning fired
// does not get the warning again, and its next timer is still armed.
func TestWarningIsAnnouncedOnce(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n := newNode(d)
		roundTheClock(t, n, sla.Policy{Name: "一次", FirstResponseMins: 10, ResolutionMins: 60, WarnPercent: 50})
		tk, err := n.tickets.Create(ctx, ticket.Input{Subject: "查询进度", ServiceType: "query"}, ticket.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := n.sla.Fire(ctx, n.tickets, time.Now().Add(6*time.Minute)); err != nil || got != 1 {
			t.Fatalf("fired %d (%v), want the first-response warning", got, err)
		}
		// The ticket changes (not a reply): its clocks are resynced.
		for _, p := range []string{"high", "normal"} {
			tk, err = n.tickets.Update(ctx, tk.ID, ticket.Patch{Version: tk.Version, Priority: &p}, ticket.Actor{}, ticket.Viewer{All: true})
			if err != nil {
				t.Fatal(err)
			}
		}
		if got, err := n.sla.Fire(ctx, n.tickets, time.Now().Add(7*time.Minute)); err != nil || got != 0 {
			t.Fatalf("fired %d (%v) again after the change, want 0", got, err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM sla_timers WHERE ticket_id = $1 AND fired_at = 0 AND cancelled = 0 AND clock = 'first_response' AND stage = 'breach'`, tk.ID); got != 1 {
			t.Fatalf("%d first-response breach timers armed, want 1", got)
		}
		// Past every deadline: breach, resolution warning, resolution breach.
		if got, err := n.sla.Fire(ctx, n.tickets, time.Now().Add(2*time.Hour)); err != nil || got != 3 {
			t.Fatalf("fired %d (%v), want 3", got, err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM ticket_events WHERE ticket_id = $1 AND kind = 'sla'`, tk.ID); got != 4 {
			t.Fatalf("%d sla events, want 4", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM sla_timers WHERE ticket_id = $1 AND fired_at = 0 AND cancelled = 0`, tk.ID); got != 0 {
			t.Fatalf("%d timers still pending", got)
		}
	})
}
