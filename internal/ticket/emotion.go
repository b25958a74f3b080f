package ticket

import (
	"context"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/emotion"
)

// Scorer reads the emotion of a customer's text (internal/emotion).
type Scorer interface {
	Score(text string) emotion.Score
}

// SetScorer makes Create suggest an emotion from the description (wiring
// only; without one, tickets get no suggestion).
func (s *Service) SetScorer(sc Scorer) { s.scorer = sc }

// mood is the customer's emotion as far as a ticket knows it.
type mood struct {
	emotion string
	abusive bool
}

// with keeps the stronger emotion and any abuse.
func (m mood) with(e string, abusive bool) mood {
	return mood{emotion: emotion.Strongest(m.emotion, e), abusive: m.abusive || abusive}
}

// maxScoredRunes bounds the text read for the suggestion: a long pasted
// thread costs a few milliseconds at most, and its start (the newest
// message, in most mail clients) is what the customer feels now.
const maxScoredRunes = 4000

// readMood reads the description (the customer's words, when the ticket is
// opened from a message or typed in from a call), else the subject.
func (s *Service) readMood(in Input) mood {
	if s.scorer == nil {
		return mood{}
	}
	text := in.Description
	if text == "" {
		text = in.Subject
	}
	if r := []rune(text); len(r) > maxScoredRunes {
		text = string(r[:maxScoredRunes])
	}
	sc := s.scorer.Score(text)
	return mood{emotion: sc.Emotion, abusive: sc.Abusive}
}

// queueWeight is the stored queue weight (emotion.QueueWeights) of the
// emotion that counts: the confirmed one, else the suggestion.
func queueWeight(confirmed, suggested string) int {
	return emotion.QueueWeight(emotion.Effective(confirmed, suggested))
}

// absorbContactMood raises a ticket's suggestion to a newly linked
// contact's emotion when that is stronger (and marks it abusive when the
// contact was), in the link's transaction.
func absorbContactMood(ctx context.Context, tx *db.Tx, cur Ticket, contactID int64) error {
	var e string
	var abusive int
	if err := tx.QueryRow(ctx, `SELECT emotion, abusive FROM contacts WHERE id = $1`, contactID).Scan(&e, &abusive); err != nil {
		return err
	}
	next := mood{emotion: cur.EmotionSuggested, abusive: cur.Abusive}.with(e, abusive == 1)
	if next.emotion == cur.EmotionSuggested && next.abusive == cur.Abusive {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE tickets SET emotion_suggested = $1, abusive = $2, emotion_weight = $3 WHERE id = $4`,
		next.emotion, boolInt(next.abusive), queueWeight(cur.Emotion, next.emotion), cur.ID)
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
