package ticket

import (
	"context"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/search"
	"github.com/kefuhq/kefu/internal/taxonomy"
)

// A text search lists exactly the matching tickets in the page's order,
// page after page, whichever way it finds them: a common word walked in
// the page's order on PostgreSQL (more matches than search.MaxMatches,
// updated in an order unlike their ids, so the newest matches are not the
// first page), with one status branch or several, a small team's queue
// walked to its end, and a rare word by the index. SQLite lists the newest
// MaxMatches matches in the page's order, which here differs for the
// common word alone. With a filter, or for an agent who sees one team's
// tickets, the cap applies to the matches that pass, so both engines list
// every one of them, the oldest too.
func TestSearchListsExactlyTheMatchesInThePagesOrder(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		type row struct {
			id, updated, rank int64
			status, text      string
			team              int64
		}
		statuses := []string{"new", "open", "pending_customer", "resolved"}
		r := rand.New(rand.NewPCG(1, 2))
		var rows []row
		for i := range 10000 {
			x := row{id: int64(i + 1), updated: int64(r.IntN(1_000_000_000)), rank: int64(r.IntN(4)), status: statuses[r.IntN(len(statuses))], text: "客户来电咨询", team: 1}
			switch {
			case i%4 == 0:
				x.text = "客户申请退款"
			case i == 17 || i == 3001 || i == 9999:
				x.text = "发票抬头开错"
			}
			if i%200 == 1 {
				x.team = 2 // 50 tickets, 25 of them with 退款
				x.text = "客户申请退款"
				if i%400 == 1 {
					x.text = "其他"
				}
			}
			rows = append(rows, x)
		}
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			for id, name := range map[int64]string{1: "一线", 2: "财务"} {
				if _, err := tx.Exec(ctx, `INSERT INTO teams (id, name, created_at) VALUES ($1, $2, 1)`, id, name); err != nil {
					return err
				}
			}
			for _, x := range rows {
				if _, err := tx.Exec(ctx, `INSERT INTO tickets (id, subject, description, service_type, priority, priority_rank, status, team_id, created_at, updated_at) VALUES ($1, '来电', $2, 'query', 'normal', $3, $4, $5, 1, $6)`,
					x.id, x.text, x.rank, x.status, x.team, x.updated); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := search.IndexMissing(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		s := New(d, taxonomy.New(d), nil)
		all := Viewer{All: true}
		team2 := int64(2)
		agent := Viewer{UserID: 999, TeamID: &team2} // sees team 2's tickets only
		cases := []struct {
			name   string
			exact  bool // on SQLite too
			f      Filter
			keep   func(row) bool
			less   func(a, b row) bool
			viewer *Viewer
			match  func(row) bool // instead of the text holding the query
		}{
			{"common word, by update", false, Filter{Q: "退款"}, func(x row) bool { return true }, nil, nil, nil},
			{"common word, two statuses, queue order", false, Filter{Q: "退款", Statuses: []string{"new", "open"}, Sort: "-priority"},
				func(x row) bool { return x.status == "new" || x.status == "open" },
				func(a, b row) bool {
					if a.rank != b.rank {
						return a.rank > b.rank
					}
					if a.updated != b.updated {
						return a.updated > b.updated
					}
					return a.id > b.id
				}, nil, nil},
			{"a small team's queue", true, Filter{Q: "退款", TeamID: 2}, func(x row) bool { return x.team == 2 }, nil, nil, nil},
			{"an agent's common word", true, Filter{Q: "退款"}, func(x row) bool { return x.team == 2 }, nil, &agent, nil},
			{"an agent's common word, by creation", true, Filter{Q: "退款", Sort: "created"}, func(x row) bool { return x.team == 2 }, func(a, b row) bool { return a.id < b.id }, &agent, nil},
			{"rare word", true, Filter{Q: "发票"}, func(x row) bool { return true }, nil, nil, nil},
			{"an agent who sees one team's tickets", true, Filter{Q: "其他"}, func(x row) bool { return x.team == 2 }, nil, &agent, nil},
			{"an agent's search for a ticket number", true, Filter{Q: "5002"}, func(x row) bool { return true }, nil, &agent,
				func(x row) bool { return x.id == 5002 }},
			{"another team's ticket number", true, Filter{Q: "5003"}, func(x row) bool { return false }, nil, &agent,
				func(x row) bool { return x.id == 5003 }},
		}
		for _, c := range cases {
			if !c.exact && d.Dialect != db.Postgres {
				continue
			}
			word := c.f.Q
			var want []int64
			var match []row
			matches := func(x row) bool { return strings.Contains(x.text, word) }
			if c.match != nil {
				matches = c.match
			}
			for _, x := range rows {
				if matches(x) && c.keep(x) {
					match = append(match, x)
				}
			}
			less := c.less
			if less == nil {
				less = func(a, b row) bool {
					if a.updated != b.updated {
						return a.updated > b.updated
					}
					return a.id > b.id
				}
			}
			sort.Slice(match, func(i, j int) bool { return less(match[i], match[j]) })
			for _, x := range match {
				want = append(want, x.id)
			}
			more := len(want) > 150 // then only the first three pages are compared
			want = want[:min(len(want), 150)]
			viewer := all
			if c.viewer != nil {
				viewer = *c.viewer
			}
			got := listIDs(t, s, c.f, viewer, len(want))
			if more {
				got = got[:min(len(got), len(want))]
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: got %d ids %v…, want %d %v…", c.name, len(got), got[:min(len(got), 5)], len(want), want[:min(len(want), 5)])
			}
		}
	})
}
