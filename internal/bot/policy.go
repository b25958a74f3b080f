// Package bot is kefu's self-service bot (自助服务机器人): it answers a
// customer's question from published public articles and approved scripts
// with the source shown, asks which one was meant when two are close, says
// plainly when it does not know, and hands the conversation to a person —
// as a ticket with the transcript and a summary — when asked, when it keeps
// failing, when the customer is upset or complains, or when the request is
// something self-service may not do. Conversations are stored with their
// outcome for the containment, hand-off and CSAT report.
//
// The dialogue policy (this file, rules.go, match.go, answer.go,
// summary.go) is pure: it gets the message, the conversation's state and
// the knowledge candidates, and returns what to say. The service
// (service.go) does the I/O around it.
package bot

import (
	"sort"
	"strings"

	"github.com/kefuhq/kefu/internal/i18n"
)

// Reply kinds.
const (
	KindAnswer    = "answer"
	KindClarify   = "clarify"
	KindUnknown   = "unknown"
	KindHandoff   = "handoff"
	KindSmallTalk = "smalltalk"
	KindMessage   = "message" // a customer's turn
)

// Hand-off reasons.
const (
	ReasonRequested = "requested"        // the customer asked for a person
	ReasonFailure   = "repeated_failure" // the bot failed twice in a row
	ReasonEmotion   = "emotion"          // anger or distress
	ReasonAbuse     = "abuse"            // insults
	ReasonComplaint = "complaint"        // a complaint is a person's work
	ReasonSensitive = "sensitive"        // an action self-service may not take
)

// HandoffReasons lists the reasons in report order.
var HandoffReasons = []string{ReasonRequested, ReasonFailure, ReasonEmotion, ReasonAbuse, ReasonComplaint, ReasonSensitive}

// Candidate is a knowledge item the bot may answer with: a published public
// article (its published version) or an approved script.
type Candidate struct {
	Kind      string   `json:"kind"` // article or script
	ID        int64    `json:"id"`
	Number    int      `json:"number,omitempty"` // the article's published version
	Title     string   `json:"title"`
	Body      string   `json:"-"`
	Questions []string `json:"-"` // similar questions (相似问法)
	ReasonID  *int64   `json:"-"` // the contact reason the item belongs to
	Score     float64  `json:"-"` // the search's own score, any scale
	// Prior is a classifier's probability that the question means this
	// item (0 without one); it lifts a paraphrase the words barely match.
	Prior float64 `json:"-"`
}

// Source is what a reply used, as shown to the customer and recorded.
type Source struct {
	Kind       string  `json:"kind"`
	ID         int64   `json:"id"`
	Number     int     `json:"number,omitempty"`
	Title      string  `json:"title"`
	Confidence float64 `json:"confidence"`
	Matched    string  `json:"matched,omitempty"` // the title or similar question that matched
}

// Option is one choice of a clarifying question, numbered from 1.
type Option struct {
	N      int    `json:"n"`
	Kind   string `json:"kind"`
	ID     int64  `json:"id"`
	Number int    `json:"number,omitempty"`
	Title  string `json:"title"`
}

// State is what the policy remembers between turns of one conversation.
type State struct {
	Pending   []Option `json:"pending,omitempty"`  // options of an open clarifying question
	Asked     string   `json:"asked,omitempty"`    // the question that was ambiguous
	Failures  int      `json:"failures,omitempty"` // consecutive turns the bot could not help
	Answers   int      `json:"answers,omitempty"`  // answers given
	LastTopic string   `json:"last_topic,omitempty"`
}

// Config holds the policy's thresholds. Defaults come from the evaluation
// set (eval_test.go, BENCHMARKS.md); change them only with its figures.
type Config struct {
	AnswerAt   float64 // answer when the best candidate's confidence reaches this …
	Margin     float64 // … and no other is within this of it; else ask which
	ClarifyAt  float64 // candidates at least this good may be offered as options
	MaxOptions int     // at most this many options
	// MaxFailures consecutive "don't know"s (or "not helpful"s) hand the
	// conversation to a person.
	MaxFailures int
	// RefundLimitFen: a refund above this amount (fen) goes to a person.
	RefundLimitFen int64
	// AngerAt: an emotion score at least this high hands off (0–1).
	AngerAt float64
}

// DefaultConfig is calibrated on the demo knowledge base's evaluation set
// (demo_eval_test.go; figures and the sweep in BENCHMARKS.md).
var DefaultConfig = Config{
	AnswerAt:       0.55,
	Margin:         0.08,
	ClarifyAt:      0.42,
	MaxOptions:     3,
	MaxFailures:    2,
	RefundLimitFen: 50000, // ¥500
	AngerAt:        0.9,   // with EmotionModel's cue gate; see emotion.go
}

// Emotion is an optional verdict of an emotion scorer on the message.
type Emotion struct {
	Anger   float64 // 0–1
	Abusive bool
}

// Turn is what the policy decides on.
type Turn struct {
	Text       string
	Lang       i18n.Lang
	State      State
	Candidates []Candidate // what search found for Text
	Emotion    *Emotion    // nil without a scorer
}

// Decision is the bot's reply and the conversation's next state.
type Decision struct {
	Kind    string   `json:"kind"`
	Reason  string   `json:"reason,omitempty"` // hand-off reason
	Text    string   `json:"text"`
	Sources []Source `json:"sources"`
	Options []Option `json:"options"`
	// Confidence of the best candidate (0 when none), for the editor's view.
	Confidence float64 `json:"confidence"`
	State      State   `json:"-"`
	// Question is the customer's question as the report's "unanswered" list
	// should show it (set on unknown and on a hand-off after failures).
	Question string `json:"-"`
}

// Policy decides replies.
type Policy struct{ Config Config }

func (p Policy) cfg() Config {
	c := p.Config
	if c.AnswerAt == 0 {
		c = DefaultConfig
	}
	return c
}

// Scored is a candidate with its match.
type Scored struct {
	Candidate
	Match
}

// Rank scores candidates against a question, best first. Ties keep the
// search's order.
func Rank(question string, cands []Candidate) []Scored {
	out := make([]Scored, len(cands))
	for i, c := range cands {
		out[i] = Scored{Candidate: c, Match: MatchCandidate(question, c)}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Confidence > out[j].Confidence })
	return out
}

// Decide chooses the reply to one customer message. A reply to an open
// clarifying question that picks an option is resolved by the caller with
// PickOption and Answer before Decide, since it needs the picked item.
func (p Policy) Decide(t Turn) Decision {
	c := p.cfg()
	sig := Detect(t.Text, c.RefundLimitFen)
	st := t.State
	st.Pending, st.Asked = nil, ""
	if t.Emotion != nil {
		sig.Abuse = sig.Abuse || t.Emotion.Abusive
		sig.Angry = sig.Angry || t.Emotion.Anger >= c.AngerAt
	}
	switch {
	case sig.Human:
		return p.Handoff(t.Lang, st, ReasonRequested)
	case sig.Abuse:
		return p.Handoff(t.Lang, st, ReasonAbuse)
	case sig.Complaint:
		return p.Handoff(t.Lang, st, ReasonComplaint)
	case sig.Angry:
		return p.Handoff(t.Lang, st, ReasonEmotion)
	case sig.Sensitive:
		return p.Handoff(t.Lang, st, ReasonSensitive)
	}
	if sig.SmallTalk != "" && !HasContentBeyondSmallTalk(t.Text) {
		return Decision{Kind: KindSmallTalk, Text: i18n.T(t.Lang, "bot.smalltalk."+sig.SmallTalk), Sources: []Source{}, Options: []Option{}, State: st}
	}
	if sig.NoneOfThese && len(t.State.Pending) > 0 {
		return p.unknown(t.Lang, st, t.State.Asked, 0)
	}
	ranked := Rank(t.Text, t.Candidates)
	if len(ranked) == 0 || ranked[0].Confidence < c.ClarifyAt {
		best := 0.0
		if len(ranked) > 0 {
			best = ranked[0].Confidence
		}
		return p.unknown(t.Lang, st, t.Text, best)
	}
	best := ranked[0]
	// A bare topic ("退款", "refund") fits every item about it however the
	// scores fall: ask which one unless only one item is about it at all,
	// or the question is (nearly) one of an item's own similar questions.
	vague := contentWords(t.Text) <= 1 && best.Confidence < exactMatch
	close := []Scored{best}
	for _, r := range ranked[1:] {
		if len(close) == c.MaxOptions {
			break
		}
		near := best.Confidence-r.Confidence < c.Margin || vague
		if r.Confidence >= c.ClarifyAt && near && !sameItem(r.Candidate, best.Candidate) {
			close = append(close, r)
		}
	}
	if best.Confidence >= c.AnswerAt && len(close) == 1 {
		return p.Answer(t.Lang, st, best.Candidate, best.Match, t.Text)
	}
	// Close candidates, or a single one not sure enough to answer with:
	// ask which was meant.
	return p.clarify(t.Lang, st, close, t.Text)
}

// exactMatch: a confidence this high means the question is, but for filler
// and spelling, an item's title or similar question.
const exactMatch = 0.85

func sameItem(a, b Candidate) bool { return a.Kind == b.Kind && a.ID == b.ID }

// HasContentBeyondSmallTalk reports whether "谢谢,退款多久到账" says more
// than the thanks.
func HasContentBeyondSmallTalk(text string) bool {
	return HasContent(text) && smallTalkKind(text) == ""
}

// Answer replies with a candidate: its key paragraph (or the whole item when
// short) and the source.
func (p Policy) Answer(lang i18n.Lang, st State, c Candidate, m Match, question string) Decision {
	st.Pending, st.Asked = nil, ""
	st.Failures = 0
	st.Answers++
	st.LastTopic = c.Title
	text := KeyParagraph(c.Body, question)
	if strings.TrimSpace(text) == "" {
		text = c.Title
	}
	return Decision{
		Kind: KindAnswer, Text: text,
		Sources:    []Source{{Kind: c.Kind, ID: c.ID, Number: c.Number, Title: c.Title, Confidence: round2(m.Confidence), Matched: m.Matched}},
		Options:    []Option{},
		Confidence: round2(m.Confidence), State: st,
	}
}

func (p Policy) clarify(lang i18n.Lang, st State, close []Scored, question string) Decision {
	opts := make([]Option, len(close))
	var lines []string
	for i, s := range close {
		opts[i] = Option{N: i + 1, Kind: s.Kind, ID: s.ID, Number: s.Number, Title: s.Title}
		lines = append(lines, circled[i]+" "+s.Title)
	}
	st.Pending, st.Asked = opts, question
	key := "bot.clarify"
	if len(opts) == 1 {
		key = "bot.confirm"
	}
	return Decision{
		Kind: KindClarify, Text: i18n.T(lang, key, strings.Join(lines, "\n")),
		Sources: []Source{}, Options: opts, Confidence: round2(close[0].Confidence), State: st,
	}
}

func (p Policy) unknown(lang i18n.Lang, st State, question string, best float64) Decision {
	c := p.cfg()
	st.Pending, st.Asked = nil, ""
	st.Failures++
	if st.Failures >= c.MaxFailures {
		d := p.Handoff(lang, st, ReasonFailure)
		d.Question, d.Confidence = question, round2(best)
		return d
	}
	return Decision{Kind: KindUnknown, Text: i18n.T(lang, "bot.unknown"), Sources: []Source{}, Options: []Option{},
		Confidence: round2(best), State: st, Question: question}
}

// NotHelpful is the state after the customer said an answer did not help:
// it counts as a failure, so two in a row hand off.
func (p Policy) NotHelpful(st State) State {
	st.Failures++
	return st
}

// ShouldHandOffAfter reports whether the failures so far call for a person.
func (p Policy) ShouldHandOffAfter(st State) bool { return st.Failures >= p.cfg().MaxFailures }

// Handoff is the reply that tells the customer a person will take over.
func (p Policy) Handoff(lang i18n.Lang, st State, reason string) Decision {
	st.Pending, st.Asked = nil, ""
	return Decision{Kind: KindHandoff, Reason: reason, Text: i18n.T(lang, "bot.handoff."+reason),
		Sources: []Source{}, Options: []Option{}, State: st}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// LangOf guesses a message's language: Chinese when it has Han characters.
func LangOf(text string) i18n.Lang {
	for _, r := range text {
		if r >= 0x3400 && r <= 0x9FFF {
			return i18n.ZH
		}
	}
	return i18n.EN
}

// Welcome is the bot's first message.
func Welcome(lang i18n.Lang) string { return i18n.T(lang, "bot.welcome") }
