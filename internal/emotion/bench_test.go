package emotion

import "testing"

func benchTexts(b *testing.B) []string {
	_, te, err := Dataset()
	if err != nil {
		b.Fatal(err)
	}
	out := make([]string, len(te))
	for i, r := range te {
		out[i] = r.Text
	}
	return out
}

func BenchmarkAnalyze(b *testing.B) {
	texts := benchTexts(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Analyze(texts[i%len(texts)])
	}
}

func BenchmarkFeatureText(b *testing.B) {
	texts := benchTexts(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		FeatureText(texts[i%len(texts)])
	}
}

func benchScore(b *testing.B, noLex bool) {
	tr, te, err := Dataset()
	if err != nil {
		b.Fatal(err)
	}
	m, err := Train(tr, Options{NoLexicon: noLex})
	if err != nil {
		b.Fatal(err)
	}
	m.Score(te[0].Text)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Score(te[i%len(te)].Text)
	}
}

func BenchmarkScore(b *testing.B)         { benchScore(b, false) }
func BenchmarkScoreTextOnly(b *testing.B) { benchScore(b, true) }
