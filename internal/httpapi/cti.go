package httpapi

import (
	"context"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/customer"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/events"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/ticket"
)

// ScreenPop is the card an agent's console shows when a call rings.
type ScreenPop struct {
	CallID         string             `json:"call_id"`
	Event          string             `json:"event"`
	CallerNumber   string             `json:"caller_number"`
	Customer       *customer.Customer `json:"customer"`
	NewCaller      bool               `json:"new_caller"`
	OpenTickets    []ticket.Ticket    `json:"open_tickets"`
	RecentContacts []contact.Contact  `json:"recent_contacts"`
	AgentID        int64              `json:"agent_id"`
}

type ctiInput struct {
	Body struct {
		Event        string `json:"event" enum:"ringing,answered,ended"`
		CallID       string `json:"call_id" maxLength:"100"`
		CallerNumber string `json:"caller_number" maxLength:"30"`
		AgentID      int64  `json:"agent_id,omitempty"`
		AgentEmail   string `json:"agent_email,omitempty" maxLength:"254"`
	}
}

type ctiOutput struct {
	Body ScreenPop
}

// ctiEvent turns a telephony event into a screen pop for the named agent:
// the matched customer (or "new caller"), open tickets and the last five
// contacts with their reasons, delivered through the outbox to that agent's
// open consoles.
func (s *Server) ctiEvent(ctx context.Context, in *ctiInput) (*ctiOutput, error) {
	b := in.Body
	var f apperr.Fields
	number := f.Phone("body.caller_number", b.CallerNumber)
	if b.AgentID == 0 && b.AgentEmail == "" {
		f.Add("body.agent_id", "field.required")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var agent identity.User
	var err error
	if b.AgentID != 0 {
		agent, err = s.Identity.GetUser(ctx, b.AgentID)
	} else {
		agent, err = s.Identity.UserByEmail(ctx, b.AgentEmail)
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, apperr.Field("body.agent_id", "field.unknown")
		}
		return nil, err
	}
	// The full number goes only to the agent who is on this call (and back to
	// the telephony system that sent it): the agent needs it to log the
	// contact or call back. The customer's profile stays masked.
	pop := ScreenPop{CallID: b.CallID, Event: b.Event, CallerNumber: number, AgentID: agent.ID,
		OpenTickets: []ticket.Ticket{}, RecentContacts: []contact.Contact{}}
	c, err := s.Customers.ByPhone(ctx, number)
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
		pop.NewCaller = true
	case err != nil:
		return nil, err
	default:
		masked := c.Mask()
		pop.Customer = &masked
		agentView := viewer(identity.NewPrincipal(agent))
		if pop.OpenTickets, _, err = s.Tickets.List(ctx, ticket.Filter{CustomerID: c.ID, Statuses: openStatuses, Limit: 10}, agentView); err != nil {
			return nil, err
		}
		recent, err := s.Contacts.List(ctx, contact.Filter{CustomerID: c.ID, Limit: 5})
		if err != nil {
			return nil, err
		}
		paths, err := s.Taxonomy.Paths(ctx)
		if err != nil {
			return nil, err
		}
		for i := range recent {
			recent[i] = s.presentContact(ctx, recent[i], paths)
		}
		pop.RecentContacts = recent
	}
	err = s.DB.WriteTx(ctx, func(tx *db.Tx) error {
		return events.Publish(ctx, tx, "screen_pop", agent.ID, pop)
	})
	if err != nil {
		return nil, apperr.Wrap(err, "cti: publish")
	}
	s.Notify()
	return &ctiOutput{Body: pop}, nil
}
