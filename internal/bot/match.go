package bot

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kefuhq/kefu/internal/textseg"
)

// Matching a customer's question to a knowledge item. Search (the knowledge
// base's ranked index) finds the candidates; the bot then needs a confidence
// on a fixed 0–1 scale to decide between answering, asking which one was
// meant and saying it does not know, whatever the search score's scale. The
// confidence is the cosine similarity of the question to the item's title or
// one of its similar questions (相似问法), over terms that survive typos and
// different word cuts:
//
//   - words: gse's Chinese words and English words, folded, without filler
//     (你好, 请问, how, the …), with a few variant spellings mapped to one;
//   - Chinese character bigrams across word boundaries (到账 matches whether
//     gse cut 到账 or 到 + 账), at half weight;
//   - English character trigrams of words of five letters or more, at a
//     small weight, so "refnud" still meets "refund".
//
// This file is pure: no I/O, no clock.

type termVec map[string]float64

const (
	wordWeight    = 1.0
	bigramWeight  = 0.5
	trigramWeight = 0.15
)

// variants maps spellings customers and editors use for the same thing.
var variants = map[string]string{
	"帐号": "账户", "帐户": "账户", "账号": "账户", "帐单": "账单", "帐": "账",
	"退钱": "退款", "退费": "退款", "快递": "物流", "包裹": "物流",
	"parcel": "package", "reimbursement": "refund", "refunds": "refund", "refunded": "refund",
	"pwd": "password", "passwd": "password", "login": "log", "signin": "sign",
	"orders": "order", "invoices": "invoice", "coupons": "coupon", "addresses": "address",
}

// stopZH and stopEN are filler words that say nothing about what is needed.
var stopZH = setOf("你好", "您好", "请问", "问一下", "问", "一下", "我", "我的", "我们", "你", "你们", "您", "他", "她", "它",
	"的", "了", "吗", "呢", "啊", "吧", "呀", "哦", "嗯", "么", "是", "在", "有", "和", "与", "就", "都", "也", "还", "又",
	"这", "那", "这个", "那个", "这样", "怎么", "怎么办", "怎样", "如何", "什么", "为什么", "可以", "能", "能不能", "可不可以",
	"要", "想", "想要", "需要", "谢谢", "麻烦", "帮", "帮我", "一个", "个", "被", "把", "给", "让", "请", "下", "得", "着", "过", "客服")

var stopEN = setOf("a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "was", "were", "be",
	"been", "am", "do", "does", "did", "to", "of", "in", "on", "at", "for", "from", "by", "with", "and", "or", "but", "if", "so",
	"how", "what", "why", "when", "where", "which", "who", "can", "could", "would", "should", "will", "shall", "may", "might",
	"please", "hi", "hello", "thanks", "thank", "there", "this", "that", "these", "those", "have", "has", "had", "get", "got",
	"want", "need", "like", "about", "any", "some", "im", "dont", "cant", "much", "many", "long", "way")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// stemEN strips the commonest English endings so that "changing", "changed"
// and "changes" meet "change". Crude on purpose: both sides get the same cut.
func stemEN(w string) string {
	if v, ok := variants[w]; ok {
		return v
	}
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

// terms analyses a text into weighted terms.
func terms(text string) termVec {
	v := termVec{}
	var han []rune // content characters of the current Han run, for bigrams
	lastRun := -1
	flushHan := func() {
		for i := 0; i+1 < len(han); i++ {
			v["b:"+string(han[i:i+2])] += bigramWeight
		}
		han = han[:0]
	}
	for _, t := range textseg.Tokens(text) {
		w := t.Text
		if t.Kind == textseg.Han {
			if t.Run != lastRun {
				flushHan()
				lastRun = t.Run
			}
			if mapped, ok := variants[w]; ok {
				w = mapped
			}
			if stopZH[w] {
				flushHan() // filler breaks the bigram chain: 退款了吗 ≠ 款了
				continue
			}
			v["w:"+w] += wordWeight
			han = append(han, []rune(w)...)
			continue
		}
		flushHan()
		lastRun = -1
		if stopEN[w] || w == "<num>" {
			continue
		}
		w = stemEN(w)
		v["w:"+w] += wordWeight
		if n := utf8.RuneCountInString(w); n >= 5 && isASCIILetters(w) {
			for i := 0; i+3 <= len(w); i++ {
				v["t:"+w[i:i+3]] += trigramWeight
			}
		}
	}
	flushHan()
	return v
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func (v termVec) norm() float64 {
	var s float64
	for _, w := range v {
		s += w * w
	}
	return math.Sqrt(s)
}

// cosine is the cosine similarity of two term vectors (0 when either is empty).
func cosine(a, b termVec) float64 {
	na, nb := a.norm(), b.norm()
	if na == 0 || nb == 0 {
		return 0
	}
	if len(b) < len(a) {
		a, b = b, a
	}
	var dot float64
	for t, w := range a {
		dot += w * b[t]
	}
	return dot / (na * nb)
}

// coverage is the weighted share of the question's terms found in a text.
func coverage(q, d termVec) float64 {
	var all, found float64
	for t, w := range q {
		all += w
		if d[t] > 0 {
			found += w
		}
	}
	if all == 0 {
		return 0
	}
	return found / all
}

// contentWords counts a text's distinct content words.
func contentWords(text string) int {
	n := 0
	for t := range terms(text) {
		if strings.HasPrefix(t, "w:") {
			n++
		}
	}
	return n
}

// HasContent reports whether a text has any term worth searching for (a bare
// "你好" or "ok" has none).
func HasContent(text string) bool { return contentWords(text) > 0 }

// Match is how well a candidate fits a question.
type Match struct {
	Confidence float64 // 0–1
	Matched    string  // the title or similar question that fitted best
}

// bodyFactor discounts a match found only in an item's body: an article that
// mentions every word of a question is likelier to answer it than not, but
// less likely than one whose title or similar question says the same.
const bodyFactor = 0.6

// A classifier's prior lifts the word match toward 1 by up to priorWeight
// of the remaining distance, in full only when the words match at least
// priorFloor: the classifier recognises paraphrases the words barely share
// ("鞋子小了一码想换大一码" → 怎么换货), but is confidently wrong about
// questions of no item at all ("how do I cook rice" → invoice, 0.92), which
// share no words with it. Chosen on the evaluation set (BENCHMARKS.md).
const (
	priorWeight = 0.5
	priorFloor  = 0.4
)

func withPrior(lex, prior float64) float64 {
	if prior <= 0 {
		return lex
	}
	return lex + (1-lex)*prior*math.Min(1, lex/priorFloor)*priorWeight
}

// MatchCandidate scores a candidate against a question.
func MatchCandidate(question string, c Candidate) Match {
	m := lexicalMatch(question, c)
	m.Confidence = withPrior(m.Confidence, c.Prior)
	return m
}

func lexicalMatch(question string, c Candidate) Match {
	q := terms(question)
	best := Match{}
	try := func(s string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		if sim := cosine(q, terms(s)); sim > best.Confidence {
			best = Match{Confidence: sim, Matched: s}
		}
	}
	try(c.Title)
	for _, s := range c.Questions {
		try(s)
	}
	if body := bodyFactor * coverage(q, terms(c.Title+"\n"+c.Body)); body > best.Confidence {
		best = Match{Confidence: body, Matched: c.Title}
	}
	return best
}
