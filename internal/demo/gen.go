package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kefuhq/kefu/internal/db"
)

// The generator is pure: it turns a seed, the reference ids and the first
// free ids into batches of rows. It runs on its own goroutine while the
// writer stores the previous batch.

const (
	tCustomers = iota
	tIdentities
	tContacts
	tTickets
	tEvents
	tContactTickets
	nTables
)

type tableSpec struct {
	name string
	cols []string
}

var tables = [nTables]tableSpec{
	{"customers", []string{"id", "name", "tier", "value_fen", "tags", "attributes", "created_at", "updated_at"}},
	{"customer_identities", []string{"id", "customer_id", "kind", "system", "value"}},
	{"contacts", []string{"id", "customer_id", "channel", "direction", "started_at", "ended_at", "agent_id", "service_type", "reason_id", "summary", "transcript", "caller_number", "created_at"}},
	{"tickets", []string{"id", "subject", "description", "customer_id", "service_type", "reason_id", "priority", "priority_rank", "status", "team_id", "owner_id", "created_by", "created_at", "updated_at", "resolved_at", "closed_at"}},
	{"ticket_events", []string{"id", "ticket_id", "kind", "actor_id", "body", "data", "created_at"}},
	{"contact_tickets", []string{"contact_id", "ticket_id"}},
}

// batch is the rows of one write transaction, column values flattened.
type batch struct {
	rows         [nTables][]any
	stage        string
	items, total int // items of the stage in this batch, and in all
}

func (b *batch) count(t int) int { return len(b.rows[t]) / len(tables[t].cols) }

const (
	second = int64(1000)
	minute = 60 * second
	hour   = 60 * minute
	day    = 24 * hour
	window = 90 * day
	cst    = 8 * hour // China Standard Time offset
)

// leafRef is a leaf reason ready for rendering.
type leafRef struct {
	id       int64
	spec     *leafSpec
	group    *groupSpec
	subjects []tmpl
	says     []tmpl
	reply    tmpl
	resolve  tmpl
	svcCum   []float64
	deptTeam int64
	deptUser int64
}

// refIDs are the ids of the reference data.
type refIDs struct {
	teams      map[string]int64
	members    map[int64][]int64 // service team → agents
	supervisor int64
	deptUser   map[string]int64
	leaves     []*leafRef
	leafCum    []float64
}

type firstIDs struct{ customer, identity, contact, ticket, event int64 }

type gen struct {
	r      *rand.Rand
	o      Options
	ref    *refIDs
	now    int64
	start  int64
	next   firstIDs
	custID []int64 // ids of the customers this run creates, in order
	phones []string
	perm   []int32
	zipf   *rand.Zipf

	contactsLeft             int
	front, expert, complaint int64

	hourCum    []float64
	agentsAll  []int64
	escalate   map[string]string // dept → note
	eventsMade int
	vip        []bool
	times      []int64 // sorted creation times for the current stage
}

// sortedTimes prepares n creation times in order, so that ids follow time
// (as in a live system) and the time-ordered indexes are appended to
// rather than written all over.
func (g *gen) sortedTimes(n int) {
	g.times = make([]int64, n)
	for i := range g.times {
		g.times[i] = g.randTime()
	}
	slices.Sort(g.times)
}

func newGen(o Options, ref *refIDs, first firstIDs) *gen {
	seed := uint64(o.Seed)
	g := &gen{
		r:    rand.New(rand.NewPCG(seed, seed*0x9E3779B97F4A7C15+0x6A09E667)),
		o:    o,
		ref:  ref,
		now:  o.Now.UnixMilli(),
		next: first,
	}
	g.start = g.now - window
	g.front, g.expert, g.complaint = ref.teams[teamFront], ref.teams[teamExpert], ref.teams[teamComplaint]
	g.agentsAll = append(append(append([]int64{}, ref.members[g.front]...), ref.members[g.expert]...), ref.members[g.complaint]...)
	// Calls by hour of day (China time): quiet at night, peaks at 10 and 15.
	w := []float64{0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 7.5, 5, 6, 7.5, 8, 7, 6, 4.5, 4, 3.5, 3, 1.5, 0.7}
	g.hourCum = cumulative(w)
	g.escalate = map[string]string{}
	for _, t := range teamSpecs {
		if t.kind == "department" {
			g.escalate[t.name] = strings.ReplaceAll(escalateNote, "{dept}", t.name)
		}
	}
	if o.Contacts > 0 {
		g.contactsLeft = o.Contacts
	}
	n := o.Customers
	if n > 0 {
		g.custID = make([]int64, n)
		g.phones = make([]string, n)
		g.vip = make([]bool, n)
		g.perm = make([]int32, n)
		for i := range g.perm {
			g.perm[i] = int32(i)
		}
		g.r.Shuffle(n, func(i, j int) { g.perm[i], g.perm[j] = g.perm[j], g.perm[i] })
		if n > 1 {
			g.zipf = rand.NewZipf(g.r, 1.3, 2, uint64(n-1))
		}
	}
	return g
}

func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		out[i] = s
	}
	for i := range out {
		out[i] /= s
	}
	return out
}

func (g *gen) pick(cum []float64) int {
	u := g.r.Float64()
	i := sort.SearchFloat64s(cum, u)
	if i >= len(cum) {
		i = len(cum) - 1
	}
	return i
}

func (g *gen) one(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) between(lo, hi int64) int64 { return lo + g.r.Int64N(hi-lo+1) }

// randTime is a time in the window, weighted to working hours and weekdays.
func (g *gen) randTime() int64 {
	mid0 := (g.start+cst)/day*day - cst // China midnight on or before the window start
	for {
		d := g.r.Int64N(91)
		if g.r.Int64N(91) > d+30 { // volume grows over the window
			continue
		}
		t := mid0 + d*day + int64(g.pick(g.hourCum))*hour + g.r.Int64N(hour)
		if t < g.start || t > g.now-5*minute {
			continue
		}
		if wd := ((t+cst)/day + 4) % 7; (wd == 0 || wd == 6) && g.chance(0.25) { // 1970-01-01 was a Thursday
			continue
		}
		return t
	}
}

// ---- customers ----

func (g *gen) phone(id int64) string {
	suffix := (id*48271 + 13579) % 100000000 // bijective: unique per id
	p := phonePrefixes[int(id*7919%int64(len(phonePrefixes)))]
	b := make([]byte, 0, 11)
	b = append(b, p...)
	s := strconv.FormatInt(suffix, 10)
	for i := len(s); i < 8; i++ {
		b = append(b, '0')
	}
	b = append(b, s...)
	return string(b)
}

func (g *gen) customer(b *batch, i int) {
	id := g.next.customer
	g.next.customer++
	g.custID[i] = id
	// Common surnames are more common.
	si := int(float64(len(surnames)) * math.Pow(g.r.Float64(), 1.8))
	name := surnames[si]
	py := surnamePinyin[si]
	for k := 0; k < 1+btoi(g.chance(0.7)); k++ {
		c := g.r.IntN(len(givenChars))
		name += givenChars[c]
		py += givenPinyin[c]
	}
	tier, value := "normal", g.between(0, 300000)
	switch u := g.r.Float64(); {
	case u < 0.04:
		tier, value = "vip", g.between(5000000, 50000000)
		g.vip[i] = true
	case u < 0.13:
		tier, value = "gold", g.between(1000000, 5000000)
	case u < 0.30:
		tier, value = "silver", g.between(300000, 1000000)
	}
	var tags strings.Builder
	tags.WriteByte('[')
	nt := 0
	add := func(s string) {
		if nt > 0 {
			tags.WriteByte(',')
		}
		tags.WriteByte('"')
		tags.WriteString(s)
		tags.WriteByte('"')
		nt++
	}
	if tier == "vip" {
		add("VIP")
	}
	if tier == "vip" || tier == "gold" {
		add("高价值")
	}
	for k := g.r.IntN(3); k > 0; k-- {
		t := customerTags[g.r.IntN(len(customerTags))]
		if t != "高价值" && !strings.Contains(tags.String(), `"`+t+`"`) {
			add(t)
		}
	}
	tags.WriteByte(']')
	city := g.one(cities)
	gender := "男"
	if g.chance(0.52) {
		gender = "女"
	}
	attrs := `{"city":"` + city + `","member_since":"` + strconv.Itoa(2016+g.r.IntN(10)) + `","gender":"` + gender + `","source":"` + g.one([]string{"App", "小程序", "官网", "门店", "热线"}) + `"}`
	created := g.start - g.between(day, 2*day)
	b.rows[tCustomers] = append(b.rows[tCustomers], id, name, tier, value, tags.String(), attrs, created, created)

	ph := g.phone(id)
	g.phones[i] = ph
	g.identity(b, id, "phone", "", ph)
	if g.chance(0.35) {
		g.identity(b, id, "email", "", py+strconv.Itoa(g.r.IntN(1000))+"@"+g.one(mailDomains))
	}
	if g.chance(0.45) {
		g.identity(b, id, "external", "member", "M"+strconv.FormatInt(10000000+g.r.Int64N(90000000), 10))
	}
	if g.chance(0.15) {
		g.identity(b, id, "external", "order", "U"+strconv.FormatInt(id*131+g.r.Int64N(100), 10))
	}
}

func (g *gen) identity(b *batch, cust int64, kind, system, value string) {
	id := g.next.identity
	g.next.identity++
	b.rows[tIdentities] = append(b.rows[tIdentities], id, cust, kind, system, value)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pickCustomer returns an index into this run's customers, or -1. A third of
// the choices go to a Zipf-skewed set of frequent callers.
func (g *gen) pickCustomer() int {
	n := len(g.custID)
	if n == 0 {
		return -1
	}
	if g.zipf != nil && g.chance(0.35) {
		return int(g.perm[g.zipf.Uint64()])
	}
	return g.r.IntN(n)
}

func (g *gen) custRef(i int) any {
	if i < 0 {
		return nil
	}
	return g.custID[i]
}

// ---- text ----

func (g *gen) fillVars(v *vars, t int64) {
	ymd := dateDigits(t - g.between(1, 10)*day)
	v[vOrder] = ymd + strconv.FormatInt(10000000+g.r.Int64N(90000000), 10)
	v[vCourse] = g.one(courses)
	v[vAmount] = strconv.FormatInt(g.between(2, 600)*10-int64(g.r.IntN(2)), 10)
	v[vDate] = monthDay(t - g.between(2, 20)*day)
	v[vDays] = strconv.Itoa(3 + g.r.IntN(8))
	e := expresses[g.r.IntN(len(expresses))]
	v[vExpress] = e.name
	v[vTracking] = e.prefix + strconv.FormatInt(100000000000+g.r.Int64N(900000000000), 10)
	v[vProduct] = g.one(products)
	v[vPlace] = g.one(places)
	v[vTeacher] = g.one(teachers)
	v[vCity] = g.one(cities)
	v[vGarment] = g.one(garments)
	v[vDevice] = g.one(devices)
}

func civil(t int64) (y, m, d int) {
	days := (t + cst) / day
	// Howard Hinnant's days-to-civil.
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(dd)
}

func dateDigits(t int64) string {
	y, m, d := civil(t)
	return strconv.Itoa(y*10000 + m*100 + d)
}

func monthDay(t int64) string {
	_, m, d := civil(t)
	return strconv.Itoa(m) + "月" + strconv.Itoa(d) + "日"
}

func (g *gen) pickLeaf() *leafRef { return g.ref.leaves[g.pick(g.ref.leafCum)] }

func (g *gen) pickService(l *leafRef) string { return l.spec.svc[g.pick(l.svcCum)] }

var channels = []string{"phone", "chat", "email", "web", "visit", "other"}
var channelCum = cumulative([]float64{55, 28, 6, 6, 3, 2})

// transcript builds the JSON turns of a phone or chat contact. Every text is
// JSON-safe (checked in init), so no escaping is needed.
func (g *gen) transcript(channel string, l *leafRef, v *vars) string {
	b := make([]byte, 0, 1024)
	off := int64(0)
	turn := func(speaker, text string) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, `{"speaker":"`...)
		b = append(b, speaker...)
		b = append(b, `","offset_ms":`...)
		b = strconv.AppendInt(b, off, 10)
		b = append(b, `,"text":"`...)
		b = append(b, text...)
		b = append(b, `"}`...)
		off += int64(len(text))*60 + g.between(800, 4000) // ~180 ms per character
	}
	b = append(b, '[')
	if channel == "chat" {
		turn("agent", g.one(chatGreeting))
	} else {
		turn("agent", g.one(agentGreeting))
	}
	turn("customer", l.says[g.r.IntN(len(l.says))].render(v))
	if l.group.zh == "账户与安全" || l.group.zh == "支付与账单" || g.chance(0.3) {
		turn("agent", verifyAsk)
		turn("customer", g.one(verifyAnswer))
	}
	turn("agent", l.reply.render(v))
	turn("customer", g.one(customerPush))
	turn("agent", g.one(agentClose))
	turn("customer", g.one(customerBye))
	turn("agent", g.one(agentBye))
	b = append(b, ']')
	return string(b)
}

func (g *gen) pickAgent() int64 {
	switch u := g.r.Float64(); {
	case u < 0.8 || len(g.agentsAll) == 0:
		return g.teamMember(g.front)
	default:
		return g.agentsAll[g.r.IntN(len(g.agentsAll))]
	}
}

// contact appends one contact; it returns its id, or 0 when the contact
// budget is used up.
func (g *gen) contact(b *batch, cust int, l *leafRef, svc string, v *vars, start int64, channel string, agent int64, summary string) int64 {
	id := g.reserveContact()
	if id != 0 {
		g.contactRow(b, id, cust, l, svc, v, start, channel, agent, summary)
	}
	return id
}

// reserveContact takes the next contact id, or 0 when the budget is used up.
func (g *gen) reserveContact() int64 {
	if g.contactsLeft <= 0 {
		return 0
	}
	g.contactsLeft--
	id := g.next.contact
	g.next.contact++
	return id
}

func (g *gen) contactRow(b *batch, id int64, cust int, l *leafRef, svc string, v *vars, start int64, channel string, agent int64, summary string) {
	if channel == "" {
		channel = channels[g.pick(channelCum)]
	}
	direction := "inbound"
	if channel == "phone" && g.chance(0.12) {
		direction = "outbound"
	}
	if channel == "web" {
		agent = 0
	} else if agent == 0 {
		agent = g.pickAgent()
	}
	var dur int64
	switch channel {
	case "phone":
		dur = g.between(90*second, 15*minute)
	case "chat":
		dur = g.between(3*minute, 35*minute)
	case "visit":
		dur = g.between(10*minute, 40*minute)
	default:
		dur = g.between(second, 2*minute)
	}
	end := start + dur
	if end > g.now {
		end = g.now
	}
	transcript := "[]"
	if (channel == "phone" || channel == "chat") && g.chance(0.5) {
		transcript = g.transcript(channel, l, v)
	}
	caller := ""
	if channel == "phone" {
		if cust >= 0 && g.chance(0.9) {
			caller = g.phones[cust]
		} else {
			caller = g.phone(g.r.Int64N(99999999))
		}
	}
	if summary == "" {
		prefix := contactSummary[channel]
		if direction == "outbound" {
			prefix = "回访:"
		}
		summary = prefix + l.subjects[g.r.IntN(len(l.subjects))].render(v) + "。" + l.reply.render(v)
	}
	b.rows[tContacts] = append(b.rows[tContacts], id, g.custRef(cust), channel, direction, start, end, db.NullID(agent),
		svc, l.id, summary, transcript, caller, end)
}

// standaloneContact is a contact that did not need a ticket.
func (g *gen) standaloneContact(b *batch, i int) {
	l := g.pickLeaf()
	svc := g.pickService(l)
	if g.chance(0.3) { // many calls are plain questions
		svc = stConsult
	}
	cust := g.pickCustomer()
	if cust >= 0 && g.chance(0.05) {
		cust = -1 // caller not identified
	}
	t := g.times[i]
	var v vars
	g.fillVars(&v, t)
	g.contact(b, cust, l, svc, &v, t, "", 0, "")
}

// ---- tickets ----

type pendingContact struct {
	event int // index of its contact_linked event
	id    int64
}

type ev struct {
	kind  string
	actor int64
	body  string
	data  string
	at    int64 // offset from creation
}

var priorities = []string{"low", "normal", "high", "urgent"}

func statusData(from, to string) string {
	return `{"from":"` + from + `","to":"` + to + `"}`
}

func idJSON(b []byte, id int64) []byte {
	if id == 0 {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, id, 10)
}

func assignData(fromTeam, toTeam, fromOwner, toOwner int64) string {
	b := make([]byte, 0, 96)
	b = append(b, `{"from_team_id":`...)
	b = idJSON(b, fromTeam)
	b = append(b, `,"to_team_id":`...)
	b = idJSON(b, toTeam)
	b = append(b, `,"from_owner_id":`...)
	b = idJSON(b, fromOwner)
	b = append(b, `,"to_owner_id":`...)
	b = idJSON(b, toOwner)
	b = append(b, '}')
	return string(b)
}

// finalStatus picks where a ticket stands now from how old it is.
func (g *gen) finalStatus(age int64) string {
	var w [6]float64 // new open pending_customer pending_internal resolved closed
	switch {
	case age < day:
		w = [6]float64{35, 30, 10, 10, 15, 0}
	case age < 3*day:
		w = [6]float64{15, 25, 14, 14, 26, 6}
	case age < 7*day:
		w = [6]float64{2, 14, 10, 10, 30, 34}
	default:
		w = [6]float64{0.4, 2.5, 1.5, 1.6, 6, 88}
	}
	u := g.r.Float64() * (w[0] + w[1] + w[2] + w[3] + w[4] + w[5])
	names := [6]string{"new", "open", "pending_customer", "pending_internal", "resolved", "closed"}
	for i, x := range w {
		if u < x {
			return names[i]
		}
		u -= x
	}
	return "closed"
}

func (g *gen) teamMember(team int64) int64 {
	m := g.ref.members[team]
	if len(m) == 0 { // a demo user was repurposed; fall back to the supervisor
		return g.ref.supervisor
	}
	return m[g.r.IntN(len(m))]
}

func (g *gen) ticket(b *batch, i int) {
	id := g.next.ticket
	g.next.ticket++
	l := g.pickLeaf()
	svc := g.pickService(l)
	cust := g.pickCustomer()
	t0 := g.times[i]
	var v vars
	g.fillVars(&v, t0)

	subject := l.subjects[g.r.IntN(len(l.subjects))].render(&v)
	if svc == stComplaint && l.spec.svc[0] != stComplaint {
		subject = "【投诉】" + subject
	}
	desc := "客户反映:" + l.says[g.r.IntN(len(l.says))].render(&v) + g.one(svcDemand[svc])
	vip := cust >= 0 && g.vip[cust]
	if vip {
		desc += "(VIP客户)"
	}

	// Priority: complaints, restricted accounts and VIPs run higher.
	pr := [4]float64{10, 62, 21, 7}
	if svc == stComplaint || l.spec.escP >= 0.7 {
		pr = [4]float64{2, 40, 40, 18}
	}
	if svc == stConsult || svc == stSuggestion {
		pr = [4]float64{30, 60, 9, 1}
	}
	u := g.r.Float64() * (pr[0] + pr[1] + pr[2] + pr[3])
	prio := 0
	for prio < 3 && u >= pr[prio] {
		u -= pr[prio]
		prio++
	}
	if vip && prio < 2 {
		prio++
	}

	status := g.finalStatus(g.now - t0)
	// About one ticket in 80 drags on: repeated chasing calls, notes and answers.
	long := i%80 == 7
	if long && status != "open" && status != "resolved" {
		status = "closed"
		if g.now-t0 < 7*day {
			status = "open"
		}
	}

	// Routing.
	team := g.front
	if svc == stComplaint && g.chance(0.7) {
		team = g.complaint
	}
	channel := channels[g.pick(channelCum)]
	createdBy := int64(0)
	if channel != "web" {
		if team == g.complaint && g.chance(0.5) {
			createdBy = g.teamMember(g.complaint)
		} else {
			createdBy = g.teamMember(g.front)
		}
	}

	evs := make([]ev, 0, 12)
	at := int64(0)
	add := func(kind string, actor int64, body, data string) {
		evs = append(evs, ev{kind, actor, body, data, at})
	}
	step := func(lo, hi int64) { at += g.between(lo, hi) }

	var owner int64
	if createdBy != 0 && g.chance(0.6) && memberOf(g.ref.members[team], createdBy) {
		owner = createdBy // the agent who took the call keeps it
	}
	add("created", createdBy, desc, "{}")
	firstContact := g.contact(b, cust, l, svc, &v, t0-g.between(3*minute, 20*minute), channel, createdBy,
		"")
	var linked []int64
	if firstContact != 0 {
		linked = append(linked, firstContact)
	}
	var followups []pendingContact // chasing calls, stored once the timeline has its final times
	followup := func() {
		if c := g.reserveContact(); c != 0 {
			followups = append(followups, pendingContact{len(evs), c})
			add("contact_linked", owner, "", `{"contact_id":`+strconv.FormatInt(c, 10)+`}`)
			linked = append(linked, c)
		}
	}

	st := "new"
	setStatus := func(actor int64, to string) {
		add("status", actor, "", statusData(st, to))
		st = to
	}
	assign := func(actor, toTeam, toOwner int64) {
		add("assignment", actor, "", assignData(team, toTeam, owner, toOwner))
		team, owner = toTeam, toOwner
	}

	finish := func() {
		g.emitTicket(b, id, subject, desc, cust, svc, l, prio, st, team, owner, createdBy, t0, evs, linked, followups, &v)
	}

	if status == "new" {
		if g.chance(0.7) {
			owner = 0 // waiting in the team queue
		} else if owner == 0 {
			step(2*minute, 3*hour)
			assign(g.ref.supervisor, team, g.teamMember(team))
		}
		finish()
		return
	}
	if owner == 0 {
		step(2*minute, 2*hour)
		assign(g.ref.supervisor, team, g.teamMember(team))
	}
	step(5*minute, 4*hour)
	setStatus(owner, "open")
	if g.chance(0.45) {
		add("note", owner, internalNotes[g.r.IntN(len(internalNotes)-1)], "{}") // the last one is for approvals
	}
	step(minute, 30*minute)
	add("reply", owner, l.reply.render(&v), "{}")

	if prio >= 2 && g.chance(0.25) {
		from := priorities[prio-1]
		add("note", owner, priorityNote, "{}")
		add("field", owner, "", `{"field":"priority","from":"`+from+`","to":"`+priorities[prio]+`"}`)
	}

	if team == g.front && g.chance(0.12) {
		step(10*minute, 6*hour)
		add("note", owner, expertNote, "{}")
		assign(owner, g.expert, g.teamMember(g.expert))
		step(10*minute, 3*hour)
		add("reply", owner, "您好,您的问题已转交高级专员处理,我们会尽快给您答复。", "{}")
	}

	if status == "pending_customer" || (status != "open" && g.chance(0.25)) {
		step(10*minute, 4*hour)
		add("reply", owner, "您好,"+l.group.ask, "{}")
		setStatus(owner, "pending_customer")
		if status == "pending_customer" {
			finish()
			return
		}
		step(hour, 2*day)
		add("note", owner, followupNotes[1], "{}")
		setStatus(owner, "open")
	}

	if status == "pending_internal" || (l.spec.dept != "" && g.chance(l.spec.escP)) {
		step(10*minute, 6*hour)
		if l.spec.dept == "" {
			add("note", owner, internalNotes[7], "{}")
			setStatus(owner, "pending_internal")
			if status == "pending_internal" {
				finish()
				return
			}
			step(hour, day)
			add("note", g.ref.supervisor, "已审批同意,按方案执行。", "{}")
			setStatus(owner, "open")
		} else {
			backTeam, backOwner := team, owner
			add("note", owner, g.escalate[l.spec.dept], "{}")
			assign(owner, l.deptTeam, l.deptUser)
			setStatus(backOwner, "pending_internal")
			if status == "pending_internal" {
				finish()
				return
			}
			step(2*hour, 2*day)
			add("note", l.deptUser, g.one(deptNotes[l.spec.dept]), "{}")
			assign(l.deptUser, backTeam, backOwner)
			setStatus(backOwner, "open")
		}
	}

	if long {
		for k := 8 + g.r.IntN(6); k > 0; k-- {
			step(2*hour, day)
			followup()
			add("note", owner, g.one(followupNotes), "{}")
			step(10*minute, 3*hour)
			add("reply", owner, g.one(followupReplies), "{}")
		}
	} else if g.chance(0.08) {
		step(2*hour, day)
		followup()
		add("reply", owner, g.one(followupReplies), "{}")
	}

	if status == "open" {
		finish()
		return
	}
	step(30*minute, day)
	add("reply", owner, l.resolve.render(&v), "{}")
	setStatus(owner, "resolved")
	if status == "closed" {
		step(3*day, 7*day)
		setStatus(0, "closed") // closed automatically after the satisfaction window
	}
	finish()
}

func memberOf(m []int64, id int64) bool {
	for _, x := range m {
		if x == id {
			return true
		}
	}
	return false
}

// emitTicket fits the timeline before now and appends the ticket, its
// events and its contact links.
func (g *gen) emitTicket(b *batch, id int64, subject, desc string, cust int, svc string, l *leafRef, prio int,
	status string, team, owner, createdBy, t0 int64, evs []ev, linked []int64, followups []pendingContact, v *vars) {
	last := evs[len(evs)-1].at
	avail := g.now - t0 - minute
	if last > avail && last > 0 {
		f := float64(avail) / float64(last)
		for i := range evs {
			evs[i].at = int64(float64(evs[i].at) * f)
		}
	}
	var resolved, closed int64
	for i := range evs {
		e := &evs[i]
		at := t0 + e.at + int64(i) // strictly increasing
		e.at = at
		if e.kind == "status" {
			if strings.HasSuffix(e.data, `"to":"resolved"}`) {
				resolved = at
			} else if strings.HasSuffix(e.data, `"to":"closed"}`) {
				closed = at
			}
		}
	}
	for _, f := range followups {
		at := evs[f.event].at
		g.contactRow(b, f.id, cust, l, svc, v, at-g.between(2*minute, 10*minute), "phone", 0, followupSummary)
	}
	updated := evs[len(evs)-1].at
	b.rows[tTickets] = append(b.rows[tTickets], id, subject, desc, g.custRef(cust), svc, l.id, priorities[prio], prio,
		status, db.NullID(team), db.NullID(owner), db.NullID(createdBy), t0, updated, resolved, closed)
	for _, e := range evs {
		eid := g.next.event
		g.next.event++
		b.rows[tEvents] = append(b.rows[tEvents], eid, id, e.kind, db.NullID(e.actor), e.body, e.data, e.at)
	}
	g.eventsMade += len(evs)
	for _, c := range linked {
		b.rows[tContactTickets] = append(b.rows[tContactTickets], c, id)
	}
}
