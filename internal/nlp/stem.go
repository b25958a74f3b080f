package nlp

import "strings"

// Stem returns the Porter2 (Snowball English) stem of a lower-case word:
// booking → book, cancellation → cancel, accounts → account. Words with
// anything but ASCII letters (Chinese, numbers, "iphone15") are returned
// unchanged. See https://snowballstem.org/algorithms/english/stemmer.html.
func Stem(w string) string {
	if len(w) <= 2 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	if s, ok := stemExceptions[w]; ok {
		return s
	}
	b := []byte(w)
	// y as a consonant: at the start or after a vowel, marked Y
	for i := range b {
		if b[i] == 'y' && (i == 0 || isVowel(b[i-1])) {
			b[i] = 'Y'
		}
	}
	st := stemmer{b: b}
	st.regions()
	st.step0()
	st.step1a()
	switch string(st.b) {
	case "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed":
		return string(st.b)
	}
	st.step1b()
	st.step1c()
	st.step2()
	st.step3()
	st.step4()
	st.step5()
	return strings.ReplaceAll(string(st.b), "Y", "y")
}

var stemExceptions = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
	"sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

type stemmer struct {
	b      []byte
	r1, r2 int
}

// regions sets R1 and R2: the part after the first non-vowel that follows
// a vowel (R1), and the same again inside R1 (R2).
func (s *stemmer) regions() {
	after := func(from int) int {
		for i := from + 1; i < len(s.b); i++ {
			if !isVowel(s.b[i]) && isVowel(s.b[i-1]) {
				return i + 1
			}
		}
		return len(s.b)
	}
	s.r1 = -1
	for _, p := range []string{"gener", "commun", "arsen"} {
		if strings.HasPrefix(string(s.b), p) {
			s.r1 = len(p)
		}
	}
	if s.r1 < 0 {
		s.r1 = after(0)
	}
	s.r1 = min(s.r1, len(s.b))
	s.r2 = after(s.r1)
}

func (s *stemmer) has(suf string) bool { return strings.HasSuffix(string(s.b), suf) }

// longest returns the longest of sufs that b ends with, or "".
func (s *stemmer) longest(sufs ...string) string {
	best := ""
	for _, x := range sufs {
		if len(x) > len(best) && s.has(x) {
			best = x
		}
	}
	return best
}

func (s *stemmer) cut(n int) { s.b = s.b[:len(s.b)-n] }

func (s *stemmer) replace(suf, with string) {
	s.cut(len(suf))
	s.b = append(s.b, with...)
}

func (s *stemmer) inR1(suf string) bool { return len(s.b)-len(suf) >= s.r1 }
func (s *stemmer) inR2(suf string) bool { return len(s.b)-len(suf) >= s.r2 }

func (s *stemmer) hasVowelBefore(n int) bool {
	for _, c := range s.b[:n] {
		if isVowel(c) {
			return true
		}
	}
	return false
}

// shortSyllableAt reports whether b[:end] ends in a short syllable.
func (s *stemmer) shortSyllableAt(end int) bool {
	b := s.b[:end]
	n := len(b)
	if n == 2 {
		return isVowel(b[0]) && !isVowel(b[1])
	}
	if n < 3 {
		return false
	}
	c := b[n-1]
	return !isVowel(b[n-3]) && isVowel(b[n-2]) && !isVowel(c) && c != 'w' && c != 'x' && c != 'Y'
}

func (s *stemmer) isShort() bool { return s.r1 >= len(s.b) && s.shortSyllableAt(len(s.b)) }

func (s *stemmer) step0() {
	if suf := s.longest("'s'", "'s", "'"); suf != "" {
		s.cut(len(suf))
	}
}

func (s *stemmer) step1a() {
	switch suf := s.longest("sses", "ied", "ies", "us", "ss", "s"); suf {
	case "sses":
		s.replace(suf, "ss")
	case "ied", "ies":
		if len(s.b) > 4 {
			s.replace(suf, "i")
		} else {
			s.replace(suf, "ie")
		}
	case "s":
		if s.hasVowelBefore(len(s.b) - 2) {
			s.cut(1)
		}
	}
}

func (s *stemmer) step1b() {
	switch suf := s.longest("eed", "eedly", "ed", "edly", "ing", "ingly"); suf {
	case "eed", "eedly":
		if s.inR1(suf) {
			s.replace(suf, "ee")
		}
	case "ed", "edly", "ing", "ingly":
		if !s.hasVowelBefore(len(s.b) - len(suf)) {
			return
		}
		s.cut(len(suf))
		switch {
		case s.has("at"), s.has("bl"), s.has("iz"):
			s.b = append(s.b, 'e')
		case s.longest("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt") != "":
			s.cut(1)
		case s.isShort():
			s.b = append(s.b, 'e')
		}
	}
}

func (s *stemmer) step1c() {
	n := len(s.b)
	if n > 2 && (s.b[n-1] == 'y' || s.b[n-1] == 'Y') && !isVowel(s.b[n-2]) {
		s.b[n-1] = 'i'
	}
}

var step2Rules = map[string]string{
	"tional": "tion", "enci": "ence", "anci": "ance", "abli": "able", "entli": "ent",
	"izer": "ize", "ization": "ize", "ational": "ate", "ation": "ate", "ator": "ate",
	"alism": "al", "aliti": "al", "alli": "al", "fulness": "ful", "ousli": "ous", "ousness": "ous",
	"iveness": "ive", "iviti": "ive", "biliti": "ble", "bli": "ble", "fulli": "ful", "lessli": "less",
	"ogi": "", "li": "",
}

var step2Sufs = keys(step2Rules)

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func (s *stemmer) step2() {
	suf := s.longest(step2Sufs...)
	if suf == "" || !s.inR1(suf) {
		return
	}
	n := len(s.b) - len(suf)
	switch suf {
	case "ogi":
		if n > 0 && s.b[n-1] == 'l' {
			s.replace(suf, "og")
		}
	case "li":
		if n > 0 && strings.IndexByte("cdeghkmnrt", s.b[n-1]) >= 0 {
			s.cut(2)
		}
	default:
		s.replace(suf, step2Rules[suf])
	}
}

var step3Rules = map[string]string{
	"tional": "tion", "ational": "ate", "alize": "al", "icate": "ic", "iciti": "ic", "ical": "ic",
	"ful": "", "ness": "", "ative": "",
}

var step3Sufs = keys(step3Rules)

func (s *stemmer) step3() {
	suf := s.longest(step3Sufs...)
	if suf == "" || !s.inR1(suf) {
		return
	}
	if suf == "ative" {
		if s.inR2(suf) {
			s.cut(len(suf))
		}
		return
	}
	s.replace(suf, step3Rules[suf])
}

var step4Sufs = []string{"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
	"ism", "ate", "iti", "ous", "ive", "ize", "ion"}

func (s *stemmer) step4() {
	suf := s.longest(step4Sufs...)
	if suf == "" || !s.inR2(suf) {
		return
	}
	if suf == "ion" {
		n := len(s.b) - 3
		if n > 0 && (s.b[n-1] == 's' || s.b[n-1] == 't') {
			s.cut(3)
		}
		return
	}
	s.cut(len(suf))
}

func (s *stemmer) step5() {
	n := len(s.b)
	switch {
	case s.has("e"):
		if s.inR2("e") || s.inR1("e") && !s.shortSyllableAt(n-1) {
			s.cut(1)
		}
	case s.has("l"):
		if s.inR2("l") && n >= 2 && s.b[n-2] == 'l' {
			s.cut(1)
		}
	}
}
