package httpapi_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

// The inbox asks for each status separately and merges the pages (see
// ticket.statusBranches); every page, followed by its cursor, must give the
// same tickets in the same order as one sorted list would.
func TestInboxSplitByStatusKeepsOneOrder(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		front, risk := e.teams["一线客服"], e.teams["风控"]
		prios := []string{"low", "normal", "high", "urgent"}
		statuses := []string{"new", "open", "pending_customer", "new", "open"}
		type row struct {
			id      int64
			team    int64
			status  string
			rank    int
			updated string
		}
		var all []row
		for i := 0; i < 17; i++ {
			team := front
			if i%5 == 4 {
				team = risk
			}
			tk := e.must(201, e.do("supervisor", "POST", "/api/v1/tickets", map[string]any{
				"subject": fmt.Sprintf("工单 %d", i), "service_type": "query", "priority": prios[i%4], "team_id": team}))
			id := num(tk["id"])
			if st := statuses[i%len(statuses)]; st != "new" {
				tk = e.must(200, e.do("supervisor", "PATCH", fmt.Sprintf("/api/v1/tickets/%d", id), map[string]any{"version": tk["version"], "status": "open"}))
				if st != "open" {
					tk = e.must(200, e.do("supervisor", "PATCH", fmt.Sprintf("/api/v1/tickets/%d", id), map[string]any{"version": tk["version"], "status": st}))
				}
			}
			time.Sleep(2 * time.Millisecond) // distinct updated_at
			all = append(all, row{id, team, tk["status"].(string), i % 4, tk["updated_at"].(string)})
		}
		walk := func(role, query string) []int64 {
			var got []int64
			cursor := ""
			for {
				page := e.must(200, e.do(role, "GET", "/api/v1/tickets?limit=3&"+query+"&cursor="+cursor, nil))
				for _, it := range page["items"].([]any) {
					got = append(got, num(it.(map[string]any)["id"]))
				}
				next, _ := page["next_cursor"].(string)
				if next == "" {
					return got
				}
				cursor = next
			}
		}
		want := func(keep func(row) bool, queue bool) []int64 {
			var rs []row
			for _, r := range all {
				if keep(r) {
					rs = append(rs, r)
				}
			}
			sort.Slice(rs, func(i, j int) bool {
				if queue && rs[i].rank != rs[j].rank {
					return rs[i].rank > rs[j].rank
				}
				if rs[i].updated != rs[j].updated {
					t0, _ := time.Parse(time.RFC3339Nano, rs[i].updated)
					t1, _ := time.Parse(time.RFC3339Nano, rs[j].updated)
					return t0.After(t1)
				}
				return rs[i].id > rs[j].id
			})
			ids := []int64{}
			for _, r := range rs {
				ids = append(ids, r.id)
			}
			return ids
		}
		newOpen := func(r row) bool { return r.team == front && (r.status == "new" || r.status == "open") }
		inFront := func(r row) bool { return r.team == front }
		for _, c := range []struct {
			role, query string
			want        []int64
		}{
			{"supervisor", fmt.Sprintf("team_id=%d&status=new,open&sort=-priority", front), want(newOpen, true)},
			{"supervisor", fmt.Sprintf("team_id=%d&status=new,open", front), want(newOpen, false)},
			{"supervisor", "view=team&sort=-priority", want(inFront, true)},
			{"supervisor", "view=team", want(inFront, false)},
			{"supervisor", "view=all&status=new,open,pending_customer&sort=-priority", want(func(row) bool { return true }, true)},
			// a department member sees its own team's tickets only
			{"department", "view=all&status=new,open&sort=-priority", want(func(r row) bool { return r.team == risk && r.status != "pending_customer" }, true)},
		} {
			if got := walk(c.role, c.query); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s %s:\n got %v\nwant %v", c.role, c.query, got, c.want)
			}
		}
		// the department user of risk sees none of the front team's queue
		if got := walk("department", fmt.Sprintf("team_id=%d&status=new,open&sort=-priority", front)); len(got) != 0 {
			t.Errorf("department sees the front team's tickets: %v", got)
		}
	})
}

// A token's principal is cached for a moment; revoking the token or
// deactivating its user must still take effect on the next request.
func TestRevokedTokenAndDeactivatedUserStopAtOnce(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.must(201, e.do("agent", "POST", "/api/v1/tokens", map[string]any{"name": "second"}))
		e.tokens["second"] = tok["token"].(string)
		e.must(200, e.do("second", "GET", "/api/v1/tickets", nil))
		e.must(200, e.do("second", "GET", "/api/v1/tickets", nil)) // now cached
		e.must(204, e.do("agent", "DELETE", fmt.Sprintf("/api/v1/tokens/%d", num(tok["id"])), nil))
		e.must(401, e.do("second", "GET", "/api/v1/tickets", nil))

		e.must(200, e.do("qa", "GET", "/api/v1/auth/me", nil))
		e.must(200, e.do("qa", "GET", "/api/v1/auth/me", nil))
		e.must(200, e.do("admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", e.users["qa"].ID), map[string]any{"version": e.users["qa"].Version, "active": false}))
		e.must(401, e.do("qa", "GET", "/api/v1/auth/me", nil))
	})
}
