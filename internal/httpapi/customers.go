package httpapi

import (
	"context"
	"strconv"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/customer"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/ticket"
)

func custActor(ctx context.Context) customer.Actor {
	p := principalOf(ctx)
	return customer.Actor{ID: p.ID, Name: p.Name, IP: remoteOf(ctx)}
}

// present masks personal data; revealing goes through the audited reveal route.
func present(c customer.Customer) customer.Customer { return c.Mask() }

func (s *Server) listCustomers(ctx context.Context, in *struct {
	CursorQuery
	Q     string `query:"q" maxLength:"100"`
	Phone string `query:"phone" maxLength:"30"`
}) (*pageOf[customer.Customer], error) {
	var before int64
	if in.Cursor != "" {
		var err error
		if before, err = strconv.ParseInt(in.Cursor, 10, 64); err != nil {
			return nil, apperr.Field("query.cursor", "field.bad_cursor")
		}
	}
	cs, err := s.Customers.List(ctx, customer.Filter{Q: in.Q, Phone: in.Phone, Before: before, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i] = present(cs[i])
	}
	next := ""
	if len(cs) == in.Limit {
		next = strconv.FormatInt(cs[len(cs)-1].ID, 10)
	}
	return page(cs, next), nil
}

func (s *Server) createCustomer(ctx context.Context, in *struct{ Body customer.Input }) (*bodyOf[customer.Customer], error) {
	c, err := s.Customers.Create(ctx, in.Body)
	return body(present(c)), err
}

func (s *Server) getCustomer(ctx context.Context, in *IDPath) (*bodyOf[customer.Customer], error) {
	c, err := s.Customers.Get(ctx, in.ID)
	return body(present(c)), err
}

func (s *Server) updateCustomer(ctx context.Context, in *struct {
	IDPath
	Body customer.Patch
}) (*bodyOf[customer.Customer], error) {
	c, err := s.Customers.Update(ctx, in.ID, in.Body)
	return body(present(c)), err
}

func (s *Server) revealCustomer(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Reason string `json:"reason" maxLength:"200"`
	}
}) (*bodyOf[customer.Customer], error) {
	c, err := s.Customers.Reveal(ctx, in.ID, in.Body.Reason, custActor(ctx))
	return body(c), err
}

func (s *Server) mergeCustomer(ctx context.Context, in *struct {
	IDPath
	Body struct {
		SourceID int64 `json:"source_id" minimum:"1"`
	}
}) (*bodyOf[customer.Customer], error) {
	c, err := s.Customers.Merge(ctx, in.ID, in.Body.SourceID, custActor(ctx))
	return body(present(c)), err
}

// HistoryItem is one entry of the customer 360 timeline.
type HistoryItem struct {
	Type    string           `json:"type"`
	At      string           `json:"at"`
	Contact *contact.Contact `json:"contact,omitempty"`
	Ticket  *ticket.Ticket   `json:"ticket,omitempty"`
}

// History is the customer 360 view.
type History struct {
	Customer    customer.Customer `json:"customer"`
	OpenTickets []ticket.Ticket   `json:"open_tickets"`
	Items       []HistoryItem     `json:"items"`
}

// viewer describes what tickets the principal may see.
func viewer(p *identity.Principal) ticket.Viewer {
	return ticket.Viewer{UserID: p.ID, TeamID: p.TeamID, All: p.Can(identity.TicketReadAll)}
}

var openStatuses = []string{"new", "open", "pending_customer", "pending_internal"}

func (s *Server) history(ctx context.Context, c customer.Customer, limit int) (History, error) {
	h := History{Customer: present(c), OpenTickets: []ticket.Ticket{}, Items: []HistoryItem{}}
	v := viewer(principalOf(ctx))
	open, _, err := s.Tickets.List(ctx, ticket.Filter{CustomerID: c.ID, Statuses: openStatuses, Limit: 20}, v)
	if err != nil {
		return h, err
	}
	h.OpenTickets = open
	var contacts []contact.Contact
	if principalOf(ctx).Can(identity.ContactRead) {
		if contacts, err = s.Contacts.List(ctx, contact.Filter{CustomerID: c.ID, Limit: limit}); err != nil {
			return h, err
		}
	}
	tickets, _, err := s.Tickets.List(ctx, ticket.Filter{CustomerID: c.ID, Sort: "-created", Limit: limit}, v)
	if err != nil {
		return h, err
	}
	paths, err := s.Taxonomy.Paths(ctx)
	if err != nil {
		return h, err
	}
	// Merge the two newest-first lists.
	i, j := 0, 0
	for len(h.Items) < limit && (i < len(contacts) || j < len(tickets)) {
		if j >= len(tickets) || (i < len(contacts) && contacts[i].StartedAt.After(tickets[j].CreatedAt)) {
			c := contacts[i]
			if c.ReasonID != nil {
				c.ReasonPath = paths[*c.ReasonID]
			}
			c.CallerNumber = customer.MaskPhone(c.CallerNumber)
			h.Items = append(h.Items, HistoryItem{Type: "contact", At: c.StartedAt.Format(timeLayout), Contact: &c})
			i++
		} else {
			t := tickets[j]
			h.Items = append(h.Items, HistoryItem{Type: "ticket", At: t.CreatedAt.Format(timeLayout), Ticket: &t})
			j++
		}
	}
	return h, nil
}

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func (s *Server) customerHistory(ctx context.Context, in *struct {
	IDPath
	Limit int `query:"limit" minimum:"1" maximum:"200" default:"50"`
}) (*bodyOf[History], error) {
	c, err := s.Customers.Get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	h, err := s.history(ctx, c, in.Limit)
	return body(h), err
}
