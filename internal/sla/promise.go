package sla

import (
	"context"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Suggestion is the promised reply time the policy suggests now, and the
// latest an agent may promise.
type Suggestion struct {
	Suggested time.Time  `json:"suggested"`
	Latest    *time.Time `json:"latest"`
	Estimate  bool       `json:"estimate"` // past the years with holiday data
}

func (s *Service) suggest(ctx context.Context, q db.Querier, st state, t ticket.Ticket, now time.Time) (Suggestion, Policy, error) {
	pol, ok, err := policyByID(ctx, q, st.PolicyID)
	if err != nil {
		return Suggestion{}, pol, err
	}
	if !ok || pol.PromiseDefaultMins == 0 {
		pol.PromiseDefaultMins = 480
	}
	clk, _, err := s.clockFor(ctx, q, pol.CalendarID, t.TeamID)
	if err != nil {
		return Suggestion{}, pol, err
	}
	sug, est, err := clk.add(now, minutes(pol.PromiseDefaultMins))
	if err != nil {
		return Suggestion{}, pol, err
	}
	out := Suggestion{Suggested: sug, Estimate: est}
	if pol.PromiseMaxMins > 0 {
		latest, est2, err := clk.add(now, minutes(pol.PromiseMaxMins))
		if err != nil {
			return out, pol, err
		}
		out.Latest, out.Estimate = &latest, est || est2
	}
	return out, pol, nil
}

// Suggest returns the promise suggestion for a ticket.
func (s *Service) Suggest(ctx context.Context, tickets Tickets, ticketID int64) (Suggestion, error) {
	var out Suggestion
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		t, err := tickets.GetTx(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		st, _, err := loadState(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		out, _, err = s.suggest(ctx, tx, st, t, s.now())
		return err
	})
	return out, apperr.Wrap(err, "sla: suggest")
}

// Promise records "we will answer by …" on a ticket: within the policy's
// limit, in the future; a breach timer watches it, and the next public reply
// keeps it.
func (s *Service) Promise(ctx context.Context, tickets Tickets, ticketID int64, in PromiseInput, by ticket.Actor) (Status, error) {
	var f apperr.Fields
	in.Note = f.Text("body.note", in.Note, false, 500)
	if err := f.Err(); err != nil {
		return Status{}, err
	}
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if err := tickets.LockTx(ctx, tx, ticketID); err != nil {
			return err
		}
		t, err := tickets.GetTx(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if isFinal(t.Status) {
			return apperr.Field("body.promised_at", "field.ticket_closed")
		}
		st, exists, err := loadState(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		now := s.now()
		sug, pol, err := s.suggest(ctx, tx, st, t, now)
		if err != nil {
			return err
		}
		at := sug.Suggested
		if in.PromisedAt != nil {
			at = *in.PromisedAt
		}
		if !at.After(now) {
			return apperr.Field("body.promised_at", "field.in_future")
		}
		if sug.Latest != nil && at.After(*sug.Latest) {
			return apperr.Field("body.promised_at", "field.promise_too_late", sug.Latest.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04"))
		}
		st.PromisedAt, st.PromisedBy, st.PromiseNote = db.Millis(at), &by.ID, in.Note
		st.Breached = removeClock(st.Breached, ClockPromise)
		saveState(tx, st, exists, db.Millis(now))
		if err := tickets.AddEventTx(ctx, tx, ticketID, "promise", by.ID, in.Note, map[string]any{"promised_at": at.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		clk, _, err := s.clockFor(ctx, tx, pol.CalendarID, t.TeamID)
		if err != nil {
			return err
		}
		return s.syncTimers(ctx, tx, t, st, pol, clk, false)
	})
	if err != nil {
		return Status{}, apperr.Wrap(err, "sla: promise")
	}
	tickets.Notify()
	m, err := s.ForTickets(ctx, []int64{ticketID})
	return m[ticketID], err
}

func removeClock(xs []string, x string) []string {
	out := xs[:0:0]
	for _, v := range xs {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}
