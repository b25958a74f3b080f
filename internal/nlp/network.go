package nlp

import (
	"math"
	"math/rand/v2"
)

// network is a softmax classifier with one hidden layer of ReLU units over
// the sparse TF-IDF vector:
//
//	scores = W2ᵀ·relu(W1ᵀ·x + B1) + B2
//
// The input is sparse, so a text costs nnz(x)·H + H·C multiply-adds (H
// hidden units, C labels): for CLINC150 (H = 128, C = 151) a little more
// than the linear model's nnz(x)·C, so predictions per second about halve.
// It sees combinations of words that a linear model cannot, and is less
// sure of itself on texts unlike its training data, which is what the
// out-of-scope threshold needs; its probabilities are averaged with the
// linear model's (see Model.combine).
type network struct {
	H, C int
	// W1 is the input layer while training, feature-major: W1[f*H+j].
	// Trained or loaded, it is kept as the file keeps it — 8 bits a weight,
	// one scale per feature (Q1[f*H+j] × S1[f]) — and W1 is nil: a
	// suggestion model's input layer is tens of megabytes as float32.
	W1 []float32
	Q1 []int8
	S1 []float32
	B1 []float32
	W2 []float32 // hidden-major: W2[j*C+c]
	B2 []float32
}

// networkOptions are the network's training settings; defaultNetwork
// holds the defaults, chosen on CLINC150 val (BENCHMARKS.md).
type networkOptions struct {
	Hidden    int // in all, over the Members
	Members   int // independently trained sub-networks, see trainNetwork
	Epochs    int
	LR        float64 // SGD step at the start; decays linearly to 0
	Dropout   float64 // share of hidden units dropped at each training step
	InitScale float64 // standard deviation of the initial W1
}

var defaultNetwork = networkOptions{Hidden: 128, Members: 2, Epochs: 10, LR: 0.3, Dropout: 0.2, InitScale: 0.1}

// hidden computes relu(W1ᵀ·x + B1) into h.
func (n *network) hidden(x *sparseVec, h []float32) {
	copy(h, n.B1)
	H := n.H
	for k, f := range x.idx {
		if n.Q1 != nil {
			axpy8(h, n.Q1[int(f)*H:int(f)*H+H], x.val[k]*n.S1[f])
		} else {
			axpy(h, n.W1[int(f)*H:int(f)*H+H], x.val[k])
		}
	}
	for j := range h {
		h[j] = max(h[j], 0)
	}
}

// axpy adds a·x to y (len(x) ≤ len(y)): the inner loop of both models,
// with the bounds checks out of it and four at a time.
func axpy(y, x []float32, a float32) {
	y = y[:len(x)]
	j := 0
	for ; j+4 <= len(x); j += 4 {
		y0, x0 := y[j:j+4:j+4], x[j:j+4:j+4]
		y0[0] += a * x0[0]
		y0[1] += a * x0[1]
		y0[2] += a * x0[2]
		y0[3] += a * x0[3]
	}
	for ; j < len(x); j++ {
		y[j] += a * x[j]
	}
}

// axpy8 is axpy over 8-bit weights.
func axpy8(y []float32, x []int8, a float32) {
	y = y[:len(x)]
	j := 0
	for ; j+4 <= len(x); j += 4 {
		y0, x0 := y[j:j+4:j+4], x[j:j+4:j+4]
		y0[0] += a * float32(x0[0])
		y0[1] += a * float32(x0[1])
		y0[2] += a * float32(x0[2])
		y0[3] += a * float32(x0[3])
	}
	for ; j < len(x); j++ {
		y[j] += a * float32(x[j])
	}
}

// output computes W2ᵀ·h + B2 into z.
func (n *network) output(h, z []float32) {
	copy(z, n.B2)
	C := n.C
	for j, hj := range h {
		if hj != 0 { // ReLU: about half the units are off
			axpy(z, n.W2[j*C:j*C+C], hj)
		}
	}
}

// scores returns the network's logits for x; h is scratch of length H.
func (n *network) scores(x *sparseVec, h, dst []float32) []float32 {
	n.hidden(x, h)
	if cap(dst) < n.C {
		dst = make([]float32, n.C)
	}
	dst = dst[:n.C]
	n.output(h, dst)
	return dst
}

// trainNetwork trains o.Members networks of o.Hidden/o.Members units each
// (different seeds) and joins them into one network whose scores are the
// average of theirs: the hidden layers side by side, the output weights
// divided by the number of members. A small ensemble costs nothing at
// prediction time this way; two networks of 64 units vary less from seed
// to seed than one of 128, and are as accurate once averaged with the
// linear model (CLINC150 val, BENCHMARKS.md).
func trainNetwork(X []sparseVec, y []int32, C, V int, o networkOptions, seed uint64) *network {
	M := max(1, o.Members)
	h := o.Hidden / M
	n := &network{H: h * M, C: C, W1: make([]float32, V*h*M), B1: make([]float32, 0, h*M), W2: make([]float32, 0, h*M*C), B2: make([]float32, C)}
	for k := 0; k < M; k++ {
		sub := trainOneNetwork(X, y, C, V, h, o, seed, uint64(k))
		for f := 0; f < V; f++ {
			copy(n.W1[f*n.H+k*h:f*n.H+k*h+h], sub.W1[f*h:f*h+h])
		}
		n.B1 = append(n.B1, sub.B1...)
		for _, w := range sub.W2 {
			n.W2 = append(n.W2, w/float32(M))
		}
		for c, b := range sub.B2 {
			n.B2[c] += b / float32(M)
		}
	}
	return n
}

// trainOneNetwork fits a network of H hidden units by plain SGD on the
// softmax cross-entropy, one example at a time, in a seeded order with
// seeded dropout masks, so the result is the same for a seed. W1 starts
// small (InitScale): with large random weights the hidden layer is a random
// projection that the few examples per label cannot undo (0.89 vs 0.93 on
// CLINC150 val).
func trainOneNetwork(X []sparseVec, y []int32, C, V, H int, o networkOptions, seed, member uint64) *network {
	rng := rand.New(rand.NewPCG(seed, 2+member))
	n := &network{H: H, C: C, W1: make([]float32, V*H), B1: make([]float32, H), W2: make([]float32, H*C), B2: make([]float32, C)}
	for i := range n.W1 {
		n.W1[i] = float32(rng.NormFloat64() * o.InitScale)
	}
	s2 := math.Sqrt(2 / float64(H+C)) // Glorot
	for i := range n.W2 {
		n.W2[i] = float32(rng.NormFloat64() * s2)
	}
	pre := make([]float32, H)
	h := make([]float32, H)
	gh := make([]float32, H)
	z := make([]float32, C)
	active := make([]int32, 0, C)
	order := allIndexes(len(X))
	total := float64(o.Epochs * len(X))
	step := 0
	keep := float32(1 - o.Dropout)
	for ep := 0; ep < o.Epochs; ep++ {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			lr := float32(o.LR * (1 - float64(step)/total))
			step++
			x := &X[i]
			// forward, with inverted dropout on the hidden units
			copy(pre, n.B1)
			for k, f := range x.idx {
				axpy(pre, n.W1[int(f)*H:int(f)*H+H], x.val[k])
			}
			for j := range h {
				h[j] = 0
				if pre[j] > 0 && (o.Dropout == 0 || rng.Float32() < keep) {
					h[j] = pre[j] / keep
				}
			}
			n.output(h, z)
			softmaxInPlace(z, 1)
			z[y[i]] -= 1 // z is now dLoss/dscores
			// Labels whose gradient is negligible are skipped: after the
			// first passes that is most of them, and half the work.
			active = active[:0]
			for c, g := range z {
				if g > 1e-4 || g < -1e-4 {
					active = append(active, int32(c))
				}
			}
			// backward: the hidden gradient with the old W2, then the updates
			for j := range gh {
				gh[j] = 0
				if h[j] == 0 {
					continue
				}
				w := n.W2[j*C : j*C+C]
				var s float32
				for _, c := range active {
					s += w[c] * z[c]
				}
				gh[j] = s / keep
				lh := lr * h[j]
				for _, c := range active {
					w[c] -= lh * z[c]
				}
			}
			for _, c := range active {
				n.B2[c] -= lr * z[c]
			}
			for k, f := range x.idx {
				axpy(n.W1[int(f)*H:int(f)*H+H], gh, -lr*x.val[k])
			}
			for j := range gh {
				n.B1[j] -= lr * gh[j]
			}
		}
	}
	return n
}

// quantize turns the trained W1 into 8-bit rows with a scale each (Q1, S1),
// as the file keeps them, and drops W1.
func (n *network) quantize() {
	V := len(n.W1) / n.H
	n.Q1, n.S1 = make([]int8, len(n.W1)), make([]float32, V)
	for f := 0; f < V; f++ {
		w := n.W1[f*n.H : f*n.H+n.H]
		scale := rowScale(w)
		n.S1[f] = scale
		for j, v := range w {
			n.Q1[f*n.H+j] = quant(v, scale)
		}
	}
	n.W1 = nil
}
