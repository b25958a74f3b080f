package assist

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kefuhq/kefu/internal/kb"
)

// Draft is a suggested reply. The agent edits it before sending.
type Draft struct {
	Text      string   `json:"text"`
	Parts     []Part   `json:"parts" doc:"the pieces the text was assembled from"`
	ScriptID  *int64   `json:"script_id" doc:"the script used (its use is counted when the agent inserts the reply)"`
	ArticleID *int64   `json:"article_id" doc:"the article whose steps were used"`
	Missing   []string `json:"missing" doc:"variables without a value, left in the text as {name} for the agent to fill"`
	Drafter   string   `json:"drafter" doc:"who wrote it: template, or the name of another drafter"`
}

// Part is one piece of a draft.
type Part struct {
	Kind string `json:"kind" enum:"greeting,script,steps,closing"`
	Text string `json:"text"`
}

// DraftInput is what a drafter writes from.
type DraftInput struct {
	Lang    string            // zh-CN or en: the customer's language
	Vars    map[string]string // script variables with their values (kb.Var…)
	Script  *ScriptPick       // the best approved script, if any
	Article *ArticlePick      // the best public article with steps, if any
	// For a drafter that writes freely (a language model): the ticket's
	// text and how similar tickets were resolved.
	Subject, Description string
	Resolutions          []string
}

// ScriptPick is a script chosen for a draft.
type ScriptPick struct {
	ID   int64
	Text string // as written, with variables
}

// ArticlePick is an article chosen for a draft.
type ArticlePick struct {
	ID    int64
	Title string
	Steps []string
}

const maxSteps = 4

// Compose assembles a reply: a greeting with the customer's form of
// address, the script with its variables filled, the article's key steps
// and a closing that repeats the promised reply time when there is one.
// Pure; it is the template drafter.
func Compose(in DraftInput) Draft {
	en := in.Lang == "en"
	d := Draft{Drafter: "template", Missing: []string{}}
	salutation := in.Vars[kb.VarSalutation]
	var scriptText string
	usesPromise := false
	if in.Script != nil {
		text, missing, err := kb.Fill(in.Script.Text, in.Vars)
		if err == nil && strings.TrimSpace(text) != "" {
			id := in.Script.ID
			d.ScriptID, scriptText, d.Missing = &id, strings.TrimSpace(text), append(d.Missing, missing...)
			usesPromise = strings.Contains(in.Script.Text, "{"+kb.VarPromise+"}") || strings.Contains(in.Script.Text, "{promised_time}")
		}
	}
	if !opensWithGreeting(scriptText) {
		g := "您好,"
		switch {
		case en && salutation != "":
			g = "Dear " + salutation + ","
		case en:
			g = "Hello,"
		case salutation != "":
			g = salutation + "您好,"
		}
		d.Parts = append(d.Parts, Part{"greeting", g})
	}
	if scriptText != "" {
		d.Parts = append(d.Parts, Part{"script", scriptText})
	}
	if in.Article != nil && len(in.Article.Steps) > 0 {
		id := in.Article.ID
		d.ArticleID = &id
		var b strings.Builder
		if en {
			b.WriteString("Here is what to do:")
		} else {
			b.WriteString("您可以按以下步骤操作:")
		}
		for i, st := range in.Article.Steps[:min(len(in.Article.Steps), maxSteps)] {
			b.WriteString("\n" + strconv.Itoa(i+1) + ". " + st)
		}
		d.Parts = append(d.Parts, Part{"steps", b.String()})
	}
	promise := in.Vars[kb.VarPromise]
	closing := "如有其他问题,欢迎随时联系我们。"
	switch {
	case en && promise != "" && !usesPromise:
		closing = "We will get back to you by " + promise + "."
	case en:
		closing = "If there is anything else, just let us know."
	case promise != "" && !usesPromise:
		closing = "我们会在" + promise + "前给您答复,请保持电话畅通。"
	}
	d.Parts = append(d.Parts, Part{"closing", closing})
	d.Text = join(d.Parts, en)
	return d
}

// opensWithGreeting reports whether a script already greets the customer.
func opensWithGreeting(s string) bool {
	if s == "" {
		return false
	}
	head := s
	if utf8.RuneCountInString(head) > 16 {
		head = string([]rune(head)[:16])
	}
	l := strings.ToLower(head)
	return strings.Contains(head, "您好") || strings.Contains(head, "你好") || strings.HasPrefix(l, "hello") || strings.HasPrefix(l, "hi ") || strings.HasPrefix(l, "dear")
}

// join lays the parts out, one per line; in Chinese the greeting runs into
// the script's first sentence.
func join(parts []Part, en bool) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 && (en || parts[i-1].Kind != "greeting" || p.Kind != "script") { // 张女士您好,非常抱歉……
			b.WriteString("\n")
		}
		b.WriteString(p.Text)
	}
	return b.String()
}
