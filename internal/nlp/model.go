// Package nlp is kefu's text classifier: TF-IDF over hashed word and
// character n-grams (Chinese and English, see internal/textseg), a
// multiclass (Crammer–Singer) linear SVM and a softmax regression whose
// scores are added (one linear model), and a small network with one hidden
// layer over the same features; the two models' calibrated probabilities
// are averaged, and an out-of-scope threshold applies to the result. Pure
// Go, CPU only; training is deterministic for a seed.
package nlp

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sync"

	"github.com/kefuhq/kefu/internal/textseg"
)

// FormatVersion is the model file format. Files of another version are
// refused with ErrVersion. Bump it (and read the older versions that still
// make sense) whenever a field is added that an older kefu would silently
// ignore.
//
// Version 2 added the network (Net*). Version 1 files (a linear model
// alone) are still read: they predict as they did.
const FormatVersion = 2

const oldestFormat = 1

var magic = []byte("KEFU-NLP")

// ErrVersion is returned (wrapped) when a model file was written by another
// format version.
var ErrVersion = errors.New("model file format version mismatch")

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	Labels      []string
	Features    FeatureConfig
	Buckets     []uint32  // hashed bucket of each feature, ascending
	IDF         []float32 // per feature
	W           []float32 // weights, feature-major: W[f*len(Labels)+c]
	B           []float32 // bias per label
	Temperature float32   // softmax temperature of the linear scores, fitted on held-out texts
	// Net, when not nil, is the ensemble's network; its probabilities (at
	// NetTemperature) are averaged with the linear model's.
	Net            *network
	NetTemperature float32
	Threshold      float32 // top probability below which the answer is OOSLabel (0: none)
	OOSLabel       string  // "" when no out-of-scope handling
	Segmenter      string  // textseg.Version at training time

	vec  vectorizer
	pool sync.Pool
}

func (m *Model) init() {
	idx := make(map[uint32]int32, len(m.Buckets))
	for k, b := range m.Buckets {
		idx[b] = int32(k)
	}
	m.vec = vectorizer{cfg: m.Features, index: idx, idf: m.IDF}
	if m.Segmenter == "" {
		m.Segmenter = textseg.Version
	}
}

type scratch struct {
	rf   rawFeatures
	toks []textseg.Token
	sv   sparseVec
	h    []float32 // the network's hidden layer
	z    []float32 // the network's scores
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// logits returns the linear model's raw scores of a hashed text (into dst
// if it has room).
func (m *Model) logits(rf *rawFeatures, dst []float32) []float32 {
	s := m.getScratch()
	defer m.pool.Put(s)
	m.vec.vector(rf, &s.sv)
	return m.scores(&s.sv, dst)
}

// netLogits returns the network's raw scores of a hashed text.
func (m *Model) netLogits(rf *rawFeatures, dst []float32) []float32 {
	s := m.getScratch()
	defer m.pool.Put(s)
	m.vec.vector(rf, &s.sv)
	s.h = grow(s.h, m.Net.H)
	return m.Net.scores(&s.sv, s.h, dst)
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// combine turns the linear scores lin (in place) and, when the model has a
// network, its scores net into the final probabilities: each softmax at its
// own temperature, averaged.
func (m *Model) combine(lin, net []float32) []float32 {
	softmaxInPlace(lin, m.Temperature)
	if m.Net == nil {
		return lin
	}
	softmaxInPlace(net, m.NetTemperature)
	for c := range lin {
		lin[c] = (lin[c] + net[c]) / 2
	}
	return lin
}

func (m *Model) scores(x *sparseVec, dst []float32) []float32 {
	C := len(m.Labels)
	if cap(dst) < C {
		dst = make([]float32, C)
	}
	dst = dst[:C]
	copy(dst, m.B)
	for j, f := range x.idx {
		axpy(dst, m.W[int(f)*C:int(f)*C+C], x.val[j])
	}
	return dst
}

// Scored is a label and its probability.
type Scored struct {
	Label string  `json:"label"`
	Prob  float64 `json:"prob"`
}

// Prediction is the model's answer for one text.
type Prediction struct {
	Label string  `json:"label"`
	Prob  float64 `json:"prob"` // calibrated probability of the top label
	// OOS is true when the top probability fell below the threshold and
	// Label was replaced by the out-of-scope label.
	OOS bool     `json:"oos,omitempty"`
	Top []Scored `json:"top"` // best labels, most probable first
}

// Predict classifies text, returning the top k labels (k ≤ 0: 3).
//
// A text with no feature the model knows (only words never seen in
// training, or only punctuation) gets the labels' prior, the best guess
// there is, usually below the OOS threshold. Refuse empty or non-UTF-8
// input before calling it (ValidText), so the user learns why.
func (m *Model) Predict(text string, k int) Prediction {
	if k <= 0 {
		k = 3
	}
	s := m.getScratch()
	defer m.pool.Put(s)
	s.toks = m.Features.hashText(text, &s.rf, s.toks)
	m.vec.vector(&s.rf, &s.sv)
	var net []float32
	if m.Net != nil {
		s.h = grow(s.h, m.Net.H)
		s.z = m.Net.scores(&s.sv, s.h, s.z)
		net = s.z
	}
	p := m.combine(m.scores(&s.sv, nil), net)
	ids := make([]int, len(p))
	for i := range ids {
		ids[i] = i
	}
	if k > len(p) {
		k = len(p)
	}
	// partial selection of the k best
	for a := 0; a < k; a++ {
		best := a
		for b := a + 1; b < len(ids); b++ {
			if p[ids[b]] > p[ids[best]] || p[ids[b]] == p[ids[best]] && ids[b] < ids[best] {
				best = b
			}
		}
		ids[a], ids[best] = ids[best], ids[a]
	}
	out := Prediction{Label: m.Labels[ids[0]], Prob: float64(p[ids[0]])}
	for _, i := range ids[:k] {
		out.Top = append(out.Top, Scored{m.Labels[i], float64(p[i])})
	}
	if m.OOSLabel != "" && p[ids[0]] < m.Threshold && out.Label != m.OOSLabel {
		out.Label = m.OOSLabel
		out.OOS = true
	}
	return out
}

// quantize rounds each feature's weights to 8 bits (one scale per feature)
// so that the in-memory model is exactly what Save writes.
func (m *Model) quantize() {
	C := len(m.Labels)
	for f := 0; f < len(m.Buckets); f++ {
		w := m.W[f*C : f*C+C]
		scale := rowScale(w)
		for c := range w {
			w[c] = float32(quant(w[c], scale)) * scale
		}
	}
}

func rowScale(w []float32) float32 {
	var mx float32
	for _, v := range w {
		if v < 0 {
			v = -v
		}
		if v > mx {
			mx = v
		}
	}
	if mx == 0 {
		return 1
	}
	return mx / 127
}

func quant(v, scale float32) int8 {
	q := math.Round(float64(v / scale))
	return int8(max(-127, min(127, q)))
}

// fileModel is the gob payload after the header.
type fileModel struct {
	Labels      []string
	Features    FeatureConfig
	Segmenter   string
	Buckets     []byte // uint32 little-endian
	IDF         []byte // float32 little-endian
	Scales      []byte // float32 per feature
	Q           []byte // int8 weights, feature-major
	B           []float32
	Temperature float32
	Threshold   float32
	OOSLabel    string
	// version 2: the network, absent (NetHidden 0) for a linear model
	NetHidden      int
	NetW1          []byte // int8, feature-major, one scale per feature
	NetScales      []byte // float32 per feature
	NetB1          []float32
	NetW2          []float32
	NetB2          []float32
	NetTemperature float32
}

// Save writes the model: the 8-byte magic "KEFU-NLP", a little-endian
// uint32 format version, then a gob-encoded payload with 8-bit weights.
func (m *Model) Save(w io.Writer) error {
	C := len(m.Labels)
	V := len(m.Buckets)
	fm := fileModel{
		Labels: m.Labels, Features: m.Features, Segmenter: m.Segmenter,
		Buckets: make([]byte, 4*V), IDF: make([]byte, 4*V), Scales: make([]byte, 4*V),
		Q: make([]byte, V*C), B: m.B, Temperature: m.Temperature, Threshold: m.Threshold, OOSLabel: m.OOSLabel,
	}
	for f := 0; f < V; f++ {
		binary.LittleEndian.PutUint32(fm.Buckets[4*f:], m.Buckets[f])
		binary.LittleEndian.PutUint32(fm.IDF[4*f:], math.Float32bits(m.IDF[f]))
		row := m.W[f*C : f*C+C]
		scale := rowScale(row)
		binary.LittleEndian.PutUint32(fm.Scales[4*f:], math.Float32bits(scale))
		for c, v := range row {
			fm.Q[f*C+c] = byte(quant(v, scale))
		}
	}
	if n := m.Net; n != nil {
		fm.NetHidden, fm.NetB1, fm.NetW2, fm.NetB2, fm.NetTemperature = n.H, n.B1, n.W2, n.B2, m.NetTemperature
		fm.NetW1, fm.NetScales = make([]byte, V*n.H), make([]byte, 4*V)
		for f := 0; f < V; f++ {
			binary.LittleEndian.PutUint32(fm.NetScales[4*f:], math.Float32bits(n.S1[f]))
		}
		for i, q := range n.Q1 {
			fm.NetW1[i] = byte(q)
		}
	}
	bw := bufio.NewWriter(w)
	bw.Write(magic)
	var ver [4]byte
	binary.LittleEndian.PutUint32(ver[:], FormatVersion)
	bw.Write(ver[:])
	if err := gob.NewEncoder(bw).Encode(&fm); err != nil {
		return err
	}
	return bw.Flush()
}

// SaveFile writes the model to path (via a temporary file and rename).
func (m *Model) SaveFile(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic)+4)
	if _, err := io.ReadFull(br, head); err != nil || !bytes.Equal(head[:len(magic)], magic) {
		return nil, errors.New("not a kefu nlp model file (bad header)")
	}
	if v := binary.LittleEndian.Uint32(head[len(magic):]); v < oldestFormat || v > FormatVersion {
		return nil, fmt.Errorf("%w: the file is format version %d, this kefu reads versions %d to %d; retrain it with `kefu nlp train`", ErrVersion, v, oldestFormat, FormatVersion)
	}
	var fm fileModel
	if err := gob.NewDecoder(br).Decode(&fm); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("truncated kefu nlp model file (it ends early; copy or save it again)")
		}
		return nil, fmt.Errorf("corrupt kefu nlp model: %v", err)
	}
	if err := fm.check(); err != nil {
		return nil, fmt.Errorf("corrupt kefu nlp model: %v", err)
	}
	C, V := len(fm.Labels), len(fm.Buckets)/4
	m := &Model{
		Labels: fm.Labels, Features: fm.Features, Segmenter: fm.Segmenter,
		Buckets: make([]uint32, V), IDF: make([]float32, V), W: make([]float32, V*C),
		B: fm.B, Temperature: fm.Temperature, Threshold: fm.Threshold, OOSLabel: fm.OOSLabel,
	}
	for f := 0; f < V; f++ {
		m.Buckets[f] = binary.LittleEndian.Uint32(fm.Buckets[4*f:])
		m.IDF[f] = math.Float32frombits(binary.LittleEndian.Uint32(fm.IDF[4*f:]))
		scale := math.Float32frombits(binary.LittleEndian.Uint32(fm.Scales[4*f:]))
		for c := 0; c < C; c++ {
			m.W[f*C+c] = float32(int8(fm.Q[f*C+c])) * scale
		}
	}
	if m.Temperature <= 0 {
		m.Temperature = 1
	}
	if H := fm.NetHidden; H > 0 {
		n := &network{H: H, C: C, Q1: make([]int8, V*H), S1: make([]float32, V), B1: fm.NetB1, W2: fm.NetW2, B2: fm.NetB2}
		for f := 0; f < V; f++ {
			n.S1[f] = math.Float32frombits(binary.LittleEndian.Uint32(fm.NetScales[4*f:]))
		}
		for i, b := range fm.NetW1 {
			n.Q1[i] = int8(b)
		}
		m.Net, m.NetTemperature = n, fm.NetTemperature
		if m.NetTemperature <= 0 {
			m.NetTemperature = 1
		}
	}
	m.init()
	return m, nil
}

// check validates a decoded file so that a corrupt one is refused here
// rather than misbehaving (or looping) in Predict.
func (fm *fileModel) check() error {
	C, V := len(fm.Labels), len(fm.Buckets)/4
	if C < 2 || len(fm.Buckets) != 4*V || len(fm.IDF) != 4*V || len(fm.Scales) != 4*V || len(fm.Q) != V*C || len(fm.B) != C {
		return errors.New("inconsistent sizes")
	}
	for i, l := range fm.Labels {
		if l == "" || i > 0 && fm.Labels[i-1] >= l {
			return errors.New("labels empty, repeated or out of order")
		}
	}
	f := fm.Features
	const maxN = 16
	if f.HashBits <= 0 || f.HashBits > 30 || f.WordNgrams < 0 || f.WordNgrams > maxN || f.WordPairWindow < 0 || f.WordPairWindow > maxN ||
		f.LatinCharMin < 0 || f.LatinCharMax > maxN || f.HanCharMin < 0 || f.HanCharMax > maxN || !finite(f.CharWeight) {
		return errors.New("feature settings out of range")
	}
	if H := fm.NetHidden; H != 0 {
		if H < 0 || H > 1<<12 || len(fm.NetW1) != V*H || len(fm.NetScales) != 4*V || len(fm.NetB1) != H || len(fm.NetW2) != H*C || len(fm.NetB2) != C {
			return errors.New("inconsistent network sizes")
		}
		for k := 0; k < V; k++ {
			if !finite(math.Float32frombits(binary.LittleEndian.Uint32(fm.NetScales[4*k:]))) {
				return errors.New("non-finite parameters")
			}
		}
		for _, x := range slices.Concat(fm.NetB1, fm.NetW2, fm.NetB2, []float32{fm.NetTemperature}) {
			if !finite(x) {
				return errors.New("non-finite parameters")
			}
		}
	} else if len(fm.NetW1)+len(fm.NetScales)+len(fm.NetB1)+len(fm.NetW2)+len(fm.NetB2) > 0 {
		return errors.New("network weights without a hidden layer size")
	}
	for _, x := range append([]float32{fm.Temperature, fm.Threshold}, fm.B...) {
		if !finite(x) {
			return errors.New("non-finite parameters")
		}
	}
	for k := 0; k < V; k++ {
		b := binary.LittleEndian.Uint32(fm.Buckets[4*k:])
		if b >= 1<<f.HashBits || k > 0 && b <= binary.LittleEndian.Uint32(fm.Buckets[4*k-4:]) {
			return errors.New("feature buckets out of order or range")
		}
		if !finite(math.Float32frombits(binary.LittleEndian.Uint32(fm.IDF[4*k:]))) || !finite(math.Float32frombits(binary.LittleEndian.Uint32(fm.Scales[4*k:]))) {
			return errors.New("non-finite parameters")
		}
	}
	return nil
}

func finite(x float32) bool { return !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) }

// LoadFile reads a model file. A model trained with a different Chinese
// segmenter still loads; Warning tells about it.
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Warning returns a remark about the model worth showing, or "".
func (m *Model) Warning() string {
	if m.Segmenter != textseg.Version {
		return fmt.Sprintf("model was trained with tokeniser %q, this build has %q: accuracy on Chinese text may suffer; retrain", m.Segmenter, textseg.Version)
	}
	return ""
}
