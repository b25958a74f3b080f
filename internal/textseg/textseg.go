// Package textseg splits Chinese and English (and mixed) text into
// normalised tokens for search and the text classifiers in internal/nlp.
//
// Normalisation: full-width ASCII is folded to half-width (ＡＢＣ１２３ →
// abc123), the ideographic space to a space, letters are lower-cased, and
// apostrophes inside words are dropped (don't → dont). Runs of Han
// characters are segmented into words the way github.com/go-ego/gse's
// Cut(text, true) does (jieba's algorithm), over gse's simplified-Chinese
// dictionary converted at build time into a compact embedded file (zh.go;
// nothing is read from disk or the network at run time; the dictionary is
// loaded once, on the first Chinese text, in about 0.2 s and ≈10 MB). Runs
// of letters and digits become one token each; everything else
// (punctuation, symbols, spaces) separates tokens and is dropped. Digit runs
// longer than four digits (phone, account and order numbers) become the
// placeholder token "<num>".
package textseg

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Version identifies the tokenisation rules and dictionary. Models built on
// tokens (internal/nlp) record it so that a change is noticed. It still
// names gse: zh.go cuts exactly as gse v0.80.3's Cut(text, true) over its
// zh_s dictionary did (TestSameSegmentationAsGse), so models trained before
// the switch stay valid.
const Version = "gse-v0.80.3-zh_s+hmm/1"

// Kind tells what script a token is in.
type Kind uint8

const (
	// Latin is a run of letters and/or digits that are not Han characters
	// (English words, numbers, pinyin, model numbers like "4s").
	Latin Kind = iota
	// Han is a Chinese word from the segmenter.
	Han
)

// Token is one normalised word.
type Token struct {
	Text string
	Kind Kind
	// Run numbers the contiguous Han run (or Latin word) the token came
	// from; tokens with the same Run were adjacent in the text.
	Run int
}

var (
	segOnce sync.Once
	seg     *zhDict
	segErr  error
)

func segmenter() (*zhDict, error) {
	segOnce.Do(func() { seg, segErr = loadZhDict(zhdictGz) })
	return seg, segErr
}

// Preload loads the Chinese dictionary now instead of on the first Chinese
// text (useful at server start to keep the first request fast).
func Preload() error {
	_, err := segmenter()
	return err
}

// Fold maps one rune to its normalised form: full-width ASCII to ASCII,
// ideographic space to space, upper to lower case.
func Fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	return unicode.ToLower(r)
}

// Normalize returns s with every rune folded (see Fold).
func Normalize(s string) string {
	return strings.Map(Fold, s)
}

func isHan(r rune) bool {
	return r >= 0x3400 && unicode.Is(unicode.Han, r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// Tokens splits text into normalised tokens.
func Tokens(text string) []Token {
	return AppendTokens(nil, text)
}

// Words returns just the token texts of Tokens(text).
func Words(text string) []string {
	toks := Tokens(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

// AppendTokens appends the tokens of text to dst.
func AppendTokens(dst []Token, text string) []Token {
	var b strings.Builder
	run := 0
	kind := Latin
	inTok := false
	flush := func() {
		if !inTok {
			return
		}
		inTok = false
		s := b.String()
		b.Reset()
		if kind == Han {
			dst = appendHan(dst, s, run)
		} else {
			dst = append(dst, Token{Text: latinWord(s), Kind: Latin, Run: run})
		}
		run++
	}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := Fold(rs[i])
		switch {
		case isHan(r):
			if inTok && kind != Han {
				flush()
			}
			kind, inTok = Han, true
			b.WriteRune(r)
		case isWordRune(r):
			if inTok && kind != Latin {
				flush()
			}
			kind, inTok = Latin, true
			b.WriteRune(r)
		case isApostrophe(r) && inTok && kind == Latin && i+1 < len(rs) && isWordRune(Fold(rs[i+1])) && !isHan(Fold(rs[i+1])):
			// don't → dont: keep the word together, drop the apostrophe.
		default:
			flush()
		}
	}
	flush()
	return dst
}

func latinWord(s string) string {
	if len(s) > 4 {
		digits := true
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				digits = false
				break
			}
		}
		if digits {
			return "<num>"
		}
	}
	return s
}

func appendHan(dst []Token, s string, run int) []Token {
	if utf8.RuneCountInString(s) == 1 {
		return append(dst, Token{Text: s, Kind: Han, Run: run})
	}
	sg, err := segmenter()
	if err != nil {
		// The dictionary is embedded, so this cannot happen in practice;
		// fall back to single characters rather than failing.
		for _, r := range s {
			dst = append(dst, Token{Text: string(r), Kind: Han, Run: run})
		}
		return dst
	}
	return sg.cut(dst, s, run)
}
