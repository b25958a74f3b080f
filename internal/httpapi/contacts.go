package httpapi

import (
	"context"
	"strconv"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/customer"
)

// presentContact masks the caller number and fills the reason path.
func (s *Server) presentContact(ctx context.Context, c contact.Contact, paths map[int64]string) contact.Contact {
	c.CallerNumber = customer.MaskPhone(c.CallerNumber)
	if c.ReasonID != nil {
		c.ReasonPath = paths[*c.ReasonID]
	}
	return c
}

func (s *Server) listContacts(ctx context.Context, in *struct {
	CursorQuery
	CustomerID int64 `query:"customer_id"`
	AgentID    int64 `query:"agent_id"`
}) (*pageOf[contact.Contact], error) {
	var before int64
	if in.Cursor != "" {
		var err error
		if before, err = strconv.ParseInt(in.Cursor, 10, 64); err != nil {
			return nil, apperr.Field("query.cursor", "field.bad_cursor")
		}
	}
	cs, err := s.Contacts.List(ctx, contact.Filter{CustomerID: in.CustomerID, AgentID: in.AgentID, Before: before, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	paths, err := s.Taxonomy.Paths(ctx)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i] = s.presentContact(ctx, cs[i], paths)
	}
	next := ""
	if len(cs) == in.Limit {
		next = strconv.FormatInt(cs[len(cs)-1].ID, 10)
	}
	return page(cs, next), nil
}

func (s *Server) createContact(ctx context.Context, in *struct{ Body contact.Input }) (*bodyOf[contact.Contact], error) {
	if in.Body.CustomerID == nil && in.Body.Customer != nil && !principalOf(ctx).Can("customer:create") {
		return nil, apperr.New(apperr.Forbidden, "err.forbidden")
	}
	c, err := s.Contacts.Create(ctx, in.Body, principalOf(ctx).ID)
	if err != nil {
		return nil, err
	}
	paths, err := s.Taxonomy.Paths(ctx)
	return body(s.presentContact(ctx, c, paths)), err
}

func (s *Server) getContact(ctx context.Context, in *IDPath) (*bodyOf[contact.Contact], error) {
	c, err := s.Contacts.Get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	paths, err := s.Taxonomy.Paths(ctx)
	return body(s.presentContact(ctx, c, paths)), err
}
