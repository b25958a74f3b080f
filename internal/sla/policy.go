package sla

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"sort"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// Match says which tickets a policy covers; an empty list matches anything.
type Match struct {
	ServiceTypes []string `json:"service_types,omitempty"`
	Priorities   []string `json:"priorities,omitempty"`
	Tiers        []string `json:"tiers,omitempty"`
	Channels     []string `json:"channels,omitempty"`
	TeamIDs      []int64  `json:"team_ids,omitempty"`
}

// Attrs are the ticket facts policies match on.
type Attrs struct {
	ServiceType, Priority, Tier, Channel string
	TeamID                               int64
}

// Matches reports whether the attributes satisfy every non-empty list.
func (m Match) Matches(a Attrs) bool {
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	return in(m.ServiceTypes, a.ServiceType) && in(m.Priorities, a.Priority) && in(m.Tiers, a.Tier) &&
		in(m.Channels, a.Channel) && (len(m.TeamIDs) == 0 || slices.Contains(m.TeamIDs, a.TeamID))
}

// OnBreach configures what happens when a target is missed.
type OnBreach struct {
	Notify        bool   `json:"notify"`
	RaisePriority bool   `json:"raise_priority"`
	MoveTeamID    *int64 `json:"move_team_id,omitempty"`
}

// Policy is an SLA policy. Minutes are business minutes on the calendar of
// the policy, or of the ticket's team, or the default calendar.
type Policy struct {
	ID                 int64    `json:"id"`
	Name               string   `json:"name"`
	Position           int      `json:"position"`
	Active             bool     `json:"active"`
	Match              Match    `json:"match"`
	FirstResponseMins  int      `json:"first_response_mins"`
	NextResponseMins   int      `json:"next_response_mins"`
	ResolutionMins     int      `json:"resolution_mins"`
	PromiseDefaultMins int      `json:"promise_default_mins"`
	PromiseMaxMins     int      `json:"promise_max_mins"`
	PauseStatuses      []string `json:"pause_statuses"`
	WarnPercent        int      `json:"warn_percent"`
	OnBreach           OnBreach `json:"on_breach"`
	CalendarID         *int64   `json:"calendar_id"`
	Version            int      `json:"version"`
}

// Choose returns the first active policy, by position, that matches.
func Choose(policies []Policy, a Attrs) (Policy, bool) {
	sorted := slices.Clone(policies)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Position < sorted[j].Position })
	for _, p := range sorted {
		if p.Active && p.Match.Matches(a) {
			return p, true
		}
	}
	return Policy{}, false
}

const policyCols = `id, name, position, active, match, first_response_mins, next_response_mins, resolution_mins, promise_default_mins, promise_max_mins, pause_statuses, warn_percent, on_breach, calendar_id, version`

func scanPolicy(row interface{ Scan(...any) error }) (Policy, error) {
	var p Policy
	var active int
	var match, pause, breach string
	var cal sql.NullInt64
	err := row.Scan(&p.ID, &p.Name, &p.Position, &active, &match, &p.FirstResponseMins, &p.NextResponseMins, &p.ResolutionMins, &p.PromiseDefaultMins, &p.PromiseMaxMins, &pause, &p.WarnPercent, &breach, &cal, &p.Version)
	if err != nil {
		return p, err
	}
	p.Active = active == 1
	_ = json.Unmarshal([]byte(match), &p.Match)
	_ = json.Unmarshal([]byte(pause), &p.PauseStatuses)
	_ = json.Unmarshal([]byte(breach), &p.OnBreach)
	if p.PauseStatuses == nil {
		p.PauseStatuses = []string{}
	}
	if cal.Valid {
		p.CalendarID = &cal.Int64
	}
	return p, nil
}

func listPolicies(ctx context.Context, q db.Querier) ([]Policy, error) {
	rows, err := q.Query(ctx, `SELECT `+policyCols+` FROM sla_policies ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Policy{}
	for rows.Next() {
		p, err := scanPolicy(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Policies lists every policy in match order.
func (s *Service) Policies(ctx context.Context) ([]Policy, error) {
	ps, err := listPolicies(ctx, s.db.Reader())
	return ps, apperr.Wrap(err, "sla: policies")
}

var ticketStatuses = []string{"new", "open", "pending_customer", "pending_internal", "resolved", "closed"}

func (p *Policy) validate() error {
	var f apperr.Fields
	p.Name = f.Text("body.name", p.Name, true, 80)
	for _, m := range []struct {
		field string
		v     int
	}{{"body.first_response_mins", p.FirstResponseMins}, {"body.next_response_mins", p.NextResponseMins}, {"body.resolution_mins", p.ResolutionMins}, {"body.promise_default_mins", p.PromiseDefaultMins}, {"body.promise_max_mins", p.PromiseMaxMins}} {
		if m.v < 0 || m.v > 60*24*365 {
			f.Add(m.field, "field.max", 60*24*365)
		}
	}
	if p.PromiseMaxMins > 0 && p.PromiseDefaultMins > p.PromiseMaxMins {
		f.Add("body.promise_default_mins", "field.max", p.PromiseMaxMins)
	}
	if p.WarnPercent < 1 || p.WarnPercent > 99 {
		f.Add("body.warn_percent", "field.between", 1, 99)
	}
	for _, st := range p.PauseStatuses {
		f.OneOf("body.pause_statuses", st, true, "pending_customer", "pending_internal")
	}
	for _, st := range p.Match.Priorities {
		f.OneOf("body.match.priorities", st, true, "low", "normal", "high", "urgent")
	}
	for _, st := range p.Match.Tiers {
		f.OneOf("body.match.tiers", st, true, "normal", "silver", "gold", "vip")
	}
	for _, st := range p.Match.Channels {
		f.OneOf("body.match.channels", st, true, "phone", "chat", "email", "visit", "web", "other")
	}
	return f.Err()
}

// SavePolicy creates (id 0) or replaces a policy; version must match on update.
func (s *Service) SavePolicy(ctx context.Context, id int64, p Policy) (Policy, error) {
	if p.PauseStatuses == nil {
		p.PauseStatuses = []string{"pending_customer"}
	}
	if p.WarnPercent == 0 {
		p.WarnPercent = 75
	}
	if err := p.validate(); err != nil {
		return p, err
	}
	var out Policy
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if p.CalendarID != nil {
			if _, err := getCalendar(ctx, tx, *p.CalendarID); err != nil {
				return apperr.Field("body.calendar_id", "field.unknown")
			}
		}
		match, _ := json.Marshal(p.Match)
		pause, _ := json.Marshal(p.PauseStatuses)
		breach, _ := json.Marshal(p.OnBreach)
		now := db.Millis(s.now())
		var err error
		if id == 0 {
			id, err = db.InsertID(ctx, tx, `INSERT INTO sla_policies (name, position, active, match, first_response_mins, next_response_mins, resolution_mins, promise_default_mins, promise_max_mins, pause_statuses, warn_percent, on_breach, calendar_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
				p.Name, p.Position, b2i(p.Active), string(match), p.FirstResponseMins, p.NextResponseMins, p.ResolutionMins, p.PromiseDefaultMins, p.PromiseMaxMins, string(pause), p.WarnPercent, string(breach), p.CalendarID, now)
		} else {
			cur, gerr := scanPolicy(tx.QueryRow(ctx, `SELECT `+policyCols+` FROM sla_policies WHERE id = $1`, id))
			if errors.Is(gerr, sql.ErrNoRows) {
				return apperr.NotFoundf("policy")
			}
			if gerr != nil {
				return gerr
			}
			if cur.Version != p.Version {
				return apperr.ConflictWith(cur)
			}
			_, err = tx.Exec(ctx, `UPDATE sla_policies SET name = $1, position = $2, active = $3, match = $4, first_response_mins = $5, next_response_mins = $6, resolution_mins = $7, promise_default_mins = $8, promise_max_mins = $9, pause_statuses = $10, warn_percent = $11, on_breach = $12, calendar_id = $13, updated_at = $14, version = version + 1 WHERE id = $15`,
				p.Name, p.Position, b2i(p.Active), string(match), p.FirstResponseMins, p.NextResponseMins, p.ResolutionMins, p.PromiseDefaultMins, p.PromiseMaxMins, string(pause), p.WarnPercent, string(breach), p.CalendarID, now, id)
		}
		if db.IsUniqueViolation(err) {
			return apperr.ConflictField("body.name", "err.conflict.name")
		}
		if err != nil {
			return err
		}
		out, err = scanPolicy(tx.QueryRow(ctx, `SELECT `+policyCols+` FROM sla_policies WHERE id = $1`, id))
		return err
	})
	s.policies.clear()
	return out, apperr.Wrap(err, "sla: save policy")
}
