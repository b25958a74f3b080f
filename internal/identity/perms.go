package identity

import "sort"

// Permissions are resource:action strings. Every API route names one.
const (
	TicketRead     = "ticket:read"     // tickets of one's team, owned or watched
	TicketReadAll  = "ticket:read_all" // every ticket (first line needs the whole history)
	TicketCreate   = "ticket:create"
	TicketUpdate   = "ticket:update"
	TicketReply    = "ticket:reply"  // public reply to the customer
	TicketNote     = "ticket:note"   // internal note
	TicketAssign   = "ticket:assign" // change team or owner
	CustomerRead   = "customer:read"
	CustomerCreate = "customer:create"
	CustomerUpdate = "customer:update"
	CustomerMerge  = "customer:merge"
	CustomerReveal = "customer:reveal" // see unmasked personal data (audited)
	ContactRead    = "contact:read"
	ContactCreate  = "contact:create"
	UserRead       = "user:read"
	UserManage     = "user:manage"
	TeamRead       = "team:read"
	TeamManage     = "team:manage"
	TaxonomyRead   = "taxonomy:read"
	TaxonomyManage = "taxonomy:manage"
	TokenManage    = "token:manage" // one's own API tokens
	AuditRead      = "audit:read"
	CTIEvent       = "cti:event" // telephony integration posts call events
	StreamRead     = "stream:read"
	TicketEscalate = "ticket:escalate"     // hand work to another department with an OLA
	EscalationDone = "escalation:complete" // a department finishes its work order
	SLAManage      = "sla:manage"          // calendars, holidays, SLA policies
	ReportRead     = "report:read"
	BotChat        = "bot:chat"  // talk to the self-service bot for a customer (channel integrations, test chat)
	BotRead        = "bot:read"  // read every bot conversation (transcripts)
	KBRead         = "kb:read"   // read published articles and approved scripts, give feedback, use assist
	KBManage       = "kb:manage" // write, publish and archive articles; write and approve scripts
)

// AllPermissions lists every permission, for the admin role and for tests.
var AllPermissions = []string{
	TicketRead, TicketReadAll, TicketCreate, TicketUpdate, TicketReply, TicketNote, TicketAssign,
	CustomerRead, CustomerCreate, CustomerUpdate, CustomerMerge, CustomerReveal,
	ContactRead, ContactCreate, UserRead, UserManage, TeamRead, TeamManage,
	TaxonomyRead, TaxonomyManage, TokenManage, AuditRead, CTIEvent, StreamRead,
	TicketEscalate, EscalationDone, SLAManage, ReportRead, KBRead, KBManage, BotChat, BotRead,
}

// Role is a named set of permissions.
type Role struct {
	Name        string   `json:"name"`
	LabelZH     string   `json:"label_zh"`
	LabelEN     string   `json:"label_en"`
	Permissions []string `json:"permissions"`
}

// Everyone reads the knowledge base: department members too, since as the
// second line they answer the first line's hand-offs and must use the same
// internal wording (口径) and procedures; articles hold no personal data.
var readBasics = []string{UserRead, TeamRead, TaxonomyRead, TokenManage, StreamRead, KBRead}

// Roles are the built-in roles. A department member (风控, 物流 …) sees only
// the work handed to its team, never the whole ticket base.
var Roles = map[string]Role{
	"admin":      {"admin", "管理员", "Administrator", AllPermissions},
	"supervisor": {"supervisor", "主管", "Supervisor", with(readBasics, TicketRead, TicketReadAll, TicketCreate, TicketUpdate, TicketReply, TicketNote, TicketAssign, CustomerRead, CustomerCreate, CustomerUpdate, CustomerMerge, CustomerReveal, ContactRead, ContactCreate, TaxonomyManage, AuditRead, TicketEscalate, EscalationDone, SLAManage, ReportRead, KBManage, BotChat, BotRead)},
	"agent":      {"agent", "坐席", "Agent", with(readBasics, TicketRead, TicketReadAll, TicketCreate, TicketUpdate, TicketReply, TicketNote, TicketAssign, CustomerRead, CustomerCreate, CustomerUpdate, ContactRead, ContactCreate, TicketEscalate)},
	// QA reviewers edit the knowledge base and scripts: in most centres the
	// 质检培训 team owns them, and it hears where an article or a script was
	// wrong. Publishing and approval are audited.
	"qa":         {"qa", "质检员", "QA reviewer", with(readBasics, TicketRead, TicketReadAll, TicketNote, CustomerRead, ContactRead, ReportRead, KBManage, BotRead)},
	"department": {"department", "部门成员", "Department member", with(readBasics, TicketRead, TicketUpdate, TicketNote, TicketAssign, CustomerRead, ContactRead, EscalationDone)},
	"readonly":   {"readonly", "只读", "Read-only", with(readBasics, TicketRead, TicketReadAll, CustomerRead, ContactRead, ReportRead)},
	// A channel integration (web chat widget, app, WeChat) talks to the bot
	// for its customers with an API token, and nothing else.
	"integration": {"integration", "渠道集成", "Channel integration", []string{BotChat}},
}

// RoleNames returns the role names in a stable order.
func RoleNames() []string {
	return []string{"admin", "supervisor", "agent", "qa", "department", "readonly", "integration"}
}

// Levels are agent levels, lowest first.
var Levels = []string{"L1", "L2", "L3", "lead", "manager"}

func with(base []string, more ...string) []string {
	out := append(append([]string{}, base...), more...)
	sort.Strings(out)
	return out
}
