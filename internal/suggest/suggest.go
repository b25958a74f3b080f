// Package suggest proposes a service type and a contact reason for the text
// of a contact or ticket. Two internal/nlp models are trained on the
// organisation's own confirmed history — every contact and ticket saved with
// a reason — in the background: at start when none is stored or the data
// changed substantially, on a schedule when enough new labelled items came
// in, and on demand. A fixed held-back slice (chosen by id, so it is the same
// for every retrain) scores each new model; one that does worse than the
// current model on it does not replace it. Models live in the database
// (suggest_models) so every node serves the same one; each node keeps the
// newest in memory and reloads when a newer version is stored.
//
// Feedback (what was suggested, what the agent saved) is stored in
// suggest_feedback for the confirmed share and per-reason accuracy.
package suggest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/nlp"
)

// Model kinds.
const (
	KindServiceType = "service_type"
	KindReason      = "reason"
)

// Kinds lists both kinds in a fixed order.
var Kinds = []string{KindServiceType, KindReason}

const oosLabel = "__unsure__"

// maxThreshold caps the model's out-of-scope threshold.
const maxThreshold = 0.6

// Options tune training and prediction. Zero fields take the defaults.
type Options struct {
	MinExamples   int           // labelled items needed to train (default 30)
	MinLabels     int           // distinct labels needed (default 2)
	HoldOutMod    uint32        // 1 in HoldOutMod items is held back (default 10 → 10%)
	MinNew        int           // labelled items added or removed since the last model that trigger a retrain (default 50)
	Interval      time.Duration // how often the schedule looks for new data (default 1h)
	Poll          time.Duration // how often a node looks for a newer stored model (default 30s)
	MinConfidence float64       // below it the answer is null (default 0.35)
	Keep          int           // stored versions kept per kind (default 3)
	Seed          uint64
}

func (o *Options) defaults() {
	if o.MinExamples == 0 {
		o.MinExamples = 30
	}
	if o.MinLabels == 0 {
		o.MinLabels = 2
	}
	if o.HoldOutMod == 0 {
		o.HoldOutMod = 10
	}
	if o.MinNew == 0 {
		o.MinNew = 50
	}
	if o.Interval == 0 {
		o.Interval = time.Hour
	}
	if o.Poll == 0 {
		o.Poll = 30 * time.Second
	}
	if o.MinConfidence == 0 {
		o.MinConfidence = 0.35
	}
	if o.Keep == 0 {
		o.Keep = 3
	}
	if o.Seed == 0 {
		o.Seed = 20260401
	}
}

// Info describes a stored model.
type Info struct {
	Version         int64     `json:"version"`
	TrainedAt       time.Time `json:"trained_at"`
	Examples        int       `json:"examples" doc:"labelled items the model was trained on (the held-back slice excluded)"`
	Holdout         int       `json:"holdout" doc:"held-back items it was scored on"`
	HoldoutAccuracy float64   `json:"holdout_accuracy"`
	Labels          int       `json:"labels"`
	Bytes           int       `json:"bytes"`
	TrainMillis     int64     `json:"train_ms"`
	labelled        int64
}

type loaded struct {
	m    *nlp.Model
	info Info
}

// Service trains, stores, loads and serves the models.
type Service struct {
	db    *db.DB
	log   *slog.Logger
	paths func(context.Context) (map[int64]string, error)
	opt   Options

	mu     sync.RWMutex
	models map[string]*loaded

	trainMu sync.Mutex // one training at a time on this node
	runCtx  context.Context
	running sync.Mutex // guards busy
	busy    bool
	last    *RetrainResult
}

// New returns the service. paths maps reason ids to display paths.
func New(d *db.DB, log *slog.Logger, paths func(context.Context) (map[int64]string, error), opt Options) *Service {
	opt.defaults()
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: d, log: log, paths: paths, opt: opt, models: map[string]*loaded{}, runCtx: context.Background()}
}

// example is one labelled item.
type example struct {
	objType string
	id      int64
	text    string
	st      string
	reason  int64
}

func (e example) held(mod uint32) bool { return heldOut(e.objType, e.id, mod) }

// heldOut says whether an item belongs to the held-back slice: a hash of its
// type and id, so the slice is the same for every retrain on every node.
func heldOut(objType string, id int64, mod uint32) bool {
	h := fnv.New32a()
	h.Write([]byte(objType))
	h.Write([]byte(strconv.FormatInt(id, 10)))
	return h.Sum32()%mod == 0
}

// labelledCount is the cheap measure of change: how many items carry a reason.
func (s *Service) labelledCount(ctx context.Context) (int64, error) {
	var a, b int64
	q := s.db.Reader()
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM contacts WHERE reason_id IS NOT NULL`).Scan(&a); err != nil {
		return 0, err
	}
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM tickets WHERE reason_id IS NOT NULL`).Scan(&b); err != nil {
		return 0, err
	}
	return a + b, nil
}

// MaxExamples bounds the training set per source (contacts, tickets): the
// newest confirmed items. Recent history is what the suggestion should
// follow, and a centre with millions of tickets must not train on all of
// them in a server's memory.
const MaxExamples = 20000

// loadExamples reads the newest confirmed (reason-labelled) contacts and tickets.
// A text seen with many different reasons (a stock phrase such as a
// follow-up call note) says nothing about the reason and is left out.
func (s *Service) loadExamples(ctx context.Context) ([]example, error) {
	q := s.db.Reader()
	var out []example
	rows, err := q.Query(ctx, `SELECT id, summary, service_type, reason_id FROM contacts WHERE reason_id IS NOT NULL ORDER BY id DESC LIMIT $1`, MaxExamples)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		e := example{objType: "contact"}
		if err := rows.Scan(&e.id, &e.text, &e.st, &e.reason); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT id, subject, description, service_type, reason_id FROM tickets WHERE reason_id IS NOT NULL ORDER BY id DESC LIMIT $1`, MaxExamples)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		e := example{objType: "ticket"}
		var subj, desc string
		if err := rows.Scan(&e.id, &subj, &desc, &e.st, &e.reason); err != nil {
			rows.Close()
			return nil, err
		}
		e.text = TicketText(subj, desc)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// drop empty texts and stock phrases
	reasons := map[string]map[int64]bool{}
	for _, e := range out {
		k := strings.TrimSpace(e.text)
		if reasons[k] == nil {
			reasons[k] = map[int64]bool{}
		}
		reasons[k][e.reason] = true
	}
	kept := out[:0]
	for _, e := range out {
		k := strings.TrimSpace(e.text)
		if k == "" || len(reasons[k]) >= 3 {
			continue
		}
		e.text = k
		kept = append(kept, e)
	}
	return kept, nil
}

// TicketText is the text a ticket is classified by.
func TicketText(subject, description string) string {
	subject, description = strings.TrimSpace(subject), strings.TrimSpace(description)
	if description == "" || strings.HasPrefix(description, subject) {
		if description == "" {
			return subject
		}
		return description
	}
	return subject + "\n" + description
}

func label(kind string, e example) string {
	if kind == KindServiceType {
		return e.st
	}
	return strconv.FormatInt(e.reason, 10)
}

// RetrainResult tells what one retrain did for each kind.
type RetrainResult struct {
	StartedAt time.Time     `json:"started_at"`
	Labelled  int64         `json:"labelled" doc:"labelled contacts and tickets found"`
	Kinds     []KindOutcome `json:"kinds"`
}

// KindOutcome is one kind's retrain outcome.
type KindOutcome struct {
	Kind string `json:"kind"`
	// Outcome is "replaced" (the new model is in use), "kept" (it scored
	// worse on the held-back slice than the current model), "not_enough_data"
	// or "error".
	Outcome         string   `json:"outcome" enum:"replaced,kept,not_enough_data,error"`
	Detail          string   `json:"detail,omitempty"`
	NewAccuracy     *float64 `json:"new_accuracy,omitempty"`
	CurrentAccuracy *float64 `json:"current_accuracy,omitempty" doc:"the current model's accuracy on the same held-back slice"`
	Model           *Info    `json:"model,omitempty"`
}

// ErrBusy is returned when a retrain is already running on this node.
var ErrBusy = errors.New("suggest: a retrain is already running")

// Retrain trains both models now from the current data and stores each one
// that does not score worse than the model in use.
func (s *Service) Retrain(ctx context.Context) (*RetrainResult, error) {
	s.trainMu.Lock()
	defer s.trainMu.Unlock()
	// Training allocates several times the models; give the pages back when
	// it is done rather than when the runtime gets round to it.
	defer debug.FreeOSMemory()
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	res := &RetrainResult{StartedAt: time.Now().UTC()}
	n, err := s.labelledCount(ctx)
	if err != nil {
		return nil, err
	}
	res.Labelled = n
	exs, err := s.loadExamples(ctx)
	if err != nil {
		return nil, err
	}
	for _, kind := range Kinds {
		out := s.retrainKind(ctx, kind, exs, n)
		res.Kinds = append(res.Kinds, out)
		if out.Outcome == "error" {
			s.log.Warn("suggest: retrain", "kind", kind, "err", out.Detail)
		} else {
			s.log.Info("suggest: retrain", "kind", kind, "outcome", out.Outcome, "examples", len(exs))
		}
	}
	s.running.Lock()
	s.last = res
	s.running.Unlock()
	return res, nil
}

func (s *Service) retrainKind(ctx context.Context, kind string, exs []example, labelled int64) KindOutcome {
	out := KindOutcome{Kind: kind}
	var train, hold []nlp.Example
	labels := map[string]bool{}
	for _, e := range exs {
		x := nlp.Example{Text: e.text, Label: label(kind, e)}
		labels[x.Label] = true
		if e.held(s.opt.HoldOutMod) {
			hold = append(hold, x)
		} else {
			train = append(train, x)
		}
	}
	if len(train) < s.opt.MinExamples || len(labels) < s.opt.MinLabels || len(hold) == 0 {
		out.Outcome = "not_enough_data"
		out.Detail = fmt.Sprintf("%d labelled items with %d distinct labels; need at least %d items and %d labels", len(exs), len(labels), s.opt.MinExamples+s.opt.MinExamples/int(s.opt.HoldOutMod), s.opt.MinLabels)
		return out
	}
	start := time.Now()
	m, err := nlp.Train(train, nlp.Options{Seed: s.opt.Seed, OOSLabel: oosLabel, Features: features()})
	if err != nil {
		out.Outcome, out.Detail = "error", err.Error()
		return out
	}
	took := time.Since(start)
	// The out-of-scope threshold is tuned on held-out texts of known
	// labels; on very regular history (templated or copy-pasted summaries)
	// every right answer is near-certain and the threshold lands near 1,
	// which would reject everything else. Keep it within sensible bounds.
	m.Threshold = float32(min(max(float64(m.Threshold), s.opt.MinConfidence), maxThreshold))
	acc := accuracy(m, hold)
	out.NewAccuracy = &acc
	if cur := s.current(kind); cur != nil {
		ca := accuracy(cur.m, hold)
		out.CurrentAccuracy = &ca
		if acc < ca {
			out.Outcome = "kept"
			out.Detail = fmt.Sprintf("the new model scored %.3f on the held-back slice, the current one %.3f", acc, ca)
			info := cur.info
			out.Model = &info
			return out
		}
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		out.Outcome, out.Detail = "error", err.Error()
		return out
	}
	info := Info{TrainedAt: time.Now().UTC().Truncate(time.Millisecond), Examples: len(train), Holdout: len(hold), HoldoutAccuracy: acc,
		Labels: len(m.Labels), Bytes: buf.Len(), TrainMillis: took.Milliseconds(), labelled: labelled}
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var v int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM suggest_models WHERE kind = $1`, kind).Scan(&v); err != nil {
			return err
		}
		info.Version = v + 1
		if _, err := tx.Exec(ctx, `INSERT INTO suggest_models (kind, version, trained_at, examples, holdout, holdout_accuracy, labelled, train_ms, model) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			kind, info.Version, info.TrainedAt.UnixMilli(), info.Examples, info.Holdout, info.HoldoutAccuracy, labelled, info.TrainMillis, buf.Bytes()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM suggest_models WHERE kind = $1 AND version <= $2`, kind, info.Version-int64(s.opt.Keep))
		return err
	})
	if err != nil {
		out.Outcome, out.Detail = "error", err.Error()
		return out
	}
	s.mu.Lock()
	s.models[kind] = &loaded{m: m, info: info}
	s.mu.Unlock()
	out.Outcome = "replaced"
	out.Model = &info
	return out
}

// features are the nlp defaults on a smaller hashed space: an
// organisation's history is thousands of short texts, not millions.
func features() nlp.FeatureConfig {
	f := nlp.DefaultFeatures
	f.HashBits = 20
	return f
}

// accuracy is the share of held-back items whose top, in-scope prediction is right.
func accuracy(m *nlp.Model, hold []nlp.Example) float64 {
	if len(hold) == 0 {
		return 0
	}
	ok := 0
	for _, e := range hold {
		if p := m.Predict(e.Text, 1); !p.OOS && p.Top[0].Label == e.Label {
			ok++
		}
	}
	return float64(ok) / float64(len(hold))
}

func (s *Service) current(kind string) *loaded {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.models[kind]
}

// Reload loads, for each kind, the newest stored model if it is newer than
// the one in memory. It reads only the version when nothing changed.
func (s *Service) Reload(ctx context.Context) error {
	for _, kind := range Kinds {
		var v int64
		if err := s.db.Reader().QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM suggest_models WHERE kind = $1`, kind).Scan(&v); err != nil {
			return fmt.Errorf("suggest: reload: %w", err)
		}
		cur := s.current(kind)
		if v == 0 || cur != nil && cur.info.Version >= v {
			continue
		}
		var info Info
		var trained int64
		var blob []byte
		err := s.db.Reader().QueryRow(ctx, `SELECT trained_at, examples, holdout, holdout_accuracy, labelled, train_ms, model FROM suggest_models WHERE kind = $1 AND version = $2`, kind, v).
			Scan(&trained, &info.Examples, &info.Holdout, &info.HoldoutAccuracy, &info.labelled, &info.TrainMillis, &blob)
		if err != nil {
			return fmt.Errorf("suggest: reload %s v%d: %w", kind, v, err)
		}
		m, err := nlp.Load(bytes.NewReader(blob))
		if err != nil {
			return fmt.Errorf("suggest: load %s v%d: %w", kind, v, err)
		}
		info.Version, info.TrainedAt, info.Labels, info.Bytes = v, time.UnixMilli(trained).UTC(), len(m.Labels), len(blob)
		s.mu.Lock()
		if c := s.models[kind]; c == nil || c.info.Version < v {
			s.models[kind] = &loaded{m: m, info: info}
		}
		s.mu.Unlock()
	}
	return nil
}

// needsTraining says whether the data changed substantially since the
// stored models were trained (or there are none).
func (s *Service) needsTraining(ctx context.Context) (bool, error) {
	n, err := s.labelledCount(ctx)
	if err != nil {
		return false, err
	}
	if n < int64(s.opt.MinExamples) {
		return false, nil
	}
	for _, kind := range Kinds {
		cur := s.current(kind)
		if cur == nil {
			// No model yet: train once there is data; after a failed
			// attempt wait for new data rather than retrying every tick.
			s.running.Lock()
			last := s.last
			s.running.Unlock()
			if last == nil || n-last.Labelled >= int64(s.opt.MinNew) || last.Labelled-n >= int64(s.opt.MinNew) {
				return true, nil
			}
			continue
		}
		d := n - cur.info.labelled
		if d < 0 {
			d = -d
		}
		if d >= int64(s.opt.MinNew) {
			s.running.Lock()
			last := s.last
			s.running.Unlock()
			// a retrain on about this much data was already tried and kept the old model
			if last != nil && abs(n-last.Labelled) < int64(s.opt.MinNew) {
				continue
			}
			return true, nil
		}
	}
	return false, nil
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// Start begins a background retrain unless one is running. It returns
// false when one was already running.
func (s *Service) Start() bool {
	s.running.Lock()
	if s.busy {
		s.running.Unlock()
		return false
	}
	s.busy = true
	ctx := s.runCtx
	s.running.Unlock()
	go func() {
		defer func() {
			s.running.Lock()
			s.busy = false
			s.running.Unlock()
		}()
		if _, err := s.Retrain(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("suggest: retrain", "err", err)
		}
	}()
	return true
}

// Busy reports whether a background retrain is running on this node.
func (s *Service) Busy() bool {
	s.running.Lock()
	defer s.running.Unlock()
	return s.busy
}

// Run loads the stored models, trains at start when needed, then every
// Interval retrains when enough new labelled items came in and every Poll
// reloads a newer model stored by another node. It returns when ctx ends.
func (s *Service) Run(ctx context.Context) {
	s.running.Lock()
	s.runCtx = ctx
	s.running.Unlock()
	if err := s.Reload(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("suggest: load models", "err", err)
	}
	check := func() {
		need, err := s.needsTraining(ctx)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("suggest: check data", "err", err)
			}
			return
		}
		if need {
			s.Start()
		}
	}
	check()
	poll := time.NewTicker(s.opt.Poll)
	defer poll.Stop()
	sched := time.NewTicker(s.opt.Interval)
	defer sched.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
			if err := s.Reload(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("suggest: reload models", "err", err)
			}
		case <-sched.C:
			check()
		}
	}
}

// Models returns the info of the models in use (nil for a kind without one).
func (s *Service) Models() map[string]*Info {
	out := map[string]*Info{}
	for _, k := range Kinds {
		if c := s.current(k); c != nil {
			i := c.info
			out[k] = &i
		} else {
			out[k] = nil
		}
	}
	return out
}

// LastRetrain returns the outcome of the last retrain on this node, if any.
func (s *Service) LastRetrain() *RetrainResult {
	s.running.Lock()
	defer s.running.Unlock()
	return s.last
}

// Choice is one suggested label with its probability.
type Choice struct {
	Code       string  `json:"code,omitempty"`
	ID         int64   `json:"id,omitempty"`
	Path       string  `json:"path,omitempty"`
	Confidence float64 `json:"confidence"`
}

// Guess is a suggestion for one kind.
type Guess struct {
	Code         string   `json:"code,omitempty" doc:"service type code (service_type only)"`
	ID           int64    `json:"id,omitempty" doc:"reason id (reason only)"`
	Path         string   `json:"path,omitempty" doc:"reason path (reason only)"`
	Confidence   float64  `json:"confidence"`
	Alternatives []Choice `json:"alternatives"`
}

// Suggestion is the answer for one text.
type Suggestion struct {
	ServiceType *Guess `json:"service_type"`
	Reason      *Guess `json:"reason"`
	Model       *Info  `json:"model" doc:"the reason model in use (the service-type model is trained at the same time)"`
	// NoModel explains why there is no model: "not_enough_data" (fewer than
	// the minimum labelled items or labels) or "training" (the first model
	// is being trained).
	NoModel string `json:"no_model,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// Suggest classifies text with both models. A kind whose model is unsure
// (out-of-scope or below MinConfidence) is null.
func (s *Service) Suggest(ctx context.Context, text string) (*Suggestion, error) {
	out := &Suggestion{}
	st, rs := s.current(KindServiceType), s.current(KindReason)
	if st == nil && rs == nil {
		if s.Busy() {
			out.NoModel, out.Detail = "training", "the first model is being trained"
		} else {
			out.NoModel = "not_enough_data"
			out.Detail = fmt.Sprintf("no model yet: it needs at least %d contacts or tickets saved with a reason, in at least %d reasons", s.opt.MinExamples, s.opt.MinLabels)
			if l := s.LastRetrain(); l != nil {
				for _, k := range l.Kinds {
					if k.Detail != "" {
						out.Detail = k.Detail
					}
				}
			}
		}
		return out, nil
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return out, nil
	}
	if st != nil {
		out.ServiceType = s.guess(st.m, text, nil)
	}
	if rs != nil {
		paths, err := s.paths(ctx)
		if err != nil {
			return nil, err
		}
		out.Reason = s.guess(rs.m, text, paths)
		i := rs.info
		out.Model = &i
	} else if st != nil {
		i := st.info
		out.Model = &i
	}
	return out, nil
}

func (s *Service) guess(m *nlp.Model, text string, paths map[int64]string) *Guess {
	p := m.Predict(text, 4)
	if p.OOS || len(p.Top) == 0 || p.Top[0].Prob < s.opt.MinConfidence {
		return nil
	}
	choice := func(sc nlp.Scored) (Choice, bool) {
		c := Choice{Confidence: round3(sc.Prob)}
		if paths == nil {
			c.Code = sc.Label
			return c, true
		}
		id, err := strconv.ParseInt(sc.Label, 10, 64)
		if err != nil {
			return c, false
		}
		path, ok := paths[id]
		if !ok {
			return c, false // reason deleted since training
		}
		c.ID, c.Path = id, path
		return c, true
	}
	top, ok := choice(p.Top[0])
	if !ok {
		return nil
	}
	g := &Guess{Code: top.Code, ID: top.ID, Path: top.Path, Confidence: top.Confidence, Alternatives: []Choice{}}
	for _, sc := range p.Top[1:] {
		if sc.Label == oosLabel || sc.Prob < 0.05 {
			continue
		}
		if c, ok := choice(sc); ok {
			g.Alternatives = append(g.Alternatives, c)
		}
	}
	return g
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

// Feedback is what was suggested for a saved contact or ticket and what the
// agent chose.
type Feedback struct {
	ObjectType string  `json:"object_type" enum:"contact,ticket"`
	ObjectID   int64   `json:"object_id" minimum:"1"`
	Kind       string  `json:"kind" enum:"service_type,reason"`
	Suggested  string  `json:"suggested" maxLength:"40" doc:"suggested code or reason id"`
	Chosen     string  `json:"chosen" maxLength:"40" doc:"saved code or reason id (empty: none)"`
	Confidence float64 `json:"confidence,omitempty" minimum:"0" maximum:"1"`
}

// ErrNotFound is returned when the contact or ticket does not exist.
var ErrNotFound = errors.New("suggest: object not found")

// RecordFeedback stores (or replaces) the feedback for one object and kind.
func (s *Service) RecordFeedback(ctx context.Context, f Feedback) error {
	table := map[string]string{"contact": "contacts", "ticket": "tickets"}[f.ObjectType]
	if table == "" {
		return ErrNotFound
	}
	return s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, f.ObjectID).Scan(&one); err != nil {
			return ErrNotFound
		}
		_, err := tx.Exec(ctx, `INSERT INTO suggest_feedback (kind, object_type, object_id, suggested, chosen, confidence, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (kind, object_type, object_id) DO UPDATE SET suggested = excluded.suggested, chosen = excluded.chosen, confidence = excluded.confidence, created_at = excluded.created_at`,
			f.Kind, f.ObjectType, f.ObjectID, f.Suggested, f.Chosen, f.Confidence, time.Now().UnixMilli())
		return err
	})
}

// KindShare is the confirmed share of one kind.
type KindShare struct {
	Suggested      int     `json:"suggested"`
	Accepted       int     `json:"accepted"`
	ConfirmedShare float64 `json:"confirmed_share"`
}

// ReasonAccuracy is how often suggesting a reason was right.
type ReasonAccuracy struct {
	ReasonID  int64   `json:"reason_id"`
	Path      string  `json:"path"`
	Suggested int     `json:"suggested" doc:"times this reason was suggested"`
	Accepted  int     `json:"accepted" doc:"times it was saved unchanged"`
	Accuracy  float64 `json:"accuracy"`
}

// Report sums up the feedback.
type Report struct {
	Models map[string]*Info `json:"models"`
	Model  *Info            `json:"model" doc:"the reason model in use"`
	// ConfirmedShare is suggestions saved unchanged / all suggestions, over
	// both kinds (0 when there were none).
	ConfirmedShare float64              `json:"confirmed_share"`
	Suggestions    int                  `json:"suggestions"`
	Accepted       int                  `json:"accepted"`
	ByKind         map[string]KindShare `json:"by_kind"`
	ByReason       []ReasonAccuracy     `json:"by_reason"`
	Since          *time.Time           `json:"since,omitempty"`
}

// Report computes the confirmed share and per-reason accuracy, over feedback
// recorded at or after since (zero: all).
func (s *Service) Report(ctx context.Context, since time.Time) (*Report, error) {
	r := &Report{Models: s.Models(), ByKind: map[string]KindShare{}, ByReason: []ReasonAccuracy{}}
	r.Model = r.Models[KindReason]
	var from int64
	if !since.IsZero() {
		from = since.UnixMilli()
		r.Since = &since
	}
	paths, err := s.paths(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT kind, suggested, COUNT(*), SUM(CASE WHEN suggested = chosen THEN 1 ELSE 0 END) FROM suggest_feedback WHERE suggested <> '' AND created_at >= $1 GROUP BY kind, suggested`, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, sugg string
		var n, ok int
		if err := rows.Scan(&kind, &sugg, &n, &ok); err != nil {
			return nil, err
		}
		ks := r.ByKind[kind]
		ks.Suggested += n
		ks.Accepted += ok
		r.ByKind[kind] = ks
		r.Suggestions += n
		r.Accepted += ok
		if kind == KindReason {
			id, _ := strconv.ParseInt(sugg, 10, 64)
			r.ByReason = append(r.ByReason, ReasonAccuracy{ReasonID: id, Path: paths[id], Suggested: n, Accepted: ok, Accuracy: ratio(ok, n)})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for k, ks := range r.ByKind {
		ks.ConfirmedShare = ratio(ks.Accepted, ks.Suggested)
		r.ByKind[k] = ks
	}
	r.ConfirmedShare = ratio(r.Accepted, r.Suggestions)
	sort.Slice(r.ByReason, func(i, j int) bool {
		a, b := r.ByReason[i], r.ByReason[j]
		if a.Suggested != b.Suggested {
			return a.Suggested > b.Suggested
		}
		return a.ReasonID < b.ReasonID
	})
	return r, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return round3(float64(a) / float64(b))
}
