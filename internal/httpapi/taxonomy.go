package httpapi

import (
	"context"
	"slices"

	"github.com/kefuhq/kefu/internal/apperr"
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

// serviceTypePatch changes some fields; absent ones stay.
type serviceTypePatch struct {
	NameZH *string `json:"name_zh,omitempty" maxLength:"40"`
	NameEN *string `json:"name_en,omitempty" maxLength:"60"`
	Sort   *int    `json:"sort,omitempty"`
	Active *bool   `json:"active,omitempty"`
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
	Body serviceTypePatch
}) (*bodyOf[taxonomy.ServiceType], error) {
	all, err := s.Taxonomy.ServiceTypes(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all, func(t taxonomy.ServiceType) bool { return t.Code == in.Code })
	if i < 0 {
		return nil, apperr.NotFoundf("service_type")
	}
	cur, p := all[i], in.Body
	overlay(&cur.NameZH, p.NameZH)
	overlay(&cur.NameEN, p.NameEN)
	overlay(&cur.Sort, p.Sort)
	overlay(&cur.Active, p.Active)
	t, err := s.Taxonomy.SaveServiceType(ctx, cur, false)
	return body(t), err
}

// overlay sets *dst to *v when v is given.
func overlay[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
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

// reasonPatch changes some fields; parent_id 0 moves a reason to the top.
type reasonPatch struct {
	ParentID *int64  `json:"parent_id,omitempty"`
	NameZH   *string `json:"name_zh,omitempty" maxLength:"60"`
	NameEN   *string `json:"name_en,omitempty" maxLength:"80"`
	Sort     *int    `json:"sort,omitempty"`
	Active   *bool   `json:"active,omitempty"`
}

func (s *Server) updateReason(ctx context.Context, in *struct {
	IDPath
	Body reasonPatch
}) (*bodyOf[taxonomy.Reason], error) {
	all, err := s.Taxonomy.Reasons(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all, func(r taxonomy.Reason) bool { return r.ID == in.ID })
	if i < 0 {
		return nil, apperr.NotFoundf("reason")
	}
	cur, p := all[i], in.Body
	if p.ParentID != nil {
		cur.ParentID = p.ParentID
		if *p.ParentID == 0 {
			cur.ParentID = nil
		}
	}
	overlay(&cur.NameZH, p.NameZH)
	overlay(&cur.NameEN, p.NameEN)
	overlay(&cur.Sort, p.Sort)
	overlay(&cur.Active, p.Active)
	r, err := s.Taxonomy.SaveReason(ctx, in.ID, cur)
	return body(r), err
}
