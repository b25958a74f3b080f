package nlp

// Experiments behind the defaults of format 2 (BENCHMARKS.md, "Text
// classification"), on CLINC150 train → val. Each skips unless its
// variable is set:
//
//	KEFU_NLP_DEVMODELS=1 MODELS="ovr cs linear net" NETS="h=128,m=2;h=128,m=1" go test ./internal/nlp -run TestDevModels -v
//	KEFU_NLP_DEVTHRESHOLD=1 SEED=1 go test ./internal/nlp -run TestDevThreshold -v
//	KEFU_NLP_DEVSPEED=1 ALGOS="linear ensemble" go test ./internal/nlp -run TestDevSpeed -v

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/kefuhq/kefu/internal/textseg"
)

// cpuSeconds is the process's CPU time so far (user + system), which is
// what the training budget is about on a machine shared with others.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// devVectors are CLINC150 train and val as TF-IDF vectors over the
// features selected on train.
type devVectors struct {
	X, VX []sparseVec
	Y, VY []int32
	C, V  int
	oos   int32
}

func loadDevVectors(t *testing.T, o Options) *devVectors {
	tr, val, _ := clinc150(t)
	o.defaults(len(tr))
	var labels []string
	for _, e := range tr {
		labels = append(labels, e.Label)
	}
	slices.Sort(labels)
	labels = slices.Compact(labels)
	lid := map[string]int32{}
	for i, l := range labels {
		lid[l] = int32(i)
	}
	raw := make([]rawFeatures, len(tr))
	var toks []textseg.Token
	d := &devVectors{C: len(labels), oos: lid["oos"], Y: make([]int32, len(tr))}
	for i, e := range tr {
		toks = o.Features.hashText(e.Text, &raw[i], toks)
		d.Y[i] = lid[e.Label]
	}
	m := selectFeatures(raw, allIndexes(len(tr)), labels, o)
	d.V = len(m.Buckets)
	d.X = make([]sparseVec, len(tr))
	for i := range tr {
		m.vec.vector(&raw[i], &d.X[i])
	}
	d.VX, d.VY = make([]sparseVec, len(val)), make([]int32, len(val))
	var rf rawFeatures
	for i, e := range val {
		toks = o.Features.hashText(e.Text, &rf, toks)
		m.vec.vector(&rf, &d.VX[i])
		d.VY[i] = lid[e.Label]
	}
	return d
}

func linearLogits(X []sparseVec, W, B []float32, C int) [][]float32 {
	m := &Model{Labels: make([]string, C), W: W, B: B}
	out := make([][]float32, len(X))
	for i := range X {
		out[i] = m.scores(&X[i], nil)
	}
	return out
}

// calibrated returns softmax(logits/T) with T fitted on the same texts (the
// comparison is of models, not of the calibration).
func calibrated(logits [][]float32, y []int32) ([][]float32, float32) {
	T := fitTemperature(logits, y)
	out := make([][]float32, len(logits))
	for i, z := range logits {
		out[i] = append([]float32(nil), z...)
		softmaxInPlace(out[i], T)
	}
	return out, T
}

func averaged(a, b [][]float32) [][]float32 {
	out := make([][]float32, len(a))
	for i := range a {
		out[i] = make([]float32, len(a[i]))
		for c := range a[i] {
			out[i][c] = (a[i][c] + b[i][c]) / 2
		}
	}
	return out
}

// TestDevModels compares linear models (MODELS: ovr = one-vs-rest SVM +
// softmax, the format 1 default; cs = Crammer–Singer alone; linear =
// Crammer–Singer + softmax) and networks (NETS: h hidden units, m members,
// ep epochs, lr, drop, init), each alone and the networks averaged with the
// last linear model, with CPU seconds.
func TestDevModels(t *testing.T) {
	if os.Getenv("KEFU_NLP_DEVMODELS") == "" {
		t.Skip()
	}
	o := devOpts()
	o.defaults(15000)
	d := loadDevVectors(t, o)
	seed := uint64(envF("SEED", 7))
	var lin [][]float32
	for _, which := range strings.Fields(os.Getenv("MODELS")) {
		c0 := cpuSeconds()
		var W, B []float32
		switch which {
		case "ovr", "linear":
			oo := o
			if which == "ovr" {
				oo.SVMMulticlass = "one-vs-rest"
			}
			W, B = trainSVMMulticlass(d.X, d.Y, d.C, d.V, oo, seed)
			so := o
			so.Epochs = o.Epochs / 2
			w, b := trainSoftmax(d.X, d.Y, d.C, d.V, so, seed)
			for i := range W {
				W[i] += float32(o.SoftmaxWeight) * w[i]
			}
			for i := range B {
				B[i] += float32(o.SoftmaxWeight) * b[i]
			}
		case "cs":
			W, B = trainCrammerSinger(d.X, d.Y, d.C, d.V, o.SVMCost, crammerSingerMaxIter, seed)
		default:
			t.Fatalf("model %q", which)
		}
		p, T := calibrated(linearLogits(d.VX, W, B, d.C), d.VY)
		devReport(t, fmt.Sprintf("%s (T %.2f, %.1f s CPU)", which, T, cpuSeconds()-c0), p, d.VY, d.oos)
		lin = p
	}
	for _, spec := range strings.Split(os.Getenv("NETS"), ";") {
		if spec == "" {
			continue
		}
		no := defaultNetwork
		for _, kv := range strings.Split(spec, ",") {
			k, v, _ := strings.Cut(kv, "=")
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%q: %v", kv, err)
			}
			switch k {
			case "h":
				no.Hidden = int(f)
			case "m":
				no.Members = int(f)
			case "ep":
				no.Epochs = int(f)
			case "lr":
				no.LR = f
			case "drop":
				no.Dropout = f
			case "init":
				no.InitScale = f
			default:
				t.Fatalf("network setting %q", k)
			}
		}
		c0 := cpuSeconds()
		n := trainNetwork(d.X, d.Y, d.C, d.V, no, seed)
		el := cpuSeconds() - c0
		lg := make([][]float32, len(d.VX))
		h := make([]float32, n.H)
		for i := range d.VX {
			lg[i] = n.scores(&d.VX[i], h, nil)
		}
		p, T := calibrated(lg, d.VY)
		devReport(t, fmt.Sprintf("net %+v (T %.2f, %.1f s CPU)", no, T, el), p, d.VY, d.oos)
		if lin != nil {
			devReport(t, "  averaged with the linear model", averaged(lin, p), d.VY, d.oos)
		}
	}
}

// TestDevThreshold trains as Train does (held-out slice, then all of train;
// SEED picks the split and the training order) and compares out-of-scope
// rules on CLINC150 val: fixed thresholds on the calibrated top
// probability (MinProb), format 1's threshold tuned on the held-out slice,
// and a quantile of the held-out correct answers' probabilities.
func TestDevThreshold(t *testing.T) {
	if os.Getenv("KEFU_NLP_DEVTHRESHOLD") == "" {
		t.Skip()
	}
	tr, val, _ := clinc150(t)
	o := devOpts()
	var hp [][]float32
	var hy []int32
	var oos int32
	o.heldOut = func(p [][]float32, y []int32, o int32) { hp, hy, oos = p, y, o }
	m, err := Train(tr, o)
	if err != nil {
		t.Fatal(err)
	}
	lid := map[string]int32{}
	for i, l := range m.Labels {
		lid[l] = int32(i)
	}
	vp := make([][]float32, len(val))
	vy := make([]int32, len(val))
	for i, e := range val {
		p := m.Predict(e.Text, len(m.Labels))
		vp[i] = make([]float32, len(m.Labels))
		for _, s := range p.Top {
			vp[i][lid[s.Label]] = float32(s.Prob)
		}
		vy[i] = lid[e.Label]
	}
	// score: in-scope accuracy, OOS recall, and the share of the correct
	// in-scope answers that the threshold turns into "don't know"
	score := func(probs [][]float32, y []int32, th float32) string {
		var in, inOK, nOOS, oosOK, corr, lost int
		for i, p := range probs {
			b := 0
			for c := range p {
				if p[c] > p[b] {
					b = c
				}
			}
			rejected := p[b] < th
			if y[i] == oos {
				nOOS++
				if rejected || int32(b) == oos {
					oosOK++
				}
				continue
			}
			in++
			if int32(b) == y[i] {
				corr++
				if rejected {
					lost++
				} else {
					inOK++
				}
			}
		}
		return fmt.Sprintf("%.4f / %.3f (correct lost %.4f)", float64(inOK)/float64(in), float64(oosOK)/float64(nOOS), float64(lost)/float64(corr))
	}
	t.Logf("held-out: %d texts; temperatures %.3f (linear) %.3f (network)", len(hy), m.Temperature, m.NetTemperature)
	line := func(name string, th float32) {
		t.Logf("%-34s t %.3f  held-out %s  val %s", name, th, score(hp, hy, th), score(vp, vy, th))
	}
	for _, th := range []float32{0, 0.1, 0.15, 0.2, 0.25, 0.3} {
		line(fmt.Sprintf("MinProb %.2f", th), th)
	}
	for _, ml := range []float64{0.0025, 0.005} {
		line(fmt.Sprintf("format 1 (tuned, max loss %.4f)", ml), heldOutTunedThreshold(hp, hy, oos, ml))
		line(fmt.Sprintf("quantile %.4f of correct", ml), heldOutTunedThreshold(hp, hy, -1, ml))
	}
}

// TestDevSpeed reports the CPU seconds of Train on CLINC150 train and the
// predictions per CPU second on val, for each algorithm in ALGOS.
func TestDevSpeed(t *testing.T) {
	if os.Getenv("KEFU_NLP_DEVSPEED") == "" {
		t.Skip()
	}
	tr, val, _ := clinc150(t)
	for _, alg := range strings.Fields(os.Getenv("ALGOS")) {
		c0 := cpuSeconds()
		m, err := Train(tr, Options{Seed: 1, OOSLabel: "oos", Algorithm: alg})
		if err != nil {
			t.Fatal(err)
		}
		c1 := cpuSeconds()
		m.Predict(val[0].Text, 1)
		c2 := cpuSeconds()
		for r := 0; r < 3; r++ {
			for _, e := range val {
				m.Predict(e.Text, 1)
			}
		}
		c3 := cpuSeconds()
		t.Logf("%s: Train %.1f s CPU (held-out and final models); %.0f predictions per CPU second", alg, c1-c0, float64(3*len(val))/(c3-c2))
	}
}

// heldOutTunedThreshold is format 1's out-of-scope rule, kept to compare
// with: it picks the minimum top probability below which a prediction
// becomes out-of-scope, maximising in-scope accuracy + OOS recall on the
// held-out texts (probs: their calibrated probabilities), rejecting at most
// maxLoss of the in-scope texts the model gets right (oos < 0: no OOS
// texts, so the threshold is the maxLoss quantile of the correct in-scope
// texts' top probabilities).
func heldOutTunedThreshold(probs [][]float32, y []int32, oos int32, maxLoss float64) float32 {
	type row struct {
		p       float32
		isOOS   bool
		correct bool // argmax is right (for in-scope) / argmax is oos (for oos)
	}
	rows := make([]row, len(probs))
	var nIn, nOOS int
	for i, p := range probs {
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		r := row{p: p[best], isOOS: y[i] == oos}
		if r.isOOS {
			nOOS++
			r.correct = int32(best) == oos
		} else {
			nIn++
			r.correct = int32(best) == y[i]
		}
		rows[i] = r
	}
	if nIn == 0 {
		return 0
	}
	if nOOS == 0 {
		ps := make([]float32, 0, nIn)
		for _, r := range rows {
			if r.correct {
				ps = append(ps, r.p)
			}
		}
		if len(ps) == 0 {
			return 0
		}
		slices.Sort(ps)
		return ps[int(maxLoss*float64(len(ps)))]
	}
	slices.SortFunc(rows, func(a, b row) int {
		switch {
		case a.p < b.p:
			return -1
		case a.p > b.p:
			return 1
		}
		return 0
	})
	// threshold t = rows[k].p: rows[:k] are rejected (become oos).
	inOK := 0
	oosOK := 0
	for _, r := range rows {
		if r.isOOS && r.correct {
			oosOK++
		} else if !r.isOOS && r.correct {
			inOK++
		}
	}
	inOK0 := inOK
	bestScore := float64(inOK)/float64(nIn) + float64(oosOK)/float64(nOOS)
	bestT := float32(0)
	for k := 0; k < len(rows); k++ {
		r := rows[k]
		// reject row k
		if r.isOOS && !r.correct {
			oosOK++
		} else if !r.isOOS && r.correct {
			inOK--
		}
		if k+1 < len(rows) && rows[k+1].p == r.p {
			continue
		}
		if float64(inOK0-inOK) > maxLoss*float64(inOK0) {
			break
		}
		score := float64(inOK)/float64(nIn) + float64(oosOK)/float64(nOOS)
		if score > bestScore+1e-9 {
			bestScore = score
			if k+1 < len(rows) {
				bestT = (r.p + rows[k+1].p) / 2
			} else {
				bestT = r.p + 1e-6
			}
		}
	}
	return bestT
}
