package nlp

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func envF(k string, d float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(k), 64); err == nil {
		return v
	}
	return d
}

func devOpts() Options {
	o := Options{OOSLabel: "oos", Seed: 1}
	o.Features = DefaultFeatures
	o.Features.LatinCharMin = int(envF("CMIN", float64(o.Features.LatinCharMin)))
	o.Features.LatinCharMax = int(envF("CMAX", float64(o.Features.LatinCharMax)))
	o.Features.HanCharMax = int(envF("HMAX", float64(o.Features.HanCharMax)))
	o.Features.WordNgrams = int(envF("WN", float64(o.Features.WordNgrams)))
	o.Features.WordPairWindow = int(envF("PW", 0))
	o.Features.CharWeight = float32(envF("CW", float64(o.Features.CharWeight)))
	o.Epochs = int(envF("EP", 0))
	o.LearningRate = envF("LR", 0)
	o.L2 = envF("L2", 0)
	o.MinDF = int(envF("MINDF", 0))
	o.Algorithm = os.Getenv("ALGO")
	o.SVMCost = envF("SVMC", 0)
	o.SoftmaxWeight = envF("MIX", 0)
	o.MaxInScopeLoss = envF("MAXLOSS", 0)
	return o
}

// reviews reads testdata/reviews.csv, a small bilingual review set written
// for checking sentiment-style data (positive/negative, short and
// multi-sentence texts).
func reviews(t testing.TB) []Example {
	ex, err := ReadCSVFile("testdata/reviews.csv", CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// crossValidate returns the accuracy of k-fold cross-validation repeated
// over three shuffles (the same for every configuration).
func crossValidate(t testing.TB, ex []Example, k int, o Options) float64 {
	ok := 0
	for rep := uint64(0); rep < 3; rep++ {
		ok += crossValidateOnce(t, ex, k, o, rep)
	}
	return float64(ok) / float64(3*len(ex))
}

func crossValidateOnce(t testing.TB, ex []Example, k int, o Options, rep uint64) int {
	idx := rand.New(rand.NewPCG(42, 42+rep)).Perm(len(ex))
	ok := 0
	for f := 0; f < k; f++ {
		var tr, te []Example
		for j, i := range idx {
			if j%k == f {
				te = append(te, ex[i])
			} else {
				tr = append(tr, ex[i])
			}
		}
		m, err := Train(tr, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range te {
			if m.Predict(e.Text, 1).Label == e.Label {
				ok++
			}
		}
	}
	return ok
}

// TestDevAll prints one line per reference task for the options in the
// environment (see devOpts): CLINC150 train→val (clinc-test: →test, with a
// threshold sweep), CrossWOZ, NTUSD and the review set (5-fold
// cross-validation ×3). KEFU_NLP_DEVALL=all, or a list: clinc,woz,ntusd,rev.
func TestDevAll(t *testing.T) {
	if os.Getenv("KEFU_NLP_DEVALL") == "" {
		t.Skip()
	}
	run := func(name string, tr, te []Example, oos string) {
		o := devOpts()
		o.OOSLabel = oos
		start := time.Now()
		m, err := Train(tr, o)
		if err != nil {
			t.Fatal(err)
		}
		el := time.Since(start)
		r := Evaluate(m, te, oos)
		line := fmt.Sprintf("%-8s acc %.4f f1 %.4f train %.1fs pps %.0f", name, r.Accuracy, r.MacroF1, el.Seconds(), r.PredictPerSecond)
		t.Log(line)
		if oos == "" {
			return
		}
		t.Logf("  tuned threshold %.3f: in-scope %.4f OOS recall %.4f", m.Threshold, *r.InScopeAccuracy, *r.OOSRecall)
		for _, th := range []float32{0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4} {
			m.Threshold = th
			r := Evaluate(m, te, oos)
			t.Logf("  threshold %.2f: in-scope %.4f OOS recall %.4f", th, *r.InScopeAccuracy, *r.OOSRecall)
		}
	}
	which := os.Getenv("KEFU_NLP_DEVALL")
	if strings.Contains(which, "clinc") || which == "all" {
		tr, val, te := clinc150(t)
		if strings.Contains(which, "clinc-test") {
			run("clinc-test", tr, te, "oos")
		} else {
			run("clinc-val", tr, val, "oos")
		}
	}
	if strings.Contains(which, "woz") || which == "all" {
		tr, te := crossWOZ(t)
		run("woz", tr, te, "")
	}
	if strings.Contains(which, "ntusd") || which == "all" {
		tr, te := ntusd(t)
		run("ntusd", tr, te, "")
	}
	if strings.Contains(which, "rev") || which == "all" {
		o := devOpts()
		o.OOSLabel = ""
		t.Logf("reviews  5-fold ×3 acc %.4f", crossValidate(t, reviews(t), 5, o))
	}
}

func TestDevErrors(t *testing.T) {
	if os.Getenv("KEFU_NLP_ERR") == "" {
		t.Skip()
	}
	tr, _, te := clinc150(t)
	o := devOpts()
	m, _ := Train(tr, o)
	m.Threshold = 0
	n := 0
	for _, e := range te {
		p := m.Predict(e.Text, 2)
		if p.Label != e.Label && e.Label != "oos" {
			n++
			if n%4 == 0 {
				t.Logf("%-60q %s -> %s (%.2f)", e.Text, e.Label, p.Label, p.Prob)
			}
		}
	}
}
