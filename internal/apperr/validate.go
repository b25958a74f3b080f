package apperr

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Text checks a text field: trimmed, required when asked, at most max runes,
// valid UTF-8. It returns the trimmed value.
func (f *Fields) Text(field, v string, required bool, max int) string {
	v = strings.TrimSpace(v)
	switch {
	case !utf8.ValidString(v):
		f.Add(field, "field.invalid")
	case required && v == "":
		f.Add(field, "field.required")
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "field.too_long", max)
	}
	return v
}

// OneOf checks that v is one of the allowed values (empty allowed when !required).
func (f *Fields) OneOf(field, v string, required bool, allowed ...string) {
	if v == "" {
		if required {
			f.Add(field, "field.required")
		}
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	f.Add(field, "field.one_of", strings.Join(allowed, ", "))
}

var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9\- ]{2,24}$`)

// NormalizePhone strips spaces and dashes; "" when it is not a phone number.
func NormalizePhone(v string) string {
	v = strings.TrimSpace(v)
	if !phoneRe.MatchString(v) {
		return ""
	}
	return strings.NewReplacer(" ", "", "-", "").Replace(v)
}

// Phone validates and normalises a phone number.
func (f *Fields) Phone(field, v string) string {
	n := NormalizePhone(v)
	if n == "" {
		f.Add(field, "field.invalid_phone")
	}
	return n
}

// Email validates and lower-cases an email address.
func (f *Fields) Email(field, v string, required bool) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		if required {
			f.Add(field, "field.required")
		}
		return v
	}
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v || len(v) > 254 {
		f.Add(field, "field.invalid_email")
	}
	return v
}

// URL validates an optional http(s) URL.
func (f *Fields) URL(field, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return v
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > 2000 {
		f.Add(field, "field.invalid_url")
	}
	return v
}
