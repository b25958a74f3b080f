package search

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/kefuhq/kefu/internal/db"
)

// AnyCondition is Condition for "tickets like this one": it selects the
// newest limit tickets (alias t) whose text has at least one of the terms,
// which must come from Tokens (letters, digits and Han only). ok is false
// when no term is left.
func AnyCondition(d db.Dialect, terms []string, argN, limit int) (cond string, arg any, ok bool) {
	var clean []string
	seen := map[string]bool{}
	for _, t := range terms {
		if t == "" || seen[t] || strings.ContainsFunc(t, func(r rune) bool { return !isTermRune(r) }) {
			continue
		}
		seen[t] = true
		clean = append(clean, t)
	}
	if len(clean) == 0 {
		return "", nil, false
	}
	p := fmt.Sprintf("$%d", argN)
	if d == db.Postgres {
		quoted := make([]string, len(clean))
		for i, t := range clean {
			quoted[i] = "'" + t + "'"
		}
		return fmt.Sprintf("t.id IN (SELECT ticket_id FROM ticket_search WHERE body @@ to_tsquery('simple', %s) ORDER BY ticket_id DESC LIMIT %d)", p, limit), strings.Join(quoted, " | "), true
	}
	quoted := make([]string, len(clean))
	for i, t := range clean {
		quoted[i] = `"` + t + `"`
	}
	return fmt.Sprintf("t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH %s ORDER BY rowid DESC LIMIT %d)", p, limit), strings.Join(quoted, " OR "), true
}

// isTermRune is what Tokens keeps: letters, digits and Han characters.
func isTermRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
