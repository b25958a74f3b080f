package emotion

import "strings"

// The lexicon reaches the classifier as marker tokens appended to the text
// before it is featurised, at training and at prediction alike: the
// internal/nlp classifier stays untouched and learns a weight for each
// marker next to the words. Markers are Latin words no customer writes
// ("xlxanger"); the tokeniser keeps them whole and lower-cased.
const markerPrefix = "xlx"

// maxRepeat bounds how often one marker is repeated (the classifier's term
// frequency is sublinear anyway).
const maxRepeat = 3

// Markers returns the marker tokens for the signals of a text.
func Markers(sig Signals) []string {
	var out []string
	seen := map[string]int{}
	add := func(m string) {
		if seen[m] < maxRepeat {
			seen[m]++
			out = append(out, markerPrefix+m)
		}
	}
	for _, q := range sig.Cues {
		name := string(q.Cat)
		if q.Negated {
			name = "no" + name
		}
		add(name)
		if q.Aimed && !q.Negated {
			add("aimed")
		}
	}
	for range min(sig.Bangs, maxRepeat) {
		add("bang")
	}
	for range sig.BangRuns {
		add("bangs")
	}
	for range sig.Queries {
		add("queries")
	}
	for range sig.CapsWords {
		add("caps")
	}
	for range sig.Stretched {
		add("stretch")
	}
	if len(out) == 0 {
		add("none")
	}
	return out
}

// FeatureText is the text the classifier sees: the text and its markers.
func FeatureText(text string) string {
	return featureText(text, Analyze(text))
}

func featureText(text string, sig Signals) string {
	m := Markers(sig)
	var b strings.Builder
	b.Grow(len(text) + 10*len(m) + 1)
	b.WriteString(text)
	for _, w := range m {
		b.WriteByte(' ')
		b.WriteString(w)
	}
	return b.String()
}
