package sla

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/ticket"
)

// AttainmentRow is SLA attainment for one group.
type AttainmentRow struct {
	Key                string  `json:"key"`
	Label              string  `json:"label"`
	Tickets            int     `json:"tickets"`
	FirstResponseTotal int     `json:"first_response_total"`
	FirstResponseMet   int     `json:"first_response_met"`
	ResolutionTotal    int     `json:"resolution_total"`
	ResolutionMet      int     `json:"resolution_met"`
	Breached           int     `json:"breached"`
	Attainment         float64 `json:"attainment"` // share of measured clocks met
}

// Attainment groups tickets created in [from, to) by team, service_type or
// month (in the zone loc) and counts the clocks met. A clock is measured once
// it is met or breached.
func (s *Service) Attainment(ctx context.Context, from, to time.Time, group string, loc *time.Location) ([]AttainmentRow, error) {
	var f apperr.Fields
	f.OneOf("query.group", group, true, "team", "service_type", "month")
	if !to.After(from) {
		f.Add("query.to", "field.end_before_start")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT t.created_at, COALESCE(t.team_id, 0), COALESCE(tm.name, ''), t.service_type, COALESCE(st.name_zh, t.service_type),
		s.first_response_due, s.first_response_at, s.resolution_due, s.resolved_at, s.breached
		FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN service_types st ON st.code = t.service_type
		WHERE t.created_at >= $1 AND t.created_at < $2 AND s.policy_id IS NOT NULL`, db.Millis(from), db.Millis(to))
	if err != nil {
		return nil, apperr.Wrap(err, "sla: attainment")
	}
	defer rows.Close()
	byKey := map[string]*AttainmentRow{}
	for rows.Next() {
		var created, teamID, frDue, frAt, resDue, resAt int64
		var teamName, stCode, stName, breachedJSON string
		if err := rows.Scan(&created, &teamID, &teamName, &stCode, &stName, &frDue, &frAt, &resDue, &resAt, &breachedJSON); err != nil {
			return nil, apperr.Wrap(err, "sla: attainment")
		}
		var breached []string
		_ = json.Unmarshal([]byte(breachedJSON), &breached)
		key, label := "", ""
		switch group {
		case "team":
			key, label = fmt.Sprint(teamID), teamName
		case "service_type":
			key, label = stCode, stName
		default:
			key = db.Time(created).In(loc).Format("2006-01")
			label = key
		}
		r := byKey[key]
		if r == nil {
			r = &AttainmentRow{Key: key, Label: label}
			byKey[key] = r
		}
		r.Tickets++
		frBreached, resBreached := slices.Contains(breached, ClockFirstResponse), slices.Contains(breached, ClockResolution)
		if frDue > 0 && (frAt > 0 || frBreached) {
			r.FirstResponseTotal++
			if !frBreached {
				r.FirstResponseMet++
			}
		}
		if resDue > 0 || resBreached || resAt > 0 {
			if resAt > 0 || resBreached {
				r.ResolutionTotal++
				if !resBreached {
					r.ResolutionMet++
				}
			}
		}
		if len(breached) > 0 {
			r.Breached++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "sla: attainment")
	}
	out := []AttainmentRow{}
	for _, r := range byKey {
		if total := r.FirstResponseTotal + r.ResolutionTotal; total > 0 {
			r.Attainment = float64(r.FirstResponseMet+r.ResolutionMet) / float64(total)
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// DepartmentTime is where escalated tickets' time goes.
type DepartmentTime struct {
	TeamID           int64   `json:"team_id"`
	TeamName         string  `json:"team_name"`
	Escalations      int     `json:"escalations"`
	Open             int     `json:"open"`
	Overdue          int     `json:"overdue"`
	AvgBusinessHours float64 `json:"avg_business_hours"`
	AvgWallHours     float64 `json:"avg_wall_hours"`
	OLAMet           float64 `json:"ola_met"` // share of finished work orders done by their due
}

// TimeByDepartment summarises escalations created in [from, to).
func (s *Service) TimeByDepartment(ctx context.Context, from, to time.Time) ([]DepartmentTime, error) {
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT `+escCols+` WHERE e.created_at >= $1 AND e.created_at < $2 ORDER BY e.id`, db.Millis(from), db.Millis(to))
	if err != nil {
		return nil, apperr.Wrap(err, "sla: department time")
	}
	defer rows.Close()
	now := s.now()
	clocks := map[int64]clock{}
	byTeam := map[int64]*DepartmentTime{}
	sums := map[int64][3]float64{} // business secs, wall secs, met
	for rows.Next() {
		e, err := s.scanEscalation(ctx, q, rows, now, clocks)
		if err != nil {
			return nil, apperr.Wrap(err, "sla: department time")
		}
		d := byTeam[e.ToTeamID]
		if d == nil {
			d = &DepartmentTime{TeamID: e.ToTeamID, TeamName: e.ToTeamName}
			byTeam[e.ToTeamID] = d
		}
		d.Escalations++
		sm := sums[e.ToTeamID]
		sm[0] += float64(e.BusinessSecs)
		sm[1] += float64(e.WallSecs)
		if e.Status == "open" {
			d.Open++
		} else if !e.Overdue {
			sm[2]++
		}
		if e.Overdue {
			d.Overdue++
		}
		sums[e.ToTeamID] = sm
	}
	out := []DepartmentTime{}
	for id, d := range byTeam {
		sm := sums[id]
		d.AvgBusinessHours = sm[0] / 3600 / float64(d.Escalations)
		d.AvgWallHours = sm[1] / 3600 / float64(d.Escalations)
		if done := d.Escalations - d.Open; done > 0 {
			d.OLAMet = sm[2] / float64(done)
		}
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AvgWallHours > out[j].AvgWallHours })
	return out, apperr.Wrap(rows.Err(), "sla: department time")
}

// Breach is one missed target.
type Breach struct {
	TicketID int64     `json:"ticket_id"`
	Number   string    `json:"number"`
	Subject  string    `json:"subject"`
	TeamName string    `json:"team_name"`
	Clocks   []string  `json:"clocks"`
	At       time.Time `json:"created_at"`
}

// Breaches lists tickets created in [from, to) that missed a target.
func (s *Service) Breaches(ctx context.Context, from, to time.Time, limit int) ([]Breach, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT t.id, t.subject, COALESCE(tm.name, ''), s.breached, t.created_at FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id LEFT JOIN teams tm ON tm.id = t.team_id
		WHERE t.created_at >= $1 AND t.created_at < $2 AND s.breached <> '[]' ORDER BY t.created_at DESC LIMIT $3`, db.Millis(from), db.Millis(to), limit)
	if err != nil {
		return nil, apperr.Wrap(err, "sla: breaches")
	}
	defer rows.Close()
	out := []Breach{}
	for rows.Next() {
		var b Breach
		var breached string
		var at int64
		if err := rows.Scan(&b.TicketID, &b.Subject, &b.TeamName, &breached, &at); err != nil {
			return nil, apperr.Wrap(err, "sla: breaches")
		}
		_ = json.Unmarshal([]byte(breached), &b.Clocks)
		b.Number, b.At = ticket.Number(b.TicketID), db.Time(at)
		out = append(out, b)
	}
	return out, apperr.Wrap(rows.Err(), "sla: breaches")
}
