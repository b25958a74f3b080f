// Package search indexes ticket text for full-text search in Chinese and
// English on both engines (SQLite FTS5, PostgreSQL tsvector + GIN).
package search

import (
	"strings"
	"unicode"

	"github.com/kefuhq/kefu/internal/textseg"
)

// Tokens turns text into index terms: Latin words and numbers whole, Chinese
// as overlapping character bigrams (退款到账 → 退款 款到 到账). Bigrams need no
// dictionary and find any Chinese substring of two or more characters, which
// is what agents type: order numbers, names, fragments of a complaint.
// A lone Chinese character is kept as a unigram.
func Tokens(text string) []string {
	var out []string
	var run []rune
	han := false
	flush := func() {
		if len(run) == 0 {
			return
		}
		switch {
		case !han:
			out = append(out, string(run))
		case len(run) == 1:
			out = append(out, string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
		}
		run = run[:0]
	}
	for _, r := range textseg.Normalize(text) {
		isHan := unicode.Is(unicode.Han, r)
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case isHan:
			if !han {
				flush()
			}
			han = true
			run = append(run, r)
		case isWord:
			if han {
				flush()
			}
			han = false
			run = append(run, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// QueryTerms returns the distinct terms of a query, and whether the index
// can answer it (a lone Chinese character cannot: the index holds bigrams).
func QueryTerms(q string) ([]string, bool) {
	seen := map[string]bool{}
	var out []string
	for _, t := range Tokens(q) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range out {
		if r := []rune(t); len(r) == 1 && unicode.Is(unicode.Han, r[0]) {
			return out, false
		}
	}
	return out, len(out) > 0
}

// body is the stored form of a document.
func body(text string) string { return strings.Join(Tokens(text), " ") }
