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
