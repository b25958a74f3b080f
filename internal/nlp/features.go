package nlp

import (
	"math"
	"slices"

	"github.com/kefuhq/kefu/internal/textseg"
)

// FeatureConfig says which features are extracted from a text. Every
// feature is hashed (64-bit FNV-1a, one namespace per kind) into a space of
// 2^HashBits buckets; training then keeps the buckets seen in at least MinDF
// training texts (at most as many as fit the model size budget).
type FeatureConfig struct {
	HashBits     int // size of the hashed space, 2^HashBits buckets
	WordNgrams   int // word n-grams 1..WordNgrams (over the token sequence)
	LatinCharMin int // character n-grams inside Latin words, with word-boundary markers
	LatinCharMax int
	HanCharMin   int // character n-grams over each run of Chinese characters
	HanCharMax   int
	// WordPairWindow > 0 adds unordered pairs of tokens at most that far
	// apart (skip-bigrams), which lets a linear model see word combinations.
	WordPairWindow int
	// TextEdges adds the first and the last token marked as such (and the
	// first two tokens together), which tell questions and requests apart.
	TextEdges  bool
	CharWeight float32 // weight of the character block against the word block (each is L2-normalised first)
}

// DefaultFeatures are the defaults used by Train.
var DefaultFeatures = FeatureConfig{
	HashBits:     22,
	WordNgrams:   2,
	LatinCharMin: 2,
	LatinCharMax: 4,
	HanCharMin:   1,
	HanCharMax:   3,
	CharWeight:   1,
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashByte(h uint64, b byte) uint64 {
	h ^= uint64(b)
	return h * fnvPrime
}

// namespaces keep different kinds of feature apart in the hashed space.
const (
	nsWord byte = iota + 1
	nsLatinChar
	nsHanChar
	nsPair
	nsEdge
)

func finish(h uint64, bits int) uint32 {
	// fold the high bits in: FNV's low bits alone are weak
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return uint32(h) & (1<<bits - 1)
}

// rawFeatures holds the hashed buckets of one text, split into the word
// block and the character block.
type rawFeatures struct {
	word, char []uint32
}

// hashText tokenises text and appends its hashed features to f (which is
// reset first). toks is scratch space.
func (c *FeatureConfig) hashText(text string, f *rawFeatures, toks []textseg.Token) []textseg.Token {
	f.word = f.word[:0]
	f.char = f.char[:0]
	toks = textseg.AppendTokens(toks[:0], text)
	bits := c.HashBits
	// word n-grams
	for i := range toks {
		h := hashByte(fnvOffset, nsWord)
		for n := 1; n <= c.WordNgrams && i+n <= len(toks); n++ {
			if n > 1 {
				h = hashByte(h, 0) // separator
			}
			h = hashBytes(h, toks[i+n-1].Text)
			f.word = append(f.word, finish(hashByte(h, byte(n)), bits))
		}
	}
	if c.TextEdges && len(toks) > 0 {
		h := hashBytes(hashByte(fnvOffset, nsEdge), toks[0].Text)
		f.word = append(f.word, finish(hashByte(h, 1), bits))
		if len(toks) > 1 {
			f.word = append(f.word, finish(hashByte(hashBytes(hashByte(h, 0), toks[1].Text), 2), bits))
		}
		h = hashBytes(hashByte(fnvOffset, nsEdge), toks[len(toks)-1].Text)
		f.word = append(f.word, finish(hashByte(h, 3), bits))
	}
	for i := range toks {
		for j := i + 2; j <= i+c.WordPairWindow && j < len(toks); j++ {
			a, b := toks[i].Text, toks[j].Text
			if b < a {
				a, b = b, a
			}
			h := hashBytes(hashByte(fnvOffset, nsPair), a)
			h = hashBytes(hashByte(h, 0), b)
			f.word = append(f.word, finish(h, bits))
		}
	}
	// character n-grams
	var runes []int // byte offsets of rune starts, plus the end
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.Kind == textseg.Latin {
			f.char = c.latinChars(f.char, t.Text, runes[:0])
			i++
			continue
		}
		// a run of Chinese tokens from the same stretch of text
		j := i
		run := ""
		for j < len(toks) && toks[j].Kind == textseg.Han && toks[j].Run == t.Run {
			run += toks[j].Text
			j++
		}
		f.char = c.hanChars(f.char, run, runes[:0])
		i = j
	}
	return toks
}

func runeOffsets(dst []int, s string) []int {
	for i := range s {
		dst = append(dst, i)
	}
	return append(dst, len(s))
}

// latinChars adds the character n-grams of " word " (boundary markers on
// both sides), like scikit-learn's char_wb analyser.
func (c *FeatureConfig) latinChars(dst []uint32, w string, offs []int) []uint32 {
	if c.LatinCharMax <= 0 {
		return dst
	}
	offs = runeOffsets(offs, w)
	L := len(offs) - 1 // runes in w; padded length L+2
	for n := c.LatinCharMin; n <= c.LatinCharMax; n++ {
		if n > L+2 {
			break
		}
		for s := 0; s+n <= L+2; s++ {
			h := hashByte(fnvOffset, nsLatinChar)
			for p := s; p < s+n; p++ {
				if p == 0 || p == L+1 {
					h = hashByte(h, ' ')
				} else {
					h = hashBytes(h, w[offs[p-1]:offs[p]])
				}
			}
			dst = append(dst, finish(h, c.HashBits))
		}
	}
	return dst
}

func (c *FeatureConfig) hanChars(dst []uint32, s string, offs []int) []uint32 {
	if c.HanCharMax <= 0 {
		return dst
	}
	offs = runeOffsets(offs, s)
	L := len(offs) - 1
	for n := c.HanCharMin; n <= c.HanCharMax; n++ {
		for i := 0; i+n <= L; i++ {
			h := hashByte(fnvOffset, nsHanChar)
			h = hashBytes(h, s[offs[i]:offs[i+n]])
			dst = append(dst, finish(h, c.HashBits))
		}
	}
	return dst
}

// sparseVec is a TF-IDF vector over the model's feature indexes. Indexes
// may repeat (a word and a character feature landing on the same index).
type sparseVec struct {
	idx []int32
	val []float32
}

// vectorizer turns texts into TF-IDF vectors given a vocabulary.
type vectorizer struct {
	cfg   FeatureConfig
	index map[uint32]int32 // bucket → feature index
	idf   []float32
}

// countBuckets sorts b and returns (bucket, count) pairs in place-friendly form.
func countBuckets(b []uint32, fn func(bucket uint32, n int)) {
	slices.Sort(b)
	for i := 0; i < len(b); {
		j := i + 1
		for j < len(b) && b[j] == b[i] {
			j++
		}
		fn(b[i], j-i)
		i = j
	}
}

// vector computes the TF-IDF vector of raw features: sublinear tf
// (1+ln tf) times idf, each block L2-normalised, the character block
// weighted by CharWeight, then the whole vector L2-normalised.
func (v *vectorizer) vector(f *rawFeatures, out *sparseVec) {
	out.idx = out.idx[:0]
	out.val = out.val[:0]
	block := func(b []uint32, w float32) {
		start := len(out.idx)
		countBuckets(b, func(bucket uint32, n int) {
			k, ok := v.index[bucket]
			if !ok {
				return
			}
			out.idx = append(out.idx, k)
			out.val = append(out.val, (1+float32(math.Log(float64(n))))*v.idf[k])
		})
		var ss float64
		for _, x := range out.val[start:] {
			ss += float64(x) * float64(x)
		}
		if ss > 0 {
			s := w / float32(math.Sqrt(ss))
			for i := start; i < len(out.val); i++ {
				out.val[i] *= s
			}
		}
	}
	block(f.word, 1)
	block(f.char, v.cfg.CharWeight)
	var ss float64
	for _, x := range out.val {
		ss += float64(x) * float64(x)
	}
	if ss > 0 {
		s := 1 / float32(math.Sqrt(ss))
		for i := range out.val {
			out.val[i] *= s
		}
	}
}
