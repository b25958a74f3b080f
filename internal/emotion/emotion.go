// Package emotion reads the emotion of what customers say and write — calm,
// anxious, upset or angry — and whether it is abusive, in Chinese and
// English, so that agents see it before the problem (先处理情绪，再处理问题),
// angry customers move up the queue, leads can look after agents who took
// abuse, and auto-QA can use it later.
//
// One internal/nlp classifier (emotion × abusive, eight joint labels) is
// trained on our own labelled utterances (data/, see data/README.md for the
// labelling guide) with lexicon cues (lexicon_terms.go) appended to the
// text as marker tokens. Training is deterministic and takes a second or two; the
// model is trained from the embedded data the first time it is needed (see
// Default), never downloaded. Everything here is pure: no I/O but reading
// the embedded files.
package emotion

//go:generate go run ./gen

import (
	"embed"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kefuhq/kefu/internal/nlp"
)

// Emotion labels, weakest first.
const (
	Calm    = "calm"
	Anxious = "anxious"
	Upset   = "upset"
	Angry   = "angry"
)

// Labels lists the emotions, weakest first (the order of Rank).
var Labels = []string{Calm, Anxious, Upset, Angry}

// IsLabel reports whether s is an emotion label.
func IsLabel(s string) bool { return slices.Contains(Labels, s) }

// Rank orders emotions by how much they need attention: calm 0, anxious 1,
// upset 2, angry 3; anything else -1.
func Rank(e string) int { return slices.Index(Labels, e) }

// Score is the reading of one text.
type Score struct {
	Emotion    string  `json:"emotion" enum:"calm,anxious,upset,angry"`
	Confidence float64 `json:"confidence" doc:"calibrated probability of the emotion"`
	// Probs are the probabilities of calm, anxious, upset and angry, in that order.
	Probs     [4]float64 `json:"probs"`
	Abusive   bool       `json:"abusive" doc:"profanity, insults or threats (to the agent or anyone)"`
	AbuseProb float64    `json:"abuse_prob"`
	// Escalation: the text threatens to go to the media, 12345, a
	// regulator or a court (舆情 / escalation risk).
	Escalation bool `json:"escalation"`
	// Cues are the lexicon words that were found, for the agent to see why.
	Cues []string `json:"cues"`
	// Source is "model", or "lexicon" for a reading made while the model
	// was still being built (see Lazy).
	Source string `json:"source" enum:"model,lexicon"`
}

// Model scores texts. It is safe for concurrent use.
//
// One internal/nlp classifier learns the joint label "emotion|abusive"
// (eight labels): the emotion's probability is the sum over abusive or not,
// the abuse probability the sum over emotions. One classifier instead of two
// halves the cost of a reading, and group-wise cross-validation on the
// training data showed no loss for either task (see cv_test.go).
type Model struct {
	clf *nlp.Model
	// AbuseThreshold is the abusive probability from which a text counts
	// as abusive.
	AbuseThreshold float64
	textOnly       bool // trained without the lexicon markers
}

// Options control training.
type Options struct {
	Seed           uint64  // default 1
	AbuseThreshold float64 // default 0.5
	// NoLexicon trains on the text alone (to measure what the lexicon adds).
	NoLexicon bool
}

func jointLabel(emotion string, abusive bool) string { return emotion + "|" + abuseLabel(abusive) }

// Train fits the classifier on rows.
func Train(rows []Row, o Options) (*Model, error) {
	if len(rows) == 0 {
		return nil, errors.New("emotion: no training rows")
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.AbuseThreshold == 0 {
		o.AbuseThreshold = 0.5
	}
	seen := map[string]bool{}
	ex := make([]nlp.Example, len(rows))
	for i, r := range rows {
		t := r.Text
		if !o.NoLexicon {
			t = FeatureText(t)
		}
		ex[i] = nlp.Example{Text: t, Label: jointLabel(r.Emotion, r.Abusive)}
		seen[r.Emotion] = true
	}
	if len(seen) != len(Labels) {
		return nil, fmt.Errorf("emotion: training data must have all four emotions, has %d", len(seen))
	}
	clf, err := nlp.Train(ex, nlp.Options{Seed: o.Seed})
	if err != nil {
		return nil, fmt.Errorf("emotion: train: %w", err)
	}
	return &Model{clf: clf, AbuseThreshold: o.AbuseThreshold, textOnly: o.NoLexicon}, nil
}

func abuseLabel(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// Score reads one text. An empty text is calm with no cues.
func (m *Model) Score(text string) Score {
	text = strings.TrimSpace(text)
	if text == "" {
		return Score{Emotion: Calm, Confidence: 1, Probs: [4]float64{1, 0, 0, 0}, Cues: []string{}, Source: "model"}
	}
	sig := Analyze(text)
	ft := text
	if !m.textOnly {
		ft = featureText(text, sig)
	}
	p := m.clf.Predict(ft, len(m.clf.Labels))
	s := Score{Cues: cueTerms(text, sig), Source: "model"}
	var probs [4]float64
	for _, sc := range p.Top {
		e, ab, _ := strings.Cut(sc.Label, "|")
		probs[Rank(e)] += sc.Prob
		if ab == "1" {
			s.AbuseProb += sc.Prob
		}
	}
	best := 0
	for i := range probs {
		s.Probs[i] = round3(probs[i])
		if probs[i] > probs[best] {
			best = i
		}
	}
	s.Emotion, s.Confidence = Labels[best], round3(probs[best])
	// A known profanity, a threat, or an insult aimed at someone is abuse
	// whatever the classifier says: precise, predictable (the words the
	// console masks are the ones that flagged it) and, in cross-validation
	// on the training data, a little better than the classifier alone.
	s.Abusive = s.AbuseProb >= m.AbuseThreshold || lexiconAbuse(sig)
	s.AbuseProb = round3(s.AbuseProb)
	s.Escalation = sig.Has(CatEscalate)
	return s
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

// cueTerms lists the matched words as written, once each, strongest
// categories first.
func cueTerms(text string, sig Signals) []string {
	out := []string{}
	for _, c := range sig.Cues {
		if c.Negated || c.Cat == CatIntense || c.Cat == CatCalm {
			continue
		}
		w := text[c.Start:c.End]
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

//go:embed data/train.csv data/test.csv
var dataFS embed.FS

// Dataset returns our labelled data: the train and test files.
func Dataset() (train, test []Row, err error) {
	read := func(name string) ([]Row, error) {
		f, err := dataFS.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return ReadCSV(f)
	}
	if train, err = read("data/train.csv"); err != nil {
		return nil, nil, err
	}
	if test, err = read("data/test.csv"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// ready is closed when the product model has been built (or failed to be).
var ready = make(chan struct{})

var defaultModel = sync.OnceValues(func() (*Model, error) {
	defer close(ready)
	train, test, err := Dataset()
	if err != nil {
		return nil, err
	}
	// The product learns from all our data; the figures in BENCHMARKS.md
	// are of a model trained on train.csv alone.
	return Train(append(train, test...), Options{})
})

// Default returns the product model, trained from the embedded data on the
// first call (a few seconds of CPU; later calls return at once). The model
// is a pure function of the embedded data, so one per process is shared.
func Default() (*Model, error) { return defaultModel() }

var (
	warmOnce     sync.Once
	warmDeadline time.Time // written once, by Warm
)

// Warm starts building the product model in the background.
func Warm() {
	warmOnce.Do(func() {
		warmDeadline = time.Now().Add(WarmWait)
		go func() {
			_, _ = defaultModel()
			// Training allocates several times the model; give the pages
			// back now rather than when the runtime gets round to it, so an
			// idle server stays small.
			debug.FreeOSMemory()
		}()
	})
}

// WarmWait is how long after Warm a read waits for the product model;
// later reads before it is ready use the lexicon alone.
const WarmWait = 2 * time.Second

// Lazy scores with the product model (Default). Until it is built — the
// first seconds after start — a read waits for it until WarmWait after
// Warm, and after that reads the text with the lexicon alone
// (LexiconScore), so no save waits longer than WarmWait in all. It is what
// the contact and ticket services are given.
type Lazy struct{}

// Score implements the services' Scorer.
func (Lazy) Score(text string) Score {
	select {
	case <-ready:
	default:
		Warm()
		wait := time.Until(warmDeadline)
		if wait <= 0 {
			return LexiconScore(text)
		}
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-ready:
		case <-t.C:
			return LexiconScore(text)
		}
	}
	m, err := Default()
	if err != nil {
		return LexiconScore(text)
	}
	return m.Score(text)
}
