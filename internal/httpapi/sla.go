package httpapi

import (
	"context"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/sla"
	"github.com/kefuhq/kefu/internal/ticket"
)

// --- calendars ---

func (s *Server) listCalendars(ctx context.Context, _ *struct{}) (*itemsOf[sla.Calendar], error) {
	cs, err := s.SLA.Calendars(ctx)
	return items(cs), err
}

func (s *Server) createCalendar(ctx context.Context, in *struct{ Body sla.CalendarInput }) (*bodyOf[sla.Calendar], error) {
	c, err := s.SLA.SaveCalendar(ctx, 0, in.Body)
	return body(c), err
}

type calendarPatch struct {
	Name     *string `json:"name,omitempty" maxLength:"60"`
	Zone     *string `json:"zone,omitempty" maxLength:"60"`
	Hours    *string `json:"hours,omitempty" maxLength:"300"`
	Holidays *string `json:"holidays,omitempty" maxLength:"20"`
}

func (s *Server) updateCalendar(ctx context.Context, in *struct {
	IDPath
	Body calendarPatch
}) (*bodyOf[sla.Calendar], error) {
	cur, err := s.SLA.Calendar(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	next := sla.CalendarInput{Name: cur.Name, Zone: cur.Zone, Hours: cur.Hours, Holidays: cur.Holidays}
	overlay(&next.Name, in.Body.Name)
	overlay(&next.Zone, in.Body.Zone)
	overlay(&next.Hours, in.Body.Hours)
	overlay(&next.Holidays, in.Body.Holidays)
	c, err := s.SLA.SaveCalendar(ctx, in.ID, next)
	return body(c), err
}

func (s *Server) calendarYear(ctx context.Context, in *struct {
	IDPath
	Year int `query:"year" minimum:"1950" maximum:"2200" required:"true"`
}) (*itemsOf[sla.DayView], error) {
	days, err := s.SLA.Year(ctx, in.ID, in.Year)
	return items(days), err
}

type DatePath struct {
	IDPath
	Date string `path:"date" maxLength:"10" doc:"YYYY-MM-DD"`
}

func (s *Server) setException(ctx context.Context, in *struct {
	DatePath
	Body sla.ExceptionInput
}) (*bodyOf[sla.Calendar], error) {
	c, err := s.SLA.SetException(ctx, in.ID, in.Date, in.Body)
	return body(c), err
}

func (s *Server) deleteException(ctx context.Context, in *DatePath) (*bodyOf[sla.Calendar], error) {
	c, err := s.SLA.DeleteException(ctx, in.ID, in.Date)
	return body(c), err
}

func (s *Server) importHolidays(ctx context.Context, in *struct {
	Set  string `path:"set" maxLength:"20"`
	Body struct {
		Format  string `json:"format" enum:"holiday-cn,ical"`
		Content string `json:"content" maxLength:"2000000"`
	}
}) (*bodyOf[map[string][]int], error) {
	years, err := s.SLA.ImportHolidays(ctx, in.Set, in.Body.Format, in.Body.Content)
	return body(map[string][]int{"years": years}), err
}

// --- policies ---

func (s *Server) listPolicies(ctx context.Context, _ *struct{}) (*itemsOf[sla.Policy], error) {
	ps, err := s.SLA.Policies(ctx)
	return items(ps), err
}

type policyInput struct {
	Name               string       `json:"name" maxLength:"80"`
	Position           int          `json:"position,omitempty"`
	Active             *bool        `json:"active,omitempty"`
	Match              sla.Match    `json:"match,omitempty"`
	FirstResponseMins  int          `json:"first_response_mins,omitempty"`
	NextResponseMins   int          `json:"next_response_mins,omitempty"`
	ResolutionMins     int          `json:"resolution_mins,omitempty"`
	PromiseDefaultMins int          `json:"promise_default_mins,omitempty"`
	PromiseMaxMins     int          `json:"promise_max_mins,omitempty"`
	PauseStatuses      []string     `json:"pause_statuses,omitempty"`
	WarnPercent        int          `json:"warn_percent,omitempty"`
	OnBreach           sla.OnBreach `json:"on_breach,omitempty"`
	CalendarID         *int64       `json:"calendar_id,omitempty"`
	Version            int          `json:"version,omitempty"`
}

func (p policyInput) policy() sla.Policy {
	return sla.Policy{Name: p.Name, Position: p.Position, Active: p.Active == nil || *p.Active, Match: p.Match,
		FirstResponseMins: p.FirstResponseMins, NextResponseMins: p.NextResponseMins, ResolutionMins: p.ResolutionMins,
		PromiseDefaultMins: p.PromiseDefaultMins, PromiseMaxMins: p.PromiseMaxMins, PauseStatuses: p.PauseStatuses,
		WarnPercent: p.WarnPercent, OnBreach: p.OnBreach, CalendarID: p.CalendarID, Version: p.Version}
}

func (s *Server) createPolicy(ctx context.Context, in *struct{ Body policyInput }) (*bodyOf[sla.Policy], error) {
	p, err := s.SLA.SavePolicy(ctx, 0, in.Body.policy())
	return body(p), err
}

func (s *Server) replacePolicy(ctx context.Context, in *struct {
	IDPath
	Body policyInput
}) (*bodyOf[sla.Policy], error) {
	if in.Body.Version < 1 {
		return nil, apperr.Field("body.version", "field.required")
	}
	p, err := s.SLA.SavePolicy(ctx, in.ID, in.Body.policy())
	return body(p), err
}

// --- per ticket ---

// TicketSLA is a ticket's SLA with the promise the policy would suggest now.
type TicketSLA struct {
	Status     *sla.Status     `json:"status"`
	Suggestion *sla.Suggestion `json:"suggestion"`
}

func (s *Server) ticketSLA(ctx context.Context, in *IDPath) (*bodyOf[TicketSLA], error) {
	if _, err := s.Tickets.Get(ctx, in.ID, viewer(principalOf(ctx))); err != nil {
		return nil, err
	}
	m, err := s.SLA.ForTickets(ctx, []int64{in.ID})
	if err != nil {
		return nil, err
	}
	out := TicketSLA{}
	if st, ok := m[in.ID]; ok {
		out.Status = &st
	}
	if sug, err := s.SLA.Suggest(ctx, s.Tickets, in.ID); err == nil {
		out.Suggestion = &sug
	}
	return body(out), nil
}

func (s *Server) promise(ctx context.Context, in *struct {
	IDPath
	Body sla.PromiseInput
}) (*bodyOf[sla.Status], error) {
	if _, err := s.Tickets.Get(ctx, in.ID, viewer(principalOf(ctx))); err != nil {
		return nil, err
	}
	st, err := s.SLA.Promise(ctx, s.Tickets, in.ID, in.Body, tActor(ctx))
	return body(st), err
}

func (s *Server) escalate(ctx context.Context, in *struct {
	IDPath
	Body sla.EscalateInput
}) (*bodyOf[sla.Escalation], error) {
	if _, err := s.Tickets.Get(ctx, in.ID, viewer(principalOf(ctx))); err != nil {
		return nil, err
	}
	e, err := s.SLA.Escalate(ctx, s.Tickets, in.ID, in.Body, tActor(ctx))
	return body(e), err
}

func (s *Server) escalationChain(ctx context.Context, in *IDPath) (*itemsOf[sla.Escalation], error) {
	if _, err := s.Tickets.Get(ctx, in.ID, viewer(principalOf(ctx))); err != nil {
		return nil, err
	}
	es, err := s.SLA.Chain(ctx, in.ID)
	return items(es), err
}

func (s *Server) escalationQueue(ctx context.Context, in *struct {
	TeamID int64 `query:"team_id" doc:"default: my team"`
}) (*itemsOf[sla.Escalation], error) {
	p := principalOf(ctx)
	team := in.TeamID
	if team == 0 && p.TeamID != nil {
		team = *p.TeamID
	}
	if !p.Can(identity.TicketReadAll) && (p.TeamID == nil || team != *p.TeamID) {
		return nil, apperr.New(apperr.Forbidden, "err.forbidden")
	}
	es, err := s.SLA.Queue(ctx, team)
	return items(es), err
}

func (s *Server) completeEscalation(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Note string `json:"note" maxLength:"4000"`
	}
}) (*bodyOf[sla.Escalation], error) {
	p := principalOf(ctx)
	e, err := s.SLA.Complete(ctx, s.Tickets, in.ID, in.Body.Note, tActor(ctx), p.TeamID, p.Can(identity.TicketReadAll))
	return body(e), err
}

// --- reports ---

type periodQuery struct {
	From time.Time `query:"from" doc:"start (RFC 3339); default 30 days ago"`
	To   time.Time `query:"to" doc:"end (RFC 3339); default now"`
}

func (q periodQuery) bounds() (time.Time, time.Time) {
	to, from := q.To, q.From
	if to.IsZero() {
		to = time.Now()
	}
	if from.IsZero() {
		from = to.AddDate(0, 0, -30)
	}
	return from, to
}

func (s *Server) reportSLA(ctx context.Context, in *struct {
	periodQuery
	Group string `query:"group" enum:"team,service_type,month" default:"team"`
}) (*itemsOf[sla.AttainmentRow], error) {
	from, to := in.bounds()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	rows, err := s.SLA.Attainment(ctx, from, to, in.Group, loc)
	return items(rows), err
}

func (s *Server) reportBreaches(ctx context.Context, in *struct {
	periodQuery
	Limit int `query:"limit" minimum:"1" maximum:"500" default:"100"`
}) (*itemsOf[sla.Breach], error) {
	from, to := in.bounds()
	rows, err := s.SLA.Breaches(ctx, from, to, in.Limit)
	return items(rows), err
}

func (s *Server) reportEscalations(ctx context.Context, in *periodQuery) (*itemsOf[sla.DepartmentTime], error) {
	from, to := in.bounds()
	rows, err := s.SLA.TimeByDepartment(ctx, from, to)
	return items(rows), err
}

// withSLA attaches SLA status to tickets for lists and views.
type ticketView struct {
	ticket.Ticket
	SLA *sla.Status `json:"sla"`
}

func (s *Server) withSLA(ctx context.Context, ts []ticket.Ticket) ([]ticketView, error) {
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	return s.withSLAFor(ctx, ts, ids)
}

// withSLAFor is withSLA asking only for the tickets in ids (those known to
// have SLA state; none: no query).
func (s *Server) withSLAFor(ctx context.Context, ts []ticket.Ticket, ids []int64) ([]ticketView, error) {
	m, err := s.SLA.ForTickets(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ticketView, len(ts))
	for i, t := range ts {
		out[i].Ticket = t
		if st, ok := m[t.ID]; ok {
			out[i].SLA = &st
		}
	}
	return out, nil
}
