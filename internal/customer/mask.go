package customer

import (
	"strings"
	"unicode/utf8"
)

// MaskPhone hides the middle of a phone number: 13812345678 → 138****5678.
func MaskPhone(p string) string {
	n := len(p)
	switch {
	case n >= 11:
		return p[:n-8] + "****" + p[n-4:]
	case n >= 7:
		return p[:2] + strings.Repeat("*", n-4) + p[n-2:]
	case n > 0:
		return strings.Repeat("*", n)
	}
	return p
}

// MaskEmail keeps the first character and the domain: zhang@x.cn → z***@x.cn.
func MaskEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	if at <= 0 {
		return strings.Repeat("*", utf8.RuneCountInString(e))
	}
	_, size := utf8.DecodeRuneInString(e)
	return e[:size] + "***" + e[at:]
}

// MaskID keeps the first and last two characters of an external id.
func MaskID(v string) string {
	if len(v) <= 4 {
		return strings.Repeat("*", len(v))
	}
	return v[:2] + strings.Repeat("*", len(v)-4) + v[len(v)-2:]
}
