package httpapi

import (
	"context"
	"slices"
	"strconv"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/audit"
	"github.com/kefuhq/kefu/internal/identity"
)

type IDPath struct {
	ID int64 `path:"id" minimum:"1"`
}

type itemsOf[T any] struct {
	Body struct {
		Items []T `json:"items"`
	}
}

func items[T any](xs []T) *itemsOf[T] {
	out := &itemsOf[T]{}
	out.Body.Items = xs
	if out.Body.Items == nil {
		out.Body.Items = []T{}
	}
	return out
}

type pageOf[T any] struct {
	Body struct {
		Items      []T    `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
}

func page[T any](xs []T, next string) *pageOf[T] {
	out := &pageOf[T]{}
	out.Body.Items, out.Body.NextCursor = xs, next
	if out.Body.Items == nil {
		out.Body.Items = []T{}
	}
	return out
}

type bodyOf[T any] struct{ Body T }

func body[T any](v T) *bodyOf[T] { return &bodyOf[T]{Body: v} }

func idActor(ctx context.Context) identity.Actor {
	p := principalOf(ctx)
	return identity.Actor{ID: p.ID, Name: p.Name, IP: remoteOf(ctx)}
}

func (s *Server) listUsers(ctx context.Context, _ *struct{}) (*itemsOf[identity.User], error) {
	us, err := s.Identity.ListUsers(ctx)
	return items(us), err
}

func (s *Server) createUser(ctx context.Context, in *struct{ Body identity.NewUser }) (*bodyOf[identity.User], error) {
	u, err := s.Identity.CreateUser(ctx, in.Body, idActor(ctx))
	return body(u), err
}

func (s *Server) updateUser(ctx context.Context, in *struct {
	IDPath
	Body identity.UserPatch
}) (*bodyOf[identity.User], error) {
	u, err := s.Identity.UpdateUser(ctx, in.ID, in.Body, idActor(ctx))
	return body(u), err
}

func (s *Server) listRoles(ctx context.Context, _ *struct{}) (*itemsOf[identity.Role], error) {
	var out []identity.Role
	for _, n := range identity.RoleNames() {
		out = append(out, identity.Roles[n])
	}
	return items(out), nil
}

func (s *Server) listTeams(ctx context.Context, _ *struct{}) (*itemsOf[identity.Team], error) {
	ts, err := s.Identity.ListTeams(ctx)
	return items(ts), err
}

func (s *Server) createTeam(ctx context.Context, in *struct{ Body identity.TeamInput }) (*bodyOf[identity.Team], error) {
	t, err := s.Identity.SaveTeam(ctx, 0, in.Body, idActor(ctx))
	return body(t), err
}

// teamPatch changes some fields of a team; absent ones stay.
type teamPatch struct {
	Name        *string `json:"name,omitempty" maxLength:"60"`
	Kind        *string `json:"kind,omitempty" enum:"service,department"`
	Description *string `json:"description,omitempty" maxLength:"500"`
	CalendarID  *int64  `json:"calendar_id,omitempty" doc:"0 removes the team's calendar"`
}

func (s *Server) updateTeam(ctx context.Context, in *struct {
	IDPath
	Body teamPatch
}) (*bodyOf[identity.Team], error) {
	all, err := s.Identity.ListTeams(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all, func(t identity.Team) bool { return t.ID == in.ID })
	if i < 0 {
		return nil, apperr.NotFoundf("team")
	}
	cur := identity.TeamInput{Name: all[i].Name, Kind: all[i].Kind, Description: all[i].Description, CalendarID: all[i].CalendarID}
	if c := in.Body.CalendarID; c != nil {
		cur.CalendarID = c
		if *c == 0 {
			cur.CalendarID = nil
		}
	}
	overlay(&cur.Name, in.Body.Name)
	overlay(&cur.Kind, in.Body.Kind)
	overlay(&cur.Description, in.Body.Description)
	t, err := s.Identity.SaveTeam(ctx, in.ID, cur, idActor(ctx))
	return body(t), err
}

func (s *Server) listTokens(ctx context.Context, _ *struct{}) (*itemsOf[identity.Token], error) {
	ts, err := s.Identity.ListTokens(ctx, principalOf(ctx).ID)
	return items(ts), err
}

func (s *Server) createToken(ctx context.Context, in *struct {
	Body struct {
		Name string `json:"name" maxLength:"100"`
	}
}) (*bodyOf[identity.Token], error) {
	t, err := s.Identity.CreateToken(ctx, principalOf(ctx).ID, in.Body.Name, idActor(ctx))
	return body(t), err
}

func (s *Server) revokeToken(ctx context.Context, in *IDPath) (*struct{}, error) {
	return &struct{}{}, s.Identity.RevokeToken(ctx, principalOf(ctx).ID, in.ID, idActor(ctx))
}

type CursorQuery struct {
	Cursor string `query:"cursor" maxLength:"200"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

func (s *Server) listAudit(ctx context.Context, in *struct {
	CursorQuery
	Action string `query:"action" maxLength:"40"`
}) (*pageOf[audit.Entry], error) {
	before, _ := strconv.ParseInt(in.Cursor, 10, 64)
	es, err := audit.List(ctx, s.DB.Reader(), in.Action, before, in.Limit)
	if err != nil {
		return nil, err
	}
	next := ""
	if len(es) == in.Limit {
		next = strconv.FormatInt(es[len(es)-1].ID, 10)
	}
	return page(es, next), nil
}
