package events

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
)

func TestCommittedEventsReachSubscribersAndRolledBackOnesDoNot(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		hub := NewHub()
		relay := NewRelay(d, hub, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
		go relay.Run(ctx)
		time.Sleep(50 * time.Millisecond)
		everyone := hub.Subscribe(7)
		other := hub.Subscribe(8)
		defer everyone.Close()
		defer other.Close()

		_ = d.WriteTx(ctx, func(tx *db.Tx) error {
			_ = Publish(ctx, tx, "ticket", 0, map[string]int{"id": 1})
			return errors.New("rolled back")
		})
		if err := d.WriteTx(ctx, func(tx *db.Tx) error {
			if err := Publish(ctx, tx, "ticket", 0, map[string]int{"id": 2}); err != nil {
				return err
			}
			return Publish(ctx, tx, "screen_pop", 7, map[string]string{"call": "c1"})
		}); err != nil {
			t.Fatal(err)
		}
		relay.Notify()
		got := collect(everyone, 2)
		if len(got) != 2 || string(got[0].Payload) != `{"id":2}` || got[1].Topic != "screen_pop" {
			t.Fatalf("user 7 got %+v", got)
		}
		got = collect(other, 2)
		if len(got) != 1 || got[0].Topic != "ticket" {
			t.Fatalf("user 8 got %+v, want only the broadcast", got)
		}
	})
}

func collect(s *Subscription, n int) []Event {
	var out []Event
	timeout := time.After(2 * time.Second)
	for len(out) < n {
		select {
		case e := <-s.C:
			out = append(out, e)
		case <-timeout:
			return out
		}
	}
	return out
}

// On PostgreSQL an event whose transaction took its id first but committed
// after a later one is still delivered, once, when it commits.
func TestEventCommittedAfterAHigherIDIsDelivered(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("one writer: ids commit in order")
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		hub := NewHub()
		relay := NewRelay(d, hub, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
		go relay.Run(ctx)
		time.Sleep(50 * time.Millisecond)
		sub := hub.Subscribe(1)
		defer sub.Close()

		inserted, hold, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			done <- d.WriteTx(ctx, func(tx *db.Tx) error {
				tx.BeforeCommit(func(context.Context, *db.Tx) error { // after the outbox row is written
					close(inserted)
					<-hold
					return nil
				})
				return Publish(ctx, tx, "ticket", 0, map[string]string{"first": "id, last to commit"})
			})
		}()
		<-inserted
		if err := d.WriteTx(ctx, func(tx *db.Tx) error { return Publish(ctx, tx, "ticket", 0, map[string]string{"second": "id"}) }); err != nil {
			t.Fatal(err)
		}
		relay.Notify()
		if got := collect(sub, 1); len(got) != 1 || string(got[0].Payload) != `{"second":"id"}` {
			t.Fatalf("got %+v", got)
		}
		close(hold)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		relay.Notify()
		if got := collect(sub, 1); len(got) != 1 || string(got[0].Payload) != `{"first":"id, last to commit"}` {
			t.Fatalf("got %+v", got)
		}
		relay.Notify() // and never again
		if got := collect(sub, 1); len(got) != 0 {
			t.Fatalf("delivered twice: %+v", got)
		}
	})
}
