// Package emotion reads the emotion of what customers say and write — calm,
// anxious, upset or angry — and whether it is abusive, in Chinese and
// English, so that agents see it before the problem (先处理情绪，再处理问题),
// angry customers move up the queue, leads can look after agents who took
// abuse, and auto-QA can use it later.
//
// Two internal/nlp classifiers (emotion: four labels; abusive: 0/1) are
// trained on our own labelled utterances (data/, see data/README.md for the
// labelling guide) with lexicon cues (lexicon_terms.go) appended to the text
// as marker tokens. Training is deterministic and takes a second or two; the
// model is trained from the embedded data the first time it is needed (see
// Default), never downloaded. Everything here is pure: no I/O but reading
// the embedded files.
package emotion

//go:generate go run ./gen

import (
	"embed"
	"errors"
	"fmt"
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
type Model struct {
	emotion *nlp.Model
	abuse   *nlp.Model
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

// Train fits both classifiers on rows.
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
	emo := make([]nlp.Example, len(rows))
	ab := make([]nlp.Example, len(rows))
	for i, r := range rows {
		t := r.Text
		if !o.NoLexicon {
			t = FeatureText(t)
		}
		emo[i] = nlp.Example{Text: t, Label: r.Emotion}
		ab[i] = nlp.Example{Text: t, Label: abuseLabel(r.Abusive)}
	}
	m := &Model{AbuseThreshold: o.AbuseThreshold, textOnly: o.NoLexicon}
	var err error
	if m.emotion, err = nlp.Train(emo, nlp.Options{Seed: o.Seed}); err != nil {
		return nil, fmt.Errorf("emotion: train emotion: %w", err)
	}
	if m.abuse, err = nlp.Train(ab, nlp.Options{Seed: o.Seed}); err != nil {
		return nil, fmt.Errorf("emotion: train abusive: %w", err)
	}
	if !slices.Equal(m.emotion.Labels, []string{Angry, Anxious, Calm, Upset}) {
		return nil, fmt.Errorf("emotion: training data must have all four emotions, has %v", m.emotion.Labels)
	}
	return m, nil
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
	pe := m.emotion.Predict(ft, len(Labels))
	pa := m.abuse.Predict(ft, 2)
	s := Score{Cues: cueTerms(text, sig), Source: "model"}
	for _, sc := range pe.Top {
		s.Probs[Rank(sc.Label)] = round3(sc.Prob)
	}
	s.Emotion, s.Confidence = pe.Label, round3(pe.Prob)
	for _, sc := range pa.Top {
		if sc.Label == "1" {
			s.AbuseProb = round3(sc.Prob)
		}
	}
	s.Abusive = s.AbuseProb >= m.AbuseThreshold
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
		go defaultModel()
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
