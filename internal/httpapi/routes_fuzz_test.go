package httpapi_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// bodyRoute is one route that reads a request body, with its path
// parameters filled in.
type bodyRoute struct{ method, path string }

// bodyRoutes lists every POST, PATCH and PUT route of the route table, so a
// new endpoint is fuzzed the moment it is added. A ticket's own id is the
// seed ticket (its body is decoded and then applied to a real ticket); every
// other id does not exist, so a decoded body ends in a 404 instead of
// changing the fuzzing user, its token or the teams.
func bodyRoutes(tb testing.TB, h *hostileApp) []bodyRoute {
	tb.Helper()
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	// Logging out would revoke the token every later input needs.
	skip := []string{"POST /api/v1/auth/logout"}
	var out []bodyRoute
	for _, r := range h.routes {
		method, path := r.Method, r.Path
		if (method != "POST" && method != "PATCH" && method != "PUT") || slices.Contains(skip, method+" "+path) {
			continue
		}
		if strings.HasPrefix(path, "/api/v1/tickets/{id}") {
			path = strings.Replace(path, "{id}", strconv.FormatInt(h.ticketID, 10), 1)
		}
		path = strings.Replace(path, "{code}", "query", 1)
		out = append(out, bodyRoute{method, param.ReplaceAllString(path, "999999")})
	}
	if len(out) < 30 {
		tb.Fatalf("only %d routes with a body in the route table", len(out))
	}
	return out
}

// FuzzEveryBodyRoute posts arbitrary bodies to every route that reads one:
// whatever arrives, the answer is a 2xx or a 4xx problem in the caller's
// language, never a 5xx or the server's insides, and nothing is logged as an
// internal error. `go test -run '^$' -fuzz FuzzEveryBodyRoute ./internal/httpapi`
// runs it for as long as one likes; `make test` runs the seeds and a short
// fuzzing pass (`make fuzz`).
func FuzzEveryBodyRoute(f *testing.F) {
	h := newHostileApp(f)
	routes := bodyRoutes(f, h)
	generic := []string{
		``, `null`, `[]`, `{}`, `0`, `"x"`, `{"version":1}`, `{"name":"","text":"","title":""}`,
		"{\"text\":\"\xff\xfe\",\"name\":\"\xc3\x28\"}", `{"text":"\ud800","body":"\u0000"}`,
		`{"a":` + strings.Repeat(`[`, 200), `{"text":"a"}garbage`, `{"id":-1,"ids":[1e400],"version":-9223372036854775809}`,
	}
	for i := range routes {
		for _, s := range generic {
			f.Add(uint16(i), []byte(s))
		}
	}
	// The bodies written for the ticket, customer and contact endpoints are
	// hostile to the others too (wrong fields, wrong types).
	for i, s := range decodeSeeds {
		f.Add(uint16(i*7%len(routes)), []byte(s))
	}
	f.Fuzz(func(t *testing.T, target uint16, body []byte) {
		r := routes[int(target)%len(routes)]
		st, b := h.send(t, r.method, r.path, body)
		if st >= 500 {
			t.Fatalf("%s %s: %d %s", r.method, r.path, st, b)
		}
		if errs := h.errs.take(); len(errs) > 0 {
			t.Fatalf("%s %s with %q logged internal errors: %v", r.method, r.path, body, errs)
		}
	})
}
