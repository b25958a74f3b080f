package nlp

// Experiments behind the defaults of format 2 (BENCHMARKS.md, "Text
// classification"), on CLINC150 train → val. Each skips unless its
// variable is set:
//
//	KEFU_NLP_DEVMODELS=1 MODELS="ovr cs linear net" NETS="h=128,m=2;h=128,m=1" go test ./internal/nlp -run TestDevModels -v
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
