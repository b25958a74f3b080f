package emotion

import (
	"context"
	"sort"
	"time"

	"github.com/kefuhq/kefu/internal/db"
)

// AgentDay is one agent's day for a lead looking after the team: how many
// contacts they handled, how many of them angry and how many abusive.
type AgentDay struct {
	Day       string `json:"day" doc:"local date, YYYY-MM-DD"`
	AgentID   int64  `json:"agent_id"`
	AgentName string `json:"agent_name"`
	Contacts  int    `json:"contacts"`
	Angry     int    `json:"angry"`
	Abusive   int    `json:"abusive"`
}

// CareReport counts, per agent and local day in [from, to), the contacts
// handled and how many were angry or abusive, most abusive first within a
// day. Only contacts with a reading count (every contact saved since
// schema 6; older ones and bulk-loaded demo data have none), so the angry
// share is not diluted by contacts nobody read. Days are cut at local midnight in loc, using loc's UTC offset at
// from (exact for China's single offset; a range across a daylight-saving
// change shifts by the hour it changes).
func CareReport(ctx context.Context, q db.Querier, from, to time.Time, loc *time.Location) ([]AgentDay, error) {
	_, off := from.In(loc).Zone()
	offMS := int64(off) * 1000
	rows, err := q.Query(ctx, `SELECT c.agent_id, COALESCE(u.name, ''), (c.started_at + $1) / 86400000 AS day, COUNT(*),
		SUM(CASE WHEN c.emotion = 'angry' THEN 1 ELSE 0 END), SUM(c.abusive)
		FROM contacts c LEFT JOIN users u ON u.id = c.agent_id
		WHERE c.started_at >= $2 AND c.started_at < $3 AND c.agent_id IS NOT NULL AND c.emotion <> ''
		GROUP BY c.agent_id, u.name, (c.started_at + $1) / 86400000`, offMS, db.Millis(from), db.Millis(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AgentDay{}
	for rows.Next() {
		var d AgentDay
		var day int64
		if err := rows.Scan(&d.AgentID, &d.AgentName, &day, &d.Contacts, &d.Angry, &d.Abusive); err != nil {
			return nil, err
		}
		d.Day = time.UnixMilli(day * 86400000).UTC().Format(time.DateOnly)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Day != b.Day {
			return a.Day > b.Day
		}
		if a.Abusive != b.Abusive {
			return a.Abusive > b.Abusive
		}
		if a.Angry != b.Angry {
			return a.Angry > b.Angry
		}
		return a.AgentID < b.AgentID
	})
	return out, nil
}
