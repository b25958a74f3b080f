package httpapi_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
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

// TestOtherTeamsTicketsCannotBeReachedByID calls every route under
// /tickets/{id} as a department member with the id of a ticket of another
// team, each with a body that would succeed on a ticket of its own: each
// answers as if the ticket did not exist (or forbids the action outright), and
// the ticket is unchanged afterwards. Generated from the route table, so a new
// ticket route cannot skip the visibility check: one that reads a body needs
// a valid body below before this test passes.
func TestOtherTeamsTicketsCannotBeReachedByID(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	other := e.must(201, e.do("agent", "POST", "/api/v1/tickets", map[string]any{"subject": "物流延误三天", "description": "客户的订单一直没有发货", "service_type": "query", "team_id": e.teams["物流"]}))
	contact := e.must(201, e.do("agent", "POST", "/api/v1/contacts", map[string]any{"channel": "phone", "service_type": "query", "summary": "催发货"}))
	id := strconv.FormatInt(int64(num(other["id"])), 10)
	bodies := map[string]any{
		"PATCH /api/v1/tickets/{id}":            map[string]any{"version": num(other["version"]), "priority": "low"},
		"POST /api/v1/tickets/{id}/events":      map[string]any{"kind": "note", "body": "猜一个编号"},
		"POST /api/v1/tickets/{id}/watchers":    map[string]any{"user_id": e.users["department"].ID},
		"POST /api/v1/tickets/{id}/contacts":    map[string]any{"contact_id": num(contact["id"])},
		"POST /api/v1/tickets/{id}/promise":     map[string]any{"note": "猜一个编号"},
		"POST /api/v1/tickets/{id}/escalations": map[string]any{"to_team_id": e.teams["风控"], "reason": "猜一个编号", "handoff_note": "猜一个编号"},
		"POST /api/v1/tickets/{id}/summary":     map[string]any{},
		"POST /api/v1/tickets/{id}/draft":       map[string]any{"instruction": "语气更正式"},
	}
	before := e.must(200, e.do("admin", "GET", "/api/v1/tickets/"+id+"/events", nil))
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	tried := 0
	for _, r := range e.app.Server.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/tickets/{id}") {
			continue
		}
		path := param.ReplaceAllString(strings.Replace(r.Path, "{id}", id, 1), strconv.FormatInt(e.users["department"].ID, 10))
		body, ok := bodies[r.Method+" "+r.Path]
		if !ok && r.Method != "GET" && r.Method != "DELETE" {
			t.Errorf("%s %s reads a body: add one that would succeed to this test", r.Method, r.Path)
			continue
		}
		got := e.do("department", r.Method, path, body)
		if got.Status != 404 && got.Status != 403 {
			t.Errorf("%s %s as another team's member: %d, want 404 (or 403): %.300s", r.Method, r.Path, got.Status, got.Raw)
		}
		tried++
	}
	if tried < 10 {
		t.Fatalf("only %d ticket routes in the route table", tried)
	}
	after := e.must(200, e.do("admin", "GET", "/api/v1/tickets/"+id+"/events", nil))
	now := e.must(200, e.do("admin", "GET", "/api/v1/tickets/"+id, nil))
	if fmt.Sprint(after) != fmt.Sprint(before) || num(now["version"]) != num(other["version"]) {
		t.Fatalf("the ticket changed through another team's member:\nbefore %v\nafter  %v\nversion %v → %v", before, after, other["version"], now["version"])
	}
}
