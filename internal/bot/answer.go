package bot

import (
	"strings"
	"unicode/utf8"
)

// shortArticle: an article this short is the answer as it is.
const shortArticle = 400

// KeyParagraph picks what to say from an article or script: the whole text
// when short, otherwise the paragraph (with a list that follows it) that
// covers most of the question, the first paragraph winning ties — articles
// are written with the answer first. Markdown headings are dropped; the
// title is shown as the source anyway.
func KeyParagraph(body, question string) string {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if utf8.RuneCountInString(body) <= shortArticle {
		return stripHeadings(body)
	}
	paras := paragraphs(body)
	if len(paras) == 0 {
		return ""
	}
	q := terms(question)
	best, bestScore := 0, -1.0
	for i, p := range paras {
		score := coverage(q, terms(p))
		if i == 0 {
			score += 0.05
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	out := paras[best]
	if r := []rune(out); len(r) > 2*shortArticle {
		out = strings.TrimSpace(string(r[:2*shortArticle])) + "…"
	}
	return out
}

// paragraphs splits markdown into blocks separated by blank lines, dropping
// headings and joining a block that ends with a colon to the list after it.
func paragraphs(body string) []string {
	var out []string
	for _, b := range strings.Split(body, "\n\n") {
		b = stripHeadings(strings.TrimSpace(b))
		if b == "" {
			continue
		}
		if n := len(out); n > 0 && (strings.HasSuffix(out[n-1], ":") || strings.HasSuffix(out[n-1], ":")) {
			out[n-1] += "\n" + b
			continue
		}
		out = append(out, b)
	}
	return out
}

func stripHeadings(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
