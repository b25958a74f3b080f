package kb

import (
	"fmt"
	"strings"
)

// Script variables are written in braces: {客户称呼}, or by their English
// alias, {customer_salutation}. Full-width braces (｛客户称呼｝, what a Chinese
// input method types) work the same. A literal brace is doubled: {{ or }}.
// A lone closing brace is kept as text. An unknown name or an opening brace
// without its closing one is an error when the script is saved, so that no
// agent ever sends a customer "{客户称乎}".

// Variable is a value a script may use, filled from the ticket and customer.
type Variable struct {
	Name    string `json:"name" doc:"the variable's name in scripts, e.g. 客户称呼"`
	Alias   string `json:"alias" doc:"English alias, e.g. customer_salutation"`
	LabelZH string `json:"label_zh"`
	LabelEN string `json:"label_en"`
	Example string `json:"example"`
}

// Variable names.
const (
	VarSalutation   = "客户称呼"
	VarCustomerName = "客户姓名"
	VarTicketNumber = "工单号"
	VarSubject      = "工单标题"
	VarPromise      = "承诺时间"
	VarAgentName    = "坐席姓名"
	VarReason       = "来电原因"
	VarToday        = "今天"
)

// Variables lists every variable scripts may use.
var Variables = []Variable{
	{VarSalutation, "customer_salutation", "客户的称呼(如 张女士)", "How to address the customer (e.g. Ms Zhang)", "张女士"},
	{VarCustomerName, "customer_name", "客户姓名", "Customer's name", "张丽"},
	{VarTicketNumber, "ticket_number", "工单号", "Ticket number", "000123"},
	{VarSubject, "ticket_subject", "工单标题", "Ticket subject", "课程退款未到账"},
	{VarPromise, "promised_time", "向客户承诺的回复时间", "Reply time promised to the customer", "3月5日(周四)18:00"},
	{VarAgentName, "agent_name", "坐席姓名", "Agent's name", "王芳"},
	{VarReason, "contact_reason", "来电原因", "Contact reason", "退款与售后 / 课程退款"},
	{VarToday, "today", "今天的日期", "Today's date", "3月5日"},
}

var variableByName = func() map[string]string {
	m := map[string]string{}
	for _, v := range Variables {
		m[v.Name] = v.Name
		m[v.Alias] = v.Name
	}
	return m
}()

// Segment is a piece of a parsed script: literal Text, or the canonical
// name of a variable in Var.
type Segment struct {
	Text string `json:"text,omitempty"`
	Var  string `json:"var,omitempty"`
}

// ScriptError tells where a script's text is wrong. Pos counts characters
// (runes) from 1.
type ScriptError struct {
	Pos  int
	Name string // the unknown name, for KindUnknown
	Kind string // "unclosed" or "unknown"
}

func (e *ScriptError) Error() string {
	if e.Kind == "unknown" {
		return fmt.Sprintf("kb: unknown variable {%s} at %d", e.Name, e.Pos)
	}
	return fmt.Sprintf("kb: unclosed variable at %d", e.Pos)
}

func isOpen(r rune) bool  { return r == '{' || r == '｛' }
func isClose(r rune) bool { return r == '}' || r == '｝' }

// maxVarName bounds a variable name; a longer "name" is a brace left open.
const maxVarName = 40

// ParseScript splits a script into text and variables. Adjacent text is
// merged into one segment.
func ParseScript(text string) ([]Segment, error) {
	rs := []rune(text)
	var out []Segment
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, Segment{Text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case isOpen(r) && i+1 < len(rs) && isOpen(rs[i+1]):
			lit.WriteRune(r)
			i++
		case isClose(r) && i+1 < len(rs) && isClose(rs[i+1]):
			lit.WriteRune(r)
			i++
		case isOpen(r):
			end := -1
			for j := i + 1; j < len(rs) && j <= i+1+maxVarName; j++ {
				if isClose(rs[j]) {
					end = j
					break
				}
				if isOpen(rs[j]) || rs[j] == '\n' {
					break
				}
			}
			if end < 0 {
				return nil, &ScriptError{Pos: i + 1, Kind: "unclosed"}
			}
			name := strings.TrimSpace(string(rs[i+1 : end]))
			canon, ok := variableByName[name]
			if !ok {
				canon, ok = variableByName[strings.ToLower(name)]
			}
			if !ok {
				return nil, &ScriptError{Pos: i + 1, Name: name, Kind: "unknown"}
			}
			flush()
			out = append(out, Segment{Var: canon})
			i = end
		default:
			lit.WriteRune(r)
		}
	}
	flush()
	return out, nil
}

// ScriptVars returns the distinct variables a parsed script uses, in order.
func ScriptVars(segs []Segment) []string {
	var out []string
	for _, s := range segs {
		if s.Var != "" && !contains(out, s.Var) {
			out = append(out, s.Var)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// FillScript renders a parsed script with values keyed by variable name.
// A variable without a value stays in the text as {name}, visible for the
// agent to complete, and is listed in missing.
func FillScript(segs []Segment, values map[string]string) (text string, missing []string) {
	var b strings.Builder
	for _, s := range segs {
		if s.Var == "" {
			b.WriteString(s.Text)
			continue
		}
		if v := strings.TrimSpace(values[s.Var]); v != "" {
			b.WriteString(v)
			continue
		}
		b.WriteString("{" + s.Var + "}")
		if !contains(missing, s.Var) {
			missing = append(missing, s.Var)
		}
	}
	return b.String(), missing
}

// Fill parses and fills a script in one step (for scripts already saved,
// which parse by construction).
func Fill(text string, values map[string]string) (string, []string, error) {
	segs, err := ParseScript(text)
	if err != nil {
		return "", nil, err
	}
	out, missing := FillScript(segs, values)
	return out, missing, nil
}

// FormatScript writes segments back as script text, doubling literal
// braces: ParseScript(FormatScript(segs)) gives segs again.
func FormatScript(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Var != "" {
			b.WriteString("{" + s.Var + "}")
			continue
		}
		for _, r := range s.Text {
			b.WriteRune(r)
			if isOpen(r) || isClose(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
