package emotion

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kefuhq/kefu/internal/textseg"
)

// Cue is one lexicon match in a text.
type Cue struct {
	Cat  Category `json:"cat"`
	Term string   `json:"term"` // the lexicon entry
	// Start and End are byte offsets of the matched span in the original
	// text (masking characters inside it included).
	Start int `json:"start"`
	End   int `json:"end"`
	// Negated: a negator stands just before it ("没生气", "not worried");
	// abuse is never negated.
	Negated bool `json:"negated,omitempty"`
	// Aimed: a profanity or insult addressed to someone ("你个傻子", "you idiot").
	Aimed bool `json:"aimed,omitempty"`
}

// Signals are what the lexicon and the punctuation say about a text.
type Signals struct {
	Cues      []Cue
	Bangs     int // exclamation marks
	BangRuns  int // runs of two or more ("!!", "！！！")
	Queries   int // runs of two or more question marks, or ?! mixed ("？？", "?!")
	CapsWords int // SHOUTED English words (four or more capitals, not a known acronym)
	Stretched int // a letter or character held for three or more ("啊啊啊", "sooo")
}

// Count returns the number of non-negated cues of a category.
func (s Signals) Count(c Category) int {
	n := 0
	for _, q := range s.Cues {
		if q.Cat == c && !q.Negated {
			n++
		}
	}
	return n
}

// Has reports a non-negated cue of any of the categories.
func (s Signals) Has(cats ...Category) bool {
	for _, q := range s.Cues {
		if q.Negated {
			continue
		}
		for _, c := range cats {
			if q.Cat == c {
				return true
			}
		}
	}
	return false
}

// trie is the lexicon compiled for longest matching over normalised runes.
type trie struct {
	nodes []trieNode
}

type trieNode struct {
	next map[rune]int32
	term int32 // index into terms, -1 if none ends here
}

type termInfo struct {
	text       string
	cat        Category
	latinStart bool // starts with a Latin letter or digit: needs a word boundary
	latinEnd   bool
}

type compiled struct {
	t          trie
	terms      []termInfo
	negZH      map[string]bool
	negEN      map[string]bool
	addrZH     []string
	addrEN     map[string]bool
	maxNegRune int
}

var compileOnce = sync.OnceValue(func() *compiled { return compile(lexicon) })

func isLatin(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9')
}

func compile(lex map[Category][]string) *compiled {
	c := &compiled{t: trie{nodes: []trieNode{{term: -1}}}, negZH: map[string]bool{}, negEN: map[string]bool{}, addrEN: map[string]bool{}}
	// fixed order so that a term listed under two categories always goes to the same one
	for _, cat := range categoryOrder {
		for _, w := range lex[cat] {
			w = textseg.Normalize(w)
			n := int32(0)
			for _, r := range w {
				nd := &c.t.nodes[n]
				if nd.next == nil {
					nd.next = map[rune]int32{}
				}
				k, ok := nd.next[r]
				if !ok {
					k = int32(len(c.t.nodes))
					c.t.nodes = append(c.t.nodes, trieNode{term: -1})
					c.t.nodes[n].next[r] = k
				}
				n = k
			}
			if c.t.nodes[n].term >= 0 {
				continue // listed twice: the first category wins
			}
			first, _ := utf8.DecodeRuneInString(w)
			last, _ := utf8.DecodeLastRuneInString(w)
			c.t.nodes[n].term = int32(len(c.terms))
			c.terms = append(c.terms, termInfo{text: w, cat: cat, latinStart: isLatin(first), latinEnd: isLatin(last)})
		}
	}
	for _, w := range negatorsZH {
		c.negZH[w] = true
		c.maxNegRune = max(c.maxNegRune, utf8.RuneCountInString(w))
	}
	for _, w := range negatorsEN {
		c.negEN[strings.ReplaceAll(w, "'", "")] = true
	}
	c.addrZH = addresseesZH
	for _, w := range addresseesEN {
		c.addrEN[strings.ReplaceAll(w, "'", "")] = true
	}
	return c
}

// categoryOrder decides which category a term listed twice belongs to:
// the stronger reading first.
var categoryOrder = []Category{CatViolence, CatProfane, CatInsult, CatEscalate, CatDemand, CatAnger, CatSarcasm, CatAnxiety, CatDistress, CatRepeat, CatCalm, CatMild, CatIntense}

// masking characters that people put inside a profanity to dodge filters
func isFiller(r rune) bool {
	switch r {
	case ' ', '*', '.', '-', '_', '·', '•', '×', '#', '@', '~', '/', '\\', '|', '+', '^', '、', '，', ',', '。':
		return true
	}
	return false
}

// Analyze finds the lexicon cues and punctuation signals of a text. It is
// pure and safe for concurrent use.
func Analyze(text string) Signals {
	c := compileOnce()
	var sig Signals
	// runes, their byte offsets and normalised forms
	n := utf8.RuneCountInString(text)
	raw := make([]rune, 0, n)
	norm := make([]rune, 0, n)
	offs := make([]int, 0, n+1)
	for i, r := range text {
		raw = append(raw, r)
		norm = append(norm, textseg.Fold(r))
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	n = len(raw)

	// At each position the longest term that starts there; a match inside
	// an earlier one is dropped ("麻烦您" hides "烦"), one that reaches past
	// it is kept ("是不是傻" and "傻逼" in "是不是傻逼").
	covered := 0
	for i := 0; i < n; i++ {
		if isFiller(norm[i]) {
			continue
		}
		if i > 0 && isLatin(norm[i-1]) && isLatin(norm[i]) {
			continue // inside a Latin word: Latin terms start at word starts
		}
		best, bestEnd := int32(-1), 0
		node := int32(0)
		skipped, fills := false, 0
		for j := i; j < n; j++ {
			r := norm[j]
			k, ok := c.t.nodes[node].next[r]
			if !ok {
				if node != 0 && isFiller(r) && fills < 3 {
					skipped = true
					fills++
					continue
				}
				break
			}
			fills = 0
			node = k
			t := c.t.nodes[node].term
			if t < 0 {
				continue
			}
			ti := c.terms[t]
			if skipped && ti.cat != CatProfane && ti.cat != CatInsult {
				continue
			}
			if ti.latinEnd && j+1 < n && isLatin(norm[j+1]) {
				continue
			}
			best, bestEnd = t, j+1
		}
		if best < 0 || bestEnd <= covered {
			continue
		}
		covered = bestEnd
		ti := c.terms[best]
		cue := Cue{Cat: ti.cat, Term: ti.text, Start: offs[i], End: offs[bestEnd]}
		switch ti.cat {
		case CatProfane, CatInsult:
			// never negated: "你是不是傻逼" is no compliment
			cue.Aimed = c.aimedAt(norm, i, bestEnd)
		case CatViolence:
		default:
			cue.Negated = c.negatedAt(norm, i)
		}
		sig.Cues = append(sig.Cues, cue)
	}
	punctuation(raw, &sig)
	return sig
}

// negatedAt: a Chinese negator ends at most one rune before i, or an
// English negator comes just before i.
func (c *compiled) negatedAt(norm []rune, i int) bool {
	if i == 0 {
		return false
	}
	if !isLatin(norm[i]) {
		for gap := 0; gap <= 1; gap++ {
			end := i - gap
			for l := 1; l <= c.maxNegRune && end-l >= 0; l++ {
				if c.negZH[string(norm[end-l:end])] {
					return true
				}
			}
		}
	}
	// English: the word before, or the one before that across a softener
	// ("not worried", "not very worried"); "no rush, thanks" negates nothing.
	w := prevWords(norm, i, 2)
	switch {
	case len(w) > 0 && c.negEN[w[0]]:
		return true
	case len(w) > 1 && c.negEN[w[1]] && softeners[w[0]]:
		return true
	}
	return false
}

var softeners = map[string]bool{"very": true, "so": true, "too": true, "really": true, "that": true, "at": true, "all": true, "be": true, "am": true, "feel": true, "getting": true}

// aimedAt: an addressee ("你", "you") within six runes before the cue or
// three runes after it, or among the three English words before it.
func (c *compiled) aimedAt(norm []rune, start, end int) bool {
	lo := max(0, start-6)
	before := string(norm[lo:start])
	hi := min(len(norm), end+3)
	after := string(norm[end:hi])
	for _, a := range c.addrZH {
		if strings.Contains(before, a) || strings.HasPrefix(after, a) {
			return true
		}
	}
	for _, w := range prevWords(norm, start, 3) {
		if c.addrEN[w] {
			return true
		}
	}
	return false
}

// prevWords returns up to k Latin words ending before i, nearest first
// (apostrophes dropped: don't → dont).
func prevWords(norm []rune, i, k int) []string {
	var out []string
	j := i - 1
	for len(out) < k && j >= 0 {
		for j >= 0 && !isLatin(norm[j]) && norm[j] != '\'' {
			if !unicode.IsSpace(norm[j]) && !unicode.IsPunct(norm[j]) {
				return out // a Han character ends the English context
			}
			j--
		}
		end := j + 1
		for j >= 0 && (isLatin(norm[j]) || norm[j] == '\'') {
			j--
		}
		if end > j+1 {
			out = append(out, strings.ReplaceAll(string(norm[j+1:end]), "'", ""))
		}
	}
	return out
}

var acronyms = map[string]bool{"WIFI": true, "HTTP": true, "HTTPS": true, "VISA": true, "IPHONE": true, "IPAD": true, "HSBC": true, "ICBC": true, "USDT": true, "VOIP": true, "ESIM": true, "NASA": true, "COVID": true, "HKID": true}

// punctuation counts exclamations, question runs, shouted words and held
// characters in the original (not normalised) runes.
func punctuation(raw []rune, sig *Signals) {
	n := len(raw)
	for i := 0; i < n; {
		r := raw[i]
		switch {
		case r == '!' || r == '！' || r == '?' || r == '？':
			j := i
			bang, q := 0, 0
			for j < n && (raw[j] == '!' || raw[j] == '！' || raw[j] == '?' || raw[j] == '？') {
				if raw[j] == '!' || raw[j] == '！' {
					bang++
				} else {
					q++
				}
				j++
			}
			sig.Bangs += bang
			if bang >= 2 {
				sig.BangRuns++
			}
			if q >= 2 || (q >= 1 && bang >= 1) {
				sig.Queries++
			}
			i = j
		case 'A' <= r && r <= 'Z':
			j := i
			lower := false
			for j < n && unicode.IsLetter(raw[j]) && raw[j] < utf8.RuneSelf {
				if 'a' <= raw[j] && raw[j] <= 'z' {
					lower = true
				}
				j++
			}
			if w := string(raw[i:j]); !lower && j-i >= 4 && !acronyms[w] {
				sig.CapsWords++
			}
			i = j
		default:
			j := i + 1
			for j < n && raw[j] == r {
				j++
			}
			if j-i >= 3 && (unicode.IsLetter(r) || unicode.Is(unicode.Han, r)) {
				sig.Stretched++
			}
			i = j
		}
	}
}
