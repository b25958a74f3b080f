package nlp

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// trainSVM fits one-vs-rest L2-regularised L2-loss (squared hinge) linear
// SVMs by dual coordinate descent with shrinking (Hsieh et al. 2008,
// LIBLINEAR's solver 1), one class at a time, with a regularised bias (a
// constant feature of value 1). Returns feature-major W and the biases.
func trainSVM(X []sparseVec, y []int32, C, V int, opt Options, seed uint64) ([]float32, []float32) {
	n := len(X)
	W := make([]float32, V*C)
	B := make([]float32, C)
	Dii := 1 / (2 * opt.SVMCost)
	U := math.Inf(1)
	if opt.SVMLoss == "hinge" {
		Dii, U = 0, opt.SVMCost
	}
	qii := make([]float64, n)
	for i := range X {
		var s float64
		for _, v := range X[i].val {
			s += float64(v) * float64(v)
		}
		qii[i] = s + 1 + Dii // +1: the bias feature
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	classes := make(chan int, C)
	for c := 0; c < C; c++ {
		classes <- c
	}
	close(classes)
	var wg sync.WaitGroup
	for k := 0; k < min(workers, C); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := make([]float64, V)
			alpha := make([]float64, n)
			index := make([]int, n)
			for c := range classes {
				// each class has its own random stream: the model does not
				// depend on the number of workers
				rng := rand.New(rand.NewPCG(seed, uint64(c)))
				b := svmClass(X, y, int32(c), w, alpha, index, qii, Dii, U, opt.Epochs, rng)
				for f := 0; f < V; f++ {
					W[f*C+c] = float32(w[f])
				}
				B[c] = float32(b)
			}
		}()
	}
	wg.Wait()
	return W, B
}

func svmClass(X []sparseVec, y []int32, c int32, w, alpha []float64, index []int, qii []float64, Dii, U float64, epochs int, rng *rand.Rand) float64 {
	const eps = 0.1
	n := len(X)
	{
		clear(w)
		clear(alpha)
		var b float64
		for i := range index {
			index[i] = i
		}
		active := n
		pgMaxOld, pgMinOld := math.Inf(1), math.Inf(-1)
		for it := 0; it < epochs; it++ {
			for i := 0; i < active; i++ {
				j := i + rng.IntN(active-i)
				index[i], index[j] = index[j], index[i]
			}
			pgMax, pgMin := math.Inf(-1), math.Inf(1)
			for s := 0; s < active; s++ {
				i := index[s]
				yi := -1.0
				if y[i] == c {
					yi = 1
				}
				x := &X[i]
				d := b
				for j, f := range x.idx {
					d += w[f] * float64(x.val[j])
				}
				G := yi*d - 1 + Dii*alpha[i]
				PG := 0.0
				switch {
				case alpha[i] == 0:
					if G > pgMaxOld {
						active--
						index[s], index[active] = index[active], index[s]
						s--
						continue
					}
					if G < 0 {
						PG = G
					}
				case alpha[i] >= U:
					if G < pgMinOld {
						active--
						index[s], index[active] = index[active], index[s]
						s--
						continue
					}
					if G > 0 {
						PG = G
					}
				default:
					PG = G
				}
				pgMax = max(pgMax, PG)
				pgMin = min(pgMin, PG)
				if math.Abs(PG) < 1e-12 {
					continue
				}
				old := alpha[i]
				alpha[i] = min(max(old-G/qii[i], 0), U)
				delta := (alpha[i] - old) * yi
				for j, f := range x.idx {
					w[f] += delta * float64(x.val[j])
				}
				b += delta
			}
			if pgMax-pgMin <= eps {
				if active == n {
					break
				}
				active = n
				pgMaxOld, pgMinOld = math.Inf(1), math.Inf(-1)
				continue
			}
			pgMaxOld, pgMinOld = pgMax, pgMin
			if pgMaxOld <= 0 {
				pgMaxOld = math.Inf(1)
			}
			if pgMinOld >= 0 {
				pgMinOld = math.Inf(-1)
			}
		}
		return b
	}
}
