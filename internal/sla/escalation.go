package sla

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/events"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Escalation is a work order handed to a second-line team or another
// department. The ticket's owner stays accountable and customer-facing.
type Escalation struct {
	ID            int64      `json:"id"`
	TicketID      int64      `json:"ticket_id"`
	TicketNumber  string     `json:"ticket_number"`
	Subject       string     `json:"subject"`
	Priority      string     `json:"priority"`
	TicketStatus  string     `json:"ticket_status"`
	CustomerName  string     `json:"customer_name"`
	FromTeamID    *int64     `json:"from_team_id"`
	FromTeamName  string     `json:"from_team_name"`
	ToTeamID      int64      `json:"to_team_id"`
	ToTeamName    string     `json:"to_team_name"`
	AssigneeID    *int64     `json:"assignee_id"`
	AssigneeName  string     `json:"assignee_name"`
	Reason        string     `json:"reason"`
	HandoffNote   string     `json:"handoff_note"`
	Status        string     `json:"status"` // open, done
	OLAMins       int        `json:"ola_mins"`
	OLADue        time.Time  `json:"ola_due"`
	CreatedBy     *int64     `json:"created_by"`
	CreatedByName string     `json:"created_by_name"`
	CreatedAt     time.Time  `json:"created_at"`
	DoneAt        *time.Time `json:"done_at"`
	DoneNote      string     `json:"done_note"`
	// Time spent with the department: wall-clock and business time on the
	// department's calendar (up to now while open).
	WallSecs     int64 `json:"wall_secs"`
	BusinessSecs int64 `json:"business_secs"`
	Overdue      bool  `json:"overdue"`
	Version      int   `json:"version"`
}

// EscalateInput hands a ticket to a team.
type EscalateInput struct {
	ToTeamID    int64  `json:"to_team_id"`
	Reason      string `json:"reason"`
	HandoffNote string `json:"handoff_note"`
	OLAMins     int    `json:"ola_mins,omitempty"`
	AssigneeID  *int64 `json:"assignee_id,omitempty"`
}

// DefaultOLAMins is the internal target when none is given: two working
// days of 7.5 hours.
const DefaultOLAMins = 900

// Tickets is what escalations need from the ticket service.
type Tickets interface {
	GetTx(ctx context.Context, tx *db.Tx, id int64) (ticket.Ticket, error)
	LockTx(ctx context.Context, tx *db.Tx, id int64) error
	ApplyTx(ctx context.Context, tx *db.Tx, id int64, p ticket.Patch, by ticket.Actor) (ticket.Ticket, error)
	AddEventTx(ctx context.Context, tx *db.Tx, id int64, kind string, actor int64, body string, data map[string]any) error
	Notify()
}

const escCols = `e.id, e.ticket_id, e.from_team_id, COALESCE(ft.name, ''), e.to_team_id, COALESCE(tt.name, ''), e.assignee_id, COALESCE(au.name, ''), e.reason, e.handoff_note, e.status, e.ola_mins, e.ola_due, e.calendar_id, e.created_by, COALESCE(cu.name, ''), e.created_at, e.done_at, e.done_note, e.business_secs, e.version,
  tk.subject, tk.priority, tk.status, COALESCE(cs.name, '')
FROM escalations e JOIN tickets tk ON tk.id = e.ticket_id LEFT JOIN customers cs ON cs.id = tk.customer_id
  LEFT JOIN teams ft ON ft.id = e.from_team_id LEFT JOIN teams tt ON tt.id = e.to_team_id LEFT JOIN users au ON au.id = e.assignee_id LEFT JOIN users cu ON cu.id = e.created_by`

func (s *Service) scanEscalation(ctx context.Context, q db.Querier, row interface{ Scan(...any) error }, now time.Time, clocks map[int64]clock) (Escalation, error) {
	var e Escalation
	var from, assignee, cal, by sql.NullInt64
	var due, created, done int64
	err := row.Scan(&e.ID, &e.TicketID, &from, &e.FromTeamName, &e.ToTeamID, &e.ToTeamName, &assignee, &e.AssigneeName, &e.Reason, &e.HandoffNote, &e.Status, &e.OLAMins, &due, &cal, &by, &e.CreatedByName, &created, &done, &e.DoneNote, &e.BusinessSecs, &e.Version,
		&e.Subject, &e.Priority, &e.TicketStatus, &e.CustomerName)
	if err != nil {
		return e, err
	}
	e.TicketNumber = ticket.Number(e.TicketID)
	e.FromTeamID, e.AssigneeID, e.CreatedBy = nullable(from), nullable(assignee), nullable(by)
	e.OLADue, e.CreatedAt, e.DoneAt = db.Time(due), db.Time(created), tp(done)
	end := now
	if e.DoneAt != nil {
		end = *e.DoneAt
	}
	e.WallSecs = int64(end.Sub(e.CreatedAt) / time.Second)
	e.Overdue = end.After(e.OLADue)
	if e.Status == "open" {
		key := int64(0)
		if cal.Valid {
			key = cal.Int64
		}
		clk, ok := clocks[key]
		if !ok {
			if clk, _, err = s.clockFor(ctx, q, nullable(cal), nil); err != nil {
				return e, err
			}
			clocks[key] = clk
		}
		if d, err := clk.between(e.CreatedAt, now); err == nil {
			e.BusinessSecs = int64(d / time.Second)
		}
	}
	return e, nil
}

// Escalate creates the department's work order, moves the ticket to
// pending_internal and starts the OLA timers, in one transaction.
func (s *Service) Escalate(ctx context.Context, tickets Tickets, ticketID int64, in EscalateInput, by ticket.Actor) (Escalation, error) {
	var f apperr.Fields
	in.Reason = f.Text("body.reason", in.Reason, true, 200)
	in.HandoffNote = f.Text("body.handoff_note", in.HandoffNote, true, 4000)
	if in.ToTeamID <= 0 {
		f.Add("body.to_team_id", "field.required")
	}
	if in.OLAMins < 0 || in.OLAMins > 60*24*90 {
		f.Add("body.ola_mins", "field.max", 60*24*90)
	}
	if err := f.Err(); err != nil {
		return Escalation{}, err
	}
	if in.OLAMins == 0 {
		in.OLAMins = DefaultOLAMins
	}
	var id int64
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if err := tickets.LockTx(ctx, tx, ticketID); err != nil {
			return err
		}
		t, err := tickets.GetTx(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if isFinal(t.Status) {
			return apperr.Field("body.to_team_id", "field.ticket_closed")
		}
		if t.TeamID != nil && *t.TeamID == in.ToTeamID {
			return apperr.Field("body.to_team_id", "field.same_team")
		}
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM teams WHERE id = $1`, in.ToTeamID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return apperr.Field("body.to_team_id", "field.unknown")
		} else if err != nil {
			return err
		}
		if in.AssigneeID != nil {
			var team sql.NullInt64
			err := tx.QueryRow(ctx, `SELECT team_id FROM users WHERE id = $1 AND active = 1`, *in.AssigneeID).Scan(&team)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && (!team.Valid || team.Int64 != in.ToTeamID)) {
				return apperr.Field("body.assignee_id", "field.owner_not_in_team")
			}
			if err != nil {
				return err
			}
		}
		if err := tx.QueryRow(ctx, `SELECT 1 FROM escalations WHERE ticket_id = $1 AND status = 'open' LIMIT 1`, ticketID).Scan(&one); err == nil {
			return apperr.Field("body.to_team_id", "field.already_escalated")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		clk, calID, err := s.clockFor(ctx, tx, nil, &in.ToTeamID)
		if err != nil {
			return err
		}
		now := s.now()
		due, _, err := clk.add(now, minutes(in.OLAMins))
		if err != nil {
			return err
		}
		id, err = db.InsertID(ctx, tx, `INSERT INTO escalations (ticket_id, from_team_id, to_team_id, assignee_id, reason, handoff_note, status, ola_mins, ola_due, calendar_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11)`,
			ticketID, t.TeamID, in.ToTeamID, in.AssigneeID, in.Reason, in.HandoffNote, in.OLAMins, db.Millis(due), calID, by.ID, db.Millis(now))
		if err != nil {
			return err
		}
		var teamName string
		_ = tx.QueryRow(ctx, `SELECT name FROM teams WHERE id = $1`, in.ToTeamID).Scan(&teamName)
		if err := tickets.AddEventTx(ctx, tx, ticketID, "escalation", by.ID, in.HandoffNote, map[string]any{
			"escalation_id": id, "to_team_id": in.ToTeamID, "to_team": teamName, "reason": in.Reason, "ola_due": due.UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		if t.Status != "pending_internal" {
			st := "pending_internal"
			if _, err := tickets.ApplyTx(ctx, tx, ticketID, ticket.Patch{Status: &st}, by); err != nil {
				return err
			}
		}
		for _, tm := range []struct {
			stage string
			at    time.Time
		}{{"warning", mustAdd(clk, now, minutes(in.OLAMins)*3/4)}, {"breach", due}} {
			if _, err := tx.Exec(ctx, `INSERT INTO sla_timers (ticket_id, escalation_id, clock, stage, fire_at) VALUES ($1, $2, $3, $4, $5)`, ticketID, id, ClockOLA, tm.stage, db.Millis(tm.at)); err != nil {
				return err
			}
		}
		// Tell the department's consoles: the ticket now appears in their queue.
		return events.Publish(ctx, tx, "ticket", 0, map[string]any{"id": ticketID, "number": ticket.Number(ticketID), "version": t.Version, "status": "pending_internal", "team_id": in.ToTeamID, "owner_id": in.AssigneeID, "kind": "event"})
	})
	if err != nil {
		return Escalation{}, apperr.Wrap(err, "sla: escalate")
	}
	tickets.Notify()
	return s.Escalation(ctx, id)
}

func mustAdd(clk clock, t time.Time, d time.Duration) time.Time {
	due, _, err := clk.add(t, d)
	if err != nil {
		return t.Add(d)
	}
	return due
}

// Escalation returns one work order.
func (s *Service) Escalation(ctx context.Context, id int64) (Escalation, error) {
	q := s.db.Reader()
	e, err := s.scanEscalation(ctx, q, q.QueryRow(ctx, `SELECT `+escCols+` WHERE e.id = $1`, id), s.now(), map[int64]clock{})
	if errors.Is(err, sql.ErrNoRows) {
		return e, apperr.NotFoundf("escalation")
	}
	return e, apperr.Wrap(err, "sla: escalation")
}

// Chain returns every hop of a ticket's escalations, oldest first.
func (s *Service) Chain(ctx context.Context, ticketID int64) ([]Escalation, error) {
	return s.listEscalations(ctx, `e.ticket_id = $1 ORDER BY e.id`, ticketID)
}

// Queue returns a team's open work orders, most urgent first.
func (s *Service) Queue(ctx context.Context, teamID int64) ([]Escalation, error) {
	return s.listEscalations(ctx, `e.to_team_id = $1 AND e.status = 'open' ORDER BY e.ola_due, e.id`, teamID)
}

func (s *Service) listEscalations(ctx context.Context, where string, arg int64) ([]Escalation, error) {
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT `+escCols+` WHERE `+where, arg)
	if err != nil {
		return nil, apperr.Wrap(err, "sla: escalations")
	}
	defer rows.Close()
	now := s.now()
	clocks := map[int64]clock{}
	out := []Escalation{}
	for rows.Next() {
		e, err := s.scanEscalation(ctx, q, rows, now, clocks)
		if err != nil {
			return nil, apperr.Wrap(err, "sla: escalations")
		}
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "sla: escalations")
}

// Complete closes a work order: the time spent is frozen, the ticket goes
// back to open and its owner is told to answer the customer.
func (s *Service) Complete(ctx context.Context, tickets Tickets, id int64, note string, by ticket.Actor, byTeam *int64, anyTeam bool) (Escalation, error) {
	var f apperr.Fields
	note = f.Text("body.note", note, true, 4000)
	if err := f.Err(); err != nil {
		return Escalation{}, err
	}
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		e, err := s.scanEscalation(ctx, tx, tx.QueryRow(ctx, `SELECT `+escCols+` WHERE e.id = $1`, id), s.now(), map[int64]clock{})
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("escalation")
		}
		if err != nil {
			return err
		}
		if !anyTeam && (byTeam == nil || *byTeam != e.ToTeamID) {
			return apperr.NotFoundf("escalation")
		}
		if err := tickets.LockTx(ctx, tx, e.TicketID); err != nil {
			return err
		}
		if e.Status != "open" {
			return apperr.Field("body.note", "field.escalation_done")
		}
		now := s.now()
		res, err := tx.Exec(ctx, `UPDATE escalations SET status = 'done', done_at = $1, done_by = $2, done_note = $3, business_secs = $4, version = version + 1 WHERE id = $5 AND status = 'open'`, db.Millis(now), by.ID, note, e.BusinessSecs, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.ConflictWith(e)
		}
		if _, err := tx.Exec(ctx, `UPDATE sla_timers SET cancelled = 1 WHERE escalation_id = $1 AND fired_at = 0`, id); err != nil {
			return err
		}
		if err := tickets.AddEventTx(ctx, tx, e.TicketID, "escalation_done", by.ID, note, map[string]any{
			"escalation_id": id, "team_id": e.ToTeamID, "team": e.ToTeamName, "business_secs": e.BusinessSecs, "wall_secs": e.WallSecs}); err != nil {
			return err
		}
		t, err := tickets.GetTx(ctx, tx, e.TicketID)
		if err != nil {
			return err
		}
		if t.Status == "pending_internal" {
			st := "open"
			if t, err = tickets.ApplyTx(ctx, tx, e.TicketID, ticket.Patch{Status: &st}, by); err != nil {
				return err
			}
		}
		if t.OwnerID != nil {
			return notify(ctx, tx, *t.OwnerID, "escalation_done", t, map[string]any{"team": e.ToTeamName, "note": note})
		}
		return nil
	})
	if err != nil {
		return Escalation{}, apperr.Wrap(err, "sla: complete escalation")
	}
	tickets.Notify()
	return s.Escalation(ctx, id)
}

// notify sends a notification to one user's consoles through the outbox.
func notify(ctx context.Context, tx *db.Tx, userID int64, kind string, t ticket.Ticket, data map[string]any) error {
	payload := map[string]any{"kind": kind, "ticket_id": t.ID, "number": t.Number, "subject": t.Subject}
	for k, v := range data {
		payload[k] = v
	}
	return events.Publish(ctx, tx, "notification", userID, payload)
}
