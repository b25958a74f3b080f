package sla

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Fire runs every timer due at now, each in its own transaction that first
// claims it (fired_at set only if still 0), so a timer fires exactly once
// even with several nodes or after a restart. A ticket keeps one pending
// timer and firing it arms the next, which may be due already; so Fire
// looks again until nothing due is left (bounded, in case a clock keeps
// moving). It returns how many fired.
func (s *Service) Fire(ctx context.Context, tickets Tickets, now time.Time) (int, error) {
	fired := 0
	defer func() {
		if fired > 0 {
			tickets.Notify()
		}
	}()
	for round := 0; round < 10; round++ {
		n, err := s.fireDue(ctx, tickets, now)
		fired += n
		if err != nil || n == 0 {
			return fired, err
		}
	}
	return fired, nil
}

// fireDue fires up to 200 of the timers due at now.
func (s *Service) fireDue(ctx context.Context, tickets Tickets, now time.Time) (int, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id FROM sla_timers WHERE fired_at = 0 AND cancelled = 0 AND fire_at <= $1 ORDER BY fire_at, id LIMIT 200`, db.Millis(now))
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	fired := 0
	for _, id := range ids {
		ok := false
		err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE sla_timers SET fired_at = $1 WHERE id = $2 AND fired_at = 0 AND cancelled = 0`, db.Millis(now), id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil // another node took it, or it was cancelled
			}
			ok = true
			return s.act(ctx, tx, tickets, id)
		})
		if err != nil {
			return fired, err
		}
		if ok {
			fired++
		}
	}
	return fired, nil
}

// act performs a fired timer's actions: a timeline entry, notifications,
// and on breach the policy's actions.
func (s *Service) act(ctx context.Context, tx *db.Tx, tickets Tickets, timerID int64) error {
	var ticketID, fireAt int64
	var escID *int64
	var clk, stage string
	var esc any
	if err := tx.QueryRow(ctx, `SELECT ticket_id, escalation_id, clock, stage, fire_at FROM sla_timers WHERE id = $1`, timerID).Scan(&ticketID, &esc, &clk, &stage, &fireAt); err != nil {
		return err
	}
	if v, ok := esc.(int64); ok {
		escID = &v
	}
	if err := tickets.LockTx(ctx, tx, ticketID); err != nil {
		return err
	}
	t, err := tickets.GetTx(ctx, tx, ticketID)
	if err != nil {
		return err
	}
	data := map[string]any{"clock": clk, "stage": stage, "due": db.Time(fireAt).Format(time.RFC3339), "timer_id": timerID}
	if escID != nil {
		data["escalation_id"] = *escID
	}
	if err := tickets.AddEventTx(ctx, tx, ticketID, "sla", 0, "", data); err != nil {
		return err
	}
	// Who hears of it: the owner always; on breach also the team's leads
	// (and for an OLA, the department holding the work).
	recipients := []int64{}
	if t.OwnerID != nil {
		recipients = append(recipients, *t.OwnerID)
	}
	if stage == "breach" {
		team := t.TeamID
		if escID != nil {
			var to int64
			if err := tx.QueryRow(ctx, `SELECT to_team_id FROM escalations WHERE id = $1`, *escID).Scan(&to); err == nil {
				team = &to
			}
		}
		if team != nil {
			rows, err := tx.Query(ctx, `SELECT id FROM users WHERE team_id = $1 AND active = 1 AND level IN ('lead', 'manager')`, *team)
			if err != nil {
				return err
			}
			for rows.Next() {
				var uid int64
				if err := rows.Scan(&uid); err == nil && !slices.Contains(recipients, uid) {
					recipients = append(recipients, uid)
				}
			}
			rows.Close()
		}
	}
	if escID != nil {
		return notifyAll(ctx, tx, recipients, "sla_"+stage, t, data) // an OLA has its own timers
	}
	if stage != "breach" {
		if err := notifyAll(ctx, tx, recipients, "sla_"+stage, t, data); err != nil {
			return err
		}
		return s.rearm(ctx, tx, t)
	}
	// A ticket clock breached: record it and run the policy's actions.
	st, exists, err := loadState(ctx, tx, ticketID)
	if err != nil || !exists {
		return err
	}
	st.Breached = addOnce(st.Breached, clk)
	saveState(tx, st, true, db.Millis(s.now()))
	pol, ok, err := policyByID(ctx, tx, st.PolicyID)
	if err != nil {
		return err
	}
	if !ok {
		return s.rearm(ctx, tx, t)
	}
	if pol.OnBreach.Notify {
		if err := notifyAll(ctx, tx, recipients, "sla_breach", t, data); err != nil {
			return err
		}
	}
	var p ticket.Patch
	if pol.OnBreach.RaisePriority {
		if r := ticket.PriorityRank(t.Priority); r >= 0 && r < len(ticket.Priorities)-1 {
			next := ticket.Priorities[r+1]
			p.Priority = &next
		}
	}
	if pol.OnBreach.MoveTeamID != nil && (t.TeamID == nil || *t.TeamID != *pol.OnBreach.MoveTeamID) {
		p.TeamID = pol.OnBreach.MoveTeamID
	}
	if p.Priority != nil || p.TeamID != nil {
		// The change runs the ticket hooks, TicketChanged among them,
		// which resyncs the timers: no rearm here.
		_, err := tickets.ApplyTx(ctx, tx, ticketID, p, ticket.Actor{Name: "SLA"})
		return err
	}
	return s.rearm(ctx, tx, t)
}

func notifyAll(ctx context.Context, tx *db.Tx, users []int64, kind string, t ticket.Ticket, data map[string]any) error {
	for _, uid := range users {
		if err := notify(ctx, tx, uid, kind, t, data); err != nil {
			return err
		}
	}
	return nil
}

// RunTimers fires due timers every interval until ctx ends.
func (s *Service) RunTimers(ctx context.Context, tickets Tickets, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := s.Fire(ctx, tickets, s.now()); err != nil && ctx.Err() == nil {
				log.Warn("sla: fire timers", "err", err)
			}
		}
	}
}

// PromiseInput records the reply time an agent promised the customer.
type PromiseInput struct {
	PromisedAt *time.Time `json:"promised_at,omitempty"` // default: the policy's suggestion
	Note       string     `json:"note,omitempty"`
}
