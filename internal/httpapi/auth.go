package httpapi

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/identity"
)

const (
	sessionCookie = "kefu_session"
	csrfCookie    = "kefu_csrf"
	csrfHeader    = "X-CSRF-Token"
)

// authResult is what the authentication middleware learned.
type authResult struct {
	principal *identity.Principal
	viaCookie bool
	token     string
}

// authenticate resolves a bearer token or session cookie into a principal.
// It never rejects: routes decide what they need (see requirePermission).
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		var res authResult
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			p, err := s.Identity.BearerToken(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
			if err != nil && apperr.CodeOf(err) != apperr.Unauthenticated {
				writeProblem(w, problemFrom(r.Context(), s.Log, err))
				return
			}
			res.principal = p
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			p, err := s.Identity.Session(r.Context(), c.Value)
			if err != nil && apperr.CodeOf(err) != apperr.Unauthenticated {
				writeProblem(w, problemFrom(r.Context(), s.Log, err))
				return
			}
			res.principal, res.viaCookie, res.token = p, p != nil, c.Value
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey, &res)))
	})
}

func authOf(ctx context.Context) *authResult {
	if a, ok := ctx.Value(principalKey).(*authResult); ok {
		return a
	}
	return &authResult{}
}

// principalOf returns the signed-in principal (routes with a permission
// always have one).
func principalOf(ctx context.Context) *identity.Principal { return authOf(ctx).principal }

// checkAccess enforces a route's permission and, for cookie sessions, CSRF
// on every state-changing method.
func checkAccess(ctx context.Context, method string, header func(string) string, perm string) error {
	if perm == PermPublic {
		return nil
	}
	a := authOf(ctx)
	if a.principal == nil {
		return apperr.New(apperr.Unauthenticated, "err.unauthenticated")
	}
	if a.viaCookie && method != http.MethodGet && method != http.MethodHead {
		got := header(csrfHeader)
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.principal.CSRF)) != 1 {
			return apperr.New(apperr.Forbidden, "err.forbidden.csrf")
		}
	}
	if perm == PermSignedIn || a.principal.Can(perm) {
		return nil
	}
	return apperr.New(apperr.Forbidden, "err.forbidden")
}

// permissionMiddleware runs before a huma operation's handler.
func (s *Server) permissionMiddleware(route string, perm string) func(huma.Context, func(huma.Context)) {
	return func(hctx huma.Context, next func(huma.Context)) {
		ctx := hctx.Context()
		if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
			info.route = route
		}
		if err := checkAccess(ctx, hctx.Method(), hctx.Header, perm); err != nil {
			p := problemFrom(ctx, s.Log, err)
			_ = huma.WriteErr(s.api, hctx, p.Status, p.Detail, p)
			return
		}
		next(hctx)
	}
}

// --- auth endpoints ---

type loginInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"200"`
	}
}

type meOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
	Body      struct {
		User      identity.User `json:"user"`
		CSRFToken string        `json:"csrf_token"`
	}
}

func (s *Server) cookie(name, value string, httpOnly bool, maxAge time.Duration) http.Cookie {
	return http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: httpOnly, Secure: s.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds())}
}

func (s *Server) login(ctx context.Context, in *loginInput) (*meOutput, error) {
	ip := remoteOf(ctx)
	key := ip + "|" + strings.ToLower(strings.TrimSpace(in.Body.Email))
	now := time.Now()
	if !s.LoginLimiter.Allowed(key, now) {
		return nil, apperr.New(apperr.RateLimited, "err.rate_limited")
	}
	token, p, err := s.Identity.Login(ctx, in.Body.Email, in.Body.Password, ip)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Unauthenticated {
			s.LoginLimiter.Fail(key, now)
		}
		return nil, err
	}
	s.LoginLimiter.Reset(key)
	out := &meOutput{}
	out.SetCookie = []http.Cookie{s.cookie(sessionCookie, token, true, 0), s.cookie(csrfCookie, p.CSRF, false, 0)}
	out.Body.User, out.Body.CSRFToken = p.User, p.CSRF
	return out, nil
}

func (s *Server) logout(ctx context.Context, _ *struct{}) (*meOutput, error) {
	a := authOf(ctx)
	if a.viaCookie {
		if err := s.Identity.Logout(ctx, a.token, a.principal, remoteOf(ctx)); err != nil {
			return nil, err
		}
	}
	out := &meOutput{}
	out.SetCookie = []http.Cookie{s.cookie(sessionCookie, "", true, -time.Second), s.cookie(csrfCookie, "", false, -time.Second)}
	out.Body.User = a.principal.User
	return out, nil
}

func (s *Server) me(ctx context.Context, _ *struct{}) (*meOutput, error) {
	p := principalOf(ctx)
	out := &meOutput{}
	out.Body.User, out.Body.CSRFToken = p.User, p.CSRF
	return out, nil
}

// remoteOf returns the client address recorded by the observe middleware.
func remoteOf(ctx context.Context) string {
	if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
		return info.ip
	}
	return ""
}
