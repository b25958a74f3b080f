package httpapi

import (
	"context"

	"github.com/kefuhq/kefu/internal/taxonomy"
)

func (s *Server) listServiceTypes(ctx context.Context, _ *struct{}) (*itemsOf[taxonomy.ServiceType], error) {
	ts, err := s.Taxonomy.ServiceTypes(ctx)
	return items(ts), err
}

type serviceTypeInput struct {
	Code   string `json:"code,omitempty" maxLength:"40"`
	NameZH string `json:"name_zh" maxLength:"40"`
	NameEN string `json:"name_en" maxLength:"60"`
	Sort   int    `json:"sort,omitempty"`
	Active *bool  `json:"active,omitempty"`
}

func (t serviceTypeInput) serviceType() taxonomy.ServiceType {
	return taxonomy.ServiceType{Code: t.Code, NameZH: t.NameZH, NameEN: t.NameEN, Sort: t.Sort, Active: t.Active == nil || *t.Active}
}

func (s *Server) createServiceType(ctx context.Context, in *struct{ Body serviceTypeInput }) (*bodyOf[taxonomy.ServiceType], error) {
	t, err := s.Taxonomy.SaveServiceType(ctx, in.Body.serviceType(), true)
	return body(t), err
}

func (s *Server) updateServiceType(ctx context.Context, in *struct {
	Code string `path:"code" maxLength:"40"`
	Body serviceTypeInput
}) (*bodyOf[taxonomy.ServiceType], error) {
	in.Body.Code = in.Code
	t, err := s.Taxonomy.SaveServiceType(ctx, in.Body.serviceType(), false)
	return body(t), err
}

func (s *Server) listReasons(ctx context.Context, _ *struct{}) (*itemsOf[taxonomy.Reason], error) {
	rs, err := s.Taxonomy.Reasons(ctx)
	return items(rs), err
}

type reasonInput struct {
	ParentID *int64 `json:"parent_id,omitempty"`
	NameZH   string `json:"name_zh" maxLength:"60"`
	NameEN   string `json:"name_en,omitempty" maxLength:"80"`
	Sort     int    `json:"sort,omitempty"`
	Active   *bool  `json:"active,omitempty"`
}

func (r reasonInput) reason() taxonomy.Reason {
	active := r.Active == nil || *r.Active
	return taxonomy.Reason{ParentID: r.ParentID, NameZH: r.NameZH, NameEN: r.NameEN, Sort: r.Sort, Active: active}
}

func (s *Server) createReason(ctx context.Context, in *struct{ Body reasonInput }) (*bodyOf[taxonomy.Reason], error) {
	r, err := s.Taxonomy.SaveReason(ctx, 0, in.Body.reason())
	return body(r), err
}

func (s *Server) updateReason(ctx context.Context, in *struct {
	IDPath
	Body reasonInput
}) (*bodyOf[taxonomy.Reason], error) {
	r, err := s.Taxonomy.SaveReason(ctx, in.ID, in.Body.reason())
	return body(r), err
}
