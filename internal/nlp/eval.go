package nlp

import (
	"runtime"
	"sync"
	"time"
)

// Report is the result of Evaluate.
type Report struct {
	N        int     `json:"n"`
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
	// In-scope accuracy (texts whose true label is not the OOS label; a
	// text predicted out-of-scope counts as wrong) and recall of the OOS
	// label; only with an OOS label.
	InScopeAccuracy *float64 `json:"in_scope_accuracy,omitempty"`
	OOSRecall       *float64 `json:"oos_recall,omitempty"`
	OOSPrecision    *float64 `json:"oos_precision,omitempty"`
	// UnseenLabels counts test texts whose label was not in training.
	UnseenLabels     int     `json:"unseen_labels,omitempty"`
	TrainSeconds     float64 `json:"train_seconds,omitempty"`
	PredictPerSecond float64 `json:"predict_per_second"` // one goroutine
	ModelBytes       int64   `json:"model_bytes,omitempty"`
}

// Evaluate predicts every test example on one goroutine (so the
// throughput is per core) and scores the predictions. With oosLabel set it
// also reports in-scope accuracy and OOS recall.
func Evaluate(m *Model, test []Example, oosLabel string) Report {
	preds := make([]string, len(test))
	// warm the tokeniser (loads the Chinese dictionary when needed) so the
	// timing is of steady-state prediction
	m.Predict(test[0].Text, 1)
	start := time.Now()
	for i, e := range test {
		preds[i] = m.Predict(e.Text, 1).Label
	}
	el := time.Since(start).Seconds()
	r := Score(test, preds, oosLabel, m.Labels)
	if el > 0 {
		r.PredictPerSecond = float64(len(test)) / el
	}
	return r
}

// PredictAll predicts texts on all cores, keeping the order.
func PredictAll(m *Model, texts []string, k int) []Prediction {
	out := make([]Prediction, len(texts))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	next := make(chan int, 256)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = m.Predict(texts[i], k)
			}
		}()
	}
	for i := range texts {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// Score compares predictions with the true labels. Macro-F1 averages F1 over
// every label that occurs in the test set or the predictions.
func Score(test []Example, preds []string, oosLabel string, trained []string) Report {
	known := map[string]bool{}
	for _, l := range trained {
		known[l] = true
	}
	tp := map[string]int{}
	fp := map[string]int{}
	fn := map[string]int{}
	labels := map[string]bool{}
	var correct, inN, inOK, oosN, oosOK, oosPred int
	r := Report{N: len(test)}
	for i, e := range test {
		p := preds[i]
		labels[e.Label] = true
		labels[p] = true
		if !known[e.Label] {
			r.UnseenLabels++
		}
		if p == e.Label {
			correct++
			tp[p]++
		} else {
			fp[p]++
			fn[e.Label]++
		}
		if oosLabel != "" {
			if p == oosLabel {
				oosPred++
			}
			if e.Label == oosLabel {
				oosN++
				if p == oosLabel {
					oosOK++
				}
			} else {
				inN++
				if p == e.Label {
					inOK++
				}
			}
		}
	}
	if len(test) > 0 {
		r.Accuracy = float64(correct) / float64(len(test))
	}
	var f1sum float64
	for l := range labels {
		t := float64(tp[l])
		if t > 0 {
			f1sum += 2 * t / (2*t + float64(fp[l]) + float64(fn[l]))
		}
	}
	if len(labels) > 0 {
		r.MacroF1 = f1sum / float64(len(labels))
	}
	if oosLabel != "" {
		ia := ratio(inOK, inN)
		or := ratio(oosOK, oosN)
		op := ratio(oosOK, oosPred)
		r.InScopeAccuracy, r.OOSRecall, r.OOSPrecision = &ia, &or, &op
	}
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
