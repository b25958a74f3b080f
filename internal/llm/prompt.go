package llm

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Purposes of a call, as logged.
const (
	PurposeSummary = "summary"
	PurposeDraft   = "reply_draft"
)

// Case is what the model is told about a ticket. Texts are raw here; the
// prompt builder redacts them.
type Case struct {
	Number      string
	Subject     string
	Description string // the customer's words as recorded
	Status      string
	ServiceType string
	ReasonPath  string
	Customer    Person
	Timeline    []Entry  // oldest first: replies, internal notes, changes
	References  []string // approved scripts or article excerpts the draft may draw on
	PromisedBy  string   // promised reply time as the agent would say it, if any
}

// Entry is one line of the ticket's history.
type Entry struct {
	Kind   string // reply (to the customer), note (internal), customer, change
	Author string
	Text   string
	At     time.Time
}

// maxPromptRunes bounds the history sent; the newest entries are kept.
const maxPromptRunes = 8000

var instructions = map[string]map[string]string{
	PurposeSummary: {
		"zh-CN": "你是客服中心的工单助手。请用中文,以 3 到 5 条要点总结这张工单:客户诉求、已做的处理、当前状态与待办、客户情绪。只依据给出的内容,不要编造;方括号占位符(如 [NAME]、[PHONE_1])原样保留。",
		"en":    "You are a ticket assistant in a customer-service centre. Summarise this ticket in English in 3 to 5 bullet points: the customer's request, what has been done, the current state and next steps, the customer's mood. Use only the content given, invent nothing; keep bracketed placeholders such as [NAME] or [PHONE_1] exactly as they are.",
	},
	PurposeDraft: {
		"zh-CN": "你是客服中心的回复助手,为坐席起草一条发给客户的回复(坐席会修改后再发送)。要求:先回应客户的感受,再说明处理进展或解决办法,语气真诚、简洁、不推诿;只承诺给出的内容里已有的事项和时限;优先采用“参考话术与知识”中的说法;不要编造政策、金额或时间;方括号占位符(如 [NAME])原样保留。只输出回复正文。",
		"en":    "You draft a reply to the customer for a customer-service agent, who will edit it before sending. Acknowledge the customer's feelings first, then the progress or the solution; sincere, concise, no buck-passing; promise only what the content below already contains; prefer the wording of the reference scripts and articles; never invent policies, amounts or dates; keep bracketed placeholders such as [NAME] as they are. Output only the reply text.",
	},
}

var labels = map[string]map[string]string{
	"zh-CN": {"ticket": "工单", "subject": "标题", "status": "状态", "type": "服务类型", "reason": "来电原因", "desc": "客户诉求",
		"history": "处理记录", "reply": "回复客户", "note": "内部备注", "customer": "客户", "change": "变更", "refs": "参考话术与知识", "promise": "已承诺回复时间", "ask": "坐席的要求"},
	"en": {"ticket": "Ticket", "subject": "Subject", "status": "Status", "type": "Service type", "reason": "Contact reason", "desc": "Customer's request",
		"history": "History", "reply": "reply to customer", "note": "internal note", "customer": "customer", "change": "change", "refs": "Reference scripts and articles", "promise": "Promised reply time", "ask": "Agent's request"},
}

// BuildMessages returns the chat messages for purpose in lang (zh-CN or en),
// with personal data replaced through r. instruction is the agent's own
// request for a draft ("语气更正式"), may be empty.
func BuildMessages(purpose, lang string, c Case, instruction string, r *Redaction) []Message {
	if lang != "en" {
		lang = "zh-CN"
	}
	l := labels[lang]
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n%s: %s\n", l["ticket"], c.Number, l["subject"], r.Redact(c.Subject))
	for _, kv := range [][2]string{{"status", c.Status}, {"type", c.ServiceType}, {"reason", c.ReasonPath}, {"promise", c.PromisedBy}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "%s: %s\n", l[kv[0]], kv[1])
		}
	}
	fmt.Fprintf(&b, "%s: %s\n", l["desc"], r.Redact(c.Description))
	budget := maxPromptRunes - utf8.RuneCountInString(b.String())
	var lines []string
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		e := c.Timeline[i]
		if strings.TrimSpace(e.Text) == "" {
			continue
		}
		kind := l[e.Kind]
		if kind == "" {
			kind = e.Kind
		}
		line := fmt.Sprintf("- [%s] %s (%s): %s", e.At.Format("2006-01-02 15:04"), r.Redact(e.Author), kind, r.Redact(e.Text))
		if budget -= utf8.RuneCountInString(line); budget < 0 {
			break
		}
		lines = append(lines, line)
	}
	if len(lines) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", l["history"])
		for i := len(lines) - 1; i >= 0; i-- {
			b.WriteString(lines[i] + "\n")
		}
	}
	if purpose == PurposeDraft {
		if len(c.References) > 0 {
			fmt.Fprintf(&b, "\n%s:\n", l["refs"])
			for _, ref := range c.References {
				b.WriteString("- " + r.Redact(clip(ref, 1500)) + "\n")
			}
		}
		if instruction = strings.TrimSpace(instruction); instruction != "" {
			fmt.Fprintf(&b, "\n%s: %s\n", l["ask"], r.Redact(instruction))
		}
	}
	return []Message{{Role: "system", Content: instructions[purpose][lang]}, {Role: "user", Content: b.String()}}
}
