package llm

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kefuhq/kefu/internal/customer"
)

// Redaction replaces personal data in text sent to a model with
// placeholders such as [PHONE_1], and puts display forms back into what the
// model returns. The same value always gets the same placeholder within one
// Redaction, so the model can still tell "the same number" apart.
type Redaction struct {
	name    string            // the customer's name, replaced by [NAME]
	known   []string          // other known personal values (longest first)
	byValue map[string]string // value → placeholder
	display map[string]string // placeholder → what the agent sees instead
	counts  map[string]int    // kind → how many placeholders so far
}

// Person is what is known of the customer, to be hidden from the model.
type Person struct {
	Name   string
	Phones []string
	Emails []string
	Other  []string // external ids, addresses, id numbers …
}

// NewRedaction prepares a redaction for one request about one customer.
func NewRedaction(p Person) *Redaction {
	r := &Redaction{byValue: map[string]string{}, display: map[string]string{}, counts: map[string]int{}}
	if utf8.RuneCountInString(strings.TrimSpace(p.Name)) >= 2 {
		r.name = strings.TrimSpace(p.Name)
	}
	for _, group := range [][]string{p.Phones, p.Emails, p.Other} {
		for _, v := range group {
			if v = strings.TrimSpace(v); utf8.RuneCountInString(v) >= 4 {
				r.known = append(r.known, v)
			}
		}
	}
	// Longest first, so that a value containing another is replaced whole.
	sort.SliceStable(r.known, func(i, j int) bool { return len(r.known[i]) > len(r.known[j]) })
	return r
}

// Patterns of personal data found in free text, most specific first: an
// 18-character resident id before a bank card before a mobile number.
var piiPatterns = []struct {
	kind string
	re   *regexp.Regexp
	ok   func(string) bool
}{
	{"EMAIL", regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`), nil},
	{"ID", regexp.MustCompile(`\b[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]\b`), nil},
	{"CARD", regexp.MustCompile(`\b\d{4}(?:[ \-]?\d{4}){2,3}(?:[ \-]?\d{1,3})?\b`), luhn},
	{"PHONE", regexp.MustCompile(`(?:\+?86[ \-]?)?\b1[3-9]\d(?:[ \-]?\d{4}){2}\b`), nil},
	{"PHONE", regexp.MustCompile(`\b0\d{2,3}[ \-]?\d{7,8}\b`), nil},
}

// Redact returns text with the customer's name, known values and anything
// that looks like personal data replaced by placeholders.
func (r *Redaction) Redact(text string) string {
	if r.name != "" && strings.Contains(text, r.name) {
		text = strings.ReplaceAll(text, r.name, "[NAME]")
		r.display["[NAME]"] = r.name
	}
	for _, v := range r.known {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, r.placeholder(kindOf(v), v))
		}
	}
	for _, p := range piiPatterns {
		text = p.re.ReplaceAllStringFunc(text, func(m string) string {
			if p.ok != nil && !p.ok(m) {
				return m
			}
			return r.placeholder(p.kind, m)
		})
	}
	return text
}

// Count is how many distinct personal values were hidden.
func (r *Redaction) Count() int { return len(r.display) }

func (r *Redaction) placeholder(kind, value string) string {
	if ph, ok := r.byValue[value]; ok {
		return ph
	}
	r.counts[kind]++
	ph := "[" + kind + "_" + strconv.Itoa(r.counts[kind]) + "]"
	r.byValue[value] = ph
	r.display[ph] = maskFor(kind, value)
	return ph
}

// Restore puts display forms back: the customer's name, and masked forms of
// numbers and addresses (an agent sees those masked in the console too).
// Placeholders the model invented are left as they are.
func (r *Redaction) Restore(text string) string {
	if len(r.display) == 0 {
		return text
	}
	pairs := make([]string, 0, 2*len(r.display))
	for ph, shown := range r.display {
		pairs = append(pairs, ph, shown)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

func kindOf(v string) string {
	switch {
	case strings.Contains(v, "@"):
		return "EMAIL"
	case isDigits(strings.TrimPrefix(v, "+")):
		return "PHONE"
	}
	return "PII"
}

func maskFor(kind, v string) string {
	switch kind {
	case "EMAIL":
		return customer.MaskEmail(v)
	case "PHONE":
		return customer.MaskPhone(v)
	}
	return customer.MaskID(v)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// luhn reports whether the digits of s pass the Luhn check bank cards use,
// so that an order number of the same length is not taken for a card.
func luhn(s string) bool {
	sum, n, double := 0, 0, false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c == ' ' || c == '-' {
			continue
		}
		d := int(c - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
		double = !double
	}
	return n >= 13 && sum%10 == 0
}
