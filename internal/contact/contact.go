// Package contact records every interaction with a customer (每一次接触):
// a call, chat, email or visit, classified by service type and contact
// reason, with summary, transcript and recording.
package contact

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/customer"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/emotion"
	"github.com/kefuhq/kefu/internal/taxonomy"
)

// Channels and directions.
var (
	Channels   = []string{"phone", "chat", "email", "visit", "web", "other"}
	Directions = []string{"inbound", "outbound"}
	Speakers   = []string{"customer", "agent", "system"}
)

// Turn is one utterance of a transcript.
type Turn struct {
	Speaker  string `json:"speaker"`
	OffsetMS int64  `json:"offset_ms"`
	Text     string `json:"text"`
	// Emotion and Abusive are the reading of a customer turn, set when
	// the contact is logged (see emotion.go); Masked is the text with the
	// abusive words hidden, only when abusive.
	Emotion string `json:"emotion,omitempty"`
	Abusive bool   `json:"abusive,omitempty"`
	Masked  string `json:"masked,omitempty"`
}

// Contact is one interaction.
type Contact struct {
	ID           int64      `json:"id"`
	CustomerID   *int64     `json:"customer_id"`
	CustomerName string     `json:"customer_name"`
	Channel      string     `json:"channel"`
	Direction    string     `json:"direction"`
	StartedAt    time.Time  `json:"started_at"`
	EndedAt      *time.Time `json:"ended_at"`
	AgentID      *int64     `json:"agent_id"`
	AgentName    string     `json:"agent_name"`
	ServiceType  string     `json:"service_type"`
	ReasonID     *int64     `json:"reason_id"`
	ReasonPath   string     `json:"reason_path"`
	Summary      string     `json:"summary"`
	Transcript   []Turn     `json:"transcript"`
	RecordingURL string     `json:"recording_url"`
	CallerNumber string     `json:"caller_number"`
	TicketIDs    []int64    `json:"ticket_ids"`
	CreatedAt    time.Time  `json:"created_at"`
	// Emotion is the strongest of the summary and the recent customer
	// turns ("" when not scored); Abusive is true when any of it was.
	Emotion       string `json:"emotion"`
	Abusive       bool   `json:"abusive"`
	SummaryMasked string `json:"summary_masked,omitempty" doc:"the summary with abusive words hidden (abusive contacts only)"`
}

// Input logs a contact. Either CustomerID or Customer (a new caller) may be
// given; neither leaves the contact anonymous.
type Input struct {
	CustomerID   *int64          `json:"customer_id,omitempty"`
	Customer     *customer.Input `json:"customer,omitempty"`
	Channel      string          `json:"channel"`
	Direction    string          `json:"direction,omitempty"`
	StartedAt    *time.Time      `json:"started_at,omitempty"`
	EndedAt      *time.Time      `json:"ended_at,omitempty"`
	ServiceType  string          `json:"service_type"`
	ReasonID     *int64          `json:"reason_id,omitempty"`
	Summary      string          `json:"summary,omitempty"`
	Transcript   []Turn          `json:"transcript,omitempty"`
	RecordingURL string          `json:"recording_url,omitempty"`
	CallerNumber string          `json:"caller_number,omitempty"`
}

// Service manages contacts.
type Service struct {
	db     *db.DB
	now    func() time.Time
	scorer Scorer
}

// New returns the contact service.
func New(d *db.DB) *Service { return &Service{db: d, now: time.Now} }

func (in *Input) validate() error {
	var f apperr.Fields
	f.OneOf("body.channel", in.Channel, true, Channels...)
	if in.Direction == "" {
		in.Direction = "inbound"
	}
	f.OneOf("body.direction", in.Direction, true, Directions...)
	if in.ServiceType == "" {
		f.Add("body.service_type", "field.required")
	}
	in.Summary = f.Text("body.summary", in.Summary, false, 4000)
	if len(in.Transcript) > 2000 {
		f.Add("body.transcript", "field.too_many", 2000)
	}
	for i := range in.Transcript {
		t := &in.Transcript[i]
		f.OneOf(fmt.Sprintf("body.transcript[%d].speaker", i), t.Speaker, true, Speakers...)
		t.Text = f.Text(fmt.Sprintf("body.transcript[%d].text", i), t.Text, true, 4000)
		if t.OffsetMS < 0 {
			f.Add(fmt.Sprintf("body.transcript[%d].offset_ms", i), "field.min", 0)
		}
	}
	in.RecordingURL = f.URL("body.recording_url", in.RecordingURL)
	if in.CallerNumber != "" {
		in.CallerNumber = f.Phone("body.caller_number", in.CallerNumber)
	}
	if in.StartedAt != nil && in.EndedAt != nil && in.EndedAt.Before(*in.StartedAt) {
		f.Add("body.ended_at", "field.end_before_start")
	}
	if in.Customer != nil && in.CustomerID == nil {
		if err := in.Customer.Validate("body.customer."); err != nil {
			if ae, ok := apperr.As(err); ok {
				f = append(f, ae.Fields...)
			}
		}
	}
	return f.Err()
}

// Create logs a contact for agentID, creating the customer when new.
func (s *Service) Create(ctx context.Context, in Input, agentID int64) (Contact, error) {
	if err := in.validate(); err != nil {
		return Contact{}, err
	}
	now := s.now()
	started := now
	if in.StartedAt != nil {
		started = *in.StartedAt
	}
	var ended int64
	if in.EndedAt != nil {
		ended = db.Millis(*in.EndedAt)
	}
	if in.Transcript == nil {
		in.Transcript = []Turn{}
	}
	emo, abusive := readEmotion(s.scorer, &in) // pure CPU, before the write lock
	var id int64
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if err := taxonomy.Check(ctx, tx, in.ServiceType, in.ReasonID); err != nil {
			return err
		}
		custID := in.CustomerID
		if custID != nil {
			var merged sql.NullInt64
			err := tx.QueryRow(ctx, `SELECT merged_into FROM customers WHERE id = $1`, *custID).Scan(&merged)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.Field("body.customer_id", "field.unknown")
			}
			if err != nil {
				return err
			}
			if merged.Valid { // a merged duplicate: log against the survivor
				custID = &merged.Int64
			}
		} else if in.Customer != nil {
			c, err := customer.CreateTx(ctx, tx, *in.Customer, now)
			if err != nil {
				return err
			}
			custID = &c.ID
		}
		transcript, _ := json.Marshal(in.Transcript)
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO contacts (customer_id, channel, direction, started_at, ended_at, agent_id, service_type, reason_id, summary, transcript, recording_url, caller_number, created_at, emotion, abusive) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			custID, in.Channel, in.Direction, db.Millis(started), ended, agentID, in.ServiceType, in.ReasonID, in.Summary, string(transcript), in.RecordingURL, in.CallerNumber, db.Millis(now), emo, boolInt(abusive))
		return err
	})
	if err != nil {
		return Contact{}, apperr.Wrap(err, "contact: create")
	}
	return s.Get(ctx, id)
}

const selectCols = `c.id, c.customer_id, COALESCE(cu.name, ''), c.channel, c.direction, c.started_at, c.ended_at, c.agent_id, COALESCE(u.name, ''), c.service_type, c.reason_id, c.summary, c.transcript, c.recording_url, c.caller_number, c.created_at, c.emotion, c.abusive
FROM contacts c LEFT JOIN customers cu ON cu.id = c.customer_id LEFT JOIN users u ON u.id = c.agent_id`

func scan(row interface{ Scan(...any) error }) (Contact, error) {
	var c Contact
	var cust, agent, reason sql.NullInt64
	var started, ended, created int64
	var transcript string
	var abusive int
	err := row.Scan(&c.ID, &cust, &c.CustomerName, &c.Channel, &c.Direction, &started, &ended, &agent, &c.AgentName, &c.ServiceType, &reason, &c.Summary, &transcript, &c.RecordingURL, &c.CallerNumber, &created, &c.Emotion, &abusive)
	if err != nil {
		return c, err
	}
	if cust.Valid {
		c.CustomerID = &cust.Int64
	}
	if agent.Valid {
		c.AgentID = &agent.Int64
	}
	if reason.Valid {
		c.ReasonID = &reason.Int64
	}
	c.StartedAt, c.CreatedAt = db.Time(started), db.Time(created)
	if ended != 0 {
		t := db.Time(ended)
		c.EndedAt = &t
	}
	_ = json.Unmarshal([]byte(transcript), &c.Transcript)
	if c.Transcript == nil {
		c.Transcript = []Turn{}
	}
	c.TicketIDs = []int64{}
	if c.Abusive = abusive == 1; c.Abusive {
		c.SummaryMasked = emotion.Mask(c.Summary)
	}
	return c, nil
}

// Get returns one contact with its linked tickets.
func (s *Service) Get(ctx context.Context, id int64) (Contact, error) {
	q := s.db.Reader()
	c, err := scan(q.QueryRow(ctx, `SELECT `+selectCols+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("contact")
	}
	if err != nil {
		return c, apperr.Wrap(err, "contact: get")
	}
	list := []*Contact{&c}
	return c, apperr.Wrap(loadTickets(ctx, q, list), "contact: get")
}

// Exists reports whether a contact exists (used by tickets to link one).
func Exists(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM contacts WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func loadTickets(ctx context.Context, q db.Querier, list []*Contact) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*Contact{}
	ids := make([]int64, len(list))
	for i, c := range list {
		byID[c.ID] = c
		ids[i] = c.ID
	}
	in, args := db.InList(ids)
	rows, err := q.Query(ctx, `SELECT contact_id, ticket_id FROM contact_tickets WHERE contact_id IN (`+in+`) ORDER BY ticket_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, tid int64
		if err := rows.Scan(&cid, &tid); err != nil {
			return err
		}
		byID[cid].TicketIDs = append(byID[cid].TicketIDs, tid)
	}
	return rows.Err()
}

// Filter selects contacts.
type Filter struct {
	CustomerID int64
	AgentID    int64
	Before     int64 // cursor: ids below this
	Limit      int
}

// List returns contacts newest first.
func (s *Service) List(ctx context.Context, f Filter) ([]Contact, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	order := "c.id DESC"
	if f.CustomerID != 0 {
		where = append(where, "c.customer_id = "+arg(f.CustomerID))
		order = "c.started_at DESC, c.id DESC"
	}
	if f.AgentID != 0 {
		where = append(where, "c.agent_id = "+arg(f.AgentID))
	}
	if f.Before > 0 {
		where = append(where, "c.id < "+arg(f.Before))
		order = "c.id DESC"
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	w := ""
	if len(where) > 0 {
		w = " WHERE " + strings.Join(where, " AND ")
	}
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT `+selectCols+w+` ORDER BY `+order+` LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, apperr.Wrap(err, "contact: list")
	}
	defer rows.Close()
	var list []*Contact
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "contact: list")
		}
		list = append(list, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "contact: list")
	}
	if err := loadTickets(ctx, q, list); err != nil {
		return nil, apperr.Wrap(err, "contact: list")
	}
	out := make([]Contact, len(list))
	for i, c := range list {
		out[i] = *c
	}
	return out, nil
}
