package bot

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/ticket"
)

const convCols = `c.id, c.channel, c.lang, c.external_ref, c.customer_id, COALESCE(cu.name, c.customer_name), c.customer_phone, c.test, c.status, c.outcome, c.handoff_reason,
c.ticket_id, c.contact_id, c.summary, c.state, c.answers, c.failures, c.csat, c.csat_comment, c.started_by, c.started_at, c.last_at, c.ended_at, c.version,
COALESCE((SELECT m.text FROM bot_messages m WHERE m.conversation_id = c.id AND m.role = 'customer' ORDER BY m.id LIMIT 1), '')
FROM bot_conversations c LEFT JOIN customers cu ON cu.id = c.customer_id`

func scanConv(row interface{ Scan(...any) error }) (Conversation, error) {
	var c Conversation
	var cust, tick, cont, csat, by sql.NullInt64
	var test int
	var state string
	var started, last, ended int64
	err := row.Scan(&c.ID, &c.Channel, &c.Lang, &c.ExternalRef, &cust, &c.CustomerName, &c.customerPhone, &test, &c.Status, &c.Outcome, &c.HandoffReason,
		&tick, &cont, &c.Summary, &state, &c.Answers, &c.Failures, &csat, &c.CSATComment, &by, &started, &last, &ended, &c.Version, &c.FirstMessage)
	if err != nil {
		return c, err
	}
	c.Test = test == 1
	c.CustomerID, c.TicketID, c.ContactID, c.StartedBy = ptr(cust), ptr(tick), ptr(cont), ptr(by)
	if c.TicketID != nil {
		c.TicketNumber = ticket.Number(*c.TicketID)
	}
	if csat.Valid {
		v := int(csat.Int64)
		c.CSAT = &v
	}
	c.StartedAt, c.LastAt = db.Time(started), db.Time(last)
	if ended != 0 {
		t := db.Time(ended)
		c.EndedAt = &t
	}
	_ = json.Unmarshal([]byte(state), &c.state)
	return c, nil
}

func ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

func (s *Service) get(ctx context.Context, q db.Querier, id int64) (Conversation, error) {
	c, err := scanConv(q.QueryRow(ctx, `SELECT `+convCols+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("conversation")
	}
	return c, apperr.Wrap(err, "bot: get")
}

func insertMessage(ctx context.Context, tx *db.Tx, convID int64, role, kind, text string, sources []Source, options []Option, confidence float64, question string, at int64) (int64, error) {
	if sources == nil {
		sources = []Source{}
	}
	if options == nil {
		options = []Option{}
	}
	src, _ := json.Marshal(sources)
	opts, _ := json.Marshal(options)
	return db.InsertID(ctx, tx, `INSERT INTO bot_messages (conversation_id, role, kind, text, sources, options, confidence, question, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		convID, role, kind, text, string(src), string(opts), confidence, question, at)
}

func (s *Service) messages(ctx context.Context, q db.Querier, convID int64) ([]StoredMessage, error) {
	rows, err := q.Query(ctx, `SELECT id, role, kind, text, sources, options, confidence, helpful, created_at FROM bot_messages WHERE conversation_id = $1 ORDER BY id`, convID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StoredMessage{}
	for rows.Next() {
		var m StoredMessage
		var src, opts string
		var helpful sql.NullInt64
		var at int64
		if err := rows.Scan(&m.ID, &m.Role, &m.Kind, &m.Text, &src, &opts, &m.Confidence, &helpful, &at); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(src), &m.Sources)
		_ = json.Unmarshal([]byte(opts), &m.Options)
		if m.Sources == nil {
			m.Sources = []Source{}
		}
		if m.Options == nil {
			m.Options = []Option{}
		}
		if helpful.Valid {
			h := helpful.Int64 == 1
			m.Helpful = &h
		}
		m.CreatedAt = db.Time(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// reply answers a customer-side call: the last bot message and the
// conversation (without its messages: the channel has them).
func (s *Service) reply(ctx context.Context, id int64, reason string) (Reply, error) {
	q := s.db.Reader()
	conv, err := s.get(ctx, q, id)
	if err != nil {
		return Reply{}, err
	}
	msgs, err := s.messages(ctx, q, id)
	if err != nil {
		return Reply{}, apperr.Wrap(err, "bot: reply")
	}
	out := Reply{Conversation: conv, Reason: reason}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "bot" {
			out.Message = msgs[i]
			break
		}
	}
	return out, nil
}

// Get returns a conversation with its messages. Integrations see only the
// conversations they started.
func (s *Service) Get(ctx context.Context, id int64, by Actor) (Conversation, error) {
	q := s.db.Reader()
	conv, err := s.get(ctx, q, id)
	if err != nil {
		return conv, err
	}
	if !by.ReadAll && (conv.StartedBy == nil || *conv.StartedBy != by.ID) {
		return Conversation{}, apperr.NotFoundf("conversation")
	}
	conv.Messages, err = s.messages(ctx, q, id)
	return conv, apperr.Wrap(err, "bot: get")
}

// Filter selects conversations for the transcripts list.
type Filter struct {
	Outcome  string // contained, handed_off, abandoned, open
	Reason   string
	TicketID int64
	Test     *bool // nil: both
	Before   int64 // cursor: ids below this
	Limit    int
}

// Outcomes a filter may ask for.
var Outcomes = []string{OutcomeContained, OutcomeHandedOff, OutcomeAbandoned, StatusOpen}

// List returns conversations newest first, with the first customer
// question as a preview in Summary when there is no hand-off summary.
func (s *Service) List(ctx context.Context, f Filter) ([]Conversation, string, error) {
	var fe apperr.Fields
	fe.OneOf("query.outcome", f.Outcome, false, Outcomes...)
	fe.OneOf("query.reason", f.Reason, false, HandoffReasons...)
	if err := fe.Err(); err != nil {
		return nil, "", err
	}
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	switch f.Outcome {
	case "":
	case StatusOpen:
		where = append(where, "c.status = "+arg(StatusOpen))
	default:
		where = append(where, "c.outcome = "+arg(f.Outcome))
	}
	if f.Reason != "" {
		where = append(where, "c.handoff_reason = "+arg(f.Reason))
	}
	if f.TicketID != 0 {
		where = append(where, "c.ticket_id = "+arg(f.TicketID))
	}
	if f.Test != nil {
		where = append(where, "c.test = "+arg(boolInt(*f.Test)))
	}
	if f.Before > 0 {
		where = append(where, "c.id < "+arg(f.Before))
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
	rows, err := q.Query(ctx, `SELECT `+convCols+w+` ORDER BY c.id DESC LIMIT `+arg(limit+1), args...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "bot: list")
	}
	defer rows.Close()
	out := []Conversation{}
	for rows.Next() {
		c, err := scanConv(rows)
		if err != nil {
			return nil, "", apperr.Wrap(err, "bot: list")
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", apperr.Wrap(err, "bot: list")
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = strconv.FormatInt(out[limit-1].ID, 10)
	}
	return out, next, nil
}

// ByTicket returns the conversations handed off into a ticket, with
// messages (the ticket view's context panel).
func (s *Service) ByTicket(ctx context.Context, ticketID int64) ([]Conversation, error) {
	list, _, err := s.List(ctx, Filter{TicketID: ticketID, Limit: 10})
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Messages, err = s.messages(ctx, s.db.Reader(), list[i].ID); err != nil {
			return nil, apperr.Wrap(err, "bot: by ticket")
		}
	}
	return list, nil
}
