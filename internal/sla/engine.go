package sla

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/calendar"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Clocks of a ticket.
const (
	ClockFirstResponse = "first_response"
	ClockNextResponse  = "next_response"
	ClockResolution    = "resolution"
	ClockPromise       = "promise"
	ClockOLA           = "ola"
)

// state is a ticket's ticket_sla row.
type state struct {
	TicketID         int64
	PolicyID         *int64
	CalendarID       *int64
	FirstResponseDue int64
	FirstResponseAt  int64
	NextResponseDue  int64
	ResolutionDue    int64
	ElapsedSecs      int64
	RunningSince     int64
	ResolvedAt       int64
	PromisedAt       int64
	PromisedBy       *int64
	PromiseNote      string
	Breached         []string

	// timers are the ticket's own timers in force, read with the state by
	// loadState; nil when they were not read (see syncTimers).
	timers *ticketTimerSet
}

const stateCols = `ticket_id, policy_id, calendar_id, first_response_due, first_response_at, next_response_due, resolution_due, resolution_elapsed_secs, running_since, resolved_at, promised_at, promised_by, promise_note, breached`

func scanState(row interface{ Scan(...any) error }) (state, error) {
	var st state
	var pol, cal, by sql.NullInt64
	var breached string
	err := row.Scan(&st.TicketID, &pol, &cal, &st.FirstResponseDue, &st.FirstResponseAt, &st.NextResponseDue, &st.ResolutionDue, &st.ElapsedSecs, &st.RunningSince, &st.ResolvedAt, &st.PromisedAt, &by, &st.PromiseNote, &breached)
	if err != nil {
		return st, err
	}
	st.PolicyID, st.CalendarID, st.PromisedBy = nullable(pol), nullable(cal), nullable(by)
	_ = json.Unmarshal([]byte(breached), &st.Breached)
	return st, nil
}

// loadState reads a ticket's SLA state and, in the same statement, its own
// timers in force (timerList): a second query for them was one more round
// trip on PostgreSQL for every reply and status change.
func loadState(ctx context.Context, q db.Querier, ticketID int64) (state, bool, error) {
	var timers sql.NullString
	st, err := scanState(db.WithExtra(q.QueryRow(ctx, `SELECT `+stateCols+`, `+timerList+` FROM ticket_sla s WHERE s.ticket_id = $1`, ticketID), &timers))
	if errors.Is(err, sql.ErrNoRows) {
		return state{TicketID: ticketID}, false, nil
	}
	if err != nil {
		return st, false, err
	}
	st.timers, err = parseTimerList(timers.String)
	return st, err == nil, err
}

func nullable(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// saveState writes a ticket's SLA state, as a queued write (db.Tx.Defer).
func saveState(tx *db.Tx, st state, exists bool, now int64) {
	if st.Breached == nil {
		st.Breached = []string{}
	}
	b, _ := json.Marshal(st.Breached)
	if exists {
		tx.Defer(`UPDATE ticket_sla SET policy_id = $1, calendar_id = $2, first_response_due = $3, first_response_at = $4, next_response_due = $5, resolution_due = $6, resolution_elapsed_secs = $7, running_since = $8, resolved_at = $9, promised_at = $10, promised_by = $11, promise_note = $12, breached = $13, updated_at = $14 WHERE ticket_id = $15`,
			st.PolicyID, st.CalendarID, st.FirstResponseDue, st.FirstResponseAt, st.NextResponseDue, st.ResolutionDue, st.ElapsedSecs, st.RunningSince, st.ResolvedAt, st.PromisedAt, st.PromisedBy, st.PromiseNote, string(b), now, st.TicketID)
		return
	}
	tx.Defer(`INSERT INTO ticket_sla (ticket_id, policy_id, calendar_id, first_response_due, first_response_at, next_response_due, resolution_due, resolution_elapsed_secs, running_since, resolved_at, promised_at, promised_by, promise_note, breached, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		st.TicketID, st.PolicyID, st.CalendarID, st.FirstResponseDue, st.FirstResponseAt, st.NextResponseDue, st.ResolutionDue, st.ElapsedSecs, st.RunningSince, st.ResolvedAt, st.PromisedAt, st.PromisedBy, st.PromiseNote, string(b), now)
}

// clock is a calendar with a fallback: past the years with holiday data it
// answers from the weekly hours alone and says the answer is an estimate,
// so that a live ticket always has a deadline.
type clock struct {
	cal, weekly *calendar.Calendar
}

func (c clock) add(t time.Time, d time.Duration) (time.Time, bool, error) {
	due, err := c.cal.Add(t, d)
	if errors.Is(err, calendar.ErrBeyondData) {
		due, err = c.weekly.Add(t, d)
		return due, true, err
	}
	return due, false, err
}

func (c clock) between(a, b time.Time) (time.Duration, error) {
	d, err := c.cal.Between(a, b)
	if errors.Is(err, calendar.ErrBeyondData) {
		return c.weekly.Between(a, b)
	}
	return d, err
}

var allDay, _ = calendar.ParseWeek("mon-sun 00:00-24:00")

// clockFor picks the calendar: the policy's, else the team's, else the first
// stored calendar, else round the clock.
func (s *Service) clockFor(ctx context.Context, q db.Querier, policyCal *int64, teamID *int64) (clock, *int64, error) {
	id := policyCal
	if id == nil && teamID != nil {
		var cal sql.NullInt64
		if err := q.QueryRow(ctx, `SELECT calendar_id FROM teams WHERE id = $1`, *teamID).Scan(&cal); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return clock{}, nil, err
		}
		id = nullable(cal)
	}
	if id == nil {
		first, ok := s.calendars.firstID()
		if !ok {
			var n sql.NullInt64
			if err := q.QueryRow(ctx, `SELECT MIN(id) FROM calendars`).Scan(&n); err != nil {
				return clock{}, nil, err
			}
			first = nullable(n)
			s.calendars.putFirstID(first)
		}
		id = first
	}
	if id == nil {
		c, _ := calendar.New(time.UTC, allDay, nil, calendar.Date{}, calendar.Date{})
		return clock{c, c}, nil, nil
	}
	if c, ok := s.calendars.get(*id); ok {
		return c, id, nil
	}
	cal, err := loadCalendar(ctx, q, *id)
	if err != nil {
		return clock{}, nil, err
	}
	weekly, err := calendar.New(cal.Loc, cal.Week, nil, calendar.Date{}, calendar.Date{})
	if err != nil {
		return clock{}, nil, err
	}
	c := clock{cal, weekly}
	s.calendars.put(*id, c)
	return c, id, nil
}

// calendarCache keeps built calendars for a moment: every ticket change
// needs one, and building it reads the calendar, its exceptions and the
// holiday years. Another node's edit shows within calendarTTL; this node's
// own edits clear the cache at once.
type calendarCache struct {
	mu sync.Mutex
	m  map[int64]cachedClock
	// the first stored calendar's id, every policy's fallback (nil: none)
	first   *int64
	firstAt time.Time
}

type cachedClock struct {
	c  clock
	at time.Time
}

const calendarTTL = 5 * time.Second

func (c *calendarCache) get(id int64) (clock, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || time.Since(e.at) > calendarTTL {
		return clock{}, false
	}
	return e.c, true
}

func (c *calendarCache) put(id int64, clk clock) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]cachedClock{}
	}
	c.m[id] = cachedClock{clk, time.Now()}
}

func (c *calendarCache) firstID() (*int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.first, !c.firstAt.IsZero() && time.Since(c.firstAt) <= calendarTTL
}

func (c *calendarCache) putFirstID(id *int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.first, c.firstAt = id, time.Now()
}

func (c *calendarCache) clear() {
	c.mu.Lock()
	c.m, c.first, c.firstAt = nil, nil, time.Time{}
	c.mu.Unlock()
}

// policyCache holds the policies in match order for calendarTTL: every
// ticket write matches against them, and they change a few times a year.
// Cleared by local edits (SavePolicy); another process's edits show within
// the TTL, as for calendars.
type policyCache struct {
	mu   sync.Mutex
	list []Policy // read-only once cached
	at   time.Time
}

func (c *policyCache) get(ctx context.Context, q db.Querier) ([]Policy, error) {
	c.mu.Lock()
	if c.list != nil && time.Since(c.at) <= calendarTTL {
		list := c.list
		c.mu.Unlock()
		return list, nil
	}
	c.mu.Unlock()
	list, err := listPolicies(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.list, c.at = list, time.Now()
	c.mu.Unlock()
	return list, nil
}

func (c *policyCache) clear() {
	c.mu.Lock()
	c.list = nil
	c.mu.Unlock()
}

// findPolicy is policyByID over a listed set.
func findPolicy(ps []Policy, id *int64) (Policy, bool) {
	if id == nil {
		return Policy{}, false
	}
	for _, p := range ps {
		if p.ID == *id {
			return p, true
		}
	}
	return Policy{}, false
}

func minutes(m int) time.Duration { return time.Duration(m) * time.Minute }

// attrsOf collects what policies match on: the ticket's own fields, the
// customer's tier and the channel of its first contact.
// A new ticket's contacts are all in t.ContactIDs (read in its transaction).
func attrsOf(ctx context.Context, q db.Querier, ch ticket.Change) (Attrs, error) {
	t, fresh := ch.After, ch.New
	a := Attrs{ServiceType: t.ServiceType, Priority: t.Priority, Tier: "normal", Channel: ch.Channel}
	if t.TeamID != nil {
		a.TeamID = *t.TeamID
	}
	if ch.CustomerTier != "" {
		a.Tier = ch.CustomerTier
	} else if t.CustomerID != nil {
		if err := q.QueryRow(ctx, `SELECT tier FROM customers WHERE id = $1`, *t.CustomerID).Scan(&a.Tier); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return a, err
		}
	}
	if a.Channel != "" {
		return a, nil
	}
	// The first linked contact's channel, found by key in two steps: as one
	// query PostgreSQL chose to walk a whole index for it.
	var first int64
	if fresh {
		for _, id := range t.ContactIDs {
			if first == 0 || id < first {
				first = id
			}
		}
	} else {
		rows, err := q.Query(ctx, `SELECT contact_id FROM contact_tickets WHERE ticket_id = $1`, t.ID)
		if err != nil {
			return a, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err == nil && (first == 0 || id < first) {
				first = id
			}
		}
		rows.Close()
	}
	if first == 0 {
		return a, nil
	}
	err := q.QueryRow(ctx, `SELECT channel FROM contacts WHERE id = $1`, first).Scan(&a.Channel)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return a, err
	}
	return a, nil
}

func policyByID(ctx context.Context, q db.Querier, id *int64) (Policy, bool, error) {
	if id == nil {
		return Policy{}, false, nil
	}
	p, err := scanPolicy(q.QueryRow(ctx, `SELECT `+policyCols+` FROM sla_policies WHERE id = $1`, *id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

func isFinal(status string) bool { return status == "resolved" || status == "closed" }

// TicketChanged keeps a ticket's SLA clocks and timers in step with the
// ticket, inside the change's transaction.
func (s *Service) TicketChanged(ctx context.Context, tx *db.Tx, ch ticket.Change) error {
	t := ch.After
	now := ch.At
	st, exists := state{TicketID: t.ID}, false
	if !ch.New {
		var err error
		if st, exists, err = loadState(ctx, tx, t.ID); err != nil {
			return err
		}
	}
	ps, err := s.policies.get(ctx, tx)
	if err != nil {
		return err
	}
	rematch := ch.Kind == "created" || (ch.Before != nil && (ch.Before.ServiceType != t.ServiceType || ch.Before.Priority != t.Priority || !sameID(ch.Before.TeamID, t.TeamID)))
	var pol Policy
	var ok bool
	if rematch {
		a, err := attrsOf(ctx, tx, ch)
		if err != nil {
			return err
		}
		pol, ok = Choose(ps, a)
	} else {
		pol, ok = findPolicy(ps, st.PolicyID)
	}
	if !ok {
		if exists {
			st.PolicyID = nil
			st.FirstResponseDue, st.NextResponseDue, st.ResolutionDue = 0, 0, 0
			saveState(tx, st, exists, db.Millis(now))
		}
		return s.syncTimers(ctx, tx, t, st, Policy{}, clock{}, ch.New)
	}
	clk, calID, err := s.clockFor(ctx, tx, pol.CalendarID, t.TeamID)
	if err != nil {
		return err
	}
	st.PolicyID, st.CalendarID = &pol.ID, calID
	paused := slices.Contains(pol.PauseStatuses, t.Status)
	final := isFinal(t.Status)

	// First response: due from creation; met by the first public reply.
	if pol.FirstResponseMins > 0 && st.FirstResponseAt == 0 {
		due, _, err := clk.add(t.CreatedAt, minutes(pol.FirstResponseMins))
		if err != nil {
			return err
		}
		st.FirstResponseDue = db.Millis(due)
	} else if pol.FirstResponseMins == 0 {
		st.FirstResponseDue = 0
	}
	switch ch.Kind {
	case "reply":
		if st.FirstResponseAt == 0 {
			st.FirstResponseAt = db.Millis(now)
			if st.FirstResponseDue > 0 && st.FirstResponseAt > st.FirstResponseDue {
				st.Breached = addOnce(st.Breached, ClockFirstResponse)
			}
		}
		if st.NextResponseDue > 0 && db.Millis(now) > st.NextResponseDue {
			st.Breached = addOnce(st.Breached, ClockNextResponse)
		}
		st.NextResponseDue = 0
		if st.PromisedAt > 0 {
			if db.Millis(now) > st.PromisedAt {
				st.Breached = addOnce(st.Breached, ClockPromise)
			}
			st.PromisedAt = 0 // kept (or recorded as broken)
		}
	case "contact_linked":
		// The customer came back: the next response is due.
		if pol.NextResponseMins > 0 && !final {
			due, _, err := clk.add(now, minutes(pol.NextResponseMins))
			if err != nil {
				return err
			}
			st.NextResponseDue = db.Millis(due)
		}
	}

	// Resolution: a running clock accumulates business time; pausing banks
	// what was spent, resuming starts a new run.
	running := !paused && !final
	if st.RunningSince != 0 && !running {
		spent, err := clk.between(db.Time(st.RunningSince), now)
		if err != nil {
			return err
		}
		st.ElapsedSecs += int64(spent / time.Second)
		st.RunningSince = 0
	}
	if running && st.RunningSince == 0 {
		st.RunningSince = db.Millis(now)
	}
	if final {
		if st.ResolvedAt == 0 {
			st.ResolvedAt = db.Millis(now)
			if st.ResolutionDue > 0 && st.ResolvedAt > st.ResolutionDue {
				st.Breached = addOnce(st.Breached, ClockResolution)
			}
		}
		st.NextResponseDue = 0
	} else {
		st.ResolvedAt = 0
	}
	st.ResolutionDue = 0
	if running && pol.ResolutionMins > 0 {
		left := minutes(pol.ResolutionMins) - time.Duration(st.ElapsedSecs)*time.Second
		if left < 0 {
			left = 0
		}
		due, _, err := clk.add(db.Time(st.RunningSince), left)
		if err != nil {
			return err
		}
		st.ResolutionDue = db.Millis(due)
	}
	saveState(tx, st, exists, db.Millis(now))
	return s.syncTimers(ctx, tx, t, st, pol, clk, ch.New)
}

func sameID(a, b *int64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func addOnce(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

type timerKey struct {
	clock, stage string
	fireAt       int64
}

// syncTimers keeps one pending timer per ticket: the earliest of the
// warnings and breaches its clocks want that has not fired yet. When it
// fires, the next one is armed (rearm), so a ticket writes one timer row
// instead of four — the firing loop still finds every due timer through
// the one pending index. A timer for a changed deadline is cancelled and the
// new earliest written, in the same transaction. A new ticket has no timers
// to compare with.
func (s *Service) syncTimers(ctx context.Context, tx *db.Tx, t ticket.Ticket, st state, pol Policy, clk clock, fresh bool) error {
	want := map[timerKey]bool{}
	add := func(clock, stage string, at int64) {
		if at > 0 && !slices.Contains(st.Breached, clock) {
			want[timerKey{clock, stage, at}] = true
		}
	}
	pct := time.Duration(pol.WarnPercent)
	if st.FirstResponseAt == 0 && st.FirstResponseDue > 0 {
		if w, _, err := clk.add(t.CreatedAt, minutes(pol.FirstResponseMins)*pct/100); err == nil {
			add(ClockFirstResponse, "warning", db.Millis(w))
		}
		add(ClockFirstResponse, "breach", st.FirstResponseDue)
	}
	add(ClockNextResponse, "breach", st.NextResponseDue)
	if st.ResolutionDue > 0 && st.RunningSince > 0 {
		warnAfter := minutes(pol.ResolutionMins)*pct/100 - time.Duration(st.ElapsedSecs)*time.Second
		if warnAfter > 0 {
			if w, _, err := clk.add(db.Time(st.RunningSince), warnAfter); err == nil {
				add(ClockResolution, "warning", db.Millis(w))
			}
		}
		add(ClockResolution, "breach", st.ResolutionDue)
	}
	add(ClockPromise, "breach", st.PromisedAt)

	var pending []pendingTimer
	if !fresh {
		ts := st.timers
		if ts == nil { // no state row was read with them
			var err error
			if ts, err = ticketTimers(ctx, tx, t.ID); err != nil {
				return err
			}
		}
		pending = ts.pending
		for _, k := range ts.fired {
			delete(want, k) // a warning or breach is announced once
		}
	}
	next, ok := earliest(want)
	for _, p := range pending {
		if ok && p.key == next {
			ok = false // already armed
			continue
		}
		tx.Defer(`UPDATE sla_timers SET cancelled = 1 WHERE id = $1`, p.id)
	}
	if ok {
		tx.Defer(`INSERT INTO sla_timers (ticket_id, clock, stage, fire_at) VALUES ($1, $2, $3, $4)`, t.ID, next.clock, next.stage, next.fireAt)
	}
	return nil
}

// earliest is the timer due first; ties go to the clock and stage names, so
// the choice does not depend on map order.
func earliest(want map[timerKey]bool) (timerKey, bool) {
	var best timerKey
	found := false
	for k := range want {
		if !found || cmp.Or(cmp.Compare(k.fireAt, best.fireAt), cmp.Compare(k.clock, best.clock), cmp.Compare(k.stage, best.stage)) < 0 {
			best, found = k, true
		}
	}
	return best, found
}

type pendingTimer struct {
	id  int64
	key timerKey
}

// ticketTimerSet is a ticket's own timers (not an escalation's) that were
// not cancelled: those still pending, and those that have fired.
type ticketTimerSet struct {
	pending []pendingTimer
	fired   []timerKey
}

func (ts *ticketTimerSet) add(p pendingTimer, firedAt int64) {
	if firedAt > 0 {
		ts.fired = append(ts.fired, p.key)
	} else {
		ts.pending = append(ts.pending, p)
	}
}

// ticketTimers reads a ticket's timer set on its own.
func ticketTimers(ctx context.Context, tx *db.Tx, ticketID int64) (*ticketTimerSet, error) {
	rows, err := tx.Query(ctx, `SELECT id, clock, stage, fire_at, fired_at FROM sla_timers WHERE ticket_id = $1 AND escalation_id IS NULL AND cancelled = 0`, ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ts := &ticketTimerSet{}
	for rows.Next() {
		var p pendingTimer
		var firedAt int64
		if err := rows.Scan(&p.id, &p.key.clock, &p.key.stage, &p.key.fireAt, &firedAt); err != nil {
			return nil, err
		}
		ts.add(p, firedAt)
	}
	return ts, rows.Err()
}

// timerList is ticketTimers as one column of the ticket_sla row (alias s):
// "id clock stage fire_at fired_at" per timer, joined by commas. Clock and
// stage names are fixed words without spaces or commas.
const timerList = `(SELECT string_agg(CAST(x.id AS TEXT) || ' ' || x.clock || ' ' || x.stage || ' ' || CAST(x.fire_at AS TEXT) || ' ' || CAST(x.fired_at AS TEXT), ',') ` +
	`FROM sla_timers x WHERE x.ticket_id = s.ticket_id AND x.escalation_id IS NULL AND x.cancelled = 0)`

// parseTimerList reads a timerList column ("" or NULL: no timers).
func parseTimerList(col string) (*ticketTimerSet, error) {
	ts := &ticketTimerSet{}
	if col == "" {
		return ts, nil
	}
	for _, row := range strings.Split(col, ",") {
		f := strings.Fields(row)
		if len(f) != 5 {
			return nil, fmt.Errorf("sla: timer list %q", row)
		}
		var p pendingTimer
		var firedAt int64
		var err error
		p.key.clock, p.key.stage = f[1], f[2]
		if p.id, err = strconv.ParseInt(f[0], 10, 64); err == nil {
			if p.key.fireAt, err = strconv.ParseInt(f[3], 10, 64); err == nil {
				firedAt, err = strconv.ParseInt(f[4], 10, 64)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("sla: timer list %q: %w", row, err)
		}
		ts.add(p, firedAt)
	}
	return ts, nil
}

// rearm arms a ticket's next timer after one has fired (or its state was
// changed outside TicketChanged), from the clocks as they stand.
func (s *Service) rearm(ctx context.Context, tx *db.Tx, t ticket.Ticket) error {
	st, exists, err := loadState(ctx, tx, t.ID)
	if err != nil || !exists {
		return err
	}
	ps, err := s.policies.get(ctx, tx)
	if err != nil {
		return err
	}
	pol, ok := findPolicy(ps, st.PolicyID)
	if !ok {
		return s.syncTimers(ctx, tx, t, st, Policy{}, clock{}, false)
	}
	clk, _, err := s.clockFor(ctx, tx, pol.CalendarID, t.TeamID)
	if err != nil {
		return err
	}
	return s.syncTimers(ctx, tx, t, st, pol, clk, false)
}

// Status is a ticket's SLA as the console shows it.
type Status struct {
	Policy           string     `json:"policy"`
	PolicyID         *int64     `json:"policy_id"`
	FirstResponseDue *time.Time `json:"first_response_due"`
	FirstResponseAt  *time.Time `json:"first_response_at"`
	NextResponseDue  *time.Time `json:"next_response_due"`
	ResolutionDue    *time.Time `json:"resolution_due"`
	Paused           bool       `json:"paused"`
	PromisedAt       *time.Time `json:"promised_at"`
	PromiseNote      string     `json:"promise_note"`
	Breached         []string   `json:"breached"`
	Warned           []string   `json:"warned"`
	// BusinessLeftSecs is the business time left to the nearest open
	// deadline (negative when overdue), computed at read time.
	BusinessLeftSecs *int64     `json:"business_left_secs"`
	NextDue          *time.Time `json:"next_due"`
	NextClock        string     `json:"next_clock"`
	// Estimate is true when the next deadline lies past the years the
	// calendar has holiday data for: it was computed from weekly hours alone.
	Estimate bool    `json:"estimate"`
	Holder   *Holder `json:"holder"`
}

// Holder names who holds an escalated ticket now.
type Holder struct {
	EscalationID int64     `json:"escalation_id"`
	TeamID       int64     `json:"team_id"`
	TeamName     string    `json:"team_name"`
	Since        time.Time `json:"since"`
	Due          time.Time `json:"due"`
}

func tp(ms int64) *time.Time {
	if ms == 0 {
		return nil
	}
	t := db.Time(ms)
	return &t
}

// ForTickets returns the SLA status of tickets by id (tickets without a
// policy are absent), with one query for the whole page: the state, its
// policy's name, the clocks warned of, the open escalation holding the
// ticket and the default calendar come back together — a list page asked
// five queries of the database before.
func (s *Service) ForTickets(ctx context.Context, ids []int64) (map[int64]Status, error) {
	out := map[int64]Status{}
	if len(ids) == 0 {
		return out, nil
	}
	q := s.db.Reader()
	now := s.now()
	var in string
	var args []any
	if s.db.Dialect == db.Postgres {
		in, args = "= ANY($1)", []any{ids} // one array, not a parameter per ticket
	} else {
		list, a := db.InList(ids)
		in, args = "IN ("+list+")", a
	}
	rows, err := q.Query(ctx, `SELECT s.ticket_id, s.policy_id, s.calendar_id, s.first_response_due, s.first_response_at, s.next_response_due, s.resolution_due, s.resolution_elapsed_secs, s.running_since, s.resolved_at, s.promised_at, s.promised_by, s.promise_note, s.breached,
		COALESCE(p.name, ''), (SELECT MIN(id) FROM calendars),
		(SELECT string_agg(w.clock, ',' ORDER BY w.clock) FROM (SELECT DISTINCT clock FROM sla_timers WHERE ticket_id = s.ticket_id AND stage = 'warning' AND fired_at > 0 AND cancelled = 0) AS w),
		e.id, e.to_team_id, COALESCE(et.name, ''), e.created_at, e.ola_due
		FROM ticket_sla s
		LEFT JOIN sla_policies p ON p.id = s.policy_id
		LEFT JOIN escalations e ON e.id = (SELECT MAX(x.id) FROM escalations x WHERE x.ticket_id = s.ticket_id AND x.status = 'open')
		LEFT JOIN teams et ON et.id = e.to_team_id
		WHERE s.ticket_id `+in, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "sla: status")
	}
	type page struct {
		state
		policy     string
		defaultCal sql.NullInt64
		warned     sql.NullString
		holder     *Holder
	}
	var states []page
	for rows.Next() {
		var x page
		var escID, escTeam, escSince, escDue sql.NullInt64
		var escTeamName string
		x.state, err = scanState(db.WithExtra(rows, &x.policy, &x.defaultCal, &x.warned, &escID, &escTeam, &escTeamName, &escSince, &escDue))
		if err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "sla: status")
		}
		if escID.Valid {
			x.holder = &Holder{EscalationID: escID.Int64, TeamID: escTeam.Int64, TeamName: escTeamName, Since: db.Time(escSince.Int64), Due: db.Time(escDue.Int64)}
		}
		if x.CalendarID == nil && x.defaultCal.Valid {
			cal := x.defaultCal.Int64 // what clockFor would look up
			x.CalendarID = &cal
		}
		states = append(states, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "sla: status")
	}
	clocks := map[int64]clock{} // calendars built once per call
	for _, st := range states {
		v := Status{PolicyID: st.PolicyID, FirstResponseDue: tp(st.FirstResponseDue), FirstResponseAt: tp(st.FirstResponseAt),
			NextResponseDue: tp(st.NextResponseDue), ResolutionDue: tp(st.ResolutionDue), PromisedAt: tp(st.PromisedAt), PromiseNote: st.PromiseNote,
			Breached: st.Breached, Warned: []string{}, Paused: st.RunningSince == 0 && st.ResolvedAt == 0, Holder: st.holder}
		if v.Breached == nil {
			v.Breached = []string{}
		}
		if st.warned.Valid && st.warned.String != "" {
			v.Warned = strings.Split(st.warned.String, ",")
		}
		if st.PolicyID != nil {
			v.Policy = st.policy
		}
		// The nearest open deadline and the business time left to it.
		for _, c := range []struct {
			name string
			due  int64
		}{{ClockFirstResponse, pick(st.FirstResponseAt == 0, st.FirstResponseDue)}, {ClockNextResponse, st.NextResponseDue}, {ClockPromise, st.PromisedAt}, {ClockResolution, st.ResolutionDue}} {
			if c.due > 0 && (v.NextDue == nil || c.due < db.Millis(*v.NextDue)) {
				v.NextDue, v.NextClock = tp(c.due), c.name
			}
		}
		if v.NextDue != nil {
			var key int64
			if st.CalendarID != nil {
				key = *st.CalendarID
			}
			clk, cached := clocks[key]
			var err error
			if !cached {
				clk, _, err = s.clockFor(ctx, q, st.CalendarID, nil)
				clocks[key] = clk
			}
			if err == nil {
				if last := clk.cal.Last; last != (calendar.Date{}) && calendar.DateOf(v.NextDue.In(clk.cal.Loc)).After(last) {
					v.Estimate = true
				}
				var left time.Duration
				if v.NextDue.After(now) {
					left, err = clk.between(now, *v.NextDue)
				} else {
					left, err = clk.between(*v.NextDue, now)
					left = -left
				}
				if err == nil {
					secs := int64(left / time.Second)
					v.BusinessLeftSecs = &secs
				}
			}
		}
		out[st.TicketID] = v
	}
	return out, nil
}

func pick(cond bool, v int64) int64 {
	if cond {
		return v
	}
	return 0
}
