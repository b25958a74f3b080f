package nlp

import (
	"math"
	"math/rand/v2"
	"slices"
)

// crammerSingerMaxIter bounds the passes over the data; the solver
// usually stops earlier, when no example's dual gap is above 0.1.
const crammerSingerMaxIter = 50

// trainCrammerSinger fits a multiclass linear SVM with the Crammer–Singer
// loss, max(0, 1 + max_{m≠y} w_m·x − w_y·x), by the sequential dual method
// of Keerthi et al. (2008) with shrinking, as LIBLINEAR's solver 4 does.
// Unlike one-vs-rest, the classes compete in one problem, so their scores
// are on one scale. A constant feature of value 1 gives the (regularised)
// biases. Returns feature-major W and the biases.
//
// Memory: 12 bytes per example and label (a dual variable and the order
// of the labels for shrinking), 27 MB for CLINC150 (15,100 × 151); the
// one-vs-rest solver needs 16 bytes per example.
func trainCrammerSinger(X []sparseVec, y []int32, C, V int, cost float64, maxIter int, seed uint64) ([]float32, []float32) {
	n := len(X)
	w := make([]float64, (V+1)*C) // row V is the bias feature
	alpha := make([]float64, n*C)
	alphaIndex := make([]int32, n*C) // per example, its classes with the active ones first
	activeClasses := make([]int, n)
	yIndex := make([]int, n) // position of y in alphaIndex of the example
	qd := make([]float64, n)
	for i := range X {
		var s float64
		for _, v := range X[i].val {
			s += float64(v) * float64(v)
		}
		qd[i] = s + 1
		for m := 0; m < C; m++ {
			alphaIndex[i*C+m] = int32(m)
		}
		activeClasses[i] = C
		yIndex[i] = int(y[i])
	}
	index := allIndexes(n)
	rng := rand.New(rand.NewPCG(seed, 3))
	G := make([]float64, C)
	B := make([]float64, C)
	D := make([]float64, C)
	alphaNew := make([]float64, C)
	const eps = 0.1
	epsShrink := max(10*eps, 1)
	startFromAll := true
	active := n
	for iter := 0; iter < maxIter; iter++ {
		stopping := math.Inf(-1)
		for i := 0; i < active; i++ {
			j := i + rng.IntN(active-i)
			index[i], index[j] = index[j], index[i]
		}
		for s := 0; s < active; s++ {
			i := index[s]
			ai := alpha[i*C : i*C+C]
			idx := alphaIndex[i*C : i*C+C]
			na := activeClasses[i]
			yi := yIndex[i]
			for m := 0; m < na; m++ {
				G[m] = 1
			}
			if yi < na {
				G[yi] = 0
			}
			x := &X[i]
			for k, f := range x.idx {
				v := float64(x.val[k])
				row := w[int(f)*C : int(f)*C+C]
				for m := 0; m < na; m++ {
					G[m] += row[idx[m]] * v
				}
			}
			row := w[V*C : V*C+C]
			for m := 0; m < na; m++ {
				G[m] += row[idx[m]]
			}
			minG, maxG := math.Inf(1), math.Inf(-1)
			for m := 0; m < na; m++ {
				if ai[idx[m]] < 0 && G[m] < minG {
					minG = G[m]
				}
				if G[m] > maxG {
					maxG = G[m]
				}
			}
			if yi < na && ai[y[i]] < cost && G[yi] < minG {
				minG = G[yi]
			}
			shrunk := func(m int) bool {
				bound := 0.0
				if m == yi {
					bound = cost
				}
				return ai[idx[m]] == bound && G[m] < minG
			}
			for m := 0; m < na; m++ {
				if !shrunk(m) {
					continue
				}
				na--
				for na > m {
					if !shrunk(na) {
						idx[m], idx[na] = idx[na], idx[m]
						G[m], G[na] = G[na], G[m]
						if yi == na {
							yi = m
						} else if yi == m {
							yi = na
						}
						break
					}
					na--
				}
			}
			activeClasses[i], yIndex[i] = na, yi
			if na <= 1 {
				active--
				index[s], index[active] = index[active], index[s]
				s--
				continue
			}
			if maxG-minG <= 1e-12 {
				continue
			}
			stopping = max(stopping, maxG-minG)
			A := qd[i]
			for m := 0; m < na; m++ {
				B[m] = G[m] - A*ai[idx[m]]
			}
			csSubProblem(A, yi, cost, B[:na], D[:na], alphaNew[:na])
			for m := 0; m < na; m++ {
				c := int(idx[m])
				d := alphaNew[m] - ai[c]
				ai[c] = alphaNew[m]
				if math.Abs(d) < 1e-12 {
					continue
				}
				for k, f := range x.idx {
					w[int(f)*C+c] += d * float64(x.val[k])
				}
				w[V*C+c] += d
			}
		}
		if stopping < epsShrink {
			if stopping < eps && startFromAll {
				break
			}
			active = n
			for i := range activeClasses {
				activeClasses[i] = C
			}
			epsShrink = max(epsShrink/2, eps)
			startFromAll = true
		} else {
			startFromAll = false
		}
	}
	W := make([]float32, V*C)
	for k := range W {
		W[k] = float32(w[k])
	}
	bias := make([]float32, C)
	for c := range bias {
		bias[c] = float32(w[V*C+c])
	}
	return W, bias
}

// csSubProblem solves one example's dual sub-problem in closed form:
// minimise Σ ½A·a_m² + B_m·a_m subject to Σ a_m = 0, a_m ≤ 0 (a_y ≤ cost).
func csSubProblem(A float64, yi int, cost float64, B, D, alphaNew []float64) {
	copy(D, B)
	if yi < len(B) {
		D[yi] += A * cost
	}
	slices.SortFunc(D, func(a, b float64) int { // descending
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	beta := D[0] - A*cost
	r := 1
	for ; r < len(D) && beta < float64(r)*D[r]; r++ {
		beta += D[r]
	}
	beta /= float64(r)
	for m := range B {
		if m == yi {
			alphaNew[m] = min(cost, (beta-B[m])/A)
		} else {
			alphaNew[m] = min(0, (beta-B[m])/A)
		}
	}
}
