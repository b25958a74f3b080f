// Package customer holds customer profiles: identities (phones, emails,
// external ids) used to recognise a caller, tier and value, tags and custom
// attributes; masking of personal data with audited reveal; merging of
// duplicates.
package customer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/audit"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/events"
)

// ExternalID is an id of the customer in another system (order, member …).
type ExternalID struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// Customer is a customer profile.
type Customer struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Phones      []string          `json:"phones"`
	Emails      []string          `json:"emails"`
	ExternalIDs []ExternalID      `json:"external_ids"`
	Tier        string            `json:"tier"`
	ValueFen    int64             `json:"value_fen"`
	Tags        []string          `json:"tags"`
	Attributes  map[string]string `json:"attributes"`
	Note        string            `json:"note"`
	Masked      bool              `json:"masked"`
	MergedInto  *int64            `json:"merged_into"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
	Version     int               `json:"version"`
}

// Masked returns a copy with personal data masked.
func (c Customer) Mask() Customer {
	out := c
	out.Masked = true
	out.Phones = make([]string, len(c.Phones))
	for i, p := range c.Phones {
		out.Phones[i] = MaskPhone(p)
	}
	out.Emails = make([]string, len(c.Emails))
	for i, e := range c.Emails {
		out.Emails[i] = MaskEmail(e)
	}
	out.ExternalIDs = make([]ExternalID, len(c.ExternalIDs))
	for i, x := range c.ExternalIDs {
		out.ExternalIDs[i] = ExternalID{System: x.System, Value: MaskID(x.Value)}
	}
	return out
}

// Tiers are customer value tiers, lowest first.
var Tiers = []string{"normal", "silver", "gold", "vip"}

// Input creates a customer or, with Version, replaces its editable fields.
type Input struct {
	Name        string            `json:"name"`
	Phones      []string          `json:"phones,omitempty"`
	Emails      []string          `json:"emails,omitempty"`
	ExternalIDs []ExternalID      `json:"external_ids,omitempty"`
	Tier        string            `json:"tier,omitempty"`
	ValueFen    int64             `json:"value_fen,omitempty"`
	Tags        []string          `json:"tags,omitempty"`
	Attributes  map[string]string `json:"attributes,omitempty"`
	Note        string            `json:"note,omitempty"`
}

// Validate normalises and checks the input.
func (in *Input) Validate(prefix string) error {
	var f apperr.Fields
	in.Name = f.Text(prefix+"name", in.Name, true, 100)
	if len(in.Phones) > 10 {
		f.Add(prefix+"phones", "field.too_many", 10)
	}
	for i := range in.Phones {
		in.Phones[i] = f.Phone(fmt.Sprintf("%sphones[%d]", prefix, i), in.Phones[i])
	}
	if len(in.Emails) > 10 {
		f.Add(prefix+"emails", "field.too_many", 10)
	}
	for i := range in.Emails {
		in.Emails[i] = f.Email(fmt.Sprintf("%semails[%d]", prefix, i), in.Emails[i], true)
	}
	for i := range in.ExternalIDs {
		in.ExternalIDs[i].System = f.Text(fmt.Sprintf("%sexternal_ids[%d].system", prefix, i), in.ExternalIDs[i].System, true, 40)
		in.ExternalIDs[i].Value = f.Text(fmt.Sprintf("%sexternal_ids[%d].value", prefix, i), in.ExternalIDs[i].Value, true, 100)
	}
	if in.Tier == "" {
		in.Tier = "normal"
	}
	f.OneOf(prefix+"tier", in.Tier, true, Tiers...)
	if in.ValueFen < 0 {
		f.Add(prefix+"value_fen", "field.min", 0)
	}
	if len(in.Tags) > 30 {
		f.Add(prefix+"tags", "field.too_many", 30)
	}
	for i := range in.Tags {
		in.Tags[i] = f.Text(fmt.Sprintf("%stags[%d]", prefix, i), in.Tags[i], true, 30)
	}
	if len(in.Attributes) > 50 {
		f.Add(prefix+"attributes", "field.too_many", 50)
	}
	for k, v := range in.Attributes {
		f.Text(prefix+"attributes."+k, k, true, 40)
		f.Text(prefix+"attributes."+k, v, false, 500)
	}
	in.Note = f.Text(prefix+"note", in.Note, false, 2000)
	return f.Err()
}

// Service manages customers.
type Service struct {
	db     *db.DB
	notify func()
	now    func() time.Time
}

// New returns the customer service; notify is called after each commit that
// published an event.
func New(d *db.DB, notify func()) *Service {
	if notify == nil {
		notify = func() {}
	}
	return &Service{db: d, notify: notify, now: time.Now}
}

// Actor is who makes a change, for audit.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Create adds a customer.
func (s *Service) Create(ctx context.Context, in Input) (Customer, error) {
	if err := in.Validate("body."); err != nil {
		return Customer{}, err
	}
	var c Customer
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = CreateTx(ctx, tx, in, s.now())
		return err
	})
	return c, apperr.Wrap(err, "customer: create")
}

// CreateTx inserts an already validated customer inside tx (used when a
// contact is logged for a new caller) and returns it as stored.
func CreateTx(ctx context.Context, tx db.Querier, in Input, now time.Time) (Customer, error) {
	id, err := insertRow(ctx, tx, in, now)
	if err != nil {
		return Customer{}, err
	}
	if err := addIdentities(id, in, execIn(ctx, tx)); err != nil {
		return Customer{}, err
	}
	return get(ctx, tx, id)
}

// InsertTx is CreateTx for callers that need only the new id (a ticket
// opened for a new customer), sparing the read back; the customer's phones,
// emails and external ids are queued writes (db.Tx.Defer).
func InsertTx(ctx context.Context, tx *db.Tx, in Input, now time.Time) (int64, error) {
	in = in.withDefaults()
	id, err := tx.InsertNew(ctx, "customers", `INSERT INTO customers (id, name, tier, value_fen, tags, attributes, note, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1)`,
		in.Name, in.Tier, in.ValueFen, mustJSON(in.Tags), mustJSON(in.Attributes), in.Note, db.Millis(now))
	if err != nil {
		return 0, err
	}
	return id, addIdentities(id, in, func(q string, args ...any) error {
		tx.Defer(q, args...)
		return nil
	})
}

func insertRow(ctx context.Context, tx db.Querier, in Input, now time.Time) (int64, error) {
	in = in.withDefaults()
	return db.InsertID(ctx, tx, `INSERT INTO customers (name, tier, value_fen, tags, attributes, note, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)`,
		in.Name, in.Tier, in.ValueFen, mustJSON(in.Tags), mustJSON(in.Attributes), in.Note, db.Millis(now))
}

// withDefaults fills the lists and maps a stored customer always has.
func (in Input) withDefaults() Input {
	if in.Tags == nil {
		in.Tags = []string{}
	}
	if in.Attributes == nil {
		in.Attributes = map[string]string{}
	}
	return in
}

// execIn runs a statement in the transaction now.
func execIn(ctx context.Context, tx db.Querier) func(q string, args ...any) error {
	return func(q string, args ...any) error {
		_, err := tx.Exec(ctx, q, args...)
		return err
	}
}

// writeIdentities replaces a customer's phones, emails and external ids.
func writeIdentities(ctx context.Context, tx db.Querier, id int64, in Input) error {
	if _, err := tx.Exec(ctx, `DELETE FROM customer_identities WHERE customer_id = $1`, id); err != nil {
		return err
	}
	return addIdentities(id, in, execIn(ctx, tx))
}

// addIdentities writes a customer's phones, emails and external ids with exec.
func addIdentities(id int64, in Input, exec func(q string, args ...any) error) error {
	add := func(kind, system, value string) error {
		return exec(`INSERT INTO customer_identities (customer_id, kind, system, value) VALUES ($1, $2, $3, $4)`, id, kind, system, value)
	}
	for _, p := range dedupe(in.Phones) {
		if err := add("phone", "", p); err != nil {
			return err
		}
	}
	for _, e := range dedupe(in.Emails) {
		if err := add("email", "", e); err != nil {
			return err
		}
	}
	for _, x := range in.ExternalIDs {
		if err := add("external", x.System, x.Value); err != nil {
			return err
		}
	}
	return nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

const cols = `id, name, tier, value_fen, tags, attributes, note, merged_into, created_at, updated_at, version`

func scan(row interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	var tags, attrs string
	var merged sql.NullInt64
	var created, updated int64
	if err := row.Scan(&c.ID, &c.Name, &c.Tier, &c.ValueFen, &tags, &attrs, &c.Note, &merged, &created, &updated, &c.Version); err != nil {
		return c, err
	}
	_ = json.Unmarshal([]byte(tags), &c.Tags)
	_ = json.Unmarshal([]byte(attrs), &c.Attributes)
	if c.Tags == nil {
		c.Tags = []string{}
	}
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	if merged.Valid {
		c.MergedInto = &merged.Int64
	}
	c.CreatedAt, c.UpdatedAt = db.Time(created), db.Time(updated)
	c.Phones, c.Emails, c.ExternalIDs = []string{}, []string{}, []ExternalID{}
	return c, nil
}

// get loads a customer with identities.
func get(ctx context.Context, q db.Querier, id int64) (Customer, error) {
	c, err := scan(q.QueryRow(ctx, `SELECT `+cols+` FROM customers WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("customer")
	}
	if err != nil {
		return c, err
	}
	list := []*Customer{&c}
	return c, loadIdentities(ctx, q, list)
}

func loadIdentities(ctx context.Context, q db.Querier, list []*Customer) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*Customer{}
	ids := make([]int64, len(list))
	for i, c := range list {
		byID[c.ID] = c
		ids[i] = c.ID
	}
	in, args := db.InList(ids)
	rows, err := q.Query(ctx, `SELECT customer_id, kind, system, value FROM customer_identities WHERE customer_id IN (`+in+`) ORDER BY id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, system, value string
		if err := rows.Scan(&id, &kind, &system, &value); err != nil {
			return err
		}
		c := byID[id]
		switch kind {
		case "phone":
			c.Phones = append(c.Phones, value)
		case "email":
			c.Emails = append(c.Emails, value)
		default:
			c.ExternalIDs = append(c.ExternalIDs, ExternalID{System: system, Value: value})
		}
	}
	return rows.Err()
}

// Get returns one customer (unmasked; callers mask for display).
func (s *Service) Get(ctx context.Context, id int64) (Customer, error) {
	c, err := get(ctx, s.db.Reader(), id)
	return c, apperr.Wrap(err, "customer: get")
}

// GetMany returns customers by id (missing ids are skipped).
func (s *Service) GetMany(ctx context.Context, ids []int64) (map[int64]Customer, error) {
	out := map[int64]Customer{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.InList(ids)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+cols+` FROM customers WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "customer: get many")
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "customer: get many")
		}
		out[c.ID] = c
	}
	return out, apperr.Wrap(rows.Err(), "customer: get many")
}

// Filter selects customers.
type Filter struct {
	Q      string // name prefix/substring, or an exact phone, email or external id
	Phone  string
	Before int64 // cursor: ids below this
	Limit  int
}

// List returns customers newest first (merged ones are hidden).
func (s *Service) List(ctx context.Context, f Filter) ([]Customer, error) {
	q := s.db.Reader()
	where := []string{"c.merged_into IS NULL"}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Phone != "" {
		p := apperr.NormalizePhone(f.Phone)
		where = append(where, "c.id IN (SELECT customer_id FROM customer_identities WHERE kind = 'phone' AND value = "+arg(p)+")")
	}
	if t := strings.TrimSpace(f.Q); t != "" {
		exact := arg(strings.ToLower(t))
		if p := apperr.NormalizePhone(t); p != "" {
			exact = arg(p)
		}
		like := arg("%" + escapeLike(t) + "%")
		where = append(where, "(c.name LIKE "+like+" ESCAPE '\\' OR c.id IN (SELECT customer_id FROM customer_identities WHERE value = "+exact+"))")
	}
	if f.Before > 0 {
		where = append(where, "c.id < "+arg(f.Before))
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := q.Query(ctx, `SELECT `+prefixCols("c.")+` FROM customers c WHERE `+strings.Join(where, " AND ")+` ORDER BY c.id DESC LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, apperr.Wrap(err, "customer: list")
	}
	defer rows.Close()
	var list []*Customer
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "customer: list")
		}
		list = append(list, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "customer: list")
	}
	if err := loadIdentities(ctx, q, list); err != nil {
		return nil, apperr.Wrap(err, "customer: list")
	}
	out := make([]Customer, len(list))
	for i, c := range list {
		out[i] = *c
	}
	return out, nil
}

func prefixCols(p string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ByPhone returns the most recently updated live customer with the phone.
func (s *Service) ByPhone(ctx context.Context, phone string) (Customer, error) {
	id, ok, err := IDByPhone(ctx, s.db.Reader(), phone)
	if err != nil {
		return Customer{}, apperr.Wrap(err, "customer: by phone")
	}
	if !ok {
		return Customer{}, apperr.NotFoundf("customer")
	}
	return s.Get(ctx, id)
}

// IDByPhone finds the most recently updated live customer with the phone,
// in the caller's transaction or on the reader.
func IDByPhone(ctx context.Context, q db.Querier, phone string) (int64, bool, error) {
	p := apperr.NormalizePhone(phone)
	if p == "" {
		return 0, false, nil
	}
	var id int64
	err := q.QueryRow(ctx, `SELECT c.id FROM customers c JOIN customer_identities i ON i.customer_id = c.id WHERE i.kind = 'phone' AND i.value = $1 AND c.merged_into IS NULL ORDER BY c.updated_at DESC LIMIT 1`, p).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// Patch changes some fields of a customer; nil fields stay as they are.
type Patch struct {
	Version     int                `json:"version" minimum:"1"`
	Name        *string            `json:"name,omitempty"`
	Phones      *[]string          `json:"phones,omitempty"`
	Emails      *[]string          `json:"emails,omitempty"`
	ExternalIDs *[]ExternalID      `json:"external_ids,omitempty"`
	Tier        *string            `json:"tier,omitempty"`
	ValueFen    *int64             `json:"value_fen,omitempty"`
	Tags        *[]string          `json:"tags,omitempty"`
	Attributes  *map[string]string `json:"attributes,omitempty"`
	Note        *string            `json:"note,omitempty"`
}

// apply overlays the patch on the current customer. Masked values sent back
// unchanged (an editor who never revealed the data) keep the stored ones.
func (p Patch) apply(cur Customer) Input {
	in := Input{Name: cur.Name, Phones: cur.Phones, Emails: cur.Emails, ExternalIDs: cur.ExternalIDs, Tier: cur.Tier,
		ValueFen: cur.ValueFen, Tags: cur.Tags, Attributes: cur.Attributes, Note: cur.Note}
	if p.Name != nil {
		in.Name = *p.Name
	}
	if p.Phones != nil {
		in.Phones = keepUnmasked(*p.Phones, cur.Phones, MaskPhone)
	}
	if p.Emails != nil {
		in.Emails = keepUnmasked(*p.Emails, cur.Emails, MaskEmail)
	}
	if p.ExternalIDs != nil {
		in.ExternalIDs = nil
		for _, x := range *p.ExternalIDs {
			for _, y := range cur.ExternalIDs {
				if x.System == y.System && x.Value == MaskID(y.Value) {
					x.Value = y.Value
				}
			}
			in.ExternalIDs = append(in.ExternalIDs, x)
		}
	}
	if p.Tier != nil {
		in.Tier = *p.Tier
	}
	if p.ValueFen != nil {
		in.ValueFen = *p.ValueFen
	}
	if p.Tags != nil {
		in.Tags = *p.Tags
	}
	if p.Attributes != nil {
		in.Attributes = *p.Attributes
	}
	if p.Note != nil {
		in.Note = *p.Note
	}
	// Copy slices so validation's normalisation does not touch cur.
	in.Phones = append([]string(nil), in.Phones...)
	in.Emails = append([]string(nil), in.Emails...)
	in.Tags = append([]string(nil), in.Tags...)
	in.ExternalIDs = append([]ExternalID(nil), in.ExternalIDs...)
	return in
}

// Update applies a patch when the version matches; a stale version gets a
// conflict carrying the current (masked) customer.
func (s *Service) Update(ctx context.Context, id int64, p Patch) (Customer, error) {
	var c Customer
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		cur, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != p.Version {
			return apperr.ConflictWith(cur.Mask())
		}
		in := p.apply(cur)
		if err := in.Validate("body."); err != nil {
			return err
		}
		if in.Tags == nil {
			in.Tags = []string{}
		}
		if in.Attributes == nil {
			in.Attributes = map[string]string{}
		}
		res, err := tx.Exec(ctx, `UPDATE customers SET name = $1, tier = $2, value_fen = $3, tags = $4, attributes = $5, note = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9`,
			in.Name, in.Tier, in.ValueFen, mustJSON(in.Tags), mustJSON(in.Attributes), in.Note, db.Millis(s.now()), id, p.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.ConflictWith(cur.Mask())
		}
		if err := writeIdentities(ctx, tx, id, in); err != nil {
			return err
		}
		c, err = get(ctx, tx, id)
		if err != nil {
			return err
		}
		return events.Publish(ctx, tx, "customer", 0, map[string]any{"id": id, "version": c.Version})
	})
	if err == nil {
		s.notify()
	}
	return c, apperr.Wrap(err, "customer: update")
}

// keepUnmasked maps masked values back to the stored value they mask, so an
// editor who never revealed the data does not overwrite it with asterisks.
func keepUnmasked(in, stored []string, mask func(string) string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		if strings.Contains(v, "*") {
			for _, s := range stored {
				if mask(s) == v {
					v = s
					break
				}
			}
			if strings.Contains(v, "*") {
				continue
			}
		}
		out = append(out, v)
	}
	return out
}

// Reveal returns the unmasked customer and records who saw it and why.
func (s *Service) Reveal(ctx context.Context, id int64, reason string, by Actor) (Customer, error) {
	var f apperr.Fields
	reason = f.Text("body.reason", reason, true, 200)
	if err := f.Err(); err != nil {
		return Customer{}, err
	}
	var c Customer
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = get(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, IP: by.IP, Action: audit.Reveal,
			TargetType: "customer", TargetID: audit.ID(id), Detail: map[string]any{"reason": reason, "fields": []string{"phones", "emails", "external_ids"}}})
	})
	return c, apperr.Wrap(err, "customer: reveal")
}

// Merge moves everything of source into target and marks source merged.
func (s *Service) Merge(ctx context.Context, targetID, sourceID int64, by Actor) (Customer, error) {
	if targetID == sourceID {
		return Customer{}, apperr.Field("body.source_id", "field.self_merge")
	}
	var c Customer
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		target, err := get(ctx, tx, targetID)
		if err != nil {
			return err
		}
		source, err := get(ctx, tx, sourceID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return apperr.Field("body.source_id", "field.unknown")
		}
		if err != nil {
			return err
		}
		if target.MergedInto != nil || source.MergedInto != nil {
			return apperr.Field("body.source_id", "field.already_merged")
		}
		now := db.Millis(s.now())
		stmts := []string{
			`UPDATE customer_identities SET customer_id = $1 WHERE customer_id = $2`,
			`UPDATE contacts SET customer_id = $1 WHERE customer_id = $2`,
			`UPDATE tickets SET customer_id = $1 WHERE customer_id = $2`,
		}
		for _, q := range stmts {
			if _, err := tx.Exec(ctx, q, targetID, sourceID); err != nil {
				return err
			}
		}
		// Keep identities unique per customer after the move.
		if _, err := tx.Exec(ctx, `DELETE FROM customer_identities WHERE customer_id = $1 AND id NOT IN (SELECT MIN(id) FROM customer_identities WHERE customer_id = $1 GROUP BY kind, system, value)`, targetID); err != nil {
			return err
		}
		tags := dedupe(append(target.Tags, source.Tags...))
		attrs := map[string]string{}
		for k, v := range source.Attributes {
			attrs[k] = v
		}
		for k, v := range target.Attributes {
			attrs[k] = v
		}
		tier := target.Tier
		if tierRank(source.Tier) > tierRank(tier) {
			tier = source.Tier
		}
		if _, err := tx.Exec(ctx, `UPDATE customers SET tags = $1, attributes = $2, tier = $3, value_fen = value_fen + $4, updated_at = $5, version = version + 1 WHERE id = $6`,
			mustJSON(tags), mustJSON(attrs), tier, source.ValueFen, now, targetID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE customers SET merged_into = $1, updated_at = $2, version = version + 1 WHERE id = $3`, targetID, now, sourceID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, IP: by.IP, Action: audit.Merge,
			TargetType: "customer", TargetID: audit.ID(targetID), Detail: map[string]any{"source_id": sourceID, "source_name": source.Name}}); err != nil {
			return err
		}
		if c, err = get(ctx, tx, targetID); err != nil {
			return err
		}
		return events.Publish(ctx, tx, "customer", 0, map[string]any{"id": targetID, "version": c.Version, "merged": sourceID})
	})
	if err == nil {
		s.notify()
	}
	return c, apperr.Wrap(err, "customer: merge")
}

func tierRank(t string) int {
	for i, x := range Tiers {
		if x == t {
			return i
		}
	}
	return 0
}
