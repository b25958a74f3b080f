package nlp

import (
	"bytes"
	"testing"
)

// TestCLINC150 trains on CLINC150 data_full train+oos_train and checks
// test+oos_test. Published: BERT in-scope 96.9; SVM 91.0; OOS recall BERT
// 40.3–52.3. The target is in-scope ≥ 0.93 with OOS recall ≥ 0.5;
// this model measures 0.933 / 0.52 (see BENCHMARKS.md). The in-scope floor
// asserted here is below that, with a margin for other platforms' floating
// point; the OOS floor is the target.
func TestCLINC150(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	train, _, test := clinc150(t)
	m, err := Train(train, Options{Seed: 1, OOSLabel: "oos"})
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(m, test, "oos")
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("CLINC150: accuracy %.4f macro-F1 %.4f in-scope %.4f OOS recall %.4f, %.0f predictions/s, model %.1f MB",
		r.Accuracy, r.MacroF1, *r.InScopeAccuracy, *r.OOSRecall, r.PredictPerSecond, float64(buf.Len())/1e6)
	if *r.InScopeAccuracy < 0.925 {
		t.Errorf("in-scope accuracy %.4f < 0.925", *r.InScopeAccuracy)
	}
	if *r.OOSRecall < 0.5 {
		t.Errorf("OOS recall %.4f < 0.5", *r.OOSRecall)
	}
	if buf.Len() > 20<<20 {
		t.Errorf("model %d bytes > 20 MB", buf.Len())
	}
}

// TestCrossWOZ: Chinese user turns labelled with their first dialogue act
// (intent+domain), split by dialogue.
func TestCrossWOZ(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	train, test := crossWOZ(t)
	m, err := Train(train, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(m, test, "")
	t.Logf("CrossWOZ first act: n=%d/%d accuracy %.4f macro-F1 %.4f, %.0f predictions/s", len(train), len(test), r.Accuracy, r.MacroF1, r.PredictPerSecond)
	if r.Accuracy < 0.82 {
		t.Errorf("accuracy %.4f < 0.82", r.Accuracy)
	}
}

// TestNTUSDPolarity: sentiment of unseen lexicon words (see ntusd).
func TestNTUSDPolarity(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	train, test := ntusd(t)
	m, err := Train(train, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(m, test, "")
	t.Logf("NTUSD word polarity: n=%d/%d accuracy %.4f macro-F1 %.4f, %.0f predictions/s", len(train), len(test), r.Accuracy, r.MacroF1, r.PredictPerSecond)
	if r.Accuracy < 0.75 {
		t.Errorf("accuracy %.4f < 0.75", r.Accuracy)
	}
}
