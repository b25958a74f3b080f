package httpapi_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/httpapi"
	"github.com/kefuhq/kefu/internal/identity"
)

// TestEveryRouteDeclaresAPermission walks the route table and the OpenAPI
// document: no route may exist without an explicit permission.
func TestEveryRouteDeclaresAPermission(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	known := append([]string{httpapi.PermPublic, httpapi.PermSignedIn}, identity.AllPermissions...)
	routes := e.app.Server.Routes()
	if len(routes) < 40 {
		t.Fatalf("only %d routes in the table", len(routes))
	}
	for _, r := range routes {
		if !slices.Contains(known, r.Perm) {
			t.Errorf("%s %s declares unknown permission %q", r.Method, r.Path, r.Perm)
		}
		if r.Perm == httpapi.PermPublic && strings.HasPrefix(r.Path, "/api/") && r.Path != "/api/v1/auth/login" {
			t.Errorf("%s %s is public", r.Method, r.Path)
		}
	}
	for path, item := range e.app.Server.OpenAPI().Paths {
		for m, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PATCH": item.Patch, "DELETE": item.Delete, "PUT": item.Put} {
			if op == nil {
				continue
			}
			if p, _ := op.Metadata["permission"].(string); p == "" {
				t.Errorf("%s %s in the OpenAPI document has no permission", m, path)
			}
		}
	}
}

// TestPermissionMatrix calls every route as every role and checks that the
// answer is "forbidden" exactly when the role lacks the route's permission.
// The matrix is generated from the route table, so a new route is covered
// the moment it is added.
func TestPermissionMatrix(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, r := range e.app.Server.Routes() {
		if r.Perm == httpapi.PermPublic || r.Path == "/api/v1/stream" || r.Path == "/api/v1/auth/logout" {
			continue
		}
		path := param.ReplaceAllString(r.Path, "999999") // ids that do not exist: no side effects
		if strings.Contains(r.Path, "{code}") {
			path = strings.Replace(r.Path, "{code}", "query", 1)
		}
		for _, role := range identity.RoleNames() {
			allowed := r.Perm == httpapi.PermSignedIn || slices.Contains(identity.Roles[role].Permissions, r.Perm)
			var body any
			if r.Method == "POST" || r.Method == "PATCH" {
				body = map[string]any{}
			}
			got := e.do(role, r.Method, path, body)
			if allowed && (got.Status == 401 || got.Status == 403) {
				t.Errorf("%s %s as %s: %d, want allowed (%s)", r.Method, r.Path, role, got.Status, got.Raw)
			}
			if !allowed && got.Status != 403 {
				t.Errorf("%s %s as %s: %d, want 403", r.Method, r.Path, role, got.Status)
			}
		}
		if got := e.do("", r.Method, path, nil); got.Status != 401 {
			t.Errorf("%s %s without credentials: %d, want 401", r.Method, r.Path, got.Status)
		}
	}
}
