package nlp

import "testing"

func TestStem(t *testing.T) {
	// expected stems from the Snowball English vocabulary/output lists
	for w, want := range map[string]string{
		"abandoned": "abandon", "abilities": "abil", "able": "abl", "abnormal": "abnorm", "about": "about",
		"absolutely": "absolut", "accepted": "accept", "accompanied": "accompani", "according": "accord",
		"accounts": "account", "ache": "ach", "generously": "generous", "generate": "generat",
		"communication": "communic", "dying": "die", "skies": "sky", "news": "news", "caresses": "caress",
		"fluently": "fluentli", "replacement": "replac", "running": "run", "hopping": "hop", "hoped": "hope",
		"transferred": "transfer", "booking": "book", "cancelled": "cancel", "cancellation": "cancel",
		"balances": "balanc", "ponies": "poni", "ties": "tie", "cries": "cri", "gaps": "gap", "gas": "gas",
		"kiwis": "kiwi", "happy": "happi", "cry": "cri", "say": "say", "by": "by", "relational": "relat",
		"conditional": "condit", "rational": "ration", "hopeful": "hope", "goodness": "good",
		"effective": "effect", "adoption": "adopt", "electrical": "electr", "controlling": "control",
		"inning": "inning", "proceed": "proceed", "agreed": "agre", "feed": "feed", "yesterday": "yesterday",
		"playing": "play", "flies": "fli", "card": "card", "transactions": "transact", "iphone15": "iphone15",
		"中文": "中文", "a": "a", "is": "is", "was": "was", "this": "this", "does": "doe", "pizza": "pizza",
	} {
		if got := Stem(w); got != want {
			t.Errorf("Stem(%q) = %q, want %q", w, got, want)
		}
	}
}
