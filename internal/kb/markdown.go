package kb

import (
	"regexp"
	"strings"
)

// Article bodies are Markdown. The console renders them (without raw HTML);
// the server needs only their plain text — for the search index, snippets,
// the key steps of a suggested reply and the bot's answers. These functions
// read the common subset: headings, emphasis, code, links, images, lists,
// block quotes, tables and rules. Anything else passes through as text.

var (
	reFence     = regexp.MustCompile("^\\s*(```|~~~)")
	reHeading   = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	reRule      = regexp.MustCompile(`^\s{0,3}([-*_])(\s*[-*_]){2,}\s*$`)
	reQuote     = regexp.MustCompile(`^\s{0,3}(>\s?)+`)
	reOrdered   = regexp.MustCompile(`^\s*\d{1,9}(?:[.)]\s+|、\s*)`)
	reBullet    = regexp.MustCompile(`^\s*[-*+]\s+`)
	reTaskBox   = regexp.MustCompile(`^\[[ xX]\]\s+`)
	reTableSep  = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	reImage     = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	reLink      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	reAutoLink  = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	reCode      = regexp.MustCompile("`+([^`]*)`+")
	reEmphasis  = regexp.MustCompile(`(\*\*|__|\*|_|~~)([^*_~\n]+?)(\*\*|__|\*|_|~~)`)
	reEscape    = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>~])`)
	reManySpace = regexp.MustCompile(`[ \t]+`)
	reHanGap    = regexp.MustCompile(`(\p{Han}) (\p{Han})`)
)

// escaped is where escaped ASCII characters wait in the private use area.
const escaped = 0xE000

// inline strips inline Markdown from one line of text. Escaped characters
// (\*) are set aside first so that no rule reads them as markup.
func inline(s string) string {
	protect := !strings.ContainsFunc(s, func(r rune) bool { return r >= escaped && r < escaped+128 })
	if protect {
		s = reEscape.ReplaceAllStringFunc(s, func(m string) string { return string(rune(escaped + rune(m[1]))) })
	}
	s = reImage.ReplaceAllString(s, "$1")
	s = reLink.ReplaceAllString(s, "$1")
	s = reAutoLink.ReplaceAllString(s, "$1")
	s = reCode.ReplaceAllString(s, "$1")
	for i := 0; i < 3; i++ { // nested emphasis: ***a*** → a
		t := reEmphasis.ReplaceAllStringFunc(s, func(m string) string {
			sub := reEmphasis.FindStringSubmatch(m)
			if sub[1] != sub[3] {
				return m
			}
			return sub[2]
		})
		if t == s {
			break
		}
		s = t
	}
	if protect {
		s = strings.Map(func(r rune) rune {
			if r >= escaped && r < escaped+128 {
				return r - escaped
			}
			return r
		}, s)
	} else {
		s = reEscape.ReplaceAllString(s, "$1")
	}
	s = reManySpace.ReplaceAllString(s, " ")
	// Writers put spaces around bold Chinese (提交 **人工复核**); without
	// the markup they are gaps in the sentence.
	for i := 0; i < 3 && reHanGap.MatchString(s); i++ { // 一 二 三: matches do not overlap
		s = reHanGap.ReplaceAllString(s, "$1$2")
	}
	return strings.TrimSpace(s)
}

// lineText is the text of one block line without its block marker; ok is
// false for lines that carry no text (rules, table separators).
func lineText(line string) (string, bool) {
	if reRule.MatchString(line) || reTableSep.MatchString(line) {
		return "", false
	}
	line = reQuote.ReplaceAllString(line, "")
	line = reHeading.ReplaceAllString(line, "")
	if m := reOrdered.FindString(line); m != "" {
		line = line[len(m):]
	} else if m := reBullet.FindString(line); m != "" {
		line = line[len(m):]
	}
	line = reTaskBox.ReplaceAllString(line, "")
	line = strings.TrimRight(strings.TrimSpace(line), "#")
	if strings.Contains(line, "|") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		line = strings.Join(cells, " · ")
	}
	return inline(line), true
}

// PlainText returns the text of a Markdown document: one line per block
// line, without markup, blank lines between paragraphs kept as one.
func PlainText(md string) string {
	var out []string
	inFence := false
	blank := false
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		if reFence.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			if t := strings.TrimSpace(line); t != "" {
				out = append(out, t)
			}
			continue
		}
		t, ok := lineText(line)
		if !ok {
			continue
		}
		if t == "" {
			if len(out) > 0 && !blank {
				out = append(out, "")
				blank = true
			}
			continue
		}
		out = append(out, t)
		blank = false
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// Steps returns up to max items of the article's first ordered list (the
// steps of a procedure), or of its first bulleted list when it has no
// ordered one, as plain text. Indented continuation lines join their item;
// nested lists are left out (they are detail, not steps).
func Steps(md string, max int) []string {
	if max <= 0 {
		return nil
	}
	if items := listItems(md, reOrdered, max); len(items) > 0 {
		return items
	}
	return listItems(md, reBullet, max)
}

func listItems(md string, item *regexp.Regexp, max int) []string {
	var items []string
	inFence := false
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		if reFence.MatchString(line) {
			inFence = !inFence
			if len(items) > 0 {
				break
			}
			continue
		}
		if inFence || reRule.MatchString(line) {
			continue
		}
		top := indent(line) <= 1
		switch {
		case top && item.MatchString(line):
			if len(items) == max {
				return items
			}
			if t, _ := lineText(line); t != "" {
				items = append(items, t)
			}
		case len(items) == 0 || strings.TrimSpace(line) == "":
		case !top:
			if reBullet.MatchString(line) || reOrdered.MatchString(line) {
				continue
			}
			if t, _ := lineText(line); t != "" {
				items[len(items)-1] += " " + t
			}
		default:
			return items // the list ended
		}
	}
	return items
}

func indent(line string) int {
	n := 0
	for _, r := range line {
		switch r {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}
