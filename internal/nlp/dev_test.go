package nlp

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/kefuhq/kefu/internal/textseg"
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
	o := Options{OOSLabel: "oos", Seed: uint64(envF("SEED", 1))}
	o.Features = DefaultFeatures
	o.Features.LatinCharMin = int(envF("CMIN", float64(o.Features.LatinCharMin)))
	o.Features.LatinCharMax = int(envF("CMAX", float64(o.Features.LatinCharMax)))
	o.Features.HanCharMax = int(envF("HMAX", float64(o.Features.HanCharMax)))
	o.Features.WordNgrams = int(envF("WN", float64(o.Features.WordNgrams)))
	o.Features.WordPairWindow = int(envF("PW", 0))
	if v := os.Getenv("EDGES"); v != "" {
		o.Features.TextEdges = v == "1"
	}
	o.Features.CharWeight = float32(envF("CW", float64(o.Features.CharWeight)))
	o.Epochs = int(envF("EP", 0))
	o.LearningRate = envF("LR", 0)
	o.L2 = envF("L2", 0)
	o.MinDF = int(envF("MINDF", 0))
	o.Algorithm = os.Getenv("ALGO")
	o.SVMCost = envF("SVMC", 0)
	o.SVMLoss = os.Getenv("SVMLOSS")
	o.SVMMulticlass = os.Getenv("MULTICLASS")
	o.Hidden = int(envF("HIDDEN", 0))
	o.NetworkEpochs = int(envF("NETEP", 0))
	o.SoftmaxEpochs = int(envF("SEP", 0))
	o.SoftmaxWeight = envF("MIX", 0)
	o.MinProb = envF("MINPROB", 0)
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
// cross-validation ×3) and the emotion data (group-wise 5-fold).
// KEFU_NLP_DEVALL=all, or a list: clinc,woz,ntusd,rev,emo.
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
		t.Logf("  the model's threshold %.3f: in-scope %.4f OOS recall %.4f", m.Threshold, *r.InScopeAccuracy, *r.OOSRecall)
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
	if strings.Contains(which, "emo") || which == "all" {
		o := devOpts()
		o.OOSLabel = ""
		for _, col := range []string{"emotion", "abusive"} {
			acc, f1 := emotionCV(t, col, o)
			t.Logf("emotion data, %-7s by group, 5-fold: acc %.4f macro-F1 %.4f", col, acc, f1)
		}
	}
}

// emotionCV cross-validates on internal/emotion/data/train.csv (another
// package's data, read as a file) with the folds split by the group column,
// as internal/emotion's TestCV does, so no situation is in both sides.
func emotionCV(t *testing.T, labelCol string, o Options) (acc, macroF1 float64) {
	f, err := os.Open("../emotion/data/train.csv")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var ex []Example
	var groups []string
	for _, r := range rows[1:] {
		ex = append(ex, Example{Text: r[col["text"]], Label: r[col[labelCol]]})
		groups = append(groups, r[col["group"]])
	}
	var test []Example
	var preds []string
	for k := uint32(0); k < 5; k++ {
		var tr []Example
		var te []Example
		for i, e := range ex {
			h := fnv.New32a()
			h.Write([]byte(groups[i]))
			h.Write([]byte{0})
			h.Write([]byte("cv"))
			h.Write([]byte{0})
			if h.Sum32()%5 == k {
				te = append(te, e)
			} else {
				tr = append(tr, e)
			}
		}
		m, err := Train(tr, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range te {
			preds = append(preds, m.Predict(e.Text, 1).Label)
		}
		test = append(test, te...)
	}
	r := Score(test, preds, "", nil)
	return r.Accuracy, r.MacroF1
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

// TestDevVal compares models on CLINC150 val without the held-out step:
// one model trained on train, in-scope accuracy without a threshold and at
// the lowest calibrated-probability threshold reaching OOS recall 0.5 and
// 0.6 on val (an oracle, for comparing models, not for choosing one).
func TestDevVal(t *testing.T) {
	if os.Getenv("KEFU_NLP_DEVVAL") == "" {
		t.Skip()
	}
	tr, val, _ := clinc150(t)
	if os.Getenv("KEFU_NLP_DEVVAL") == "test" {
		_, _, val = clinc150(t)
	}
	o := devOpts()
	o.defaults(len(tr))
	// view: "" both blocks, "word" or "char" only
	score := func(view string) (probs [][]float32, y []int32, oos int32) {
		start := time.Now()
		m := devModel(tr, o, view)
		t.Logf("%s trained in %.1fs", view, time.Since(start).Seconds())
		lin := make([][]float32, len(val))
		net := make([][]float32, len(val))
		y = make([]int32, len(val))
		lid := map[string]int32{}
		for i, l := range m.Labels {
			lid[l] = int32(i)
		}
		var rf rawFeatures
		var toks []textseg.Token
		for i, e := range val {
			toks = o.Features.hashText(e.Text, &rf, toks)
			rf.strip(view)
			lin[i] = m.logits(&rf, nil)
			if m.Net != nil {
				net[i] = m.netLogits(&rf, nil)
			}
			y[i] = lid[e.Label]
		}
		// temperatures fitted on val itself: the comparison is of models,
		// not of the held-out calibration
		m.Temperature = fitTemperature(lin, y)
		if m.Net != nil {
			m.NetTemperature = fitTemperature(net, y)
			linOnly := make([][]float32, len(val))
			netOnly := make([][]float32, len(val))
			for i := range lin {
				linOnly[i] = append([]float32(nil), lin[i]...)
				softmaxInPlace(linOnly[i], m.Temperature)
				netOnly[i] = append([]float32(nil), net[i]...)
				softmaxInPlace(netOnly[i], m.NetTemperature)
			}
			devReport(t, "linear", linOnly, y, lid["oos"])
			devReport(t, "net", netOnly, y, lid["oos"])
		}
		probs = make([][]float32, len(val))
		for i := range lin {
			probs[i] = m.combine(lin[i], net[i])
		}
		t.Logf("%s T %.3f net T %.3f", view, m.Temperature, m.NetTemperature)
		return probs, y, lid["oos"]
	}
	views := strings.Fields(os.Getenv("VIEWS"))
	if len(views) == 0 {
		p, y, oos := score("")
		devReport(t, "full", p, y, oos)
		if os.Getenv("KNN") != "" {
			devKNN(t, tr, val, o, p, y, oos)
		}
		return
	}
	var all [][][]float32
	var y []int32
	var oos int32
	for _, v := range views {
		if v == "full" {
			v = ""
		}
		p, yy, o := score(v)
		devReport(t, v, p, yy, o)
		all = append(all, p)
		y, oos = yy, o
	}
	avg := make([][]float32, len(y))
	for i := range avg {
		avg[i] = make([]float32, len(all[0][i]))
		for _, p := range all {
			for c, v := range p[i] {
				avg[i][c] += v / float32(len(all))
			}
		}
	}
	devReport(t, "avg", avg, y, oos)
}

// strip drops a block of features for a single-view model.
func (f *rawFeatures) strip(view string) {
	switch view {
	case "word":
		f.char = f.char[:0]
	case "char":
		f.word = f.word[:0]
	}
}

func devReport(t *testing.T, name string, probs [][]float32, y []int32, oos int32) {
	type row struct {
		p           float32
		isOOS, corr bool
	}
	rows := make([]row, len(probs))
	nIn, nOOS, inOK, oosOK, inToOOS := 0, 0, 0, 0, 0
	for i, p := range probs {
		b := 0
		for c := range p {
			if p[c] > p[b] {
				b = c
			}
		}
		r := row{p: p[b], isOOS: y[i] == oos, corr: int32(b) == y[i]}
		rows[i] = r
		if r.isOOS {
			nOOS++
			if r.corr {
				oosOK++
			}
		} else {
			nIn++
			if r.corr {
				inOK++
			} else if int32(b) == oos {
				inToOOS++
			}
		}
	}
	line := fmt.Sprintf("%-5s none %.4f/%.3f (in-scope→oos %d)", name, float64(inOK)/float64(nIn), float64(oosOK)/float64(nOOS), inToOOS)
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(a.p, b.p) })
	targets := []float64{0.5, 0.6, 0.7}
	ti := 0
	for _, r := range rows {
		if ti == len(targets) {
			break
		}
		if r.isOOS && !r.corr {
			oosOK++
		} else if !r.isOOS && r.corr {
			inOK--
		}
		for ti < len(targets) && float64(oosOK)/float64(nOOS) >= targets[ti] {
			line += fmt.Sprintf("  @%.1f %.4f (t %.3f)", targets[ti], float64(inOK)/float64(nIn), r.p)
			ti++
		}
	}
	t.Log(line)
}

// devModel trains one model on all of ex with o (defaults applied).
func devModel(ex []Example, o Options, view string) *Model {
	counts := map[string]bool{}
	for _, e := range ex {
		counts[e.Label] = true
	}
	labels := make([]string, 0, len(counts))
	for l := range counts {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	lid := map[string]int32{}
	for i, l := range labels {
		lid[l] = int32(i)
	}
	y := make([]int32, len(ex))
	raw := make([]rawFeatures, len(ex))
	var toks []textseg.Token
	for i, e := range ex {
		y[i] = lid[e.Label]
		toks = o.Features.hashText(e.Text, &raw[i], toks)
		raw[i].strip(view)
	}
	return buildModel(raw, y, allIndexes(len(ex)), labels, o, 7)
}

// devKNN blends the model's probabilities with a nearest-neighbour score:
// per label, the best cosine between the text and that label's training
// texts (same TF-IDF space).
func devKNN(t *testing.T, tr, val []Example, o Options, probs [][]float32, y []int32, oos int32) {
	m := devModel(tr, o, "")
	lid := map[string]int32{}
	for i, l := range m.Labels {
		lid[l] = int32(i)
	}
	C := len(m.Labels)
	post := make([][]int32, len(m.Buckets))
	postV := make([][]float32, len(m.Buckets))
	ty := make([]int32, len(tr))
	var rf rawFeatures
	var toks []textseg.Token
	var sv sparseVec
	for i, e := range tr {
		toks = o.Features.hashText(e.Text, &rf, toks)
		m.vec.vector(&rf, &sv)
		ty[i] = lid[e.Label]
		for j, f := range sv.idx {
			post[f] = append(post[f], int32(i))
			postV[f] = append(postV[f], sv.val[j])
		}
	}
	knn := make([][]float32, len(val))
	dots := make([]float32, len(tr))
	work := 0
	for i, e := range val {
		toks = o.Features.hashText(e.Text, &rf, toks)
		m.vec.vector(&rf, &sv)
		clear(dots)
		for j, f := range sv.idx {
			v := sv.val[j]
			work += len(post[f])
			for k, d := range post[f] {
				dots[d] += v * postV[f][k]
			}
		}
		best := make([]float32, C)
		for d, s := range dots {
			if s > best[ty[d]] {
				best[ty[d]] = s
			}
		}
		knn[i] = best
	}
	t.Logf("knn work per text %d", work/len(val))
	for _, tau := range []float32{0.02, 0.05, 0.1} {
		kp := make([][]float32, len(val))
		for i := range knn {
			kp[i] = append([]float32(nil), knn[i]...)
			softmaxInPlace(kp[i], tau)
		}
		devReport(t, fmt.Sprintf("knn%.2f", tau), kp, y, oos)
		for _, lam := range []float32{0.1, 0.2, 0.3, 0.5} {
			bp := make([][]float32, len(val))
			for i := range kp {
				bp[i] = make([]float32, C)
				for c := range bp[i] {
					bp[i][c] = (1-lam)*probs[i][c] + lam*kp[i][c]
				}
			}
			devReport(t, fmt.Sprintf("b%.2f/%.1f", tau, lam), bp, y, oos)
		}
	}
}
