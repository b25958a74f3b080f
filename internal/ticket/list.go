package ticket

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/search"
)

// Filter selects tickets for an inbox or a search.
type Filter struct {
	View        string // mine, team, unassigned, all
	Statuses    []string
	TeamID      int64
	OwnerID     int64
	CustomerID  int64
	ServiceType string
	ReasonID    int64
	Priority    string
	Q           string
	Sort        string // -updated (default), updated, -created, created, -priority (the queue order: priority, then emotion weight)
	Cursor      string
	Limit       int
	SLA         string // breached: missed a target or overdue now; warning: warned, not breached
}

// Sorts lists the accepted sort orders.
var Sorts = []string{"-updated", "updated", "-created", "created", "-priority"}

// sortColumns returns the ordered keyset columns of a sort, all in one direction.
func sortColumns(sort string) ([]string, bool) {
	switch sort {
	case "updated":
		return []string{"t.updated_at", "t.id"}, false
	case "-created":
		return []string{"t.created_at", "t.id"}, true
	case "created":
		return []string{"t.created_at", "t.id"}, false
	case "-priority":
		// within a priority, upset and angry customers first (emotion.QueueWeights)
		return []string{"t.priority_rank", "t.emotion_weight", "t.updated_at", "t.id"}, true
	default:
		return []string{"t.updated_at", "t.id"}, true
	}
}

// cursor is the keyset position after the last row of a page.
type cursor struct {
	Sort string  `json:"s"`
	Vals []int64 `json:"v"`
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, sort string, n int) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.Sort != sort || len(c.Vals) != n {
		return c, apperr.Field("query.cursor", "field.bad_cursor")
	}
	return c, nil
}

func (f *Filter) validate() error {
	var fe apperr.Fields
	fe.OneOf("query.view", f.View, false, "mine", "team", "unassigned", "all")
	for _, s := range f.Statuses {
		fe.OneOf("query.status", s, true, Statuses...)
	}
	fe.OneOf("query.priority", f.Priority, false, Priorities...)
	fe.OneOf("query.sla", f.SLA, false, "breached", "warning")
	if f.Sort == "" {
		f.Sort = "-updated"
	}
	fe.OneOf("query.sort", f.Sort, true, Sorts...)
	f.Q = fe.Text("query.q", f.Q, false, 200)
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 200 {
		fe.Add("query.limit", "field.max", 200)
	}
	return fe.Err()
}

// placeholders returns a function that appends an argument to *args and
// returns its placeholder ($1, $2, …).
func placeholders(args *[]any) func(any) string {
	return func(x any) string { *args = append(*args, x); return fmt.Sprintf("$%d", len(*args)) }
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List returns one page of tickets the viewer may see and the cursor of the
// next page ("" at the end).
func (s *Service) List(ctx context.Context, f Filter, v Viewer) ([]Ticket, string, error) {
	p, err := s.ListPage(ctx, f, v)
	return p.Items, p.Next, err
}

// Page is one page of a ticket list.
type Page struct {
	Items []Ticket
	Next  string // the cursor of the next page, "" at the end
	// WithSLA holds the ids of the page's tickets that have SLA state
	// (ticket_sla), found by the page's own query: a caller showing SLA
	// status asks for those only, and for a page without any not at all.
	WithSLA []int64
}

// ListPage is List with what the page's query learnt besides the tickets.
func (s *Service) ListPage(ctx context.Context, f Filter, v Viewer) (Page, error) {
	if err := f.validate(); err != nil {
		return Page{}, err
	}
	var where []string
	var args []any
	arg := placeholders(&args)
	visible, visibleSet := visibleConds(v, arg)
	if visible != "" {
		where = append(where, visible)
	}
	switch f.View {
	case "mine":
		where = append(where, "t.owner_id = "+arg(v.UserID))
	case "team":
		if v.TeamID == nil {
			return Page{Items: []Ticket{}}, nil
		}
		where = append(where, "t.team_id = "+arg(*v.TeamID))
	case "unassigned":
		where = append(where, "t.owner_id IS NULL")
	}
	if f.TeamID != 0 {
		where = append(where, "t.team_id = "+arg(f.TeamID))
	}
	if f.OwnerID != 0 {
		where = append(where, "t.owner_id = "+arg(f.OwnerID))
	}
	if f.CustomerID != 0 {
		where = append(where, "t.customer_id = "+arg(f.CustomerID))
	}
	if f.ServiceType != "" {
		where = append(where, "t.service_type = "+arg(f.ServiceType))
	}
	if f.ReasonID != 0 {
		// A reason matches itself and its direct children.
		r := arg(f.ReasonID)
		where = append(where, "(t.reason_id = "+r+" OR t.reason_id IN (SELECT id FROM reasons WHERE parent_id = "+r+"))")
	}
	if f.Priority != "" {
		where = append(where, "t.priority = "+arg(f.Priority))
	}
	if f.SLA != "" {
		now := arg(s.now().UnixMilli())
		breached := "SELECT ticket_id FROM ticket_sla WHERE breached <> '[]' OR (resolution_due > 0 AND resolution_due < " + now + ") OR (first_response_at = 0 AND first_response_due > 0 AND first_response_due < " + now + ")"
		if f.SLA == "breached" {
			where = append(where, "t.id IN ("+breached+")")
		} else {
			where = append(where, "t.id IN (SELECT ticket_id FROM sla_timers WHERE stage = 'warning' AND fired_at > 0 AND cancelled = 0) AND t.id NOT IN ("+breached+")")
		}
	}
	// A search's candidates pass these before its cap (see searchCond):
	// every condition but the cursor's, so that all pages share them.
	filters, filterArgs := where[:len(where):len(where)], args[:len(args):len(args)]
	cols, desc := sortColumns(f.Sort)
	if f.Cursor != "" {
		c, err := decodeCursor(f.Cursor, f.Sort, len(cols))
		if err != nil {
			return Page{}, err
		}
		ph := make([]string, len(c.Vals))
		for i, x := range c.Vals {
			ph[i] = arg(x)
		}
		op := ">"
		if desc {
			op = "<"
		}
		where = append(where, "("+strings.Join(cols, ", ")+") "+op+" ("+strings.Join(ph, ", ")+")")
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	order := make([]string, len(cols))
	for i, c := range cols {
		order[i] = c + dir
	}
	orderBy := " ORDER BY " + strings.Join(order, ", ")
	// The limit is written into the SQL, not bound: with "LIMIT $n"
	// PostgreSQL's generic plan assumes a tenth of the rows are wanted, so
	// the cached statement was planned afresh on every call (1 ms of the
	// database's CPU per inbox page, more than running it). The limit is
	// validated and takes few values.
	limit := " LIMIT " + strconv.Itoa(f.Limit+1)
	planEach := false    // plan the page with its values, not a cached generic plan
	table := "tickets t" // what the page's keys are selected from
	if f.Q != "" {
		filter := search.Filter{Cond: strings.Join(filters, " AND "), Args: filterArgs}
		if visible != "" {
			filter.Set = strings.Join(append([]string{visibleSet}, filters[1:]...), " AND ")
		}
		cond, source, many, err := s.searchCond(ctx, f, v, filter, where, args, arg, cols, orderBy)
		planEach = many
		if source != "" {
			table = source
		}
		if err != nil {
			return Page{}, err
		}
		where = append(where, "("+cond+")")
	}
	// The page's ids are found first and only they are joined to names: a
	// search sorts up to search.MaxMatches tickets, and joining customers,
	// teams and owners for all of them cost more than the search.
	var keys []string
	for _, statuses := range statusBranches(f) {
		keys = append(keys, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+branchWhere(where, statuses, arg)+orderBy+limit)
	}
	page := keys[0]
	if len(keys) > 1 {
		// merged on the sort columns (all in the index) before any join
		for i, k := range keys {
			keys[i] = fmt.Sprintf("SELECT * FROM (%s) AS s%d", k, i)
		}
		merged := make([]string, len(cols))
		for i, c := range cols {
			merged[i] = strings.TrimPrefix(c, "t.") + dir
		}
		page = strings.Join(keys, " UNION ALL ") + " ORDER BY " + strings.Join(merged, ", ") + limit
	}
	q := s.db.Reader()
	if planEach {
		// planned for this search's candidates, not a generic list
		args = search.CustomPlan(s.db.Dialect, args)
	}
	rows, err := q.Query(ctx, `SELECT `+columns+`, t.priority_rank, t.emotion_weight, EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id) FROM (`+page+`) AS p JOIN tickets t ON t.id = p.id`+nameJoins+orderBy+limit, args...)
	if err != nil {
		return Page{}, apperr.Wrap(err, "ticket: list")
	}
	defer rows.Close()
	var list []*Ticket
	var ranks, weights []int64
	var withSLA []bool
	for rows.Next() {
		var rank, weight int64
		var hasSLA bool
		t, err := scan(db.WithExtra(rows, &rank, &weight, &hasSLA))
		if err != nil {
			return Page{}, apperr.Wrap(err, "ticket: list")
		}
		list = append(list, &t)
		ranks = append(ranks, rank)
		weights = append(weights, weight)
		withSLA = append(withSLA, hasSLA)
	}
	if err := rows.Err(); err != nil {
		return Page{}, apperr.Wrap(err, "ticket: list")
	}
	next := ""
	if len(list) > f.Limit {
		list = list[:f.Limit]
		last := list[len(list)-1]
		vals := map[string]int64{"t.updated_at": last.UpdatedAt.UnixMilli(), "t.created_at": last.CreatedAt.UnixMilli(), "t.id": last.ID, "t.priority_rank": ranks[len(list)-1], "t.emotion_weight": weights[len(list)-1]}
		c := cursor{Sort: f.Sort}
		for _, col := range cols {
			c.Vals = append(c.Vals, vals[col])
		}
		next = encodeCursor(c)
	}
	if err := s.decorate(ctx, q, list); err != nil {
		return Page{}, apperr.Wrap(err, "ticket: list")
	}
	out := Page{Items: make([]Ticket, len(list)), Next: next}
	for i, t := range list {
		out.Items[i] = *t
		if withSLA[i] {
			out.WithSLA = append(out.WithSLA, t.ID)
		}
	}
	return out, nil
}

// statusBranches splits a list query by status: each branch holds the
// statuses one query selects (none: any status). Several statuses are asked
// for one by one and the pages merged, so that each branch walks an index in
// the page's order (team or owner, status, sort columns) and stops after one
// page, where "status IN (…)" collects and sorts every match — tens of
// thousands for a team's open queue at a million tickets. A team's list
// without a status filter is split over every status for the same reason. A
// text search is not split: the full-text condition is the narrow one there.
func statusBranches(f Filter) [][]string {
	statuses := f.Statuses
	if len(statuses) == 0 && (f.View == "team" || f.TeamID != 0) {
		statuses = Statuses
	}
	if len(statuses) <= 1 || f.Q != "" {
		return [][]string{f.Statuses}
	}
	out := make([][]string, len(statuses))
	for i, st := range statuses {
		out[i] = []string{st}
	}
	return out
}

// visibleCond is the SQL condition (on alias t) for the tickets the viewer
// may see, the same rule as Service.visible; "" when the viewer sees all.
func visibleCond(v Viewer, arg func(any) string) string {
	row, _ := visibleConds(v, arg)
	return row
}

// visibleConds is visibleCond written two ways, with the same arguments:
// row checks a ticket at a time, for walking a list in its order; set
// lists the visible tickets by index, one query per way of seeing one (a
// search's candidates, see searchCond). Given row, where two of the ways
// are subqueries, neither engine can list them by index and reads the whole
// table.
func visibleConds(v Viewer, arg func(any) string) (row, set string) {
	if v.All {
		return "", ""
	}
	user := arg(v.UserID)
	row = "t.owner_id = " + user + " OR t.created_by = " + user +
		" OR t.id IN (SELECT ticket_id FROM ticket_watchers WHERE user_id = " + user + ")"
	set = "SELECT id FROM tickets WHERE owner_id = " + user + " UNION SELECT id FROM tickets WHERE created_by = " + user +
		" UNION SELECT ticket_id FROM ticket_watchers WHERE user_id = " + user
	if v.TeamID != nil {
		team := arg(*v.TeamID)
		row += " OR t.team_id = " + team + " OR t.id IN (SELECT ticket_id FROM escalations WHERE to_team_id = " + team + ")"
		set += " UNION SELECT id FROM tickets WHERE team_id = " + team + " UNION SELECT ticket_id FROM escalations WHERE to_team_id = " + team
	}
	return "(" + row + ")", "t.id IN (" + set + ")"
}
