package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kefuhq/kefu/internal/textseg"
)

// snippetRunes is about two lines of a result list.
const snippetRunes = 110

// foldRunes normalises text rune by rune (full-width to half-width, lower
// case, variant characters), so positions in the result are positions in
// the original.
func foldRunes(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = foldVariant(textseg.Fold(r))
	}
	return rs
}

// marks returns, per rune of the folded text, whether it belongs to a word
// of the query: Chinese words and bigrams where they occur, English words
// whose stem is a query stem.
func marks(folded []rune, qts []term) []bool {
	m := make([]bool, len(folded))
	stems := map[string]bool{}
	text := string(folded)
	// byte offset → rune index, for the Chinese matches found in text
	var runeAt []int
	for _, t := range qts {
		w := strings.TrimPrefix(strings.TrimPrefix(t.text, wordPrefix), bigramPrefix)
		if !strings.ContainsFunc(w, isHanRune) {
			stems[w] = true
			continue
		}
		if utf8.RuneCountInString(w) == 1 && len(qts) > 1 {
			continue // a lone character (里, 钱) would light up half the text
		}
		if runeAt == nil {
			runeAt = make([]int, len(text)+1)
			ri := 0
			for bi := range text {
				runeAt[bi] = ri
				ri++
			}
			runeAt[len(text)] = ri
		}
		n := len([]rune(w))
		for off := 0; off < len(text); {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			start := runeAt[off+i]
			for k := start; k < start+n && k < len(m); k++ {
				m[k] = true
			}
			off += i + len(w)
		}
	}
	if len(stems) == 0 {
		return m
	}
	for i := 0; i < len(folded); {
		if !isLatinRune(folded[i]) {
			i++
			continue
		}
		j := i
		for j < len(folded) && isLatinRune(folded[j]) {
			j++
		}
		w := string(folded[i:j])
		if s, ok := synonyms[w]; ok {
			w = s
		}
		if stems[stem(w)] {
			for k := i; k < j; k++ {
				m[k] = true
			}
		}
		i = j
	}
	return m
}

func isHanRune(r rune) bool { return unicode.Is(unicode.Han, r) }

func isLatinRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.Is(unicode.Han, r)
}

// snippet picks the window of width runes with the most matched text, cut
// at a sentence or line start when one is near, and splits it into spans.
func snippet(folded, orig []rune, qts []term, width int) []Span {
	if len(orig) == 0 {
		return nil
	}
	m := marks(folded, qts)
	start := 0
	if len(orig) > width {
		best, cur := 0, 0
		for i := 0; i < len(orig); i++ {
			if m[i] {
				cur++
			}
			if i >= width && m[i-width] {
				cur--
			}
			if cur > best {
				best, start = cur, max(0, i-width+1)
			}
		}
		// Start at the sentence the first match is in, if it began shortly
		// before. Without a match the snippet is the beginning.
		first := start
		if best == 0 {
			first = 0
		}
		for first < len(m) && !m[first] {
			first++
		}
		for k := first - 1; k >= 0 && k >= first-30; k-- {
			if isBoundary(orig[k]) {
				start = k + 1
				break
			}
		}
		if first-start > width/2 { // no boundary near: lead in a little
			start = max(0, first-10)
		}
	}
	end := min(len(orig), start+width)
	var out []Span
	if start > 0 {
		out = append(out, Span{Text: "…"})
	}
	// Whitespace (line breaks of the plain text) collapses to one space.
	var rs []rune
	var ms []bool
	for i := start; i < end; i++ {
		r := orig[i]
		if unicode.IsSpace(r) {
			if len(rs) == 0 || rs[len(rs)-1] == ' ' {
				continue
			}
			r = ' '
		}
		rs, ms = append(rs, r), append(ms, m[i])
	}
	for len(rs) > 0 && rs[len(rs)-1] == ' ' {
		rs, ms = rs[:len(rs)-1], ms[:len(ms)-1]
	}
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && ms[j] == ms[i] {
			j++
		}
		out = append(out, Span{Text: string(rs[i:j]), Hit: ms[i]})
		i = j
	}
	if end < len(orig) {
		out = append(out, Span{Text: "…"})
	}
	return out
}

func isBoundary(r rune) bool {
	return strings.ContainsRune("\n。！？；.!?;", r)
}

// spansText joins spans into plain text.
func spansText(ss []Span) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Text)
	}
	return b.String()
}
