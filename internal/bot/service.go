package bot

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/customer"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/i18n"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Knowledge is what the bot may answer from: published public articles and
// approved scripts only.
type Knowledge interface {
	// Search returns candidates for a question, best first.
	Search(ctx context.Context, text string, lang i18n.Lang, limit int) ([]Candidate, error)
	// Get returns one item to answer a picked option with; ok is false
	// when it is no longer published or approved.
	Get(ctx context.Context, kind string, id int64) (c Candidate, ok bool, err error)
	// Generation changes whenever the items change (for the classifier).
	Generation(ctx context.Context) (int64, error)
	// All returns every item the bot may use (to train the classifier).
	All(ctx context.Context) ([]Candidate, error)
}

// AnswerFeedback is a customer's verdict on an answer, for the item's
// usefulness in the knowledge base.
type AnswerFeedback struct {
	Kind    string
	ID      int64
	Number  int
	Helpful bool
	Comment string
}

// FeedbackSink records answer feedback in the knowledge base, inside the
// bot's transaction so that both commit or neither.
type FeedbackSink interface {
	RecordTx(ctx context.Context, tx *db.Tx, f AnswerFeedback) error
}

// Tickets is what a hand-off needs of the ticket service.
type Tickets interface {
	CreateTx(ctx context.Context, tx *db.Tx, in ticket.Input, by ticket.Actor) (ticket.Ticket, error)
	AddEventTx(ctx context.Context, tx *db.Tx, id int64, kind string, actor int64, body string, data map[string]any) error
	Notify()
}

// Contacts is what a hand-off needs of the contact service.
type Contacts interface {
	CreateTx(ctx context.Context, tx *db.Tx, in contact.Input, agentID int64, now time.Time) (int64, error)
}

// Promiser gives the reply time the SLA policy promises for a new ticket
// (zero time: none).
type Promiser func(ctx context.Context, ticketID int64) (time.Time, error)

// EmotionScorer scores a customer's message; ok false when it cannot.
type EmotionScorer interface {
	Score(text string) (e Emotion, ok bool)
}

// Limits bound what a customer may send.
type Limits struct {
	MaxText     int           // runes per message (default 1000)
	MaxMessages int           // customer messages per conversation (default 100)
	PerMinute   int           // customer messages per minute per conversation (default 20)
	IdleAfter   time.Duration // an open conversation idle this long counts as ended (default 30 min)
}

// Options configure the service.
type Options struct {
	Policy   Policy
	Limits   Limits
	Feedback FeedbackSink  // nil: feedback stays with the bot
	Promise  Promiser      // nil: no promised time is told
	Emotion  EmotionScorer // nil: the rule lists alone
	Zone     *time.Location
	Log      *slog.Logger
}

// Service runs conversations.
type Service struct {
	db        *db.DB
	knowledge Knowledge
	tickets   Tickets
	contacts  Contacts
	opt       Options
	now       func() time.Time

	mu       sync.Mutex
	cls      *Classifier
	clsGen   int64
	training bool
}

// New returns the bot service.
func New(d *db.DB, k Knowledge, t Tickets, c Contacts, o Options) *Service {
	l := &o.Limits
	if l.MaxText == 0 {
		l.MaxText = 1000
	}
	if l.MaxMessages == 0 {
		l.MaxMessages = 100
	}
	if l.PerMinute == 0 {
		l.PerMinute = 20
	}
	if l.IdleAfter == 0 {
		l.IdleAfter = 30 * time.Minute
	}
	if o.Zone == nil {
		o.Zone, _ = time.LoadLocation("Asia/Shanghai")
		if o.Zone == nil {
			o.Zone = time.FixedZone("CST", 8*3600)
		}
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &Service{db: d, knowledge: k, tickets: t, contacts: c, opt: o, now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Channels a conversation may come from (a subset of the contact channels,
// so that a hand-off logs the contact on the same channel).
var Channels = []string{"chat", "web", "other"}

// Statuses and outcomes.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"

	OutcomeContained = "contained"
	OutcomeHandedOff = "handed_off"
	OutcomeAbandoned = "abandoned"
)

// Actor is who calls: the integration account (or a console user testing).
type Actor struct {
	ID   int64
	Name string
	// ReadAll lets the caller act on conversations others started
	// (supervisors reading transcripts); integrations act only on theirs.
	ReadAll bool
}

// Conversation is one customer's session with the bot.
type Conversation struct {
	ID            int64           `json:"id"`
	Channel       string          `json:"channel"`
	Lang          string          `json:"lang"`
	ExternalRef   string          `json:"external_ref"`
	CustomerID    *int64          `json:"customer_id"`
	CustomerName  string          `json:"customer_name"`
	Test          bool            `json:"test"`
	Status        string          `json:"status"`
	Outcome       string          `json:"outcome" doc:"contained, handed_off, abandoned; empty while open"`
	HandoffReason string          `json:"handoff_reason"`
	TicketID      *int64          `json:"ticket_id"`
	TicketNumber  string          `json:"ticket_number"`
	ContactID     *int64          `json:"contact_id"`
	Summary       string          `json:"summary" doc:"the hand-off summary"`
	FirstMessage  string          `json:"first_message" doc:"the customer's first message (a preview)"`
	Answers       int             `json:"answers"`
	Failures      int             `json:"failures"`
	CSAT          *int            `json:"csat"`
	CSATComment   string          `json:"csat_comment"`
	StartedBy     *int64          `json:"started_by"`
	StartedAt     time.Time       `json:"started_at"`
	LastAt        time.Time       `json:"last_at"`
	EndedAt       *time.Time      `json:"ended_at"`
	Version       int             `json:"version"`
	Messages      []StoredMessage `json:"messages,omitempty"`
	state         State
	customerPhone string
}

// StoredMessage is one turn as stored.
type StoredMessage struct {
	ID         int64     `json:"id"`
	Role       string    `json:"role" doc:"customer or bot"`
	Kind       string    `json:"kind" doc:"message (customer), welcome, answer, clarify, unknown, handoff, smalltalk, notice"`
	Text       string    `json:"text"`
	Sources    []Source  `json:"sources"`
	Options    []Option  `json:"options"`
	Confidence float64   `json:"confidence"`
	Helpful    *bool     `json:"helpful"`
	CreatedAt  time.Time `json:"created_at"`
}

// Reply is what a customer-side call answers: the bot's message and the
// conversation after it.
type Reply struct {
	Message      StoredMessage `json:"message"`
	Reason       string        `json:"reason,omitempty" doc:"hand-off reason, when the bot handed off"`
	Conversation Conversation  `json:"conversation"`
}

// StartInput opens a conversation.
type StartInput struct {
	Channel       string `json:"channel,omitempty" doc:"chat (default), web or other"`
	Lang          string `json:"lang,omitempty" doc:"zh-CN or en; default the caller's Accept-Language"`
	ExternalRef   string `json:"external_ref,omitempty" maxLength:"200" doc:"the integration's own session id"`
	CustomerID    *int64 `json:"customer_id,omitempty" doc:"the customer, when the channel knows them"`
	CustomerName  string `json:"customer_name,omitempty" maxLength:"100"`
	CustomerPhone string `json:"customer_phone,omitempty" maxLength:"40" doc:"used at hand-off to find or create the customer"`
	Test          bool   `json:"test,omitempty" doc:"a console test chat: left out of the report"`
}

// Start opens a conversation and says welcome.
func (s *Service) Start(ctx context.Context, in StartInput, lang i18n.Lang, by Actor) (Reply, error) {
	var f apperr.Fields
	if in.Channel == "" {
		in.Channel = "chat"
	}
	f.OneOf("body.channel", in.Channel, true, Channels...)
	if in.Lang == "" {
		in.Lang = string(lang)
	}
	f.OneOf("body.lang", in.Lang, true, string(i18n.ZH), string(i18n.EN))
	in.ExternalRef = f.Text("body.external_ref", in.ExternalRef, false, 200)
	in.CustomerName = f.Text("body.customer_name", in.CustomerName, false, 100)
	if strings.TrimSpace(in.CustomerPhone) != "" {
		in.CustomerPhone = f.Phone("body.customer_phone", in.CustomerPhone)
	}
	if err := f.Err(); err != nil {
		return Reply{}, err
	}
	now := db.Millis(s.now())
	var id int64
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if in.CustomerID != nil {
			var one int
			err := tx.QueryRow(ctx, `SELECT 1 FROM customers WHERE id = $1`, *in.CustomerID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.Field("body.customer_id", "field.unknown")
			}
			if err != nil {
				return err
			}
		}
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO bot_conversations (channel, lang, external_ref, customer_id, customer_name, customer_phone, test, status, started_by, started_at, last_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			in.Channel, in.Lang, in.ExternalRef, in.CustomerID, in.CustomerName, in.CustomerPhone, boolInt(in.Test), StatusOpen, db.NullID(by.ID), now)
		if err != nil {
			return err
		}
		_, err = insertMessage(ctx, tx, id, "bot", "welcome", Welcome(i18n.Lang(in.Lang)), nil, nil, 0, "", now)
		return err
	})
	if err != nil {
		return Reply{}, apperr.Wrap(err, "bot: start")
	}
	return s.reply(ctx, id, "")
}

// Send handles one customer message and returns the bot's reply.
func (s *Service) Send(ctx context.Context, id int64, text string, by Actor) (Reply, error) {
	var f apperr.Fields
	text = f.Text("body.text", text, true, s.opt.Limits.MaxText)
	if err := f.Err(); err != nil {
		return Reply{}, err
	}
	conv, err := s.open(ctx, id, by)
	if err != nil {
		return Reply{}, err
	}
	lang := i18n.Lang(conv.Lang)
	var d Decision
	if opt, ok := PickOption(text, conv.state.Pending); ok {
		d, err = s.answerOption(ctx, conv, opt)
	} else {
		d, err = s.decide(ctx, conv, text, lang)
	}
	if err != nil {
		return Reply{}, err
	}
	return s.commit(ctx, conv, text, d, by)
}

// Pick answers a clarifying question's option by its number.
func (s *Service) Pick(ctx context.Context, id int64, n int, by Actor) (Reply, error) {
	conv, err := s.open(ctx, id, by)
	if err != nil {
		return Reply{}, err
	}
	for _, o := range conv.state.Pending {
		if o.N == n {
			d, err := s.answerOption(ctx, conv, o)
			if err != nil {
				return Reply{}, err
			}
			return s.commit(ctx, conv, circled[o.N-1]+" "+o.Title, d, by)
		}
	}
	return Reply{}, apperr.Field("body.option", "field.bot_no_option")
}

// RequestHandoff hands the conversation to a person at the customer's
// request (a "talk to a person" button).
func (s *Service) RequestHandoff(ctx context.Context, id int64, by Actor) (Reply, error) {
	conv, err := s.open(ctx, id, by)
	if err != nil {
		return Reply{}, err
	}
	d := s.opt.Policy.Handoff(i18n.Lang(conv.Lang), conv.state, ReasonRequested)
	return s.commit(ctx, conv, "", d, by)
}

func (s *Service) answerOption(ctx context.Context, conv Conversation, o Option) (Decision, error) {
	c, ok, err := s.knowledge.Get(ctx, o.Kind, o.ID)
	if err != nil {
		return Decision{}, apperr.Wrap(err, "bot: knowledge")
	}
	lang := i18n.Lang(conv.Lang)
	if !ok { // unpublished since it was offered
		return s.opt.Policy.unknown(lang, conv.state, conv.state.Asked, 0), nil
	}
	m := MatchCandidate(conv.state.Asked, c)
	return s.opt.Policy.Answer(lang, conv.state, c, m, conv.state.Asked), nil
}

// candidateLimit is how many search hits the policy ranks.
const candidateLimit = 8

func (s *Service) decide(ctx context.Context, conv Conversation, text string, lang i18n.Lang) (Decision, error) {
	t := Turn{Text: text, Lang: lang, State: conv.state}
	if s.opt.Emotion != nil {
		if e, ok := s.opt.Emotion.Score(text); ok {
			t.Emotion = &e
		}
	}
	if HasContent(text) {
		cands, err := s.knowledge.Search(ctx, text, LangOf(text), candidateLimit)
		if err != nil {
			return Decision{}, apperr.Wrap(err, "bot: search")
		}
		t.Candidates = s.classifier(ctx).WithPriors(text, cands)
	}
	return s.opt.Policy.Decide(t), nil
}

// classifier returns the current item classifier, training it the first
// time in the caller and afterwards in the background when the knowledge
// changed; until then the previous one serves.
func (s *Service) classifier(ctx context.Context) *Classifier {
	gen, err := s.knowledge.Generation(ctx)
	if err != nil {
		s.opt.Log.Warn("bot: knowledge generation", "err", err)
		gen = -1
	}
	s.mu.Lock()
	cls, cur, busy := s.cls, s.clsGen, s.training
	stale := gen >= 0 && (cls == nil || gen != cur)
	if stale && !busy {
		s.training = true
	}
	s.mu.Unlock()
	if !stale || busy {
		return cls
	}
	train := func(ctx context.Context) *Classifier {
		defer func() { s.mu.Lock(); s.training = false; s.mu.Unlock() }()
		items, err := s.knowledge.All(ctx)
		if err != nil {
			s.opt.Log.Warn("bot: load knowledge", "err", err)
			return nil
		}
		c, err := TrainClassifier(items)
		if err != nil {
			s.opt.Log.Warn("bot: train classifier", "err", err)
			return nil
		}
		s.mu.Lock()
		s.cls, s.clsGen = c, gen
		s.mu.Unlock()
		return c
	}
	if cls == nil {
		return train(ctx)
	}
	go train(context.WithoutCancel(ctx))
	return cls
}

// RefreshClassifier retrains now (tests, and after a bulk knowledge load).
func (s *Service) RefreshClassifier(ctx context.Context) error {
	items, err := s.knowledge.All(ctx)
	if err != nil {
		return err
	}
	gen, err := s.knowledge.Generation(ctx)
	if err != nil {
		return err
	}
	c, err := TrainClassifier(items)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.cls, s.clsGen = c, gen
	s.mu.Unlock()
	return nil
}

// open loads a conversation the caller may act on and that is still open.
func (s *Service) open(ctx context.Context, id int64, by Actor) (Conversation, error) {
	conv, err := s.get(ctx, s.db.Reader(), id)
	if err != nil {
		return conv, err
	}
	if !by.ReadAll && (conv.StartedBy == nil || *conv.StartedBy != by.ID) {
		return Conversation{}, apperr.NotFoundf("conversation")
	}
	if conv.Status != StatusOpen {
		return Conversation{}, &apperr.Error{Code: apperr.Conflict, Key: "err.bot.ended", Current: conv}
	}
	return conv, nil
}

// commit writes the customer's message (when text is not empty), the
// bot's reply and the conversation's new state in one transaction, with
// the hand-off's contact and ticket when the reply hands off. A concurrent
// message on the same conversation loses with 409.
func (s *Service) commit(ctx context.Context, conv Conversation, text string, d Decision, by Actor) (Reply, error) {
	nowT := s.now()
	now := db.Millis(nowT)
	lang := i18n.Lang(conv.Lang)
	var ticketID int64
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if text != "" {
			if err := s.checkRate(ctx, tx, conv.ID, now); err != nil {
				return err
			}
			if _, err := insertMessage(ctx, tx, conv.ID, "customer", KindMessage, text, nil, nil, 0, "", now); err != nil {
				return err
			}
		}
		msgID, err := insertMessage(ctx, tx, conv.ID, "bot", d.Kind, d.Text, d.Sources, d.Options, d.Confidence, normQuestion(d.Question), now)
		if err != nil {
			return err
		}
		st, _ := json.Marshal(d.State)
		answers := conv.Answers
		if d.Kind == KindAnswer {
			answers++
		}
		res, err := tx.Exec(ctx, `UPDATE bot_conversations SET state = $1, answers = $2, failures = $3, last_at = $4, version = version + 1 WHERE id = $5 AND version = $6`,
			string(st), answers, d.State.Failures, now, conv.ID, conv.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			cur, err := s.get(ctx, tx, conv.ID)
			if err != nil {
				return err
			}
			return apperr.ConflictWith(cur)
		}
		// A hand-off's ticket publishes its own event for the agents'
		// consoles; no console follows a conversation live.
		if d.Kind == KindHandoff {
			ticketID, err = s.handOffTx(ctx, tx, conv.ID, d.Reason, msgID, lang, nowT, by)
		}
		return err
	})
	if err != nil {
		return Reply{}, apperr.Wrap(err, "bot: message")
	}
	if ticketID != 0 {
		s.tickets.Notify()
		s.tellPromise(ctx, conv.ID, ticketID, lang)
	}
	return s.reply(ctx, conv.ID, d.Reason)
}

// checkRate bounds a conversation's customer messages, per minute and in all.
func (s *Service) checkRate(ctx context.Context, tx *db.Tx, id, now int64) error {
	var total, recent int
	err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN created_at > $2 THEN 1 ELSE 0 END), 0) FROM bot_messages WHERE conversation_id = $1 AND role = 'customer'`,
		id, now-60_000).Scan(&total, &recent)
	if err != nil {
		return err
	}
	if recent >= s.opt.Limits.PerMinute {
		return apperr.New(apperr.RateLimited, "err.bot.rate")
	}
	if total >= s.opt.Limits.MaxMessages {
		return apperr.Field("body.text", "field.bot_too_many_messages", s.opt.Limits.MaxMessages)
	}
	return nil
}

// tellPromise adds the promised reply time, when the SLA policy gives one,
// to the hand-off message (after commit: the SLA clocks start with the ticket).
func (s *Service) tellPromise(ctx context.Context, convID, ticketID int64, lang i18n.Lang) {
	if s.opt.Promise == nil {
		return
	}
	at, err := s.opt.Promise(ctx, ticketID)
	if err != nil || at.IsZero() {
		if err != nil {
			s.opt.Log.Warn("bot: promised reply time", "ticket", ticketID, "err", err)
		}
		return
	}
	line := sentenceGap(lang) + i18n.T(lang, "bot.handoff.promise", formatTime(at.In(s.opt.Zone), lang))
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE bot_messages SET text = text || $1 WHERE id = (SELECT MAX(id) FROM bot_messages WHERE conversation_id = $2 AND kind = 'handoff')`, line, convID)
		return err
	})
	if err != nil {
		s.opt.Log.Warn("bot: promised reply time", "ticket", ticketID, "err", err)
	}
}

// sentenceGap joins two sentences: Chinese needs no space after 。
func sentenceGap(lang i18n.Lang) string {
	if lang == i18n.EN {
		return " "
	}
	return ""
}

func formatTime(t time.Time, lang i18n.Lang) string {
	if lang == i18n.EN {
		return t.Format("2 Jan 15:04")
	}
	return t.Format("1月2日 15:04")
}

// handOffTx logs the conversation as a chat contact and opens a ticket for
// the first-line team with the summary and transcript, links both to the
// conversation and marks it handed off.
func (s *Service) handOffTx(ctx context.Context, tx *db.Tx, convID int64, reason string, msgID int64, lang i18n.Lang, now time.Time, by Actor) (int64, error) {
	conv, err := s.get(ctx, tx, convID)
	if err != nil {
		return 0, err
	}
	msgs, err := s.messages(ctx, tx, convID)
	if err != nil {
		return 0, err
	}
	plain := make([]Message, len(msgs))
	for i, m := range msgs {
		plain[i] = Message{Role: m.Role, Kind: m.Kind, Text: m.Text, Sources: m.Sources, Helpful: m.Helpful}
	}
	summary := Summary(lang, plain, reason)
	custID, err := s.customerFor(ctx, tx, conv, now)
	if err != nil {
		return 0, err
	}
	svc, prio := "consultation", "normal"
	switch reason {
	case ReasonComplaint:
		svc, prio = "complaint", "high"
	case ReasonEmotion, ReasonAbuse:
		prio = "high"
	case ReasonSensitive:
		svc = "help"
	}
	reasonID := lastReason(ctx, s.knowledge, msgs)
	var turns []contact.Turn
	var transcript strings.Builder
	for _, m := range msgs {
		speaker, who := "customer", i18n.T(lang, "bot.ticket.customer")
		if m.Role == "bot" {
			speaker, who = "bot", i18n.T(lang, "bot.ticket.bot")
		}
		turns = append(turns, contact.Turn{Speaker: speaker, OffsetMS: m.CreatedAt.Sub(conv.StartedAt).Milliseconds(), Text: clip(m.Text, 4000)})
		transcript.WriteString(who + ":" + m.Text + "\n")
	}
	started := conv.StartedAt
	contactID, err := s.contacts.CreateTx(ctx, tx, contact.Input{
		CustomerID: custID, Channel: conv.Channel, StartedAt: &started, EndedAt: &now,
		ServiceType: svc, ReasonID: reasonID, Summary: clip(summary, 4000), Transcript: turns,
	}, 0, now)
	if err != nil {
		return 0, err
	}
	team, err := firstServiceTeam(ctx, tx)
	if err != nil {
		return 0, err
	}
	first := firstQuestion(plain)
	if first == "" {
		first = i18n.T(lang, "bot.reason."+reason)
	}
	// The description is what an agent reads first and what the ticket
	// search indexes: the summary and the conversation as plain lines (the
	// ticket's bot panel shows the same conversation as a chat).
	desc := summary + "\n\n" + i18n.T(lang, "bot.ticket.transcript") + "\n" + transcript.String()
	actor := ticket.Actor{ID: by.ID, Name: by.Name}
	t, err := s.tickets.CreateTx(ctx, tx, ticket.Input{
		Subject: clip(i18n.T(lang, "bot.ticket.subject", clip(first, 60)), 200), Description: clip(desc, 20000),
		CustomerID: custID, ContactID: &contactID, ServiceType: svc, ReasonID: reasonID, Priority: prio, TeamID: team,
	}, actor)
	if err != nil {
		return 0, err
	}
	if err := s.tickets.AddEventTx(ctx, tx, t.ID, "bot_handoff", by.ID, summary, map[string]any{"conversation_id": convID, "reason": reason}); err != nil {
		return 0, err
	}
	nowMS := db.Millis(now)
	line := sentenceGap(lang) + i18n.T(lang, "bot.handoff.ticket", t.Number)
	if _, err := tx.Exec(ctx, `UPDATE bot_messages SET text = text || $1 WHERE id = $2`, line, msgID); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `UPDATE bot_conversations SET status = $1, outcome = $2, handoff_reason = $3, ticket_id = $4, contact_id = $5, customer_id = $6, summary = $7, ended_at = $8 WHERE id = $9`,
		StatusClosed, OutcomeHandedOff, reason, t.ID, contactID, custID, summary, nowMS, convID)
	return t.ID, err
}

// customerFor finds the conversation's customer: the one given at start, or
// the one with its phone number, or a new one when a phone or name is known;
// nil keeps the contact anonymous.
func (s *Service) customerFor(ctx context.Context, tx *db.Tx, conv Conversation, now time.Time) (*int64, error) {
	if conv.CustomerID != nil {
		return conv.CustomerID, nil
	}
	if conv.customerPhone != "" {
		id, ok, err := customer.IDByPhone(ctx, tx, conv.customerPhone)
		if err != nil || ok {
			return &id, err
		}
	}
	if conv.customerPhone == "" && conv.CustomerName == "" {
		return nil, nil
	}
	in := customer.Input{Name: conv.CustomerName}
	if in.Name == "" {
		in.Name = customer.MaskPhone(conv.customerPhone)
	}
	if conv.customerPhone != "" {
		in.Phones = []string{conv.customerPhone}
	}
	c, err := customer.CreateTx(ctx, tx, in, now)
	if err != nil {
		return nil, err
	}
	return &c.ID, nil
}

func firstServiceTeam(ctx context.Context, q db.Querier) (*int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM teams WHERE kind = 'service' ORDER BY id LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// lastReason is the contact reason of the last item the bot answered with.
func lastReason(ctx context.Context, k Knowledge, msgs []StoredMessage) *int64 {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Kind != KindAnswer || len(msgs[i].Sources) == 0 {
			continue
		}
		src := msgs[i].Sources[0]
		if c, ok, err := k.Get(ctx, src.Kind, src.ID); err == nil && ok && c.ReasonID != nil {
			return c.ReasonID
		}
		return nil
	}
	return nil
}

func firstQuestion(msgs []Message) string {
	for _, m := range msgs {
		if m.Role == "customer" && HasContentBeyondSmallTalk(m.Text) && !Detect(m.Text, 0).Human {
			return strings.Join(strings.Fields(m.Text), " ")
		}
	}
	return ""
}

// normQuestion is the form unanswered questions are grouped by.
func normQuestion(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	q = strings.TrimRight(q, "??!!。.,,~~ ")
	return clip(q, 200)
}

// RateInput is the customer's satisfaction rating.
type RateInput struct {
	Score   int    `json:"score" minimum:"1" maximum:"5" doc:"CSAT 1–5"`
	Comment string `json:"comment,omitempty" maxLength:"500"`
}

// Rate records the CSAT of a conversation (once) and ends it when open.
func (s *Service) Rate(ctx context.Context, id int64, in RateInput, by Actor) (Reply, error) {
	var f apperr.Fields
	if in.Score < 1 || in.Score > 5 {
		f.Add("body.score", "field.between", 1, 5)
	}
	in.Comment = f.Text("body.comment", in.Comment, false, 500)
	if err := f.Err(); err != nil {
		return Reply{}, err
	}
	conv, err := s.get(ctx, s.db.Reader(), id)
	if err != nil {
		return Reply{}, err
	}
	if !by.ReadAll && (conv.StartedBy == nil || *conv.StartedBy != by.ID) {
		return Reply{}, apperr.NotFoundf("conversation")
	}
	if conv.CSAT != nil {
		return Reply{}, apperr.Field("body.score", "field.bot_already_rated")
	}
	now := db.Millis(s.now())
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE bot_conversations SET csat = $1, csat_comment = $2, version = version + 1 WHERE id = $3 AND version = $4 AND csat IS NULL`,
			in.Score, in.Comment, id, conv.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			cur, err := s.get(ctx, tx, id)
			if err != nil {
				return err
			}
			return apperr.ConflictWith(cur)
		}
		if conv.Status == StatusOpen {
			if err := endTx(ctx, tx, conv, now); err != nil {
				return err
			}
		}
		_, err = insertMessage(ctx, tx, id, "bot", "notice", i18n.T(i18n.Lang(conv.Lang), "bot.rated"), nil, nil, 0, "", now)
		return err
	})
	if err != nil {
		return Reply{}, apperr.Wrap(err, "bot: rate")
	}
	return s.reply(ctx, id, "")
}

// End closes an open conversation: contained when the bot answered, else
// abandoned.
func (s *Service) End(ctx context.Context, id int64, by Actor) (Reply, error) {
	conv, err := s.open(ctx, id, by)
	if err != nil {
		return Reply{}, err
	}
	now := db.Millis(s.now())
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if err := endTx(ctx, tx, conv, now); err != nil {
			return err
		}
		_, err := insertMessage(ctx, tx, id, "bot", "notice", i18n.T(i18n.Lang(conv.Lang), "bot.ended"), nil, nil, 0, "", now)
		return err
	})
	if err != nil {
		return Reply{}, apperr.Wrap(err, "bot: end")
	}
	return s.reply(ctx, id, "")
}

func endTx(ctx context.Context, tx *db.Tx, conv Conversation, now int64) error {
	outcome := OutcomeAbandoned
	if conv.Answers > 0 {
		outcome = OutcomeContained
	}
	_, err := tx.Exec(ctx, `UPDATE bot_conversations SET status = $1, outcome = $2, ended_at = $3, version = version + 1 WHERE id = $4 AND status = $5`,
		StatusClosed, outcome, now, conv.ID, StatusOpen)
	return err
}

// FeedbackInput is the customer's verdict on one answer.
type FeedbackInput struct {
	MessageID int64  `json:"message_id" minimum:"1"`
	Helpful   bool   `json:"helpful"`
	Comment   string `json:"comment,omitempty" maxLength:"500"`
}

// Feedback records whether an answer helped, passes it to the knowledge
// base, and — when it did not help — replies: offering to rephrase, or
// handing off after repeated failures.
func (s *Service) Feedback(ctx context.Context, id int64, in FeedbackInput, by Actor) (Reply, error) {
	var f apperr.Fields
	in.Comment = f.Text("body.comment", in.Comment, false, 500)
	if err := f.Err(); err != nil {
		return Reply{}, err
	}
	conv, err := s.get(ctx, s.db.Reader(), id)
	if err != nil {
		return Reply{}, err
	}
	if !by.ReadAll && (conv.StartedBy == nil || *conv.StartedBy != by.ID) {
		return Reply{}, apperr.NotFoundf("conversation")
	}
	msgs, err := s.messages(ctx, s.db.Reader(), id)
	if err != nil {
		return Reply{}, err
	}
	var target *StoredMessage
	for i := range msgs {
		if msgs[i].ID == in.MessageID {
			target = &msgs[i]
		}
	}
	if target == nil || target.Kind != KindAnswer || len(target.Sources) == 0 {
		return Reply{}, apperr.Field("body.message_id", "field.bot_not_answer")
	}
	if target.Helpful != nil {
		return Reply{}, apperr.Field("body.message_id", "field.bot_already_rated")
	}
	src := target.Sources[0]
	var follow *Decision
	if !in.Helpful && conv.Status == StatusOpen {
		st := s.opt.Policy.NotHelpful(conv.state)
		d := Decision{Kind: KindUnknown, Text: i18n.T(i18n.Lang(conv.Lang), "bot.unknown"), State: st, Question: lastCustomerText(msgs)}
		if s.opt.Policy.ShouldHandOffAfter(st) {
			d = s.opt.Policy.Handoff(i18n.Lang(conv.Lang), st, ReasonFailure)
			d.Question = lastCustomerText(msgs)
		}
		follow = &d
	}
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE bot_messages SET helpful = $1 WHERE id = $2 AND helpful IS NULL`, boolInt(in.Helpful), in.MessageID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Field("body.message_id", "field.bot_already_rated")
		}
		if s.opt.Feedback != nil {
			return s.opt.Feedback.RecordTx(ctx, tx, AnswerFeedback{Kind: src.Kind, ID: src.ID, Number: src.Number, Helpful: in.Helpful, Comment: in.Comment})
		}
		return nil
	})
	if err != nil {
		return Reply{}, apperr.Wrap(err, "bot: feedback")
	}
	if follow != nil {
		conv, err = s.get(ctx, s.db.Reader(), id)
		if err != nil {
			return Reply{}, err
		}
		return s.commit(ctx, conv, "", *follow, by)
	}
	return s.reply(ctx, id, "")
}

func lastCustomerText(msgs []StoredMessage) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "customer" {
			return msgs[i].Text
		}
	}
	return ""
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
