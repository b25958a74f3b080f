package emotion

import (
	"strings"
	"unicode/utf8"
)

// The written policy: how a customer's emotion changes where the work goes
// and what the agent is offered. Everything the product does with an
// emotion is decided here, in one place.

// QueueWeights move a ticket up within its priority in the queue order
// (inbox sort "-priority": priority first, then this weight, then time).
// Priority stays first because it is the lead's decision about the matter;
// emotion breaks ties inside it: an angry customer is the one most likely to
// escalate publicly (舆情) or call again, an upset one has already been let
// down, an anxious one is waiting on an outcome. Abuse adds nothing here: it
// is a reason to protect the agent (hand to a lead, see Advise), not to
// serve the abuser sooner. Weights are stored with each ticket when its
// emotion changes; after changing them, tickets keep their old weight until
// their emotion is next set.
var QueueWeights = map[string]int{Calm: 0, Anxious: 1, Upset: 2, Angry: 3}

// QueueWeight returns the weight of an emotion ("" or unknown: 0).
func QueueWeight(e string) int { return QueueWeights[e] }

// Strongest returns the emotion that needs more attention (by Rank); ""
// counts as nothing.
func Strongest(a, b string) string {
	if Rank(b) > Rank(a) {
		return b
	}
	return a
}

// Effective is the emotion that counts for a ticket: the one an agent
// confirmed, else the model's suggestion.
func Effective(confirmed, suggested string) string {
	if confirmed != "" {
		return confirmed
	}
	return suggested
}

// Care actions the policy allows an agent facing abuse (see docs/*/emotion.md).
const (
	ActionRemind     = "remind_civility" // 提醒文明用语: say the approved line once or twice
	ActionHandToLead = "hand_to_lead"    // 转班长: a team lead takes over
	ActionEndCall    = "end_call"        // 依规结束通话: after the reminders, end the call and note why
)

// Advice is what the console offers the agent for a customer's emotion.
type Advice struct {
	// Reassure: acknowledge the feeling before the matter (安抚; upset or angry).
	Reassure bool `json:"reassure"`
	// Care: the customer was abusive; show the care banner with Actions.
	Care bool `json:"care"`
	// HandToLead: suggest a team lead takes over (an L1 agent facing an
	// angry or abusive customer).
	HandToLead bool     `json:"hand_to_lead"`
	Actions    []string `json:"actions"`
}

// FirstLevel is the agent level that is offered a hand-over to a lead.
const FirstLevel = "L1"

// Advise applies the policy to an emotion, an abuse flag and the agent's
// level (identity.Levels).
func Advise(emotion string, abusive bool, level string) Advice {
	a := Advice{Actions: []string{}}
	a.Reassure = Rank(emotion) >= Rank(Upset)
	a.HandToLead = level == FirstLevel && (abusive || emotion == Angry)
	if abusive {
		a.Care = true
		a.Actions = append(a.Actions, ActionRemind, ActionHandToLead, ActionEndCall)
	} else if a.HandToLead {
		a.Actions = append(a.Actions, ActionHandToLead)
	}
	return a
}

// Mask replaces the profanity, insults and threats the lexicon finds with
// full-width asterisks, one per character, for showing abusive text to
// people who need not read it again (the words stay in the record). Words
// the lexicon does not know stay as they are.
func Mask(text string) string {
	sig := Analyze(text)
	var b strings.Builder
	last := 0
	for _, c := range sig.Cues {
		if c.Cat != CatProfane && c.Cat != CatInsult && c.Cat != CatViolence {
			continue
		}
		start := max(c.Start, last) // cues may overlap
		if c.End <= start {
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(strings.Repeat("＊", utf8.RuneCountInString(text[start:c.End])))
		last = c.End
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
