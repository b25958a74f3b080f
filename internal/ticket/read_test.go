package ticket

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/taxonomy"
)

// A ticket read alone comes with its watchers and linked contacts, each in
// id order, and with empty lists (not null) when it has none — read for a
// view, inside a change, and as a change answers.
func TestReadTicketHoldsItsWatchersAndContactsInOrder(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.WriteTx(ctx, func(tx *db.Tx) error {
			for _, id := range []int64{3, 5, 7, 9} {
				if _, err := tx.Exec(ctx, `INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES ($1, $2, $3, 'agent', 1, 1)`, id, fmt.Sprintf("u%d@example.com", id), fmt.Sprintf("坐席%d", id)); err != nil {
					return err
				}
			}
			for _, id := range []int64{1, 2} {
				if _, err := tx.Exec(ctx, `INSERT INTO tickets (id, subject, description, service_type, priority, priority_rank, status, created_at, updated_at) VALUES ($1, '来电', '咨询', 'query', 'normal', 1, 'open', 1, 1)`, id); err != nil {
					return err
				}
			}
			for _, w := range []int64{7, 3, 5} { // not in id order
				if _, err := tx.Exec(ctx, `INSERT INTO ticket_watchers (ticket_id, user_id) VALUES (1, $1)`, w); err != nil {
					return err
				}
			}
			for _, c := range []int64{12, 10} {
				if _, err := tx.Exec(ctx, `INSERT INTO contacts (id, channel, direction, started_at, service_type, created_at) VALUES ($1, 'phone', 'inbound', 1, 'query', 1)`, c); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `INSERT INTO contact_tickets (contact_id, ticket_id) VALUES ($1, 1)`, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s := New(d, taxonomy.New(d), nil)
		all := Viewer{All: true}
		check := func(how string, got Ticket, watchers, contacts []int64) {
			t.Helper()
			if got.Watchers == nil || got.ContactIDs == nil || !slices.Equal(got.Watchers, watchers) || !slices.Equal(got.ContactIDs, contacts) {
				t.Errorf("%s: watchers %#v contacts %#v, want %v %v", how, got.Watchers, got.ContactIDs, watchers, contacts)
			}
		}
		got, err := s.Get(ctx, 1, all)
		if err != nil {
			t.Fatal(err)
		}
		check("view", got, []int64{3, 5, 7}, []int64{10, 12})
		if got, err = s.Get(ctx, 2, all); err != nil {
			t.Fatal(err)
		}
		check("a ticket with neither", got, []int64{}, []int64{})
		if err := d.WriteTx(ctx, func(tx *db.Tx) error {
			got, err = s.getLocked(ctx, tx, 1)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		check("locked inside a change", got, []int64{3, 5, 7}, []int64{10, 12})
		if got, err = s.SetWatcher(ctx, 1, 9, true, Actor{ID: 3}, all); err != nil {
			t.Fatal(err)
		}
		check("after a watcher joined", got, []int64{3, 5, 7, 9}, []int64{10, 12})
		if got, err = s.SetWatcher(ctx, 1, 5, false, Actor{ID: 3}, all); err != nil {
			t.Fatal(err)
		}
		check("after a watcher left", got, []int64{3, 7, 9}, []int64{10, 12})
	})
}
