package textseg

//go:generate go run ./internal/gendict zhdict.gz

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// zhdict.gz is generated from gse's simplified-Chinese dictionary and
// jieba's HMM tables (internal/gendict; licences in LICENSE.zhdict). The
// segmenter below is the algorithm gse's Cut(text, true) runs (jieba's):
// the most probable path through the dictionary words of the text, with an
// HMM over the runs of single characters the dictionary does not join.
// It keeps the dictionary as a hash table of word fingerprints and
// frequencies (≈9 MB) instead of gse's trie of token objects (≈130 MB).
//
//go:embed zhdict.gz
var zhdictGz []byte

// zhDict is the loaded dictionary: an open-addressing table keyed by the
// 64-bit FNV-1a hash of each word and each word prefix (freq 0 marks a
// prefix that is not itself a word).
type zhDict struct {
	keys     []uint64
	freqs    []uint32
	used     int
	logTotal float64
	maxRunes int
	emit     map[rune]*[4]float64 // B, E, M, S log-probabilities; minFloat when absent
}

const (
	stB = iota
	stE
	stM
	stS
)

// minFloat is jieba's "impossible" log-probability.
const minFloat = -3.14e100

func hashRune(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

const hashStart = 14695981039346656037

func (d *zhDict) slot(h uint64) int {
	m := h ^ h>>31
	m *= 0x9e3779b97f4a7c15
	hi, _ := mulHi(m, uint64(len(d.keys)))
	return int(hi)
}

func mulHi(a, b uint64) (uint64, uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1 := t&mask32 + a0*b1
	return a1*b1 + t>>32 + w1>>32, a * b
}

// find returns the slot of hash h: where it is, or the empty slot where it
// would go (linear probing).
func (d *zhDict) find(h uint64) int {
	for i := d.slot(h); ; i++ {
		if i == len(d.keys) {
			i = 0
		}
		if k := d.keys[i]; k == h || k == 0 {
			return i
		}
	}
}

// key maps a hash to a stored key (0 marks an empty slot).
func key(h uint64) uint64 { return max(h, 1) }

// lookup returns the frequency of the word with hash h (0 for a prefix
// that is no word) and whether it is known at all.
func (d *zhDict) lookup(h uint64) (uint32, bool) {
	i := d.find(key(h))
	return d.freqs[i], d.keys[i] != 0
}

func (d *zhDict) insert(h uint64, freq uint32, word bool) {
	h = key(h)
	i := d.find(h)
	if d.keys[i] == 0 {
		d.keys[i] = h
		d.used++
	}
	if word && d.freqs[i] == 0 {
		d.freqs[i] = freq
	}
}

// loadZhDict parses zhdict.gz.
func loadZhDict(gz []byte) (*zhDict, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	d := &zhDict{emit: make(map[rune]*[4]float64, 16384)}
	total := 0.0
	words := 0
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		kind, rest, _ := strings.Cut(l, " ")
		if (kind == "w" || kind == "p") && (d.keys == nil || d.used+64 > len(d.keys)) {
			return nil, errors.New("zhdict: more words than the key count announces")
		}
		switch kind {
		case "total":
			if total, err = strconv.ParseFloat(rest, 64); err != nil || total <= 0 {
				return nil, fmt.Errorf("zhdict: bad total %q", rest)
			}
		case "keys":
			n, err := strconv.Atoi(rest)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("zhdict: bad key count %q", rest)
			}
			size := n * 10 / 7 // load factor 0.7
			d.keys, d.freqs = make([]uint64, size), make([]uint32, size)
		case "w":
			w, f, _ := strings.Cut(rest, " ")
			n, err := strconv.ParseUint(f, 10, 32)
			if err != nil || n == 0 || w == "" {
				return nil, fmt.Errorf("zhdict: bad line %q", l)
			}
			// the word and each of its prefixes
			h := uint64(hashStart)
			for i, r := range w {
				k := utf8.RuneLen(r)
				h = hashRune(h, w[i:i+k])
				d.insert(h, uint32(n), i+k == len(w))
			}
			d.maxRunes = max(d.maxRunes, utf8.RuneCountInString(w))
			words++
		case "p":
			d.insert(hashRune(hashStart, rest), 0, false)
		case "e":
			f := strings.Fields(rest)
			r, size := utf8.DecodeRuneInString(rest)
			if len(f) != 5 || size != len(f[0]) {
				return nil, fmt.Errorf("zhdict: bad line %q", l)
			}
			var p [4]float64
			for s := range p {
				p[s] = minFloat
				if f[s+1] != "-" {
					if p[s], err = strconv.ParseFloat(f[s+1], 64); err != nil {
						return nil, fmt.Errorf("zhdict: bad line %q", l)
					}
				}
			}
			d.emit[r] = &p
		default:
			return nil, fmt.Errorf("zhdict: bad line %q", l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if total == 0 || words == 0 || len(d.emit) == 0 {
		return nil, errors.New("zhdict: incomplete")
	}
	d.logTotal = math.Log(total)
	return d, nil
}

// cut segments s, a run of Han characters, appending the words to dst.
func (d *zhDict) cut(dst []Token, s string, run int) []Token {
	var offs [64]int
	pos := offs[:0]
	for i := range s {
		pos = append(pos, i)
	}
	pos = append(pos, len(s))
	n := len(pos) - 1
	str := func(a, b int) string { return s[pos[a]:pos[b]] }

	// route[k]: best log-probability of s[k:] and the end of its first word
	type edge struct {
		end  int
		logp float64
	}
	edges := make([][]edge, n)
	for k := 0; k < n; k++ {
		h := uint64(hashStart)
		var first *edge
		for i := k; i < n && i-k < d.maxRunes; i++ {
			h = hashRune(h, str(i, i+1))
			f, ok := d.lookup(h)
			if !ok {
				if i == k {
					first = &edge{k, -d.logTotal} // unknown character: log(1) - log(total)
				}
				break
			}
			if f > 0 {
				edges[k] = append(edges[k], edge{i, math.Log(float64(f)) - d.logTotal})
			} else if i == k {
				first = &edge{k, math.Inf(-1)} // a known prefix, not a word: log(0), as gse
			}
		}
		if len(edges[k]) == 0 {
			edges[k] = append(edges[k], *first)
		}
	}
	logp := make([]float64, n+1)
	next := make([]int, n+1)
	for k := n - 1; k >= 0; k-- {
		for j, e := range edges[k] {
			f := e.logp + logp[e.end+1]
			if j == 0 || logp[k] < f || logp[k] == f && next[k] < e.end {
				logp[k], next[k] = f, e.end
			}
		}
	}
	buf := -1 // start of a run of single characters
	flush := func(end int) {
		if buf < 0 {
			return
		}
		if end-buf == 1 {
			dst = append(dst, Token{Text: str(buf, end), Kind: Han, Run: run})
		} else if f, ok := d.lookup(hashRune(hashStart, str(buf, end))); ok && f > 0 {
			for i := buf; i < end; i++ {
				dst = append(dst, Token{Text: str(i, i+1), Kind: Han, Run: run})
			}
		} else {
			dst = d.viterbi(dst, s[pos[buf]:pos[end]], run)
		}
		buf = -1
	}
	for x := 0; x < n; {
		y := next[x] + 1
		if y-x == 1 {
			if buf < 0 {
				buf = x
			}
		} else {
			flush(x)
			dst = append(dst, Token{Text: str(x, y), Kind: Han, Run: run})
		}
		x = y
	}
	flush(n)
	return dst
}

// HMM (jieba's BEMS model): start and transition log-probabilities.
var (
	hmmStart = [4]float64{stB: -0.26268660809250016, stE: minFloat, stM: minFloat, stS: -1.4652633398537678}
	hmmPrev  = [4][2]int{stB: {stE, stS}, stM: {stM, stB}, stS: {stS, stE}, stE: {stB, stM}}
	hmmTrans = [4][4]float64{
		stB: {stE: -0.510825623765990, stM: -0.916290731874155},
		stE: {stB: -0.5897149736854513, stS: -0.8085250474669937},
		stM: {stE: -0.33344856811948514, stM: -1.2603623820268226},
		stS: {stB: -0.7211965654669841, stS: -0.6658631448798212},
	}
	stateByte = [4]byte{stB: 'B', stE: 'E', stM: 'M', stS: 'S'}
)

// viterbi splits s (Han characters none of which the dictionary joins) with
// the HMM, breaking ties as gse does (the larger state letter wins).
func (d *zhDict) viterbi(dst []Token, s string, run int) []Token {
	runes := []rune(s)
	n := len(runes)
	emit := func(st int, r rune) float64 {
		if p := d.emit[r]; p != nil {
			return p[st]
		}
		return minFloat
	}
	prob := make([][4]float64, n)
	back := make([][4]int8, n)
	for st := range 4 {
		prob[0][st] = emit(st, runes[0]) + hmmStart[st]
	}
	better := func(p, q float64, sp, sq int) bool { // is (p, sp) ahead of (q, sq)?
		return p > q || p == q && stateByte[sp] > stateByte[sq]
	}
	for t := 1; t < n; t++ {
		for st := range 4 {
			em := emit(st, runes[t])
			a, b := hmmPrev[st][0], hmmPrev[st][1]
			pa := prob[t-1][a] + hmmTrans[a][st] + em
			pb := prob[t-1][b] + hmmTrans[b][st] + em
			if better(pb, pa, b, a) {
				prob[t][st], back[t][st] = pb, int8(b)
			} else {
				prob[t][st], back[t][st] = pa, int8(a)
			}
		}
	}
	last := stE
	if better(prob[n-1][stS], prob[n-1][stE], stS, stE) {
		last = stS
	}
	states := make([]int8, n)
	states[n-1] = int8(last)
	for t := n - 1; t > 0; t-- {
		states[t-1] = back[t][states[t]]
	}
	begin, next := 0, 0
	off := 0
	offs := make([]int, n+1)
	for i, r := range runes {
		offs[i] = off
		off += utf8.RuneLen(r)
	}
	offs[n] = off
	for i := range runes {
		switch states[i] {
		case stB:
			begin = i
		case stE:
			dst = append(dst, Token{Text: s[offs[begin]:offs[i+1]], Kind: Han, Run: run})
			next = i + 1
		case stS:
			dst = append(dst, Token{Text: s[offs[i]:offs[i+1]], Kind: Han, Run: run})
			next = i + 1
		}
	}
	if next < n {
		dst = append(dst, Token{Text: s[offs[next]:], Kind: Han, Run: run})
	}
	return dst
}
