// Package ticket holds work orders (工单): the unit of work with one
// accountable owner, a status workflow and a timeline in which every change
// is an event. Concurrent edits are detected with a version number.
package ticket

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/customer"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/emotion"
	"github.com/kefuhq/kefu/internal/events"
	"github.com/kefuhq/kefu/internal/search"
	"github.com/kefuhq/kefu/internal/taxonomy"
)

// Ticket is a work order.
type Ticket struct {
	ID           int64             `json:"id"`
	Number       string            `json:"number"`
	Subject      string            `json:"subject"`
	Description  string            `json:"description"`
	CustomerID   *int64            `json:"customer_id"`
	CustomerName string            `json:"customer_name"`
	ServiceType  string            `json:"service_type"`
	ReasonID     *int64            `json:"reason_id"`
	ReasonPath   string            `json:"reason_path"`
	Priority     string            `json:"priority"`
	Status       string            `json:"status"`
	TeamID       *int64            `json:"team_id"`
	TeamName     string            `json:"team_name"`
	OwnerID      *int64            `json:"owner_id"`
	OwnerName    string            `json:"owner_name"`
	Watchers     []int64           `json:"watchers"`
	CustomFields map[string]string `json:"custom_fields"`
	ContactIDs   []int64           `json:"contact_ids"`
	CreatedBy    *int64            `json:"created_by"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	ResolvedAt   *time.Time        `json:"resolved_at"`
	ClosedAt     *time.Time        `json:"closed_at"`
	Version      int               `json:"version"`
	// Customer emotion (see emotion.go): the one an agent confirmed ("" until
	// then), the model's suggestion, and whether the customer was abusive.
	Emotion           string `json:"emotion" enum:"calm,anxious,upset,angry,"`
	EmotionSuggested  string `json:"emotion_suggested"`
	Abusive           bool   `json:"abusive"`
	DescriptionMasked string `json:"description_masked,omitempty" doc:"the description with abusive words hidden (abusive tickets only)"`
}

// Number formats a ticket id as its human-readable number. Derived from the
// id so that creating a ticket needs no shared counter row.
func Number(id int64) string { return fmt.Sprintf("%06d", id) }

// ParseNumber accepts "000123", "123" or "#123".
func ParseNumber(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// Event is one entry of a ticket's timeline.
type Event struct {
	ID        int64          `json:"id"`
	TicketID  int64          `json:"ticket_id"`
	Kind      string         `json:"kind"`
	ActorID   *int64         `json:"actor_id"`
	ActorName string         `json:"actor_name"`
	Body      string         `json:"body"`
	Data      map[string]any `json:"data"`
	CreatedAt time.Time      `json:"created_at"`
}

// Viewer is who reads tickets: users without All see only their team's
// tickets and those they own or watch.
type Viewer struct {
	UserID int64
	TeamID *int64
	All    bool
}

// Actor is who makes a change.
type Actor struct {
	ID   int64
	Name string
}

// Change tells a Hook what happened to a ticket, inside the change's
// transaction: Kind is created, updated, reply, note or contact_linked.
type Change struct {
	Kind    string
	Before  *Ticket // nil when created
	After   Ticket
	ActorID int64
	At      time.Time
	// New: the ticket was inserted in this transaction, so nothing else
	// refers to it yet (no SLA state, no timers) and After.ContactIDs is
	// complete; hooks may skip looking.
	New bool
	// What a create already read or wrote, so that hooks need not read it
	// again: the customer's tier and the first contact's channel ("" when
	// not known, or there is none).
	CustomerTier, Channel string
}

// Hook is told of every ticket change in the same transaction, so that what
// it writes (SLA clocks, timers) commits or rolls back with the change.
type Hook interface {
	TicketChanged(ctx context.Context, tx *db.Tx, ch Change) error
}

// Service manages tickets.
type Service struct {
	db     *db.DB
	tax    *taxonomy.Service
	notify func()
	now    func() time.Time
	hooks  []Hook
	scorer Scorer
}

// AddHook registers a hook (wiring only; not safe during requests).
func (s *Service) AddHook(h Hook) { s.hooks = append(s.hooks, h) }

// changed reads the ticket back after a change the caller cannot describe
// in full and tells the hooks.
func (s *Service) changed(ctx context.Context, tx *db.Tx, kind string, before *Ticket, id int64, actor int64, at int64) (Ticket, error) {
	after, err := s.get(ctx, tx, id)
	if err != nil {
		return after, err
	}
	return after, s.tell(ctx, tx, Change{Kind: kind, Before: before, After: after, ActorID: actor, At: db.Time(at)})
}

// tell runs the hooks for a change.
func (s *Service) tell(ctx context.Context, tx *db.Tx, ch Change) error {
	for _, h := range s.hooks {
		if err := h.TicketChanged(ctx, tx, ch); err != nil {
			return err
		}
	}
	return nil
}

// New returns the ticket service. tax checks classifications and gives
// reason display paths; notify wakes the event relay after a commit.
func New(d *db.DB, tax *taxonomy.Service, notify func()) *Service {
	if notify == nil {
		notify = func() {}
	}
	return &Service{db: d, tax: tax, notify: notify, now: time.Now}
}

// Input creates a ticket. Either CustomerID or Customer (a new customer,
// created in the same transaction, so that a new caller's ticket is one
// request) may be given.
type Input struct {
	Subject      string            `json:"subject"`
	Description  string            `json:"description,omitempty"`
	CustomerID   *int64            `json:"customer_id,omitempty"`
	Customer     *customer.Input   `json:"customer,omitempty" doc:"a new customer, validated as POST /customers; ignored when customer_id or contact_id is given"`
	ContactID    *int64            `json:"contact_id,omitempty"`
	ServiceType  string            `json:"service_type"`
	ReasonID     *int64            `json:"reason_id,omitempty"`
	Priority     string            `json:"priority,omitempty"`
	TeamID       *int64            `json:"team_id,omitempty"`
	OwnerID      *int64            `json:"owner_id,omitempty"`
	CustomFields map[string]string `json:"custom_fields,omitempty"`
}

func validateCustomFields(f *apperr.Fields, m map[string]string) {
	if len(m) > 50 {
		f.Add("body.custom_fields", "field.too_many", 50)
	}
	for k, v := range m {
		f.Text("body.custom_fields."+k, k, true, 40)
		f.Text("body.custom_fields."+k, v, false, 1000)
	}
}

func (in *Input) validate() error {
	var f apperr.Fields
	in.Subject = f.Text("body.subject", in.Subject, true, 200)
	in.Description = f.Text("body.description", in.Description, false, 20000)
	if in.ServiceType == "" {
		f.Add("body.service_type", "field.required")
	}
	if in.Priority == "" {
		in.Priority = "normal"
	}
	f.OneOf("body.priority", in.Priority, true, Priorities...)
	validateCustomFields(&f, in.CustomFields)
	if in.newCustomer() {
		if err := in.Customer.Validate("body.customer."); err != nil {
			if ae, ok := apperr.As(err); ok {
				f = append(f, ae.Fields...)
			}
		}
	}
	return f.Err()
}

// newCustomer reports whether the ticket creates its customer.
func (in *Input) newCustomer() bool {
	return in.Customer != nil && in.CustomerID == nil && in.ContactID == nil
}

// exists checks a referenced row.
func exists(ctx context.Context, q db.Querier, table string, id int64) (bool, error) {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// checkAssignment validates a team and owner: both must exist and an owner
// must be active (and in the team, when both are given). It returns their
// names ("" for one not given).
func checkAssignment(ctx context.Context, q db.Querier, teamID, ownerID *int64) (teamName, ownerName string, err error) {
	var f apperr.Fields
	if teamID != nil {
		err := q.QueryRow(ctx, `SELECT name FROM teams WHERE id = $1`, *teamID).Scan(&teamName)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("body.team_id", "field.unknown")
		case err != nil:
			return "", "", err
		}
	}
	if ownerID != nil {
		var team sql.NullInt64
		var active int
		err := q.QueryRow(ctx, `SELECT team_id, active, name FROM users WHERE id = $1`, *ownerID).Scan(&team, &active, &ownerName)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && active != 1):
			f.Add("body.owner_id", "field.unknown")
		case err != nil:
			return "", "", err
		case teamID != nil && (!team.Valid || team.Int64 != *teamID):
			f.Add("body.owner_id", "field.owner_not_in_team")
		}
	}
	return teamName, ownerName, f.Err()
}

// Create opens a ticket with its first event, linked to a contact when given.
func (s *Service) Create(ctx context.Context, in Input, by Actor) (Ticket, error) {
	if err := in.validate(); err != nil {
		return Ticket{}, err
	}
	pre := s.prepare(in) // before the writer
	var created Ticket
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var err error
		created, err = s.createTx(ctx, tx, in, pre, by)
		return err
	})
	if err != nil {
		return Ticket{}, apperr.Wrap(err, "ticket: create")
	}
	s.notify()
	return created, nil // read inside the transaction; the same after commit
}

// CreateTx opens a ticket inside the caller's transaction (a bot hand-off
// writes its contact, ticket and conversation together); the caller calls
// Notify after commit.
func (s *Service) CreateTx(ctx context.Context, tx *db.Tx, in Input, by Actor) (Ticket, error) {
	if err := in.validate(); err != nil {
		return Ticket{}, err
	}
	return s.createTx(ctx, tx, in, s.prepare(in), by)
}

// prepared is what a create computes before its transaction: scoring the
// customer's words and tokenising the text for search are pure CPU, and on
// SQLite every write transaction runs on the one writer connection.
type prepared struct {
	mood  mood
	index string // search.Body
}

func (s *Service) prepare(in Input) prepared {
	return prepared{mood: s.readMood(in), index: search.Body(in.Subject, in.Description)}
}

func (s *Service) createTx(ctx context.Context, tx *db.Tx, in Input, pre prepared, by Actor) (Ticket, error) {
	if in.CustomFields == nil {
		in.CustomFields = map[string]string{}
	}
	md := pre.mood
	if err := s.tax.CheckTx(ctx, tx, in.ServiceType, in.ReasonID); err != nil {
		return Ticket{}, err
	}
	teamName, ownerName, err := checkAssignment(ctx, tx, in.TeamID, in.OwnerID)
	if err != nil {
		return Ticket{}, err
	}
	var channel string
	if in.ContactID != nil {
		var cust sql.NullInt64
		var cEmotion string
		var cAbusive int
		err := tx.QueryRow(ctx, `SELECT customer_id, emotion, abusive, channel FROM contacts WHERE id = $1`, *in.ContactID).Scan(&cust, &cEmotion, &cAbusive, &channel)
		if errors.Is(err, sql.ErrNoRows) {
			return Ticket{}, apperr.Field("body.contact_id", "field.unknown")
		}
		if err != nil {
			return Ticket{}, err
		}
		if in.CustomerID == nil && cust.Valid {
			in.CustomerID = &cust.Int64
		}
		md = md.with(cEmotion, cAbusive == 1)
	}
	var customerName, tier string
	if in.newCustomer() {
		cid, err := customer.InsertTx(ctx, tx, *in.Customer, s.now())
		if err != nil {
			return Ticket{}, err
		}
		in.CustomerID, customerName, tier = &cid, in.Customer.Name, in.Customer.Tier
	} else if in.CustomerID != nil {
		err := tx.QueryRow(ctx, `SELECT name, tier FROM customers WHERE id = $1`, *in.CustomerID).Scan(&customerName, &tier)
		if errors.Is(err, sql.ErrNoRows) {
			return Ticket{}, apperr.Field("body.customer_id", "field.unknown")
		}
		if err != nil {
			return Ticket{}, err
		}
	}
	now := db.Millis(s.now())
	status := "new"
	if in.OwnerID != nil {
		status = "open"
	}
	cf, _ := json.Marshal(in.CustomFields)
	id, err := tx.InsertNew(ctx, "tickets", `INSERT INTO tickets (id, subject, description, customer_id, service_type, reason_id, priority, priority_rank, status, team_id, owner_id, custom_fields, created_by, created_at, updated_at, version, emotion_suggested, abusive, emotion_weight) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, 1, $15, $16, $17)`,
		in.Subject, in.Description, in.CustomerID, in.ServiceType, in.ReasonID, in.Priority, PriorityRank(in.Priority), status, in.TeamID, in.OwnerID, string(cf), db.NullID(by.ID), now, md.emotion, boolInt(md.abusive), queueWeight("", md.emotion))
	if err != nil {
		return Ticket{}, err
	}
	if err := addEvent(ctx, tx, id, "created", by.ID, in.Description, map[string]any{"status": status, "priority": in.Priority}, now); err != nil {
		return Ticket{}, err
	}
	indexNewLater(tx, id, pre.index)
	contacts := []int64{}
	if in.ContactID != nil {
		tx.Defer(`INSERT INTO contact_tickets (contact_id, ticket_id) VALUES ($1, $2)`, *in.ContactID, id)
		if err := addEvent(ctx, tx, id, "contact_linked", by.ID, "", map[string]any{"contact_id": *in.ContactID}, now); err != nil {
			return Ticket{}, err
		}
		contacts = append(contacts, *in.ContactID)
	}
	// The ticket as written, without reading it back (the same as a read:
	// TestCreatedTicketIsAnsweredAsRead).
	created := Ticket{
		ID: id, Number: Number(id), Subject: in.Subject, Description: in.Description,
		CustomerID: in.CustomerID, CustomerName: customerName, ServiceType: in.ServiceType, ReasonID: in.ReasonID,
		Priority: in.Priority, Status: status, TeamID: in.TeamID, TeamName: teamName, OwnerID: in.OwnerID, OwnerName: ownerName,
		Watchers: []int64{}, CustomFields: in.CustomFields, ContactIDs: contacts, CreatedBy: idPtr(by.ID),
		CreatedAt: db.Time(now), UpdatedAt: db.Time(now), Version: 1, EmotionSuggested: md.emotion, Abusive: md.abusive,
	}
	if created.Abusive {
		created.DescriptionMasked = emotion.Mask(created.Description)
	}
	if err := s.decorate(ctx, tx, []*Ticket{&created}); err != nil {
		return Ticket{}, err
	}
	ch := Change{Kind: "created", After: created, ActorID: by.ID, At: db.Time(now), New: true, CustomerTier: tier, Channel: channel}
	if err := s.tell(ctx, tx, ch); err != nil {
		return Ticket{}, err
	}
	return created, publish(ctx, tx, id, 1, status, in.TeamID, in.OwnerID, "created")
}

// indexLater writes a ticket's full-text index row (a search.Body) at the
// end of the transaction: once per group commit on SQLite (see
// db.Tx.BeforeCommit).
func indexLater(tx *db.Tx, id int64, body string) {
	tx.BeforeCommit(func(ctx context.Context, tx *db.Tx) error {
		return search.IndexTicket(ctx, tx, id, body)
	})
}

// indexNewLater is indexLater for a ticket created in this transaction,
// which has no index row to replace.
func indexNewLater(tx *db.Tx, id int64, body string) {
	tx.BeforeCommit(func(ctx context.Context, tx *db.Tx) error {
		return search.IndexNewTicket(ctx, tx, id, body)
	})
}

// addEvent queues a timeline entry (see db.Tx.Defer: nothing in a
// transaction reads its own ticket's timeline back).
func addEvent(ctx context.Context, tx *db.Tx, ticketID int64, kind string, actor int64, body string, data map[string]any, at int64) error {
	if data == nil {
		data = map[string]any{}
	}
	b, _ := json.Marshal(data)
	tx.Defer(`INSERT INTO ticket_events (ticket_id, kind, actor_id, body, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, ticketID, kind, db.NullID(actor), body, string(b), at)
	return nil
}

// publish tells live consoles that a ticket changed.
func publish(ctx context.Context, tx *db.Tx, id int64, version int, status string, team, owner *int64, kind string) error {
	return events.Publish(ctx, tx, "ticket", 0, map[string]any{
		"id": id, "number": Number(id), "version": version, "status": status, "team_id": team, "owner_id": owner, "kind": kind,
	})
}

const (
	columns   = `t.id, t.subject, t.description, t.customer_id, COALESCE(c.name, ''), t.service_type, t.reason_id, t.priority, t.status, t.team_id, COALESCE(tm.name, ''), t.owner_id, COALESCE(u.name, ''), t.custom_fields, t.created_by, t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.version, t.emotion, t.emotion_suggested, t.abusive`
	nameJoins = ` LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN users u ON u.id = t.owner_id`
	from      = ` FROM tickets t` + nameJoins
)

// idPtr is an optional id as read back: 0 is none.
func idPtr(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func timePtr(ms int64) *time.Time {
	if ms == 0 {
		return nil
	}
	t := db.Time(ms)
	return &t
}

func scan(row interface{ Scan(...any) error }) (Ticket, error) {
	var t Ticket
	var cust, reason, team, owner, createdBy sql.NullInt64
	var cf string
	var created, updated, resolved, closed int64
	var abusive int
	err := row.Scan(&t.ID, &t.Subject, &t.Description, &cust, &t.CustomerName, &t.ServiceType, &reason, &t.Priority, &t.Status, &team, &t.TeamName, &owner, &t.OwnerName, &cf, &createdBy, &created, &updated, &resolved, &closed, &t.Version, &t.Emotion, &t.EmotionSuggested, &abusive)
	if err != nil {
		return t, err
	}
	t.Number = Number(t.ID)
	t.CustomerID, t.ReasonID, t.TeamID, t.OwnerID, t.CreatedBy = ptr(cust), ptr(reason), ptr(team), ptr(owner), ptr(createdBy)
	if cf != "{}" && cf != "" { // most tickets have none; decoding "{}" was a tenth of a list page
		_ = json.Unmarshal([]byte(cf), &t.CustomFields)
	}
	if t.CustomFields == nil {
		t.CustomFields = map[string]string{}
	}
	t.CreatedAt, t.UpdatedAt = db.Time(created), db.Time(updated)
	t.ResolvedAt, t.ClosedAt = timePtr(resolved), timePtr(closed)
	t.Watchers, t.ContactIDs = []int64{}, []int64{}
	if t.Abusive = abusive == 1; t.Abusive {
		t.DescriptionMasked = emotion.Mask(t.Description)
	}
	return t, nil
}

// get loads one ticket with watchers, contacts and reason path.
func (s *Service) get(ctx context.Context, q db.Querier, id int64) (Ticket, error) {
	return s.read(ctx, q, id, "")
}

// getLocked is get that also takes the ticket's row lock for the rest of
// the transaction, in the same round trip (see LockTx).
func (s *Service) getLocked(ctx context.Context, tx *db.Tx, id int64) (Ticket, error) {
	lock := ""
	if tx.Dialect() == db.Postgres {
		lock = " FOR UPDATE OF t" // SQLite has one writer: the transaction is the lock
	}
	return s.read(ctx, tx, id, lock)
}

// read is get with a locking clause ("" for none).
func (s *Service) read(ctx context.Context, q db.Querier, id int64, lock string) (Ticket, error) {
	var watchers, contacts sql.NullString
	t, err := scan(db.WithExtra(q.QueryRow(ctx, `SELECT `+columns+`, `+linkLists+from+` WHERE t.id = $1`+lock, id), &watchers, &contacts))
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.NotFoundf("ticket")
	}
	if err == nil {
		t.Watchers, err = parseIDList(watchers.String)
	}
	if err == nil {
		t.ContactIDs, err = parseIDList(contacts.String)
	}
	if err == nil {
		err = s.decorate(ctx, q, []*Ticket{&t})
	}
	if err != nil {
		return t, apperr.Wrap(err, "ticket: get")
	}
	return t, nil
}

// linkLists selects a ticket's watchers and linked contacts as
// comma-separated ids with the ticket itself: one statement, where a
// second query for them was one more round trip on PostgreSQL for every
// ticket read, reply and change. They are sorted in Go: an ORDER BY inside
// the aggregate made SQLite sort each list, 6 µs a read.
const linkLists = `(SELECT string_agg(CAST(w.user_id AS TEXT), ',') FROM ticket_watchers w WHERE w.ticket_id = t.id), ` +
	`(SELECT string_agg(CAST(ct.contact_id AS TEXT), ',') FROM contact_tickets ct WHERE ct.ticket_id = t.id)`

// parseIDList reads a linkLists column ("" or NULL: none) in id order.
func parseIDList(s string) ([]int64, error) {
	ids := []int64{}
	if s == "" {
		return ids, nil
	}
	for _, f := range strings.Split(s, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("ticket: id list %q: %w", s, err)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// decorate fills reason paths.
func (s *Service) decorate(ctx context.Context, q db.Querier, list []*Ticket) error {
	if len(list) == 0 {
		return nil
	}
	paths, err := s.tax.PathsIn(ctx, q)
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.ReasonID != nil {
			t.ReasonPath = paths[*t.ReasonID]
		}
	}
	return nil
}

// visible reports whether the viewer may see t.
func (s *Service) visible(ctx context.Context, q db.Querier, t Ticket, v Viewer) (bool, error) {
	if v.All || (t.OwnerID != nil && *t.OwnerID == v.UserID) || (t.CreatedBy != nil && *t.CreatedBy == v.UserID) {
		return true, nil
	}
	if v.TeamID != nil && t.TeamID != nil && *v.TeamID == *t.TeamID {
		return true, nil
	}
	if v.TeamID != nil {
		// A department holding an escalation of the ticket works on it.
		var one int
		err := q.QueryRow(ctx, `SELECT 1 FROM escalations WHERE ticket_id = $1 AND to_team_id = $2 LIMIT 1`, t.ID, *v.TeamID).Scan(&one)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
	}
	for _, w := range t.Watchers {
		if w == v.UserID {
			return true, nil
		}
	}
	return false, nil
}

// Get returns a ticket the viewer may see; others look not found, so ids
// cannot be probed.
func (s *Service) Get(ctx context.Context, id int64, v Viewer) (Ticket, error) {
	q := s.db.Reader()
	t, err := s.get(ctx, q, id)
	if err != nil {
		return t, err
	}
	if ok, err := s.visible(ctx, q, t, v); err != nil || !ok {
		if err != nil {
			return Ticket{}, apperr.Wrap(err, "ticket: get")
		}
		return Ticket{}, apperr.NotFoundf("ticket")
	}
	return t, nil
}

// Patch changes a ticket; nil fields stay. Version must be current.
type Patch struct {
	Version      int                `json:"version"`
	Subject      *string            `json:"subject,omitempty"`
	Description  *string            `json:"description,omitempty"`
	ServiceType  *string            `json:"service_type,omitempty"`
	ReasonID     *int64             `json:"reason_id,omitempty"`
	Priority     *string            `json:"priority,omitempty"`
	Status       *string            `json:"status,omitempty"`
	TeamID       *int64             `json:"team_id,omitempty"`
	OwnerID      *int64             `json:"owner_id,omitempty"`
	ClearOwner   bool               `json:"clear_owner,omitempty"`
	CustomFields *map[string]string `json:"custom_fields,omitempty"`
	Emotion      *string            `json:"emotion,omitempty" doc:"the customer's emotion as the agent confirms it: calm, anxious, upset or angry"`
}

// Assigns reports whether the patch changes team or owner.
func (p Patch) Assigns() bool { return p.TeamID != nil || p.OwnerID != nil || p.ClearOwner }

func (p *Patch) validate() error {
	if p.Version < 1 {
		return apperr.Field("body.version", "field.required")
	}
	return p.validateFields()
}

func (p *Patch) validateFields() error {
	var f apperr.Fields
	if p.Subject != nil {
		*p.Subject = f.Text("body.subject", *p.Subject, true, 200)
	}
	if p.Description != nil {
		*p.Description = f.Text("body.description", *p.Description, false, 20000)
	}
	if p.Priority != nil {
		f.OneOf("body.priority", *p.Priority, true, Priorities...)
	}
	if p.Status != nil {
		f.OneOf("body.status", *p.Status, true, Statuses...)
	}
	if p.CustomFields != nil {
		validateCustomFields(&f, *p.CustomFields)
	}
	if p.Emotion != nil {
		f.OneOf("body.emotion", *p.Emotion, true, emotion.Labels...)
	}
	return f.Err()
}

// Update applies a patch. Every change becomes a timeline event; a stale
// version gets a conflict carrying the current ticket.
func (s *Service) Update(ctx context.Context, id int64, p Patch, by Actor, v Viewer) (Ticket, error) {
	if err := p.validate(); err != nil {
		return Ticket{}, err
	}
	var out Ticket
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var err error
		out, err = s.updateTx(ctx, tx, id, p, by, v)
		return err
	})
	if err != nil {
		return Ticket{}, apperr.Wrap(err, "ticket: update")
	}
	s.notify()
	return out, nil
}

// ApplyTx changes a ticket inside the caller's transaction, as the system
// acting for another capability (SLA breach actions, escalations). The
// patch's version is ignored: the change applies to the current version.
func (s *Service) ApplyTx(ctx context.Context, tx *db.Tx, id int64, p Patch, by Actor) (Ticket, error) {
	if err := p.validateFields(); err != nil {
		return Ticket{}, err
	}
	cur, err := s.get(ctx, tx, id)
	if err != nil {
		return cur, err
	}
	p.Version = cur.Version
	return s.updateTx(ctx, tx, id, p, by, Viewer{All: true})
}

// AddEventTx writes a timeline event (e.g. sla, escalation) inside the
// caller's transaction and tells live consoles.
func (s *Service) AddEventTx(ctx context.Context, tx *db.Tx, id int64, kind string, actor int64, body string, data map[string]any) error {
	cur, err := s.get(ctx, tx, id)
	if err != nil {
		return err
	}
	now := db.Millis(s.now())
	if err := addEvent(ctx, tx, id, kind, actor, body, data, now); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE tickets SET updated_at = $1 WHERE id = $2`, now, id); err != nil {
		return err
	}
	return publish(ctx, tx, id, cur.Version, cur.Status, cur.TeamID, cur.OwnerID, "event")
}

// LockTx takes the ticket's row lock for the rest of the transaction, so a
// read-modify-write of anything belonging to the ticket cannot interleave
// with another change (PostgreSQL; SQLite has a single writer anyway).
func (s *Service) LockTx(ctx context.Context, tx *db.Tx, id int64) error {
	res, err := tx.Exec(ctx, `UPDATE tickets SET updated_at = updated_at WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFoundf("ticket")
	}
	return nil
}

// GetTx reads a ticket inside a transaction.
func (s *Service) GetTx(ctx context.Context, tx *db.Tx, id int64) (Ticket, error) {
	return s.get(ctx, tx, id)
}

// Notify wakes the event relay (after a transaction that used the Tx methods).
func (s *Service) Notify() { s.notify() }

func (s *Service) updateTx(ctx context.Context, tx *db.Tx, id int64, p Patch, by Actor, v Viewer) (Ticket, error) {
	var out Ticket
	err := func() error {
		cur, err := s.getLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if ok, _ := s.visible(ctx, tx, cur, v); !ok {
			return apperr.NotFoundf("ticket")
		}
		if cur.Version != p.Version {
			return apperr.ConflictWith(cur)
		}
		next := cur
		now := db.Millis(s.now())
		var evs []func() error
		field := func(name string, from, to any) {
			evs = append(evs, func() error {
				return addEvent(ctx, tx, id, "field", by.ID, "", map[string]any{"field": name, "from": from, "to": to}, now)
			})
		}
		if p.Subject != nil && *p.Subject != cur.Subject {
			field("subject", cur.Subject, *p.Subject)
			next.Subject = *p.Subject
		}
		if p.Description != nil && *p.Description != cur.Description {
			field("description", cur.Description, *p.Description)
			next.Description = *p.Description
		}
		if p.ServiceType != nil && *p.ServiceType != cur.ServiceType {
			field("service_type", cur.ServiceType, *p.ServiceType)
			next.ServiceType = *p.ServiceType
		}
		if p.ReasonID != nil && (cur.ReasonID == nil || *cur.ReasonID != *p.ReasonID) {
			field("reason_id", cur.ReasonID, *p.ReasonID)
			next.ReasonID = p.ReasonID
		}
		if p.ServiceType != nil || p.ReasonID != nil {
			if err := s.tax.CheckTx(ctx, tx, next.ServiceType, p.ReasonID); err != nil {
				return err
			}
		}
		if p.Priority != nil && *p.Priority != cur.Priority {
			field("priority", cur.Priority, *p.Priority)
			next.Priority = *p.Priority
		}
		if p.CustomFields != nil {
			field("custom_fields", cur.CustomFields, *p.CustomFields)
			next.CustomFields = *p.CustomFields
		}
		if p.Emotion != nil && *p.Emotion != cur.Emotion {
			field("emotion", cur.Emotion, *p.Emotion)
			next.Emotion = *p.Emotion
		}
		if p.Assigns() {
			if p.TeamID != nil {
				next.TeamID = p.TeamID
				if p.OwnerID == nil && cur.OwnerID != nil && (cur.TeamID == nil || *cur.TeamID != *p.TeamID) {
					// Handing to another team without naming a person leaves it to that team's queue.
					next.OwnerID = nil
				}
			}
			if p.OwnerID != nil {
				next.OwnerID = p.OwnerID
			}
			if p.ClearOwner {
				next.OwnerID = nil
			}
			teamName, ownerName, err := checkAssignment(ctx, tx, p.TeamID, next.OwnerID)
			if err != nil {
				return err
			}
			if p.TeamID != nil {
				next.TeamName = teamName
			}
			next.OwnerName = ownerName
			if !sameID(cur.TeamID, next.TeamID) || !sameID(cur.OwnerID, next.OwnerID) {
				data := map[string]any{"from_team_id": cur.TeamID, "to_team_id": next.TeamID, "from_owner_id": cur.OwnerID, "to_owner_id": next.OwnerID,
					"from_team": cur.TeamName, "from_owner": cur.OwnerName, "to_team": next.TeamName, "to_owner": next.OwnerName}
				evs = append(evs, func() error {
					return addEvent(ctx, tx, id, "assignment", by.ID, "", data, now)
				})
				if p.Status == nil && cur.Status == "new" && next.OwnerID != nil {
					st := "open"
					p.Status = &st
				}
			}
		}
		if p.Status != nil && *p.Status != cur.Status {
			if !CanMove(cur.Status, *p.Status) {
				return apperr.Field("body.status", "field.bad_transition", cur.Status, *p.Status)
			}
			from, to := cur.Status, *p.Status
			evs = append(evs, func() error {
				return addEvent(ctx, tx, id, "status", by.ID, "", map[string]any{"from": from, "to": to}, now)
			})
			next.Status = to
		}
		if len(evs) == 0 {
			out = cur
			return nil
		}
		resolved, closed := db.Millis(ptrTime(cur.ResolvedAt)), db.Millis(ptrTime(cur.ClosedAt))
		switch next.Status {
		case "resolved":
			if cur.Status != "resolved" {
				resolved = now
			}
		case "closed":
			closed = now
		default:
			resolved, closed = 0, 0
		}
		// Queued: the row is locked and its version was checked above.
		cf, _ := json.Marshal(next.CustomFields)
		tx.Defer(`UPDATE tickets SET subject = $1, description = $2, service_type = $3, reason_id = $4, priority = $5, priority_rank = $6, status = $7, team_id = $8, owner_id = $9, custom_fields = $10, updated_at = $11, resolved_at = $12, closed_at = $13, version = version + 1, emotion = $16, emotion_weight = $17 WHERE id = $14 AND version = $15`,
			next.Subject, next.Description, next.ServiceType, next.ReasonID, next.Priority, PriorityRank(next.Priority), next.Status, next.TeamID, next.OwnerID, string(cf), now, resolved, closed, id, p.Version, next.Emotion, queueWeight(next.Emotion, next.EmotionSuggested))
		for _, e := range evs {
			if err := e(); err != nil {
				return err
			}
		}
		if next.Subject != cur.Subject || next.Description != cur.Description {
			indexLater(tx, id, search.Body(next.Subject, next.Description))
		}
		if err := publish(ctx, tx, id, cur.Version+1, next.Status, next.TeamID, next.OwnerID, "updated"); err != nil {
			return err
		}
		// The ticket as written, without reading it back (the same as a
		// read: TestChangedTicketIsAnsweredAsRead).
		next.Version, next.UpdatedAt = cur.Version+1, db.Time(now)
		next.ResolvedAt, next.ClosedAt = timePtr(resolved), timePtr(closed)
		next.ReasonPath, next.DescriptionMasked = "", ""
		if next.Abusive {
			next.DescriptionMasked = emotion.Mask(next.Description)
		}
		if err := s.decorate(ctx, tx, []*Ticket{&next}); err != nil {
			return err
		}
		out = next
		return s.tell(ctx, tx, Change{Kind: "updated", Before: &cur, After: next, ActorID: by.ID, At: db.Time(now)})
	}()
	return out, err
}

func ptrTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func sameID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// AddEvent appends a public reply or an internal note. A reply to a new
// ticket opens it.
func (s *Service) AddEvent(ctx context.Context, id int64, kind, body string, by Actor, v Viewer) (Event, error) {
	var f apperr.Fields
	f.OneOf("body.kind", kind, true, "reply", "note")
	body = f.Text("body.body", body, true, 20000)
	if err := f.Err(); err != nil {
		return Event{}, err
	}
	var ev Event
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		// Locked as it is read: the status and version written below are
		// derived from it, and a concurrent change must not be undone.
		cur, err := s.getLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if ok, _ := s.visible(ctx, tx, cur, v); !ok {
			return apperr.NotFoundf("ticket")
		}
		now := db.Millis(s.now())
		evID, err := db.InsertID(ctx, tx, `INSERT INTO ticket_events (ticket_id, kind, actor_id, body, data, created_at) VALUES ($1, $2, $3, $4, '{}', $5)`, id, kind, db.NullID(by.ID), body, now)
		if err != nil {
			return err
		}
		// The event as written (the same as a read: TestReplyIsAnsweredAsRead).
		ev = Event{ID: evID, TicketID: id, Kind: kind, ActorID: idPtr(by.ID), Body: body, Data: map[string]any{}, CreatedAt: db.Time(now)}
		if by.ID != 0 {
			ev.ActorName = by.Name
		}
		status, version := cur.Status, cur.Version
		if kind == "reply" && cur.Status == "new" {
			status, version = "open", cur.Version+1
			if err := addEvent(ctx, tx, id, "status", by.ID, "", map[string]any{"from": "new", "to": "open"}, now); err != nil {
				return err
			}
		}
		// A reply or note does not conflict with a concurrent field edit, so
		// it bumps the version only when it changed the status. (Queued: the
		// row is locked, the version read is the current one.)
		tx.Defer(`UPDATE tickets SET status = $1, version = $2, updated_at = $3 WHERE id = $4`, status, version, now, id)
		after := cur
		after.Status, after.Version, after.UpdatedAt = status, version, db.Time(now)
		if err := s.tell(ctx, tx, Change{Kind: kind, Before: &cur, After: after, ActorID: by.ID, At: db.Time(now)}); err != nil {
			return err
		}
		return publish(ctx, tx, id, version, status, cur.TeamID, cur.OwnerID, "event")
	})
	if err != nil {
		return Event{}, apperr.Wrap(err, "ticket: add event")
	}
	s.notify()
	return ev, nil
}

// Events returns a ticket's timeline, oldest first. The visibility check is
// part of the one query: every ticket has its first event from the
// transaction that created it, so no rows means no ticket the viewer may
// see (one round trip instead of two on PostgreSQL).
func (s *Service) Events(ctx context.Context, id int64, v Viewer) ([]Event, error) {
	args := []any{id}
	where := `e.ticket_id = $1`
	if cond := visibleCond(v, placeholders(&args)); cond != "" {
		where += ` AND EXISTS (SELECT 1 FROM tickets t WHERE t.id = $1 AND ` + cond + `)`
	}
	evs, err := s.events(ctx, where, args...)
	if err == nil && len(evs) == 0 {
		return nil, apperr.NotFoundf("ticket")
	}
	return evs, err
}

func (s *Service) events(ctx context.Context, where string, args ...any) ([]Event, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT e.id, e.ticket_id, e.kind, e.actor_id, COALESCE(u.name, ''), e.body, e.data, e.created_at FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id WHERE `+where+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "ticket: events")
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var actor sql.NullInt64
		var data string
		var at int64
		if err := rows.Scan(&e.ID, &e.TicketID, &e.Kind, &actor, &e.ActorName, &e.Body, &data, &at); err != nil {
			return nil, apperr.Wrap(err, "ticket: events")
		}
		e.ActorID = ptr(actor)
		e.CreatedAt = db.Time(at)
		if data == "{}" { // a reply or a note: skip the decoder
			e.Data = map[string]any{}
		} else {
			_ = json.Unmarshal([]byte(data), &e.Data)
		}
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "ticket: events")
}

// SetWatcher adds or removes a watcher.
func (s *Service) SetWatcher(ctx context.Context, id, userID int64, watch bool, by Actor, v Viewer) (Ticket, error) {
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		cur, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if ok, _ := s.visible(ctx, tx, cur, v); !ok {
			return apperr.NotFoundf("ticket")
		}
		ok, err := exists(ctx, tx, "users", userID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Field("body.user_id", "field.unknown")
		}
		var res sql.Result
		if watch {
			res, err = tx.Exec(ctx, `INSERT INTO ticket_watchers (ticket_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, userID)
		} else {
			res, err = tx.Exec(ctx, `DELETE FROM ticket_watchers WHERE ticket_id = $1 AND user_id = $2`, id, userID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		now := db.Millis(s.now())
		if err := addEvent(ctx, tx, id, "watcher", by.ID, "", map[string]any{"user_id": userID, "watch": watch}, now); err != nil {
			return err
		}
		return publish(ctx, tx, id, cur.Version, cur.Status, cur.TeamID, cur.OwnerID, "event")
	})
	if err != nil {
		return Ticket{}, apperr.Wrap(err, "ticket: watcher")
	}
	s.notify()
	return s.Get(ctx, id, v)
}

// LinkContact is how a later contact about the same matter joins a ticket.
func (s *Service) LinkContact(ctx context.Context, id, contactID int64, by Actor, v Viewer) (Ticket, error) {
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		cur, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if ok, _ := s.visible(ctx, tx, cur, v); !ok {
			return apperr.NotFoundf("ticket")
		}
		ok, err := contact.Exists(ctx, tx, contactID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Field("body.contact_id", "field.unknown")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO contact_tickets (contact_id, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, contactID, id); err != nil {
			return err
		}
		if err := absorbContactMood(ctx, tx, cur, contactID); err != nil {
			return err
		}
		now := db.Millis(s.now())
		if err := addEvent(ctx, tx, id, "contact_linked", by.ID, "", map[string]any{"contact_id": contactID}, now); err != nil {
			return err
		}
		if _, err := s.changed(ctx, tx, "contact_linked", &cur, id, by.ID, now); err != nil {
			return err
		}
		return publish(ctx, tx, id, cur.Version, cur.Status, cur.TeamID, cur.OwnerID, "event")
	})
	if err != nil {
		return Ticket{}, apperr.Wrap(err, "ticket: link contact")
	}
	s.notify()
	return s.Get(ctx, id, v)
}
