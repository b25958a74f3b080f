package kb

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// Script is a short reusable reply (话术) for a situation.
type Script struct {
	ID           int64      `json:"id"`
	Title        string     `json:"title"`
	Text         string     `json:"text" doc:"the reply, with variables such as {客户称呼}"`
	Variables    []string   `json:"variables" doc:"the variables the text uses"`
	CategoryID   *int64     `json:"category_id"`
	CategoryPath string     `json:"category_path"`
	ReasonID     *int64     `json:"reason_id"`
	Lang         string     `json:"lang"`
	Tags         []string   `json:"tags"`
	Approved     bool       `json:"approved" doc:"only approved scripts are suggested by assist and used by the bot"`
	ApprovedBy   string     `json:"approved_by"`
	ApprovedAt   *time.Time `json:"approved_at"`
	Active       bool       `json:"active"`
	Uses         int64      `json:"uses" doc:"times agents inserted it"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	UpdatedBy    string     `json:"updated_by"`
	Version      int        `json:"version"`
}

// ScriptInput creates a script (not approved yet).
type ScriptInput struct {
	Title      string   `json:"title" maxLength:"100"`
	Text       string   `json:"text" maxLength:"4000"`
	CategoryID *int64   `json:"category_id,omitempty"`
	ReasonID   *int64   `json:"reason_id,omitempty"`
	Lang       string   `json:"lang,omitempty" enum:"zh-CN,en,"`
	Tags       []string `json:"tags,omitempty" maxItems:"20"`
}

// ScriptPatch changes a script; absent fields stay. Changing the text of an
// approved script withdraws the approval: the new wording must be approved
// again before assist suggests it or the bot says it.
type ScriptPatch struct {
	Version    int       `json:"version"`
	Title      *string   `json:"title,omitempty" maxLength:"100"`
	Text       *string   `json:"text,omitempty" maxLength:"4000"`
	CategoryID *int64    `json:"category_id,omitempty" doc:"0 removes the category"`
	ReasonID   *int64    `json:"reason_id,omitempty" doc:"0 removes the reason"`
	Lang       *string   `json:"lang,omitempty" enum:"zh-CN,en"`
	Tags       *[]string `json:"tags,omitempty" maxItems:"20"`
	Active     *bool     `json:"active,omitempty"`
}

const scriptCols = `s.id, s.title, s.text, s.category_id, s.reason_id, s.lang, s.tags, s.approved, COALESCE(ap.name, ''), s.approved_at,
	s.active, s.uses, s.created_at, s.updated_at, COALESCE(ub.name, ''), s.version, s.generation`

const scriptFrom = ` FROM kb_scripts s LEFT JOIN users ap ON ap.id = s.approved_by LEFT JOIN users ub ON ub.id = s.updated_by`

func scanScript(r interface{ Scan(...any) error }) (Script, int64, error) {
	var x Script
	var cat, reason sql.NullInt64
	var tags string
	var approved, active int
	var approvedAt, created, updated, gen int64
	err := r.Scan(&x.ID, &x.Title, &x.Text, &cat, &reason, &x.Lang, &tags, &approved, &x.ApprovedBy, &approvedAt,
		&active, &x.Uses, &created, &updated, &x.UpdatedBy, &x.Version, &gen)
	if err != nil {
		return x, 0, err
	}
	x.CategoryID, x.ReasonID, x.Tags = ptr(cat), ptr(reason), parseList(tags)
	x.Approved, x.Active = approved == 1, active == 1
	if approvedAt > 0 {
		t := db.Time(approvedAt)
		x.ApprovedAt = &t
	}
	x.CreatedAt, x.UpdatedAt = db.Time(created), db.Time(updated)
	x.Variables = []string{}
	if segs, err := ParseScript(x.Text); err == nil {
		x.Variables = append(x.Variables, ScriptVars(segs)...)
	}
	return x, gen, nil
}

// scriptErr turns a parse error into the field error the editor sees.
func scriptErr(f *apperr.Fields, err error) {
	se, ok := err.(*ScriptError)
	if !ok {
		f.Add("body.text", "field.invalid")
		return
	}
	names := make([]string, len(Variables))
	for i, v := range Variables {
		names[i] = "{" + v.Name + "}"
	}
	if se.Kind == "unknown" {
		f.Add("body.text", "field.script_unknown_var", se.Name, strings.Join(names, " "))
	} else {
		f.Add("body.text", "field.script_unclosed", se.Pos)
	}
}

func validateScript(f *apperr.Fields, title, text, lang *string, tags *[]string) {
	*title = f.Text("body.title", *title, true, 100)
	*text = f.Text("body.text", *text, true, 4000)
	if *text != "" {
		if _, err := ParseScript(*text); err != nil {
			scriptErr(f, err)
		}
	}
	if *lang == "" {
		*lang = "zh-CN"
	}
	f.OneOf("body.lang", *lang, true, Langs...)
	*tags = cleanList(f, "body.tags", *tags, 20, maxTag)
}

// Script returns one script. Readers (not editors) see approved, active
// scripts only.
func (s *Service) Script(ctx context.Context, id int64, r Reader) (Script, error) {
	q := s.db.Reader()
	x, _, err := scanScript(q.QueryRow(ctx, `SELECT `+scriptCols+scriptFrom+` WHERE s.id = $1`, id))
	if isNoRows(err) || (err == nil && !r.Manage && !(x.Approved && x.Active)) {
		return Script{}, apperr.NotFoundf("kb_script")
	}
	if err != nil {
		return Script{}, apperr.Wrap(err, "kb: script")
	}
	paths, err := s.tree(ctx, q)
	if err != nil {
		return Script{}, apperr.Wrap(err, "kb: script")
	}
	if x.CategoryID != nil {
		x.CategoryPath = paths.path(*x.CategoryID)
	}
	return x, nil
}

// ScriptFilter selects scripts to list.
type ScriptFilter struct {
	Q          string // words in the title or text (ranked like article search)
	CategoryID int64
	Lang       string
	Approved   string // "", "true", "false" (editors)
	Inactive   bool   // include inactive ones (editors)
	Limit      int
}

// Scripts lists scripts: by relevance when Q is given, else most used
// first. Readers see approved, active scripts only.
func (s *Service) Scripts(ctx context.Context, f ScriptFilter, r Reader) ([]Script, error) {
	var fe apperr.Fields
	f.Q = fe.Text("query.q", f.Q, false, 200)
	fe.OneOf("query.lang", f.Lang, false, Langs...)
	fe.OneOf("query.approved", f.Approved, false, "true", "false")
	if f.Limit <= 0 {
		f.Limit = 100
	}
	if f.Limit > 500 {
		fe.Add("query.limit", "field.max", 500)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if !r.Manage {
		f.Approved, f.Inactive = "true", false
	}
	q := s.db.Reader()
	paths, err := s.tree(ctx, q)
	if err != nil {
		return nil, apperr.Wrap(err, "kb: scripts")
	}
	rows, err := q.Query(ctx, `SELECT `+scriptCols+scriptFrom+` ORDER BY s.uses DESC, s.id`)
	if err != nil {
		return nil, apperr.Wrap(err, "kb: scripts")
	}
	defer rows.Close()
	var cats map[int64]bool
	if f.CategoryID != 0 {
		cats = paths.descendants(f.CategoryID)
	}
	byID := map[int64]Script{}
	var order []int64
	for rows.Next() {
		x, _, err := scanScript(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "kb: scripts")
		}
		switch {
		case !f.Inactive && !x.Active,
			f.Approved == "true" && !x.Approved,
			f.Approved == "false" && x.Approved,
			f.Lang != "" && x.Lang != f.Lang,
			cats != nil && (x.CategoryID == nil || !cats[*x.CategoryID]):
			continue
		}
		if x.CategoryID != nil {
			x.CategoryPath = paths.path(*x.CategoryID)
		}
		byID[x.ID] = x
		order = append(order, x.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "kb: scripts")
	}
	if f.Q != "" {
		hits, err := s.searchScripts(ctx, f.Q, filter{}, 500)
		if err != nil {
			return nil, err
		}
		order = order[:0]
		for _, h := range hits {
			if _, ok := byID[h.ID]; ok {
				order = append(order, h.ID)
			}
		}
	}
	out := []Script{}
	for _, id := range order {
		if len(out) == f.Limit {
			break
		}
		out = append(out, byID[id])
	}
	return out, nil
}

// CreateScript saves a new script, not approved.
func (s *Service) CreateScript(ctx context.Context, in ScriptInput, by Actor) (Script, error) {
	var f apperr.Fields
	validateScript(&f, &in.Title, &in.Text, &in.Lang, &in.Tags)
	if err := f.Err(); err != nil {
		return Script{}, err
	}
	var id int64
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if err := checkRefs(ctx, tx, &f, "script", in.CategoryID, in.ReasonID); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		gen, err := bump(ctx, tx)
		if err != nil {
			return err
		}
		now := db.Millis(s.now())
		id, err = db.InsertID(ctx, tx, `INSERT INTO kb_scripts (title, text, category_id, reason_id, lang, tags, created_by, updated_by, created_at, updated_at, generation)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8, $9)`,
			in.Title, in.Text, nullPtr(in.CategoryID), nullPtr(in.ReasonID), in.Lang, jsonList(in.Tags), db.NullID(by.ID), now, gen)
		if err != nil {
			return err
		}
		return publish(ctx, tx, "script", id, "created")
	})
	if err != nil {
		return Script{}, apperr.Wrap(err, "kb: create script")
	}
	s.committed()
	return s.Script(ctx, id, Reader{Manage: true})
}

// changeScript runs fn on the locked, current script (see versioned).
func (s *Service) changeScript(ctx context.Context, id int64, version int, fn func(tx *db.Tx, cur Script, gen, now int64) (string, error)) (Script, error) {
	load := func(tx *db.Tx) (Script, int, any, error) {
		cur, _, err := scanScript(tx.QueryRow(ctx, `SELECT `+scriptCols+scriptFrom+` WHERE s.id = $1`, id))
		return cur, cur.Version, cur, err
	}
	if err := versioned(ctx, s, "script", id, version, load, fn); err != nil {
		return Script{}, err
	}
	return s.Script(ctx, id, Reader{Manage: true})
}

// UpdateScript changes a script (see ScriptPatch for what resets approval).
func (s *Service) UpdateScript(ctx context.Context, id int64, p ScriptPatch, by Actor) (Script, error) {
	return s.changeScript(ctx, id, p.Version, func(tx *db.Tx, cur Script, gen, now int64) (string, error) {
		next := cur
		overlay(&next.Title, p.Title)
		overlay(&next.Text, p.Text)
		overlay(&next.Lang, p.Lang)
		overlay(&next.Tags, p.Tags)
		overlay(&next.Active, p.Active)
		if p.CategoryID != nil {
			next.CategoryID = p.CategoryID
		}
		if p.ReasonID != nil {
			next.ReasonID = p.ReasonID
		}
		var f apperr.Fields
		validateScript(&f, &next.Title, &next.Text, &next.Lang, &next.Tags)
		if err := checkRefs(ctx, tx, &f, "script", next.CategoryID, next.ReasonID); err != nil {
			return "", err
		}
		if err := f.Err(); err != nil {
			return "", err
		}
		reset := cur.Approved && (next.Text != cur.Text || next.Lang != cur.Lang)
		approved := cur.Approved && !reset
		if _, err := tx.Exec(ctx, `UPDATE kb_scripts SET title = $1, text = $2, category_id = $3, reason_id = $4, lang = $5, tags = $6, active = $7,
			approved = $8, updated_by = $9, updated_at = $10, generation = $11, version = version + 1 WHERE id = $12`,
			next.Title, next.Text, nullPtr(next.CategoryID), nullPtr(next.ReasonID), next.Lang, jsonList(next.Tags), btoi(next.Active),
			btoi(approved), db.NullID(by.ID), now, gen, id); err != nil {
			return "", err
		}
		if reset {
			return "saved", record(ctx, tx, by, AuditScriptEdited, "kb_script", id, map[string]any{"title": next.Title, "approval_reset": true, "approved_by": cur.ApprovedBy})
		}
		return "saved", nil
	})
}

// ApproveScript approves a script's current wording, or withdraws the
// approval.
func (s *Service) ApproveScript(ctx context.Context, id int64, version int, approve bool, by Actor) (Script, error) {
	return s.changeScript(ctx, id, version, func(tx *db.Tx, cur Script, gen, now int64) (string, error) {
		at := int64(0)
		action := AuditScriptRevoked
		if approve {
			at, action = now, AuditScriptApproved
		}
		if _, err := tx.Exec(ctx, `UPDATE kb_scripts SET approved = $1, approved_by = $2, approved_at = $3, generation = $4, version = version + 1 WHERE id = $5`,
			btoi(approve), db.NullID(by.ID), at, gen, id); err != nil {
			return "", err
		}
		return "approved", record(ctx, tx, by, action, "kb_script", id, map[string]any{"title": cur.Title, "text": cur.Text})
	})
}

// UseScript counts an agent's insertion of a script into a reply.
func (s *Service) UseScript(ctx context.Context, id int64, ticketID *int64, by Actor, r Reader) error {
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var approved, active int
		err := tx.QueryRow(ctx, `SELECT approved, active FROM kb_scripts WHERE id = $1`, id).Scan(&approved, &active)
		if isNoRows(err) || (err == nil && !r.Manage && (approved != 1 || active != 1)) {
			return apperr.NotFoundf("kb_script")
		}
		if err != nil {
			return err
		}
		if ticketID != nil {
			ok, err := exists(ctx, tx, `SELECT 1 FROM tickets WHERE id = $1`, *ticketID)
			if err != nil {
				return err
			}
			if !ok {
				return apperr.Field("body.ticket_id", "field.unknown")
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE kb_scripts SET uses = uses + 1 WHERE id = $1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO kb_script_uses (script_id, user_id, ticket_id, created_at) VALUES ($1, $2, $3, $4)`, id, db.NullID(by.ID), nullPtr(ticketID), db.Millis(s.now()))
		return err
	})
	return apperr.Wrap(err, "kb: use script")
}

// overlay sets *dst to *v when v is given.
func overlay[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
