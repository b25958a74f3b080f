package emotion

// LexiconScore reads a text with the lexicon alone: the fallback while the
// model is being built, and the baseline the model is measured against.
// Abusive: see lexiconAbuse. Emotion: the category
// with the most cues — anger (with demands, escalation threats, sarcasm,
// shouting), distress (with repeated contacts) or anxiety — else calm; a
// tie goes to the stronger emotion.
func LexiconScore(text string) Score {
	sig := Analyze(text)
	s := Score{Cues: cueTerms(text, sig), Escalation: sig.Has(CatEscalate), Source: "lexicon"}
	if lexiconAbuse(sig) {
		s.Abusive, s.AbuseProb = true, 1
	}
	votes := [4]int{}
	votes[Rank(Anxious)] = sig.Count(CatAnxiety)
	votes[Rank(Upset)] = sig.Count(CatDistress) + sig.Count(CatRepeat)
	votes[Rank(Angry)] = sig.Count(CatAnger) + sig.Count(CatDemand) + sig.Count(CatEscalate) + sig.Count(CatSarcasm) + sig.Count(CatViolence) + sig.BangRuns + sig.CapsWords
	for _, c := range sig.Cues {
		if c.Aimed && !c.Negated {
			votes[Rank(Angry)]++
		}
	}
	best := 0
	for i := 1; i < len(votes); i++ {
		if votes[i] > 0 && votes[i] >= votes[best] {
			best = i
		}
	}
	s.Emotion, s.Confidence = Labels[best], 0.5
	s.Probs[best] = 0.5
	return s
}

// lexiconAbuse: a profanity or a threat of harm anywhere, or an insult
// aimed at someone ("你个废物", "you idiot"; "this app is useless" is not).
func lexiconAbuse(sig Signals) bool {
	for _, c := range sig.Cues {
		switch {
		case c.Cat == CatProfane, c.Cat == CatViolence:
			return true
		case c.Cat == CatInsult && c.Aimed:
			return true
		}
	}
	return false
}
