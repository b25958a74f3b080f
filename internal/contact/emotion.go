package contact

import "github.com/kefuhq/kefu/internal/emotion"

// Scorer reads the emotion of a customer's text (internal/emotion).
type Scorer interface {
	Score(text string) emotion.Score
}

// SetScorer makes Create score the summary and every customer turn
// (wiring only; without one, contacts are stored unscored).
func (s *Service) SetScorer(sc Scorer) { s.scorer = sc }

// RecentTurns is how many of the last customer turns count for the
// contact's emotion: how the customer feels now matters more than how the
// call began, while any abusive turn marks the contact abusive.
const RecentTurns = 5

// readEmotion scores the summary and each customer turn of in (setting the
// turns' Emotion, Abusive and Masked) and returns the contact's emotion and
// whether any of it was abusive. The summary is what the agent wrote about
// the customer, so it counts like a turn.
func readEmotion(sc Scorer, in *Input) (string, bool) {
	for i := range in.Transcript { // the readings are ours, never the caller's
		t := &in.Transcript[i]
		t.Emotion, t.Abusive, t.Masked = "", false, ""
	}
	if sc == nil {
		return "", false
	}
	var emo string
	var abusive bool
	if in.Summary != "" {
		s := sc.Score(in.Summary)
		emo, abusive = s.Emotion, s.Abusive
	}
	seen := 0
	for i := len(in.Transcript) - 1; i >= 0; i-- {
		t := &in.Transcript[i]
		if t.Speaker != "customer" {
			continue
		}
		s := sc.Score(t.Text)
		t.Emotion, t.Abusive = s.Emotion, s.Abusive
		if s.Abusive {
			abusive = true
			if m := emotion.Mask(t.Text); m != t.Text {
				t.Masked = m
			}
		}
		if seen < RecentTurns {
			emo = emotion.Strongest(emo, s.Emotion)
		}
		seen++
	}
	return emo, abusive
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
