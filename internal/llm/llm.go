// Package llm is kefu's optional large-model provider: an OpenAI-compatible
// endpoint, typically served inside the customer's own network, for ticket
// summaries and reply drafts. It is off unless a URL is configured; personal
// data is replaced by placeholders before anything is sent, and every call is
// logged as sent. Nothing else in kefu depends on it.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// Service runs summaries and drafts and keeps the call log.
type Service struct {
	db     *db.DB
	client *Client
	model  string
	log    *slog.Logger
	now    func() time.Time
}

// New returns the service; with an empty cfg.URL it answers "not enabled".
func New(d *db.DB, cfg Config, log *slog.Logger) *Service {
	return &Service{db: d, client: NewClient(cfg), model: cfg.Model, log: log, now: time.Now}
}

// Status tells the console whether to offer the model's help.
type Status struct {
	Enabled bool   `json:"enabled"`
	Model   string `json:"model"`
}

// Status reports whether a provider is configured.
func (s *Service) Status() Status {
	if s.client == nil {
		return Status{}
	}
	return Status{Enabled: true, Model: s.model}
}

// Result is a model's answer as shown to the agent.
type Result struct {
	Text       string `json:"text"`
	CallID     int64  `json:"call_id"`
	Model      string `json:"model"`
	Redactions int    `json:"redactions"` // personal values hidden from the model
}

// Run sends a summary or draft request about a ticket and logs the call.
// userID and ticketID are for the log.
func (s *Service) Run(ctx context.Context, purpose, lang string, c Case, instruction string, userID, ticketID int64) (Result, error) {
	if s.client == nil {
		return Result{}, apperr.New(apperr.NotFound, "err.llm.disabled")
	}
	red := NewRedaction(c.Customer)
	msgs := BuildMessages(purpose, lang, c, instruction, red)
	maxTokens := 600
	if purpose == PurposeSummary {
		maxTokens = 400
	}
	start := s.now()
	ans, err := s.client.Chat(ctx, msgs, maxTokens)
	call := Call{Purpose: purpose, UserID: userID, TicketID: ticketID, Model: ans.Model, Messages: msgs,
		Response: ans.Content, Status: "ok", Redactions: red.Count(), PromptTokens: ans.PromptTokens,
		CompletionTokens: ans.CompletionTokens, LatencyMS: s.now().Sub(start).Milliseconds(), CreatedAt: start}
	if call.Model == "" {
		call.Model = s.model
	}
	if err != nil {
		call.Status, call.Error = "error", err.Error()
		if errors.Is(err, ErrBusy) {
			call.Status = "busy"
		}
	}
	// The log is written even when the caller has gone: the request left.
	id, logErr := s.record(context.WithoutCancel(ctx), call)
	if logErr != nil {
		s.log.Error("llm: could not log a call", "err", logErr)
	}
	switch {
	case errors.Is(err, ErrBusy):
		return Result{}, apperr.New(apperr.RateLimited, "err.llm.busy")
	case err != nil:
		s.log.Warn("llm: call failed", "purpose", purpose, "err", err)
		return Result{}, &apperr.Error{Code: apperr.Unavailable, Key: "err.llm.upstream", Err: err}
	case logErr != nil:
		// Unlogged answers are not shown: every call must be accountable.
		return Result{}, apperr.Wrap(logErr, "llm: log call")
	}
	return Result{Text: red.Restore(ans.Content), CallID: id, Model: call.Model, Redactions: call.Redactions}, nil
}

// Call is one entry of the call log.
type Call struct {
	ID               int64     `json:"id"`
	Purpose          string    `json:"purpose"`
	UserID           int64     `json:"user_id"`
	TicketID         int64     `json:"ticket_id"`
	Model            string    `json:"model"`
	Messages         []Message `json:"messages"` // as sent, with placeholders
	Response         string    `json:"response"` // as received, before placeholders were filled
	Status           string    `json:"status"`   // ok, error, busy
	Error            string    `json:"error"`
	Redactions       int       `json:"redactions"`
	PromptTokens     int       `json:"prompt_tokens"`
	CompletionTokens int       `json:"completion_tokens"`
	LatencyMS        int64     `json:"latency_ms"`
	CreatedAt        time.Time `json:"created_at"`
}

func (s *Service) record(ctx context.Context, c Call) (int64, error) {
	req, err := json.Marshal(c.Messages)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		id, err = db.InsertID(ctx, tx, `INSERT INTO llm_calls (purpose, user_id, ticket_id, model, request, response, status, error, redactions, prompt_tokens, completion_tokens, latency_ms, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			c.Purpose, db.NullID(c.UserID), db.NullID(c.TicketID), c.Model, string(req), c.Response, c.Status, clip(c.Error, 1000),
			c.Redactions, c.PromptTokens, c.CompletionTokens, c.LatencyMS, db.Millis(c.CreatedAt))
		return err
	})
	return id, err
}

// Calls returns the newest calls, before the id cursor when it is not 0;
// ticketID, when not 0, keeps one ticket's calls.
func (s *Service) Calls(ctx context.Context, before, ticketID int64, limit int) ([]Call, error) {
	q := `SELECT id, purpose, COALESCE(user_id, 0), COALESCE(ticket_id, 0), model, request, response, status, error, redactions, prompt_tokens, completion_tokens, latency_ms, created_at FROM llm_calls WHERE ($1 = 0 OR id < $1) AND ($2 = 0 OR ticket_id = $2) ORDER BY id DESC LIMIT $3`
	rows, err := s.db.Reader().Query(ctx, q, before, ticketID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "llm: calls")
	}
	defer rows.Close()
	out := []Call{}
	for rows.Next() {
		var c Call
		var req string
		var at int64
		if err := rows.Scan(&c.ID, &c.Purpose, &c.UserID, &c.TicketID, &c.Model, &req, &c.Response, &c.Status, &c.Error, &c.Redactions, &c.PromptTokens, &c.CompletionTokens, &c.LatencyMS, &at); err != nil {
			return nil, apperr.Wrap(err, "llm: calls")
		}
		if err := json.Unmarshal([]byte(req), &c.Messages); err != nil {
			return nil, apperr.Wrap(err, "llm: calls")
		}
		c.CreatedAt = db.Time(at)
		out = append(out, c)
	}
	return out, apperr.Wrap(rows.Err(), "llm: calls")
}
