package httpapi

import (
	"context"
	"strings"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/ticket"
)

func tActor(ctx context.Context) ticket.Actor {
	p := principalOf(ctx)
	return ticket.Actor{ID: p.ID, Name: p.Name}
}

type listTicketsInput struct {
	CursorQuery
	View        string `query:"view" enum:"mine,team,unassigned,all,"`
	Status      string `query:"status" maxLength:"200" doc:"comma-separated statuses"`
	TeamID      int64  `query:"team_id"`
	OwnerID     int64  `query:"owner_id"`
	CustomerID  int64  `query:"customer_id"`
	ServiceType string `query:"service_type" maxLength:"40"`
	ReasonID    int64  `query:"reason_id"`
	Priority    string `query:"priority" maxLength:"20"`
	Q           string `query:"q" maxLength:"200"`
	Sort        string `query:"sort" maxLength:"20"`
	SLA         string `query:"sla" enum:"breached,warning," doc:"only tickets that missed a target, or were warned"`
}

func (s *Server) listTickets(ctx context.Context, in *listTicketsInput) (*pageOf[ticketView], error) {
	f := ticket.Filter{View: in.View, TeamID: in.TeamID, OwnerID: in.OwnerID, CustomerID: in.CustomerID, ServiceType: in.ServiceType,
		ReasonID: in.ReasonID, Priority: in.Priority, Q: in.Q, Sort: in.Sort, Cursor: in.Cursor, Limit: in.Limit, SLA: in.SLA}
	for _, st := range strings.Split(in.Status, ",") {
		if st = strings.TrimSpace(st); st != "" {
			f.Statuses = append(f.Statuses, st)
		}
	}
	p, err := s.Tickets.ListPage(ctx, f, viewer(principalOf(ctx)))
	if err != nil {
		return nil, err
	}
	// SLA status only for the tickets the page's query found SLA state for.
	views, err := s.withSLAFor(ctx, p.Items, p.WithSLA)
	return page(views, p.Next), err
}

func (s *Server) createTicket(ctx context.Context, in *struct{ Body ticket.Input }) (*bodyOf[ticket.Ticket], error) {
	p := principalOf(ctx)
	if (in.Body.TeamID != nil || in.Body.OwnerID != nil) && !p.Can(identity.TicketAssign) {
		return nil, apperr.New(apperr.Forbidden, "err.forbidden")
	}
	if in.Body.CustomerID == nil && in.Body.ContactID == nil && in.Body.Customer != nil && !p.Can(identity.CustomerCreate) {
		return nil, apperr.New(apperr.Forbidden, "err.forbidden")
	}
	t, err := s.Tickets.Create(ctx, in.Body, tActor(ctx))
	return body(t), err
}

func (s *Server) getTicket(ctx context.Context, in *IDPath) (*bodyOf[ticketView], error) {
	t, err := s.Tickets.Get(ctx, in.ID, viewer(principalOf(ctx)))
	if err != nil {
		return nil, err
	}
	views, err := s.withSLA(ctx, []ticket.Ticket{t})
	if err != nil {
		return nil, err
	}
	return body(views[0]), nil
}

func (s *Server) updateTicket(ctx context.Context, in *struct {
	IDPath
	Body ticket.Patch
}) (*bodyOf[ticket.Ticket], error) {
	if in.Body.Assigns() && !principalOf(ctx).Can(identity.TicketAssign) {
		return nil, apperr.New(apperr.Forbidden, "err.forbidden")
	}
	t, err := s.Tickets.Update(ctx, in.ID, in.Body, tActor(ctx), viewer(principalOf(ctx)))
	return body(t), err
}

func (s *Server) listTicketEvents(ctx context.Context, in *IDPath) (*itemsOf[ticket.Event], error) {
	es, err := s.Tickets.Events(ctx, in.ID, viewer(principalOf(ctx)))
	return items(es), err
}

func (s *Server) addTicketEvent(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Kind string `json:"kind" enum:"reply,note"`
		Body string `json:"body" maxLength:"20000"`
	}
}) (*bodyOf[ticket.Event], error) {
	if in.Body.Kind == "reply" && !principalOf(ctx).Can(identity.TicketReply) {
		return nil, apperr.New(apperr.Forbidden, "err.forbidden")
	}
	e, err := s.Tickets.AddEvent(ctx, in.ID, in.Body.Kind, in.Body.Body, tActor(ctx), viewer(principalOf(ctx)))
	return body(e), err
}

func (s *Server) addWatcher(ctx context.Context, in *struct {
	IDPath
	Body struct {
		UserID int64 `json:"user_id" minimum:"1"`
	}
}) (*bodyOf[ticket.Ticket], error) {
	t, err := s.Tickets.SetWatcher(ctx, in.ID, in.Body.UserID, true, tActor(ctx), viewer(principalOf(ctx)))
	return body(t), err
}

func (s *Server) removeWatcher(ctx context.Context, in *struct {
	IDPath
	UserID int64 `path:"user_id" minimum:"1"`
}) (*bodyOf[ticket.Ticket], error) {
	t, err := s.Tickets.SetWatcher(ctx, in.ID, in.UserID, false, tActor(ctx), viewer(principalOf(ctx)))
	return body(t), err
}

func (s *Server) linkContact(ctx context.Context, in *struct {
	IDPath
	Body struct {
		ContactID int64 `json:"contact_id" minimum:"1"`
	}
}) (*bodyOf[ticket.Ticket], error) {
	t, err := s.Tickets.LinkContact(ctx, in.ID, in.Body.ContactID, tActor(ctx), viewer(principalOf(ctx)))
	return body(t), err
}
