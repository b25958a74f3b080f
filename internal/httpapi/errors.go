package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/i18n"
)

// Problem is the one error body (RFC 9457 problem details plus a code).
type Problem struct {
	Status  int            `json:"status"`
	Code    string         `json:"code"`
	Title   string         `json:"title"`
	Detail  string         `json:"detail"`
	Errors  []ProblemField `json:"errors,omitempty"`
	Current any            `json:"current,omitempty"`
	headers http.Header
}

// ProblemField names one bad field.
type ProblemField struct {
	Location string `json:"location"`
	Message  string `json:"message"`
	Value    any    `json:"value,omitempty"`
}

func (p *Problem) Error() string  { return p.Detail }
func (p *Problem) GetStatus() int { return p.Status }
func (p *Problem) ContentType(string) string {
	return "application/problem+json"
}
func (p *Problem) GetHeaders() http.Header { return p.headers }

var statusOf = map[apperr.Code]int{
	apperr.Invalid: 422, apperr.NotFound: 404, apperr.Conflict: 409, apperr.Unauthenticated: 401,
	apperr.Forbidden: 403, apperr.TooLarge: 413, apperr.RateLimited: 429, apperr.Unavailable: 503, apperr.Internal: 500,
}

type ctxKey int

const (
	langKey ctxKey = iota
	principalKey
	requestInfoKey
)

func langOf(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.ZH
}

// problemFrom maps any error to a Problem in the caller's language. This is
// the one place where error codes become HTTP statuses. Internal errors are
// logged; the client sees only a generic message.
func problemFrom(ctx context.Context, log *slog.Logger, err error) *Problem {
	lang := langOf(ctx)
	ae, ok := apperr.As(err)
	if !ok || ae.Code == apperr.Internal {
		if db.IsUnavailable(err) {
			p := &Problem{Status: 503, Code: string(apperr.Unavailable), Detail: i18n.T(lang, "err.unavailable"), headers: http.Header{"Retry-After": {"2"}}}
			p.Title = http.StatusText(503)
			return p
		}
		log.Error("internal error", "err", err)
		return &Problem{Status: 500, Code: string(apperr.Internal), Title: http.StatusText(500), Detail: i18n.T(lang, "err.internal")}
	}
	p := &Problem{Status: statusOf[ae.Code], Code: string(ae.Code), Detail: i18n.T(lang, ae.Key, ae.Args...), Current: ae.Current}
	p.Title = http.StatusText(p.Status)
	for _, f := range ae.Fields {
		p.Errors = append(p.Errors, ProblemField{Location: f.Field, Message: i18n.T(lang, f.Key, f.Args...), Value: f.Value})
	}
	if ae.Code == apperr.RateLimited {
		p.headers = http.Header{"Retry-After": {"60"}}
	}
	return p
}

// writeProblem writes a Problem outside huma (middleware, raw handlers).
func writeProblem(w http.ResponseWriter, p *Problem) {
	for k, vs := range p.headers {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// humaMessages translates huma's validation messages (English constants in
// huma's validation package) into message keys.
var humaMessages = []struct {
	re   *regexp.Regexp
	key  string
	args func([]string) []any
}{
	{regexp.MustCompile(`^unexpected property`), "field.unexpected", nil},
	{regexp.MustCompile(`^expected required property (\S+) to be present`), "field.required", nil},
	{regexp.MustCompile(`^expected length <= (\d+)`), "field.too_long", intArg},
	{regexp.MustCompile(`^expected length >= (\d+)`), "field.too_short", intArg},
	{regexp.MustCompile(`^expected array length <= (\d+)`), "field.too_many", intArg},
	{regexp.MustCompile(`^expected number >= (\S+)`), "field.min", strArg},
	{regexp.MustCompile(`^expected number <= (\S+)`), "field.max", strArg},
	{regexp.MustCompile(`^expected value to be one of "(.*)"`), "field.one_of", strArg},
	{regexp.MustCompile(`^expected (string|number|integer|boolean|array|object)$`), "field.type", strArg},
	{regexp.MustCompile(`^expected string to be RFC 3339 date-time`), "field.type", func([]string) []any { return []any{"RFC 3339"} }},
	{regexp.MustCompile(`^invalid integer|^invalid value|^invalid boolean`), "field.invalid", nil},
}

func intArg(m []string) []any { n, _ := strconv.Atoi(m[1]); return []any{n} }
func strArg(m []string) []any { return []any{m[1]} }

// humaError replaces huma's error constructor so that its validation and
// parsing errors speak the caller's language and use the Problem shape.
func humaError(log *slog.Logger) func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
	return func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		var ctx context.Context = context.Background()
		if hctx != nil {
			ctx = hctx.Context()
		}
		lang := langOf(ctx)
		// Errors returned by our handlers arrive here wrapped by huma.
		for _, e := range errs {
			if p, ok := e.(*Problem); ok {
				return p
			}
		}
		code := apperr.Invalid
		key := "err.invalid"
		switch {
		case status == 413:
			code, key = apperr.TooLarge, "err.too_large"
		case status == 400 && strings.Contains(strings.ToLower(msg), "parse"):
			key = "err.bad_json"
		case status == 404:
			code, key = apperr.NotFound, "err.not_found"
		case status == 405:
			key = "err.method_not_allowed"
		case status >= 500:
			log.Error("internal error", "msg", msg, "errs", fmt.Sprint(errs))
			code, key = apperr.Internal, "err.internal"
		}
		p := &Problem{Status: status, Code: string(code), Title: http.StatusText(status), Detail: i18n.T(lang, key)}
		for _, e := range errs {
			if e == nil {
				continue
			}
			d := &huma.ErrorDetail{Message: e.Error()}
			if ed, ok := e.(huma.ErrorDetailer); ok {
				d = ed.ErrorDetail()
			}
			p.Errors = append(p.Errors, translateDetail(lang, d))
		}
		if status == 400 && len(p.Errors) == 0 && msg != "" && key == "err.invalid" {
			p.Errors = append(p.Errors, ProblemField{Location: "body", Message: i18n.T(lang, "field.invalid")})
		}
		return p
	}
}

func translateDetail(lang i18n.Lang, d *huma.ErrorDetail) ProblemField {
	loc := d.Location
	for _, m := range humaMessages {
		if sm := m.re.FindStringSubmatch(d.Message); sm != nil {
			var args []any
			if m.args != nil {
				args = m.args(sm)
			}
			value := d.Value
			if m.key == "field.required" && len(sm) > 1 {
				loc = strings.TrimSuffix(loc, ".") + "." + sm[1]
			}
			if _, isObject := value.(map[string]any); isObject {
				value = nil // do not echo whole bodies back
			}
			return ProblemField{Location: loc, Message: i18n.T(lang, m.key, args...), Value: value}
		}
	}
	if strings.Contains(d.Message, "unmarshal") || strings.Contains(d.Message, "invalid character") || strings.Contains(d.Message, "unexpected end") {
		return ProblemField{Location: orBody(loc), Message: i18n.T(lang, "err.bad_json")}
	}
	return ProblemField{Location: orBody(loc), Message: i18n.T(lang, "field.invalid"), Value: d.Value}
}

func orBody(l string) string {
	if l == "" {
		return "body"
	}
	return l
}

var errNotFound = apperr.New(apperr.NotFound, "err.not_found")
