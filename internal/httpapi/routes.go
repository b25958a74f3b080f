package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	id "github.com/kefuhq/kefu/internal/identity"
)

// Pseudo-permissions for routes that need no role permission.
const (
	PermPublic   = "public"    // no sign-in (login, health)
	PermSignedIn = "signed-in" // any signed-in user
)

// Route is one entry of the route table: every route names the permission
// it needs, and a test walks this table so that none can ship without one.
type Route struct {
	Method, Path, Perm, OperationID string
}

// handle registers a huma operation with its permission.
func handle[I, O any](s *Server, method, path, perm, opID, summary string, h func(context.Context, *I) (*O, error), status ...int) {
	op := huma.Operation{
		OperationID: opID, Method: method, Path: "/api/v1" + path, Summary: summary,
		Metadata:    map[string]any{"permission": perm},
		Middlewares: huma.Middlewares{s.permissionMiddleware(method+" /api/v1"+path, perm)},
		Description: "Permission: `" + perm + "`",
	}
	if len(status) > 0 {
		op.DefaultStatus = status[0]
	}
	if perm != PermPublic {
		op.Security = []map[string][]string{{"bearer": {}}, {"cookie": {}}}
	}
	huma.Register(s.api, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, problemFrom(ctx, s.Log, err)
		}
		return out, nil
	})
	s.routes = append(s.routes, Route{Method: method, Path: "/api/v1" + path, Perm: perm, OperationID: opID})
}

// raw registers a plain handler (streams, health, metrics) with its permission.
func (s *Server) raw(method, path, perm string, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Method: method, Path: path, Perm: perm, OperationID: "raw:" + path})
	s.mux.HandleFunc(method+" "+path, func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(requestInfoKey).(*requestInfo); ok {
			info.route = method + " " + path
		}
		if err := checkAccess(r.Context(), r.Method, r.Header.Get, perm); err != nil {
			writeProblem(w, problemFrom(r.Context(), s.Log, err))
			return
		}
		h(w, r)
	})
}

func (s *Server) registerRoutes() {
	const G, P, A, D = http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete
	handle(s, P, "/auth/login", PermPublic, "login", "Sign in", s.login)
	handle(s, P, "/auth/logout", PermSignedIn, "logout", "Sign out", s.logout)
	handle(s, G, "/auth/me", PermSignedIn, "me", "Who am I", s.me)

	handle(s, G, "/users", id.UserRead, "list-users", "List users", s.listUsers)
	handle(s, P, "/users", id.UserManage, "create-user", "Create a user", s.createUser, 201)
	handle(s, A, "/users/{id}", id.UserManage, "update-user", "Change a user", s.updateUser)
	handle(s, G, "/roles", id.UserRead, "list-roles", "List roles and their permissions", s.listRoles)
	handle(s, G, "/teams", id.TeamRead, "list-teams", "List teams and departments", s.listTeams)
	handle(s, P, "/teams", id.TeamManage, "create-team", "Create a team", s.createTeam, 201)
	handle(s, A, "/teams/{id}", id.TeamManage, "update-team", "Change a team", s.updateTeam)
	handle(s, G, "/tokens", id.TokenManage, "list-tokens", "List my API tokens", s.listTokens)
	handle(s, P, "/tokens", id.TokenManage, "create-token", "Create an API token", s.createToken, 201)
	handle(s, D, "/tokens/{id}", id.TokenManage, "revoke-token", "Revoke an API token", s.revokeToken, 204)
	handle(s, G, "/audit", id.AuditRead, "list-audit", "Read the audit log", s.listAudit)

	handle(s, G, "/service-types", id.TaxonomyRead, "list-service-types", "List service types", s.listServiceTypes)
	handle(s, P, "/service-types", id.TaxonomyManage, "create-service-type", "Create a service type", s.createServiceType, 201)
	handle(s, A, "/service-types/{code}", id.TaxonomyManage, "update-service-type", "Change a service type", s.updateServiceType)
	handle(s, G, "/reasons", id.TaxonomyRead, "list-reasons", "List the contact-reason tree", s.listReasons)
	handle(s, P, "/reasons", id.TaxonomyManage, "create-reason", "Create a contact reason", s.createReason, 201)
	handle(s, A, "/reasons/{id}", id.TaxonomyManage, "update-reason", "Change a contact reason", s.updateReason)

	handle(s, G, "/customers", id.CustomerRead, "list-customers", "Search customers", s.listCustomers)
	handle(s, P, "/customers", id.CustomerCreate, "create-customer", "Create a customer", s.createCustomer, 201)
	handle(s, G, "/customers/{id}", id.CustomerRead, "get-customer", "Get a customer (masked)", s.getCustomer)
	handle(s, A, "/customers/{id}", id.CustomerUpdate, "update-customer", "Change a customer", s.updateCustomer)
	handle(s, P, "/customers/{id}/reveal", id.CustomerReveal, "reveal-customer", "Reveal personal data (audited)", s.revealCustomer)
	handle(s, P, "/customers/{id}/merge", id.CustomerMerge, "merge-customer", "Merge a duplicate into this customer", s.mergeCustomer)
	handle(s, G, "/customers/{id}/history", id.CustomerRead, "customer-history", "Customer 360: contacts and tickets", s.customerHistory)

	handle(s, G, "/contacts", id.ContactRead, "list-contacts", "List contacts", s.listContacts)
	handle(s, P, "/contacts", id.ContactCreate, "create-contact", "Log a contact", s.createContact, 201)
	handle(s, G, "/contacts/{id}", id.ContactRead, "get-contact", "Get a contact", s.getContact)

	handle(s, G, "/tickets", id.TicketRead, "list-tickets", "List tickets", s.listTickets)
	handle(s, P, "/tickets", id.TicketCreate, "create-ticket", "Create a ticket", s.createTicket, 201)
	handle(s, G, "/tickets/{id}", id.TicketRead, "get-ticket", "Get a ticket", s.getTicket)
	handle(s, A, "/tickets/{id}", id.TicketUpdate, "update-ticket", "Change a ticket (optimistic locking)", s.updateTicket)
	handle(s, G, "/tickets/{id}/events", id.TicketRead, "list-ticket-events", "A ticket's timeline", s.listTicketEvents)
	handle(s, P, "/tickets/{id}/events", id.TicketNote, "add-ticket-event", "Reply or add an internal note (reply also needs ticket:reply)", s.addTicketEvent, 201)
	handle(s, P, "/tickets/{id}/watchers", id.TicketUpdate, "add-watcher", "Watch a ticket", s.addWatcher)
	handle(s, D, "/tickets/{id}/watchers/{user_id}", id.TicketUpdate, "remove-watcher", "Stop watching a ticket", s.removeWatcher)
	handle(s, P, "/tickets/{id}/contacts", id.TicketUpdate, "link-contact", "Link a contact to a ticket", s.linkContact)

	handle(s, G, "/tickets/{id}/sla", id.TicketRead, "ticket-sla", "A ticket's SLA clocks and the promise the policy suggests", s.ticketSLA)
	handle(s, P, "/tickets/{id}/promise", id.TicketUpdate, "promise-reply", "Record the reply time promised to the customer", s.promise)
	handle(s, P, "/tickets/{id}/escalations", id.TicketEscalate, "escalate-ticket", "Escalate to a second-line team or department (OLA)", s.escalate, 201)
	handle(s, G, "/tickets/{id}/escalations", id.TicketRead, "escalation-chain", "Every hop of a ticket's escalations", s.escalationChain)
	handle(s, G, "/escalations", id.TicketRead, "escalation-queue", "A team's open escalation work orders", s.escalationQueue)
	handle(s, P, "/escalations/{id}/complete", id.EscalationDone, "complete-escalation", "Finish an escalation work order", s.completeEscalation)

	handle(s, G, "/calendars", id.TaxonomyRead, "list-calendars", "List work calendars", s.listCalendars)
	handle(s, P, "/calendars", id.SLAManage, "create-calendar", "Create a work calendar", s.createCalendar, 201)
	handle(s, A, "/calendars/{id}", id.SLAManage, "update-calendar", "Change a work calendar", s.updateCalendar)
	handle(s, G, "/calendars/{id}/year", id.TaxonomyRead, "calendar-year", "Every date of a year with its kind", s.calendarYear)
	handle(s, http.MethodPut, "/calendars/{id}/exceptions/{date}", id.SLAManage, "set-calendar-exception", "Set a holiday or make-up workday", s.setException)
	handle(s, D, "/calendars/{id}/exceptions/{date}", id.SLAManage, "delete-calendar-exception", "Remove a dated exception", s.deleteException)
	handle(s, P, "/holidays/{set}/import", id.SLAManage, "import-holidays", "Import holiday years (holiday-cn JSON or iCalendar)", s.importHolidays)
	handle(s, G, "/sla-policies", id.TaxonomyRead, "list-sla-policies", "List SLA policies in match order", s.listPolicies)
	handle(s, P, "/sla-policies", id.SLAManage, "create-sla-policy", "Create an SLA policy", s.createPolicy, 201)
	handle(s, http.MethodPut, "/sla-policies/{id}", id.SLAManage, "replace-sla-policy", "Replace an SLA policy (with version)", s.replacePolicy)

	handle(s, G, "/reports/sla", id.ReportRead, "report-sla", "SLA attainment by team, service type or month", s.reportSLA)
	handle(s, G, "/reports/breaches", id.ReportRead, "report-breaches", "Tickets that missed a target", s.reportBreaches)
	handle(s, G, "/reports/escalations", id.ReportRead, "report-escalations", "Time spent per department on escalated tickets", s.reportEscalations)

	handle(s, P, "/suggest", id.ContactCreate, "suggest", "Suggest a service type and contact reason for a text", s.suggestFor)
	handle(s, P, "/suggest/feedback", id.ContactCreate, "suggest-feedback", "Record what was suggested for a saved contact or ticket and what was chosen", s.suggestFeedback, 204)
	handle(s, P, "/suggest/retrain", id.TaxonomyManage, "suggest-retrain", "Retrain the suggestion models (in the background, or wait=true)", s.retrainSuggest, 202)
	handle(s, G, "/suggest/report", id.ReportRead, "suggest-report", "Suggestion models, confirmed share and per-reason accuracy", s.suggestReport)

	handle(s, G, "/tickets/{id}/emotion", id.TicketRead, "ticket-emotion", "A ticket's customer emotion: suggestion, confirmed value, care advice and leads to hand to", s.getTicketEmotion)
	handle(s, P, "/emotion/score", id.ContactCreate, "score-emotion", "Read the emotion (calm/anxious/upset/angry) and abuse of a customer's text", s.scoreEmotion)
	handle(s, G, "/reports/emotion", id.ReportRead, "report-emotion", "Angry and abusive contacts handled per agent per day (agent care)", s.reportEmotion)

	handle(s, P, "/cti/events", id.CTIEvent, "cti-event", "Telephony call event: pops the caller's card on the agent's console", s.ctiEvent, 202)

	s.raw(G, "/api/v1/stream", id.StreamRead, s.stream)
	s.raw(G, "/healthz", PermPublic, s.healthz)
	s.raw(G, "/readyz", PermPublic, s.readyz)
	s.raw(G, "/metrics", PermPublic, s.metrics)
	s.raw(G, "/", PermPublic, s.ui)
}
