package db

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// Queries parses a queries.sql file made of blocks that start with
// "-- name: verb-noun" and returns them by name. It panics on a malformed
// file: queries are embedded at build time, so this is a programming error.
func Queries(src string) map[string]string {
	out := map[string]string{}
	var name string
	var b strings.Builder
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSpace(b.String())
		}
		b.Reset()
	}
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			flush()
			name = strings.TrimSpace(rest)
			if _, dup := out[name]; dup {
				panic(fmt.Sprintf("db: query %q defined twice", name))
			}
			continue
		}
		if name != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	flush()
	return out
}

// InList returns "$1, $2, …, $n" and the ids as arguments, for
// "WHERE id IN (…)" over a list of ids.
func InList(ids []int64) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i] = "$" + strconv.Itoa(i+1)
		args[i] = id
	}
	return strings.Join(ph, ", "), args
}

// NullID stores an optional id: 0 becomes NULL.
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
