// Package taxonomy holds the admin-editable classification of contacts and
// tickets: service types (咨询/查询/投诉/建议/求助 …) and the hierarchical
// contact-reason tree (来电原因).
package taxonomy

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// ServiceType is one kind of service request.
type ServiceType struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Sort   int    `json:"sort"`
	Active bool   `json:"active"`
}

// Reason is a node of the contact-reason tree.
type Reason struct {
	ID       int64  `json:"id"`
	ParentID *int64 `json:"parent_id"`
	NameZH   string `json:"name_zh"`
	NameEN   string `json:"name_en"`
	Sort     int    `json:"sort"`
	Active   bool   `json:"active"`
}

// Service reads and edits the taxonomy.
type Service struct {
	db *db.DB
	// snap caches what every ticket write and read needs — reason display
	// paths and which codes are active — for a moment: the taxonomy changes
	// a few times a year. Another node's edit shows within about snapTTL;
	// this node's own edits clear it at once.
	mu         sync.Mutex
	snap       *snapshot
	snapAt     time.Time
	gen        int  // counts forget calls, so a refresh begun before one is not kept
	refreshing bool // a background refresh is running
}

// snapshot is the taxonomy as cached; read-only once built.
type snapshot struct {
	paths         map[int64]string
	activeTypes   map[string]bool
	activeReasons map[int64]bool
}

const snapTTL = 5 * time.Second

// New returns the taxonomy service.
func New(d *db.DB) *Service { return &Service{db: d} }

func (s *Service) forget() {
	s.mu.Lock()
	s.snap = nil
	s.gen++
	s.mu.Unlock()
}

// snapshot returns the cached taxonomy, reading it through q only when
// nothing is cached (at start, or after an edit on this node); that read is
// not kept, as q may be a transaction. Whenever the cache is missing or
// stale, one refresh runs in the background from the pool, and a stale
// cache is served meanwhile. No caller waits for the pool: a write
// transaction holds a connection, and with every connection held by one
// waiting for another, none would ever be free (PostgreSQL).
func (s *Service) snapshot(ctx context.Context, q db.Querier) (*snapshot, error) {
	s.mu.Lock()
	sn := s.snap
	if (sn == nil || time.Since(s.snapAt) >= snapTTL) && !s.refreshing {
		s.refreshing = true
		go s.refresh(s.gen)
	}
	s.mu.Unlock()
	if sn != nil {
		return sn, nil
	}
	return readSnapshot(ctx, q)
}

func (s *Service) refresh(gen int) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sn, err := readSnapshot(ctx, s.db.Reader())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refreshing = false
	if err == nil && gen == s.gen {
		s.snap, s.snapAt = sn, time.Now()
	}
}

func readSnapshot(ctx context.Context, q db.Querier) (*snapshot, error) {
	reasons, err := listReasons(ctx, q)
	if err != nil {
		return nil, err
	}
	types, err := listServiceTypes(ctx, q)
	if err != nil {
		return nil, err
	}
	sn := &snapshot{paths: BuildPaths(reasons), activeTypes: map[string]bool{}, activeReasons: map[int64]bool{}}
	for _, t := range types {
		sn.activeTypes[t.Code] = t.Active
	}
	for _, r := range reasons {
		sn.activeReasons[r.ID] = r.Active
	}
	return sn, nil
}

// ServiceTypes lists every service type in display order.
func (s *Service) ServiceTypes(ctx context.Context) ([]ServiceType, error) {
	return listServiceTypes(ctx, s.db.Reader())
}

func listServiceTypes(ctx context.Context, q db.Querier) ([]ServiceType, error) {
	rows, err := q.Query(ctx, `SELECT code, name_zh, name_en, sort, active FROM service_types ORDER BY sort, code`)
	if err != nil {
		return nil, apperr.Wrap(err, "taxonomy: service types")
	}
	defer rows.Close()
	out := []ServiceType{}
	for rows.Next() {
		var t ServiceType
		var active int
		if err := rows.Scan(&t.Code, &t.NameZH, &t.NameEN, &t.Sort, &active); err != nil {
			return nil, apperr.Wrap(err, "taxonomy: service types")
		}
		t.Active = active == 1
		out = append(out, t)
	}
	return out, apperr.Wrap(rows.Err(), "taxonomy: service types")
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func validCode(c string) bool {
	if c == "" || len(c) > 40 {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// SaveServiceType creates (create=true) or updates a service type.
func (s *Service) SaveServiceType(ctx context.Context, t ServiceType, create bool) (ServiceType, error) {
	var f apperr.Fields
	if create && !validCode(t.Code) {
		f.Add("body.code", "field.invalid")
	}
	t.NameZH = f.Text("body.name_zh", t.NameZH, true, 40)
	t.NameEN = f.Text("body.name_en", t.NameEN, true, 60)
	if err := f.Err(); err != nil {
		return t, err
	}
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if create {
			_, err := tx.Exec(ctx, `INSERT INTO service_types (code, name_zh, name_en, sort, active) VALUES ($1, $2, $3, $4, $5)`, t.Code, t.NameZH, t.NameEN, t.Sort, b2i(t.Active))
			if db.IsUniqueViolation(err) {
				return apperr.ConflictField("body.code", "err.conflict.code")
			}
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE service_types SET name_zh = $1, name_en = $2, sort = $3, active = $4 WHERE code = $5`, t.NameZH, t.NameEN, t.Sort, b2i(t.Active), t.Code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundf("service_type")
		}
		return nil
	})
	s.forget()
	return t, apperr.Wrap(err, "taxonomy: save service type")
}

// ActiveServiceType reports whether code names an active service type.
func ActiveServiceType(ctx context.Context, q db.Querier, code string) (bool, error) {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM service_types WHERE code = $1 AND active = 1`, code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// ActiveReason reports whether id names an active reason.
func ActiveReason(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM reasons WHERE id = $1 AND active = 1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Reasons lists the whole tree, flat, in display order.
func (s *Service) Reasons(ctx context.Context) ([]Reason, error) {
	return listReasons(ctx, s.db.Reader())
}

func listReasons(ctx context.Context, q db.Querier) ([]Reason, error) {
	rows, err := q.Query(ctx, `SELECT id, parent_id, name_zh, name_en, sort, active FROM reasons ORDER BY sort, id`)
	if err != nil {
		return nil, apperr.Wrap(err, "taxonomy: reasons")
	}
	defer rows.Close()
	out := []Reason{}
	for rows.Next() {
		var r Reason
		var parent sql.NullInt64
		var active int
		if err := rows.Scan(&r.ID, &parent, &r.NameZH, &r.NameEN, &r.Sort, &active); err != nil {
			return nil, apperr.Wrap(err, "taxonomy: reasons")
		}
		if parent.Valid {
			r.ParentID = &parent.Int64
		}
		r.Active = active == 1
		out = append(out, r)
	}
	return out, apperr.Wrap(rows.Err(), "taxonomy: reasons")
}

// SaveReason creates (id 0) or updates a reason; a reason cannot be moved
// under itself or its descendants.
func (s *Service) SaveReason(ctx context.Context, id int64, r Reason) (Reason, error) {
	var f apperr.Fields
	r.NameZH = f.Text("body.name_zh", r.NameZH, true, 60)
	r.NameEN = f.Text("body.name_en", r.NameEN, false, 80)
	if err := f.Err(); err != nil {
		return r, err
	}
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		all, err := listReasons(ctx, tx)
		if err != nil {
			return err
		}
		byID := map[int64]Reason{}
		for _, x := range all {
			byID[x.ID] = x
		}
		if r.ParentID != nil {
			if _, ok := byID[*r.ParentID]; !ok {
				return apperr.Field("body.parent_id", "field.unknown")
			}
			for p := r.ParentID; p != nil && id != 0; p = byID[*p].ParentID {
				if *p == id {
					return apperr.Field("body.parent_id", "field.cycle")
				}
			}
		}
		if id == 0 {
			id, err = db.InsertID(ctx, tx, `INSERT INTO reasons (parent_id, name_zh, name_en, sort, active) VALUES ($1, $2, $3, $4, $5)`, r.ParentID, r.NameZH, r.NameEN, r.Sort, b2i(r.Active))
			r.ID = id
			return err
		}
		if _, ok := byID[id]; !ok {
			return apperr.NotFoundf("reason")
		}
		r.ID = id
		_, err = tx.Exec(ctx, `UPDATE reasons SET parent_id = $1, name_zh = $2, name_en = $3, sort = $4, active = $5 WHERE id = $6`, r.ParentID, r.NameZH, r.NameEN, r.Sort, b2i(r.Active), id)
		return err
	})
	s.forget()
	return r, apperr.Wrap(err, "taxonomy: save reason")
}

// Paths maps every reason id to its display path ("退款与售后 / 课程退款").
func (s *Service) Paths(ctx context.Context) (map[int64]string, error) {
	return s.PathsIn(ctx, s.db.Reader())
}

// PathsIn is Paths for a caller that may hold a transaction q.
func (s *Service) PathsIn(ctx context.Context, q db.Querier) (map[int64]string, error) {
	sn, err := s.snapshot(ctx, q)
	if err != nil {
		return nil, err
	}
	return sn.paths, nil
}

// CheckTx is Check from the cached taxonomy: a code the cache knows as
// active passes without a query; anything else is checked in tx, so a type
// or reason added a moment ago is never refused.
func (s *Service) CheckTx(ctx context.Context, tx db.Querier, serviceType string, reasonID *int64) error {
	sn, err := s.snapshot(ctx, tx)
	if err != nil {
		return err
	}
	if sn.activeTypes[serviceType] && (reasonID == nil || sn.activeReasons[*reasonID]) {
		return nil
	}
	return Check(ctx, tx, serviceType, reasonID)
}

// BuildPaths joins each reason's ancestors' Chinese names.
func BuildPaths(all []Reason) map[int64]string {
	byID := map[int64]Reason{}
	for _, r := range all {
		byID[r.ID] = r
	}
	out := make(map[int64]string, len(all))
	for _, r := range all {
		var parts []string
		seen := 0
		for cur, ok := r, true; ok && seen < 16; seen++ {
			parts = append([]string{cur.NameZH}, parts...)
			if cur.ParentID == nil {
				break
			}
			cur, ok = byID[*cur.ParentID]
		}
		out[r.ID] = strings.Join(parts, " / ")
	}
	return out
}

// Check validates the classification of a contact or ticket: an active
// service type and, when given, an active reason.
func Check(ctx context.Context, q db.Querier, serviceType string, reasonID *int64) error {
	var f apperr.Fields
	ok, err := ActiveServiceType(ctx, q, serviceType)
	if err != nil {
		return err
	}
	if !ok {
		f.Add("body.service_type", "field.unknown")
	}
	if reasonID != nil {
		ok, err := ActiveReason(ctx, q, *reasonID)
		if err != nil {
			return err
		}
		if !ok {
			f.Add("body.reason_id", "field.unknown")
		}
	}
	return f.Err()
}
