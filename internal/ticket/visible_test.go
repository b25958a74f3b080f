package ticket

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/taxonomy"
)

// A viewer who sees only some tickets — their team's, those they own,
// created or watch, and those escalated to their team — gets exactly those
// in every list, page after page.
func TestRestrictedListsHoldExactlyTheVisibleTickets(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const me, other = 50, 51
		type row struct {
			id, updated, rank, team, owner, creator int64
			status                                  string
			watched, escalated                      bool
		}
		statuses := []string{"new", "open", "pending_customer", "resolved"}
		r := rand.New(rand.NewPCG(3, 4))
		var rows []row
		for i := range 600 {
			x := row{id: int64(i + 1), updated: int64(r.IntN(1_000_000)), rank: int64(r.IntN(4)), team: int64(1 + r.IntN(3)), status: statuses[r.IntN(len(statuses))], owner: other, creator: other}
			switch r.IntN(10) {
			case 0:
				x.owner = me
			case 1:
				x.creator = me
			case 2:
				x.watched = true
			case 3:
				x.escalated = true
			}
			rows = append(rows, x)
		}
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			for id, name := range map[int64]string{1: "一线", 2: "财务", 3: "物流"} {
				if _, err := tx.Exec(ctx, `INSERT INTO teams (id, name, created_at) VALUES ($1, $2, 1)`, id, name); err != nil {
					return err
				}
			}
			for _, id := range []int64{me, other} {
				if _, err := tx.Exec(ctx, `INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES ($1, $2, $3, 'department', 1, 1)`, id, fmt.Sprintf("u%d@example.com", id), "u"); err != nil {
					return err
				}
			}
			for _, x := range rows {
				if _, err := tx.Exec(ctx, `INSERT INTO tickets (id, subject, description, service_type, priority, priority_rank, status, team_id, owner_id, created_by, created_at, updated_at) VALUES ($1, '来电', '咨询', 'query', 'normal', $2, $3, $4, $5, $6, 1, $7)`,
					x.id, x.rank, x.status, x.team, x.owner, x.creator, x.updated); err != nil {
					return err
				}
				if x.watched {
					if _, err := tx.Exec(ctx, `INSERT INTO ticket_watchers (ticket_id, user_id) VALUES ($1, $2)`, x.id, me); err != nil {
						return err
					}
				}
				if x.escalated {
					if _, err := tx.Exec(ctx, `INSERT INTO escalations (ticket_id, to_team_id, reason, handoff_note, status, ola_mins, ola_due, created_at) VALUES ($1, 2, '转财务', '请处理', 'open', 60, 1, 1)`, x.id); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s := New(d, taxonomy.New(d), nil)
		team := int64(2)
		viewer := Viewer{UserID: me, TeamID: &team}
		visible := func(x row) bool {
			return x.team == team || x.owner == me || x.creator == me || x.watched || x.escalated
		}
		byUpdate := func(a, b row) bool {
			if a.updated != b.updated {
				return a.updated > b.updated
			}
			return a.id > b.id
		}
		cases := []struct {
			name string
			f    Filter
			keep func(row) bool
			less func(a, b row) bool
		}{
			{"all, by update", Filter{View: "all"}, func(row) bool { return true }, byUpdate},
			{"new and open, queue order", Filter{View: "all", Statuses: []string{"new", "open"}, Sort: "-priority"},
				func(x row) bool { return x.status == "new" || x.status == "open" },
				func(a, b row) bool {
					if a.rank != b.rank {
						return a.rank > b.rank
					}
					return byUpdate(a, b)
				}},
			{"the team's open tickets", Filter{View: "team", Statuses: []string{"open"}}, func(x row) bool { return x.team == team && x.status == "open" }, byUpdate},
			{"mine", Filter{View: "mine"}, func(x row) bool { return x.owner == me }, byUpdate},
			{"by creation", Filter{View: "all", Sort: "created"}, func(row) bool { return true }, func(a, b row) bool { return a.id < b.id }},
		}
		for _, c := range cases {
			var want []int64
			var match []row
			for _, x := range rows {
				if visible(x) && c.keep(x) {
					match = append(match, x)
				}
			}
			sort.Slice(match, func(i, j int) bool { return c.less(match[i], match[j]) })
			for _, x := range match {
				want = append(want, x.id)
			}
			got := listIDs(t, s, c.f, viewer, 0)
			if !slices.Equal(got, want) {
				t.Errorf("%s: got %d ids %v…, want %d %v…", c.name, len(got), got[:min(len(got), 5)], len(want), want[:min(len(want), 5)])
			}
		}
	})
}

// listIDs pages through a list 50 tickets at a time and returns their ids,
// stopping once it has at least atLeast of them (0: at the end).
func listIDs(t *testing.T, s *Service, f Filter, v Viewer, atLeast int) []int64 {
	t.Helper()
	got := []int64{}
	f.Limit = 50
	for {
		items, next, err := s.List(context.Background(), f, v)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		for _, it := range items {
			got = append(got, it.ID)
		}
		if next == "" || len(items) == 0 || (atLeast > 0 && len(got) >= atLeast) {
			return got
		}
		f.Cursor = next
	}
}
