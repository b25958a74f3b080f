package demo_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/demo"
)

var anchor = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

func small() demo.Options {
	return demo.Options{Customers: 50, Tickets: 300, Seed: 7, Now: anchor, Password: "demo-pass"}
}

type hasher struct{ calls int }

func (h *hasher) hash(p string) (string, error) { h.calls++; return "plain:" + p, nil }

func load(t *testing.T, d *db.DB, o demo.Options) demo.Result {
	t.Helper()
	var h hasher
	res, err := demo.Load(context.Background(), d, o, h.hash)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if res.Users > 0 && o.Password != "" && h.calls != 1 {
		t.Errorf("hashPassword called %d times, want once", h.calls)
	}
	return res
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestLoad(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		last := map[string][2]int{}
		o := small()
		o.Progress = func(stage string, done, total int) {
			if p := last[stage]; done <= p[0] { // called from one goroutine at a time, counts only grow
				t.Errorf("progress %s went from %d to %d", stage, p[0], done)
			}
			last[stage] = [2]int{done, total}
		}
		res := load(t, d, o)
		for _, st := range []string{"reference", "customers", "tickets", "contacts"} {
			if p := last[st]; p[0] != p[1] || p[1] == 0 {
				t.Errorf("progress %s ended at %d/%d", st, p[0], p[1])
			}
		}
		if res.Teams != 7 || res.Users != 16 || res.Customers != 50 || res.Tickets != 300 || res.Contacts != 600 {
			t.Errorf("result = %+v", res)
		}
		if res.AdminEmail != "admin@kefu.local" {
			t.Errorf("admin email = %q", res.AdminEmail)
		}
		for _, c := range []struct {
			q    string
			want int
		}{
			{`SELECT COUNT(*) FROM teams`, 7},
			{`SELECT COUNT(*) FROM teams WHERE kind = 'department'`, 4},
			{`SELECT COUNT(*) FROM users`, 16},
			{`SELECT COUNT(*) FROM users WHERE password_hash <> 'plain:demo-pass'`, 0},
			{`SELECT COUNT(*) FROM users WHERE email = 'admin@kefu.local' AND role = 'admin' AND level = 'manager'`, 1},
			{`SELECT COUNT(*) FROM users WHERE role = 'agent'`, 9},
			{`SELECT COUNT(*) FROM reasons WHERE parent_id IS NULL`, 8},
			{`SELECT COUNT(*) FROM customers`, 50},
			{`SELECT COUNT(*) FROM tickets`, 300},
			{`SELECT COUNT(*) FROM contacts`, 600},
			{`SELECT COUNT(*) FROM ticket_events`, res.Events},
			// Exactly one 'created' event per ticket, and it comes first.
			{`SELECT COUNT(*) FROM tickets t WHERE (SELECT COUNT(*) FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'created') <> 1`, 0},
			{`SELECT COUNT(*) FROM ticket_events e WHERE e.kind = 'created' AND e.id <> (SELECT MIN(id) FROM ticket_events x WHERE x.ticket_id = e.ticket_id)`, 0},
			{`SELECT COUNT(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.kind = 'created' AND e.body <> t.description`, 0},
			// Foreign keys.
			{`SELECT COUNT(*) FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.customer_id IS NOT NULL AND c.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM tickets t LEFT JOIN teams x ON x.id = t.team_id WHERE t.team_id IS NOT NULL AND x.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM tickets t LEFT JOIN users u ON u.id = t.owner_id WHERE t.owner_id IS NOT NULL AND u.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM tickets t LEFT JOIN reasons r ON r.id = t.reason_id WHERE r.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM tickets t JOIN reasons r ON r.id = t.reason_id WHERE r.parent_id IS NULL`, 0}, // leaves only
			{`SELECT COUNT(*) FROM ticket_events e LEFT JOIN tickets t ON t.id = e.ticket_id WHERE t.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.actor_id IS NOT NULL AND u.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM contacts c LEFT JOIN customers x ON x.id = c.customer_id WHERE c.customer_id IS NOT NULL AND x.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM contacts c LEFT JOIN users u ON u.id = c.agent_id WHERE c.agent_id IS NOT NULL AND u.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM contact_tickets l LEFT JOIN contacts c ON c.id = l.contact_id LEFT JOIN tickets t ON t.id = l.ticket_id WHERE c.id IS NULL OR t.id IS NULL`, 0},
			{`SELECT COUNT(*) FROM customer_identities i LEFT JOIN customers c ON c.id = i.customer_id WHERE c.id IS NULL`, 0},
			// Every customer has a phone; phones are unique and look like mainland mobiles.
			{`SELECT COUNT(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM customer_identities i WHERE i.customer_id = c.id AND i.kind = 'phone')`, 0},
			{`SELECT COUNT(*) FROM (SELECT value FROM customer_identities WHERE kind = 'phone' GROUP BY value HAVING COUNT(*) > 1) x`, 0},
			{`SELECT COUNT(*) FROM customer_identities WHERE kind = 'external' AND system = ''`, 0},
			// Times inside the window and status timestamps consistent.
			{`SELECT COUNT(*) FROM tickets WHERE created_at < $1 OR updated_at > $2 OR updated_at < created_at`, 0},
			{`SELECT COUNT(*) FROM ticket_events WHERE created_at > $2`, 0},
			{`SELECT COUNT(*) FROM contacts WHERE started_at > $2 OR ended_at > $2 OR ended_at < started_at`, 0},
			{`SELECT COUNT(*) FROM tickets WHERE status IN ('resolved', 'closed') AND resolved_at = 0`, 0},
			{`SELECT COUNT(*) FROM tickets WHERE status = 'closed' AND closed_at < resolved_at`, 0},
			{`SELECT COUNT(*) FROM tickets WHERE status NOT IN ('resolved', 'closed') AND (resolved_at <> 0 OR closed_at <> 0)`, 0},
			{`SELECT COUNT(*) FROM tickets WHERE status <> 'new' AND owner_id IS NULL`, 0},
			{`SELECT COUNT(*) FROM tickets WHERE priority_rank <> CASE priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 WHEN 'urgent' THEN 3 END`, 0},
			{`SELECT COUNT(*) FROM tickets WHERE version <> 1`, 0},
		} {
			start, end := anchor.Add(-90*24*time.Hour).UnixMilli(), anchor.UnixMilli()
			var args []any
			if strings.Contains(c.q, "$1") {
				args = []any{start, end}
			} else if strings.Contains(c.q, "$2") {
				c.q = strings.ReplaceAll(c.q, "$2", "$1")
				args = []any{end}
			}
			if got := count(t, d, c.q, args...); got != c.want {
				t.Errorf("%s = %d, want %d", c.q, got, c.want)
			}
		}
		for _, st := range []string{"new", "open", "pending_customer", "pending_internal", "resolved", "closed"} {
			if count(t, d, `SELECT COUNT(*) FROM tickets WHERE status = $1`, st) == 0 {
				t.Errorf("no ticket with status %s", st)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM tickets WHERE owner_id IS NULL`); n == 0 {
			t.Errorf("no unassigned ticket")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM contact_tickets`); n < 100 {
			t.Errorf("only %d contact links", n)
		}
		if n := count(t, d, `SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM ticket_events GROUP BY ticket_id) x`); n < 30 {
			t.Errorf("longest timeline has %d events, want some with 30+", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM tickets t JOIN teams x ON x.id = t.team_id WHERE x.kind = 'department'`); n == 0 {
			t.Errorf("no ticket waiting on a department")
		}
		// The reason mix is skewed: the top reason is well above the average.
		if top := count(t, d, `SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM tickets GROUP BY reason_id) x`); top < 300/40*3 {
			t.Errorf("top reason has %d tickets, want a skewed mix", top)
		}
		checkJSONAndTimelines(t, d)
	})
}

// checkJSONAndTimelines parses every JSON column and replays each ticket's
// status and assignment events against the ticket's current state.
func checkJSONAndTimelines(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	jsonCols := []string{
		`SELECT tags FROM customers`, `SELECT attributes FROM customers`,
		`SELECT transcript FROM contacts`, `SELECT data FROM ticket_events`, `SELECT custom_fields FROM tickets`,
	}
	transcripts := 0
	for _, q := range jsonCols {
		rows, err := d.Reader().Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			var v any
			if err := json.Unmarshal([]byte(s), &v); err != nil {
				t.Fatalf("%s: invalid JSON %q: %v", q, s, err)
			}
			if strings.Contains(q, "transcript") && s != "[]" {
				transcripts++
				var turns []struct {
					Speaker  string `json:"speaker"`
					OffsetMS *int64 `json:"offset_ms"`
					Text     string `json:"text"`
				}
				_ = json.Unmarshal([]byte(s), &turns)
				for _, tr := range turns {
					if (tr.Speaker != "agent" && tr.Speaker != "customer") || tr.OffsetMS == nil || tr.Text == "" {
						t.Fatalf("bad transcript turn in %s", s)
					}
				}
			}
		}
		rows.Close()
	}
	if transcripts == 0 {
		t.Errorf("no transcripts")
	}

	type state struct {
		status      string
		team, owner *int64
		sawStatus   bool
		sawAssign   bool
		lastAt      int64
		orderBroken bool
	}
	tickets := map[int64]*state{}
	rows, err := d.Reader().Query(ctx, `SELECT id, status, team_id, owner_id, updated_at FROM tickets`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		status      string
		team, owner *int64
		updated     int64
	}
	want := map[int64]row{}
	for rows.Next() {
		var id int64
		var r row
		if err := rows.Scan(&id, &r.status, &r.team, &r.owner, &r.updated); err != nil {
			t.Fatal(err)
		}
		want[id] = r
		tickets[id] = &state{status: "new"}
	}
	rows.Close()
	rows, err = d.Reader().Query(ctx, `SELECT ticket_id, kind, data, created_at FROM ticket_events ORDER BY ticket_id, id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, at int64
		var kind, data string
		if err := rows.Scan(&id, &kind, &data, &at); err != nil {
			t.Fatal(err)
		}
		s := tickets[id]
		if at < s.lastAt {
			s.orderBroken = true
		}
		s.lastAt = at
		switch kind {
		case "status":
			var x struct{ From, To string }
			_ = json.Unmarshal([]byte(data), &x)
			if x.From != s.status {
				t.Fatalf("ticket %d: status event from %s but ticket was %s", id, x.From, s.status)
			}
			s.status, s.sawStatus = x.To, true
		case "assignment":
			var x struct {
				FromTeam  *int64 `json:"from_team_id"`
				ToTeam    *int64 `json:"to_team_id"`
				FromOwner *int64 `json:"from_owner_id"`
				ToOwner   *int64 `json:"to_owner_id"`
			}
			_ = json.Unmarshal([]byte(data), &x)
			if s.sawAssign && !eqID(x.FromTeam, s.team) {
				t.Fatalf("ticket %d: assignment from team %v but was %v", id, x.FromTeam, s.team)
			}
			s.team, s.owner, s.sawAssign = x.ToTeam, x.ToOwner, true
		}
	}
	rows.Close()
	for id, s := range tickets {
		w := want[id]
		if s.status != w.status {
			t.Errorf("ticket %d: events end in %s, ticket is %s", id, s.status, w.status)
		}
		if s.sawAssign && (!eqID(s.team, w.team) || !eqID(s.owner, w.owner)) {
			t.Errorf("ticket %d: events end with team %v owner %v, ticket has %v %v", id, s.team, s.owner, w.team, w.owner)
		}
		if s.orderBroken {
			t.Errorf("ticket %d: event times go backwards", id)
		}
		if s.lastAt != w.updated {
			t.Errorf("ticket %d: updated_at %d, last event %d", id, w.updated, s.lastAt)
		}
	}
}

func eqID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func subjects(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.Reader().Query(context.Background(), `SELECT subject || '|' || status || '|' || priority FROM tickets ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		load(t, d, small())
		other := dbtest.Open(t, d.Dialect)
		load(t, other, small())
		a, b := subjects(t, d), subjects(t, other)
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("same seed gave different tickets")
		}
		third := dbtest.Open(t, d.Dialect)
		o := small()
		o.Seed = 8
		load(t, third, o)
		if strings.Join(a, "\n") == strings.Join(subjects(t, third), "\n") {
			t.Errorf("different seeds gave the same tickets")
		}
	})
}

func TestLoadTwiceAppends(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		first := load(t, d, small())
		reasons := count(t, d, `SELECT COUNT(*) FROM reasons`)
		second := load(t, d, small())
		if second.Teams != 0 || second.Users != 0 {
			t.Errorf("second load created teams/users: %+v", second)
		}
		if second.Tickets != 300 || second.Events == 0 {
			t.Errorf("second load = %+v", second)
		}
		for _, c := range []struct {
			q    string
			want int
		}{
			{`SELECT COUNT(*) FROM teams`, 7},
			{`SELECT COUNT(*) FROM users`, 16},
			{`SELECT COUNT(*) FROM reasons`, reasons},
			{`SELECT COUNT(*) FROM tickets`, 600},
			{`SELECT COUNT(*) FROM customers`, 100},
			{`SELECT COUNT(*) FROM contacts`, 1200},
			{`SELECT COUNT(*) FROM ticket_events`, first.Events + second.Events},
			{`SELECT COUNT(*) FROM (SELECT value FROM customer_identities WHERE kind = 'phone' GROUP BY value HAVING COUNT(*) > 1) x`, 0},
		} {
			if got := count(t, d, c.q); got != c.want {
				t.Errorf("%s = %d, want %d", c.q, got, c.want)
			}
		}
	})
}

// After Load the ordinary INSERT paths (ids from the engine) keep working.
func TestInsertAfterLoad(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		load(t, d, demo.Options{Customers: 20, Tickets: 50, Now: anchor})
		ctx := context.Background()
		max := count(t, d, `SELECT MAX(id) FROM tickets`)
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			now := db.Now()
			id, err := db.InsertID(ctx, tx, `INSERT INTO tickets (subject, service_type, priority, priority_rank, status, created_at, updated_at)
				VALUES ($1, 'query', 'normal', 1, 'new', $2, $2)`, "新工单", now)
			if err != nil {
				return err
			}
			if id <= int64(max) {
				t.Errorf("new ticket id %d not after %d", id, max)
			}
			for _, q := range []string{
				`INSERT INTO ticket_events (ticket_id, kind, data, created_at) VALUES ($1, 'created', '{}', $2)`,
			} {
				if _, err := db.InsertID(ctx, tx, q, id, now); err != nil {
					return err
				}
			}
			if _, err := db.InsertID(ctx, tx, `INSERT INTO customers (name, created_at, updated_at) VALUES ('新客户', $1, $1)`, now); err != nil {
				return err
			}
			if _, err := db.InsertID(ctx, tx, `INSERT INTO customer_identities (customer_id, kind, value) VALUES (1, 'phone', '13800000000')`); err != nil {
				return err
			}
			_, err = db.InsertID(ctx, tx, `INSERT INTO contacts (channel, direction, started_at, service_type, created_at) VALUES ('phone', 'inbound', $1, 'query', $1)`, now)
			return err
		})
		if err != nil {
			t.Fatalf("insert after load: %v", err)
		}
	})
}

func TestNoneAndDefaults(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		res := load(t, d, demo.Options{Customers: -1, Tickets: -1, Contacts: -1, Now: anchor})
		if res.Customers != 0 || res.Tickets != 0 || res.Contacts != 0 || res.Teams != 7 {
			t.Errorf("result = %+v", res)
		}
		res = load(t, d, demo.Options{Customers: -1, Tickets: 20, Contacts: 5, Now: anchor})
		if res.Tickets != 20 || res.Contacts != 5 {
			t.Errorf("result = %+v", res)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM tickets WHERE customer_id IS NOT NULL`); n != 0 {
			t.Errorf("%d tickets with a customer when none were made", n)
		}
	})
}

// A Load stopped half-way leaves what it committed usable, with the
// PostgreSQL sequences past the rows it wrote.
func TestCancelledLoad(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		o := demo.Options{Customers: 20, Tickets: 5000, Now: anchor}
		o.Progress = func(stage string, done, total int) {
			if stage == "tickets" {
				cancel()
			}
		}
		if _, err := demo.Load(ctx, d, o, nil); err == nil {
			t.Fatal("cancelled Load returned no error")
		}
		n := count(t, d, `SELECT COUNT(*) FROM tickets`)
		if n == 0 || n >= 5000 {
			t.Errorf("%d tickets after cancelling", n)
		}
		err := d.WriteTx(context.Background(), func(tx *db.Tx) error {
			_, err := db.InsertID(context.Background(), tx, `INSERT INTO tickets (subject, service_type, priority, priority_rank, status, created_at, updated_at)
				VALUES ('新工单', 'query', 'normal', 1, 'new', 1, 1)`)
			return err
		})
		if err != nil {
			t.Fatalf("insert after cancelled load: %v", err)
		}
	})
}

// The bot's hand-offs create tickets through the ticket service, which
// indexes them; the bulk tickets below them must be indexed too (the
// server's start-up indexing only looks above the highest indexed id).
func TestEveryTicketSearchableWithBotConversations(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		o := small()
		o.BotConversations = 20
		res := load(t, d, o)
		if res.BotConversations == 0 || count(t, d, `SELECT COUNT(*) FROM tickets`) <= 300 {
			t.Fatalf("no hand-off tickets: %+v", res)
		}
		if n, all := count(t, d, `SELECT COUNT(*) FROM ticket_search`), count(t, d, `SELECT COUNT(*) FROM tickets`); n != all {
			t.Errorf("%d of %d tickets indexed for search", n, all)
		}
	})
}
