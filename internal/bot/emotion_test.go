package bot_test

import (
	"testing"

	"github.com/kefuhq/kefu/internal/bot"
	"github.com/kefuhq/kefu/internal/emotion"
)

// TestEmotionModelInThePolicy: with the emotion model, abuse and anger the
// rule lists miss are handed off, and no question of the evaluation set is.
func TestEmotionModelInThePolicy(t *testing.T) {
	m, err := emotion.Default()
	if err != nil {
		t.Fatal(err)
	}
	em := bot.EmotionModel{Scorer: m}
	decide := func(text string) bot.Decision {
		e, _ := em.Score(text)
		return bot.Policy{}.Decide(bot.Turn{Text: text, Lang: bot.LangOf(text), Emotion: &e})
	}
	for _, c := range []struct{ text, reason string }{
		{"what the hell is wrong with you people", bot.ReasonAbuse},
		{"你们这帮废物", bot.ReasonAbuse},
		{"太过分了,客服电话一直打不通", bot.ReasonEmotion},
		{"垃圾服务,退钱", bot.ReasonEmotion},
	} {
		if d := decide(c.text); d.Kind != bot.KindHandoff || d.Reason != c.reason {
			t.Errorf("%q: %s/%s, want handoff/%s", c.text, d.Kind, d.Reason, c.reason)
		}
	}
	for _, c := range readEval(t, "testdata/demo_eval.csv") {
		if d := decide(c.Text); d.Kind == bot.KindHandoff {
			t.Errorf("%q handed off (%s)", c.Text, d.Reason)
		}
	}
}
