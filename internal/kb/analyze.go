package kb

import (
	"strings"
	"unicode"

	"github.com/kefuhq/kefu/internal/textseg"
)

// Terms are what the search index stores and a query is matched on. Two
// kinds, kept apart by a prefix so they never collide:
//
//   - words ("w:退款", "w:refund"): gse's Chinese words and English words
//     lower-cased and stemmed, without filler words (你好, 请问, the, how …);
//   - Chinese bigrams ("b:到账"): every two adjacent characters of the
//     content words, joined across word boundaries. gse cuts the same text
//     differently in different contexts (到账 alone, 到 + 账 after 什么时候);
//     bigrams make a short Chinese query match whatever the cut was.
//
// Bigrams count half as much as words: a query matched as words and as
// bigrams must not count twice as much as a query matched as words alone.
const (
	wordPrefix   = "w:"
	bigramPrefix = "b:"
	bigramWeight = 0.5
)

// term is one analysed term and how much it counts in a query.
type term struct {
	text   string
	weight float64
}

// synonyms maps common variants to one form before indexing and querying:
// variant characters and the words customers and editors use for the same
// thing. Kept short on purpose; similar questions (相似问法) are the place for
// phrasings.
var synonyms = map[string]string{
	"帐号": "账户", "帐户": "账户", "账号": "账户", "帐单": "账单",
	"退钱": "退款", "退费": "退款",
	"快递":     "物流",
	"parcel": "package", "reimbursement": "refund",
}

// stopZH are filler words that say nothing about what the customer needs.
var stopZH = setOf("你好", "您好", "请问", "问一下", "问", "一下", "我", "我的", "我们", "你", "你们", "您", "他", "她", "它",
	"的", "了", "吗", "呢", "啊", "吧", "呀", "哦", "嗯", "么", "是", "在", "有", "和", "与", "就", "都", "也", "还", "又",
	"这", "那", "这个", "那个", "这样", "可以", "能", "能不能", "可不可以",
	"要", "想", "想要", "需要", "谢谢", "麻烦", "帮", "帮我", "一个", "个", "被", "把", "给", "让", "请", "下", "得", "着", "过")

// stopEN are English filler words.
var stopEN = setOf("a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "was", "were", "be",
	"been", "am", "do", "does", "did", "to", "of", "in", "on", "at", "for", "from", "by", "with", "and", "or", "but", "if", "so",
	"can", "could", "would", "should", "will", "shall", "may", "might",
	"please", "hi", "hello", "thanks", "thank", "there", "this", "that", "these", "those", "have", "has", "had", "get", "got", "not", "no")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// analyze turns text into its terms, in text order, with repeats (the
// index counts them). Pure: the same text always gives the same terms.
func analyze(text string) []term {
	var out []term
	var run []rune // the current sequence of adjacent Chinese content words
	lastRun := -1
	flush := func() {
		for i := 0; i+1 < len(run); i++ {
			out = append(out, term{bigramPrefix + string(run[i:i+2]), bigramWeight})
		}
		run = run[:0]
	}
	for _, tk := range textseg.Tokens(text) {
		w := tk.Text
		if tk.Kind == textseg.Han {
			w = strings.Map(foldVariant, w)
			if s, ok := synonyms[w]; ok {
				w = s
			}
			if stopZH[w] {
				flush()
				continue
			}
			if tk.Run != lastRun {
				flush()
			}
			lastRun = tk.Run
			run = append(run, []rune(w)...)
			out = append(out, term{wordPrefix + w, 1})
			continue
		}
		flush()
		lastRun = -1
		if w == "<num>" || stopEN[w] {
			continue
		}
		if s, ok := synonyms[w]; ok {
			w = s
		}
		w = stem(w)
		if w == "" || stopEN[w] {
			continue
		}
		out = append(out, term{wordPrefix + w, 1})
	}
	flush()
	return out
}

// foldVariant maps variant characters that customers type for the same word.
func foldVariant(r rune) rune {
	if r == '帐' {
		return '账'
	}
	return r
}

// queryTerms are the distinct terms of a query with their weights, in the
// order they first appear (so that sums over them are deterministic).
func queryTerms(text string) []term {
	seen := map[string]int{}
	var out []term
	for _, t := range analyze(text) {
		if i, ok := seen[t.text]; ok {
			// A repeated word counts once more, up to double.
			out[i].weight = min(out[i].weight+t.weight*0.5, 2*t.weight)
			continue
		}
		seen[t.text] = len(out)
		out = append(out, t)
	}
	return out
}

// hanOnly returns the Chinese characters of s (for a one-character query,
// which has no words or bigrams to match).
func hanOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			b.WriteRune(foldVariant(r))
		}
	}
	return b.String()
}
