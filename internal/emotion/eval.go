package emotion

import (
	"sort"
	"time"

	"github.com/kefuhq/kefu/internal/nlp"
)

// TaskReport is accuracy and macro-F1 of one task on one slice of the data.
type TaskReport struct {
	N        int     `json:"n"`
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
}

// Report is the evaluation of a model on labelled rows: per task (emotion,
// abusive) overall, per language and per source (hand-written or composed),
// the emotion confusion matrix, and the scoring speed on one goroutine.
type Report struct {
	Emotion map[string]TaskReport `json:"emotion"` // "all", "zh", "en", "hand", "composed"
	Abusive map[string]TaskReport `json:"abusive"`
	// AbusivePrecision and AbusiveRecall are over all languages.
	AbusivePrecision float64 `json:"abusive_precision"`
	AbusiveRecall    float64 `json:"abusive_recall"`
	// Confusion[true][predicted] counts, labels in Labels order.
	Confusion       [4][4]int `json:"confusion"`
	ScoresPerSecond float64   `json:"scores_per_second"`
}

// Scorer reads a text: *Model, Lazy, or LexiconScorer.
type Scorer interface {
	Score(text string) Score
}

// LexiconScorer is LexiconScore as a Scorer (the baseline in evaluations).
type LexiconScorer struct{}

// Score implements Scorer.
func (LexiconScorer) Score(text string) Score { return LexiconScore(text) }

// Evaluate scores every row with m (on one goroutine, so the speed is per
// core) and compares with the labels.
func Evaluate(m Scorer, rows []Row) Report {
	if len(rows) > 0 {
		m.Score(rows[0].Text) // warm the tokeniser
	}
	scores := make([]Score, len(rows))
	start := time.Now()
	for i, r := range rows {
		scores[i] = m.Score(r.Text)
	}
	el := time.Since(start).Seconds()
	rep := Report{Emotion: map[string]TaskReport{}, Abusive: map[string]TaskReport{}}
	if el > 0 {
		rep.ScoresPerSecond = float64(len(rows)) / el
	}
	slices := map[string][]int{"all": nil}
	for i, r := range rows {
		slices["all"] = append(slices["all"], i)
		if r.Lang != "" {
			slices[r.Lang] = append(slices[r.Lang], i)
		}
		if r.Source != "" {
			slices[r.Source] = append(slices[r.Source], i)
		}
	}
	keys := make([]string, 0, len(slices))
	for k := range slices {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		idx := slices[k]
		var ee, ae []nlp.Example
		var ep, ap []string
		for _, i := range idx {
			ee = append(ee, nlp.Example{Text: rows[i].Text, Label: rows[i].Emotion})
			ep = append(ep, scores[i].Emotion)
			ae = append(ae, nlp.Example{Text: rows[i].Text, Label: abuseLabel(rows[i].Abusive)})
			ap = append(ap, abuseLabel(scores[i].Abusive))
		}
		er := nlp.Score(ee, ep, "", Labels)
		ar := nlp.Score(ae, ap, "", []string{"0", "1"})
		rep.Emotion[k] = TaskReport{N: er.N, Accuracy: round3(er.Accuracy), MacroF1: round3(er.MacroF1)}
		rep.Abusive[k] = TaskReport{N: ar.N, Accuracy: round3(ar.Accuracy), MacroF1: round3(ar.MacroF1)}
	}
	var tp, fp, fn int
	for i, r := range rows {
		if t, p := Rank(r.Emotion), Rank(scores[i].Emotion); t >= 0 && p >= 0 {
			rep.Confusion[t][p]++
		}
		switch {
		case r.Abusive && scores[i].Abusive:
			tp++
		case !r.Abusive && scores[i].Abusive:
			fp++
		case r.Abusive && !scores[i].Abusive:
			fn++
		}
	}
	if tp+fp > 0 {
		rep.AbusivePrecision = round3(float64(tp) / float64(tp+fp))
	}
	if tp+fn > 0 {
		rep.AbusiveRecall = round3(float64(tp) / float64(tp+fn))
	}
	return rep
}
