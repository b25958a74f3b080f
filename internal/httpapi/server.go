// Package httpapi is kefu's REST API (huma, OpenAPI 3.1) and the HTTP server
// around it: authentication, CSRF, permissions per route, body limits, live
// updates, health and metrics.
package httpapi

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path"
	"reflect"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/assist"
	"github.com/kefuhq/kefu/internal/bot"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/customer"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/emotion"
	"github.com/kefuhq/kefu/internal/events"
	"github.com/kefuhq/kefu/internal/i18n"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/kb"
	"github.com/kefuhq/kefu/internal/llm"
	"github.com/kefuhq/kefu/internal/metrics"
	"github.com/kefuhq/kefu/internal/sla"
	"github.com/kefuhq/kefu/internal/suggest"
	"github.com/kefuhq/kefu/internal/taxonomy"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Deps are the services the API serves.
type Deps struct {
	DB           *db.DB
	Identity     *identity.Service
	Customers    *customer.Service
	Contacts     *contact.Service
	Tickets      *ticket.Service
	Taxonomy     *taxonomy.Service
	SLA          *sla.Service
	Suggest      *suggest.Service
	Bot          *bot.Service
	Emotion      emotionScorer // nil: emotion.Lazy (the product model)
	KB           *kb.Service
	Assist       *assist.Service
	LLM          *llm.Service // optional large-model provider; off unless configured
	Hub          *events.Hub
	Metrics      *metrics.Registry
	Log          *slog.Logger
	UI           fs.FS // built console; nil serves a notice
	MaxBodyBytes int64
	SecureCookie bool
	LoginLimiter *identity.LoginLimiter
	Version      string
	Notify       func() // wakes the outbox relay after a commit
}

// Server is the HTTP handler of kefu.
type Server struct {
	Deps
	mux      *http.ServeMux
	api      huma.API
	routes   []Route
	requests atomic.Uint64 // requests started, to tell a quiet server
}

// Requests returns how many requests the server has started to serve.
func (s *Server) Requests() uint64 { return s.requests.Load() }

// New builds the server with every route.
func New(d Deps) *Server {
	if d.MaxBodyBytes == 0 {
		d.MaxBodyBytes = 1 << 20
	}
	if d.Emotion == nil {
		d.Emotion = emotion.Lazy{}
	}
	if d.LoginLimiter == nil {
		d.LoginLimiter = identity.NewLoginLimiter(10, 15*time.Minute)
	}
	s := &Server{Deps: d, mux: http.NewServeMux()}
	huma.NewErrorWithContext = humaError(d.Log)
	cfg := huma.DefaultConfig("kefu API", d.Version)
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.DocsPath = ""
	cfg.CreateHooks = nil // no $schema links in bodies
	cfg.SchemasPath = "/api/v1/schemas"
	cfg.Info.Description = "kefu customer-service operations platform. Authenticate with a session cookie (console) or `Authorization: Bearer <token>`."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer"},
		"cookie": {Type: "apiKey", In: "cookie", Name: sessionCookie},
	}
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	s.api = humago.New(s.mux, cfg)
	s.registerRoutes()
	return s
}

// Routes returns the route table (for tests and docs).
func (s *Server) Routes() []Route { return s.routes }

// OpenAPI returns the OpenAPI document.
func (s *Server) OpenAPI() *huma.OpenAPI { return s.api.OpenAPI() }

// Handler returns the whole HTTP handler with middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.observe(s.limits(s.authenticate(s.mux))))
}

type requestInfo struct {
	route string
	ip    string
}

// statusWriter records the status for metrics and logs.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.requests.Add(1)
		sw := &statusWriter{ResponseWriter: w}
		info := &requestInfo{ip: clientIP(r)}
		lang := i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
		ctx := context.WithValue(context.WithValue(r.Context(), langKey, lang), requestInfoKey, info)
		next.ServeHTTP(sw, r.WithContext(ctx))
		route := info.route
		if route == "" {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				route = "other"
			} else {
				route = "ui"
			}
		}
		if s.Metrics != nil {
			s.Metrics.Observe(r.Method, route, sw.status, time.Since(start))
		}
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "path", r.URL.Path, "panic", v)
				writeProblem(w, problemFrom(r.Context(), s.Log, apperr.New(apperr.Internal, "err.internal")))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limits bounds request bodies and rejects invalid UTF-8 before any handler
// sees the body, so no handler stores replacement characters silently.
func (s *Server) limits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.MaxBodyBytes))
		if err != nil {
			var key, code = "err.too_large", apperr.TooLarge
			if !strings.Contains(err.Error(), "too large") {
				key, code = "err.invalid", apperr.Invalid
			}
			writeProblem(w, problemFrom(r.Context(), s.Log, apperr.New(code, key)))
			return
		}
		if !utf8.Valid(body) {
			writeProblem(w, problemFrom(r.Context(), s.Log, &apperr.Error{Code: apperr.Invalid, Key: "err.bad_utf8",
				Fields: []apperr.FieldError{{Field: "body", Key: "field.invalid"}}}))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}

// clientIP is the remote address without port (audit and rate limiting).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// schemaName prefixes schema names with their package (contact.Input →
// ContactInput) so that types of the same name in two domains do not clash.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	pkg := path.Base(t.PkgPath())
	if pkg == "." || pkg == "" || pkg == "httpapi" || t.Name() == "" {
		return name
	}
	prefix := strings.ToUpper(pkg[:1]) + pkg[1:]
	if strings.HasPrefix(name, prefix) {
		return name
	}
	return prefix + name
}
