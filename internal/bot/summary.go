package bot

import (
	"strings"

	"github.com/kefuhq/kefu/internal/i18n"
)

// Message is one stored turn, as the summary and transcript see it.
type Message struct {
	Role    string   `json:"role"` // customer, bot
	Kind    string   `json:"kind"`
	Text    string   `json:"text"`
	Sources []Source `json:"sources"`
	Helpful *bool    `json:"helpful"`
}

// Summary is the extractive summary a person taking over reads first: what
// the customer asked (their own words, small talk left out), what the bot
// answered with, and why it handed off. Pure; the large-model provider may
// offer a written summary as well, never instead.
func Summary(lang i18n.Lang, msgs []Message, reason string) string {
	var asked, answered []string
	seenQ, seenA := map[string]bool{}, map[string]bool{}
	notHelpful := 0
	for _, m := range msgs {
		switch {
		case m.Role == "customer":
			t := strings.Join(strings.Fields(m.Text), " ")
			if t == "" || !HasContentBeyondSmallTalk(t) || seenQ[t] {
				continue
			}
			seenQ[t] = true
			asked = append(asked, clip(t, 80))
		case m.Kind == KindAnswer:
			for _, s := range m.Sources {
				key := s.Kind + ":" + s.Title
				if seenA[key] {
					continue
				}
				seenA[key] = true
				a := "《" + s.Title + "》"
				if lang == i18n.EN {
					a = "“" + s.Title + "”"
				}
				answered = append(answered, a)
			}
			if m.Helpful != nil && !*m.Helpful {
				notHelpful++
			}
		}
	}
	if len(asked) > 4 { // the first questions say what it was about, the last what was left
		asked = append(asked[:2], asked[len(asked)-2:]...)
	}
	var b strings.Builder
	sep := ";"
	if lang == i18n.EN {
		sep = "; "
	}
	line := func(key, v string) {
		b.WriteString(i18n.T(lang, key))
		b.WriteString(v)
		b.WriteByte('\n')
	}
	if len(asked) == 0 {
		line("bot.summary.asked", i18n.T(lang, "bot.summary.nothing"))
	} else {
		line("bot.summary.asked", strings.Join(asked, sep))
	}
	if len(answered) == 0 {
		line("bot.summary.answered", i18n.T(lang, "bot.summary.no_answer"))
	} else {
		a := strings.Join(answered, sep)
		if notHelpful > 0 {
			a += i18n.T(lang, "bot.summary.not_helpful", notHelpful)
		}
		line("bot.summary.answered", a)
	}
	if reason != "" {
		line("bot.summary.reason", i18n.T(lang, "bot.reason."+reason))
	}
	return strings.TrimSpace(b.String())
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
