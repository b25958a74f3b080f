package kb

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// Category is a node of the article or script category tree.
type Category struct {
	ID       int64     `json:"id"`
	Kind     string    `json:"kind" enum:"article,script"`
	ParentID *int64    `json:"parent_id"`
	NameZH   string    `json:"name_zh"`
	NameEN   string    `json:"name_en"`
	Sort     int       `json:"sort"`
	Path     string    `json:"path" doc:"names from the root, e.g. 退款与售后 / 课程退款"`
	Count    int       `json:"count" doc:"articles (published) or scripts (active) directly in it"`
	Updated  time.Time `json:"updated_at"`
	Version  int       `json:"version"`
}

// CategoryInput creates or changes a category; Version is required to change.
type CategoryInput struct {
	Kind     string `json:"kind,omitempty" enum:"article,script," doc:"default article; fixed after creation"`
	ParentID *int64 `json:"parent_id,omitempty" doc:"0 or absent: at the top"`
	NameZH   string `json:"name_zh" maxLength:"60"`
	NameEN   string `json:"name_en,omitempty" maxLength:"80"`
	Sort     int    `json:"sort,omitempty"`
	Version  int    `json:"version,omitempty" doc:"the version read; required to change"`
}

const categoryCols = `id, kind, parent_id, name_zh, name_en, sort, updated_at, version`

func scanCategory(row interface{ Scan(...any) error }) (Category, error) {
	var c Category
	var parent sql.NullInt64
	var updated int64
	err := row.Scan(&c.ID, &c.Kind, &parent, &c.NameZH, &c.NameEN, &c.Sort, &updated, &c.Version)
	c.ParentID, c.Updated = ptr(parent), db.Time(updated)
	return c, err
}

// Categories returns the categories of a kind ("" for both), tree order:
// parents before children, siblings by sort then name.
func (s *Service) Categories(ctx context.Context, kind string) ([]Category, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+categoryCols+` FROM kb_categories WHERE ($1 = '' OR kind = $1) ORDER BY sort, name_zh, id`, kind)
	if err != nil {
		return nil, apperr.Wrap(err, "kb: categories")
	}
	var all []Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "kb: categories")
		}
		all = append(all, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "kb: categories")
	}
	counts := map[int64]int{}
	for _, q := range []string{
		`SELECT category_id, COUNT(*) FROM kb_articles WHERE status = 'published' AND category_id IS NOT NULL GROUP BY category_id`,
		`SELECT category_id, COUNT(*) FROM kb_scripts WHERE active = 1 AND category_id IS NOT NULL GROUP BY category_id`,
	} {
		rows, err := s.db.Reader().Query(ctx, q)
		if err != nil {
			return nil, apperr.Wrap(err, "kb: categories")
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err == nil {
				counts[id] += n
			}
		}
		rows.Close()
	}
	tree := newCategoryTree(all)
	out := tree.ordered()
	for i := range out {
		out[i].Path = tree.path(out[i].ID)
		out[i].Count = counts[out[i].ID]
	}
	return out, nil
}

// categoryTree answers path and descendant questions about categories.
type categoryTree struct {
	byID     map[int64]Category
	children map[int64][]int64 // 0: roots
}

func newCategoryTree(all []Category) categoryTree {
	t := categoryTree{byID: map[int64]Category{}, children: map[int64][]int64{}}
	for _, c := range all {
		t.byID[c.ID] = c
	}
	for _, c := range all {
		p := int64(0)
		if c.ParentID != nil {
			if _, ok := t.byID[*c.ParentID]; ok {
				p = *c.ParentID
			}
		}
		t.children[p] = append(t.children[p], c.ID)
	}
	return t
}

func (t categoryTree) ordered() []Category {
	var out []Category
	var walk func(p int64, depth int)
	walk = func(p int64, depth int) {
		if depth > 20 {
			return
		}
		for _, id := range t.children[p] {
			out = append(out, t.byID[id])
			walk(id, depth+1)
		}
	}
	walk(0, 0)
	return out
}

// path is the category's names from the root, joined with " / ".
func (t categoryTree) path(id int64) string {
	var parts []string
	for guard := 0; guard < 20; guard++ {
		c, ok := t.byID[id]
		if !ok {
			break
		}
		parts = append([]string{c.NameZH}, parts...)
		if c.ParentID == nil {
			break
		}
		id = *c.ParentID
	}
	return strings.Join(parts, " / ")
}

// descendants returns the category and every category below it.
func (t categoryTree) descendants(id int64) map[int64]bool {
	out := map[int64]bool{}
	var walk func(int64, int)
	walk = func(c int64, depth int) {
		if out[c] || depth > 20 {
			return
		}
		out[c] = true
		for _, k := range t.children[c] {
			walk(k, depth+1)
		}
	}
	walk(id, 0)
	return out
}

func (in *CategoryInput) validate(create bool) error {
	var f apperr.Fields
	in.NameZH = f.Text("body.name_zh", in.NameZH, true, 60)
	in.NameEN = f.Text("body.name_en", in.NameEN, false, 80)
	if create {
		if in.Kind == "" {
			in.Kind = "article"
		}
		f.OneOf("body.kind", in.Kind, true, Kinds...)
	} else if in.Version < 1 {
		f.Add("body.version", "field.required")
	}
	if in.ParentID != nil && *in.ParentID == 0 {
		in.ParentID = nil
	}
	return f.Err()
}

// SaveCategory creates a category (id 0) or changes one: name, sort and
// parent (not under itself or its descendants).
func (s *Service) SaveCategory(ctx context.Context, id int64, in CategoryInput) (Category, error) {
	if err := in.validate(id == 0); err != nil {
		return Category{}, err
	}
	var out Category
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		now := db.Millis(s.now())
		kind := in.Kind
		if id != 0 {
			cur, err := scanCategory(tx.QueryRow(ctx, `SELECT `+categoryCols+` FROM kb_categories WHERE id = $1`, id))
			if isNoRows(err) {
				return apperr.NotFoundf("kb_category")
			}
			if err != nil {
				return err
			}
			if cur.Version != in.Version {
				return apperr.ConflictWith(cur)
			}
			kind = cur.Kind
		}
		if in.ParentID != nil {
			parent, err := scanCategory(tx.QueryRow(ctx, `SELECT `+categoryCols+` FROM kb_categories WHERE id = $1`, *in.ParentID))
			if isNoRows(err) || (err == nil && parent.Kind != kind) {
				return apperr.Field("body.parent_id", "field.unknown")
			}
			if err != nil {
				return err
			}
			if id != 0 {
				// Walk up from the new parent: meeting the category itself is a cycle.
				for p, guard := in.ParentID, 0; p != nil && guard < 50; guard++ {
					if *p == id {
						return apperr.Field("body.parent_id", "field.cycle")
					}
					var next sql.NullInt64
					if err := tx.QueryRow(ctx, `SELECT parent_id FROM kb_categories WHERE id = $1`, *p).Scan(&next); err != nil {
						return err
					}
					p = ptr(next)
				}
			}
		}
		if id == 0 {
			var err error
			id, err = db.InsertID(ctx, tx, `INSERT INTO kb_categories (kind, parent_id, name_zh, name_en, sort, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
				kind, nullPtr(in.ParentID), in.NameZH, in.NameEN, in.Sort, now)
			if err != nil {
				return err
			}
		} else {
			res, err := tx.Exec(ctx, `UPDATE kb_categories SET parent_id = $1, name_zh = $2, name_en = $3, sort = $4, updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7`,
				nullPtr(in.ParentID), in.NameZH, in.NameEN, in.Sort, now, id, in.Version)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return apperr.New(apperr.Conflict, "err.conflict.version")
			}
		}
		if _, err := bump(ctx, tx); err != nil {
			return err
		}
		if err := publish(ctx, tx, "category", id, "saved"); err != nil {
			return err
		}
		var err error
		out, err = scanCategory(tx.QueryRow(ctx, `SELECT `+categoryCols+` FROM kb_categories WHERE id = $1`, id))
		return err
	})
	if err != nil {
		return Category{}, apperr.Wrap(err, "kb: save category")
	}
	s.committed()
	return out, nil
}

// DeleteCategory removes an empty category (no sub-categories, articles or
// scripts).
func (s *Service) DeleteCategory(ctx context.Context, id int64) error {
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		ok, err := exists(ctx, tx, `SELECT 1 FROM kb_categories WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.NotFoundf("kb_category")
		}
		for _, q := range []string{
			`SELECT 1 FROM kb_categories WHERE parent_id = $1 LIMIT 1`,
			`SELECT 1 FROM kb_articles WHERE category_id = $1 LIMIT 1`,
			`SELECT 1 FROM kb_article_versions WHERE category_id = $1 LIMIT 1`,
			`SELECT 1 FROM kb_scripts WHERE category_id = $1 LIMIT 1`,
		} {
			used, err := exists(ctx, tx, q, id)
			if err != nil {
				return err
			}
			if used {
				return apperr.Field("path.id", "field.category_not_empty")
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM kb_categories WHERE id = $1`, id); err != nil {
			return err
		}
		if _, err := bump(ctx, tx); err != nil {
			return err
		}
		return publish(ctx, tx, "category", id, "deleted")
	})
	if err != nil {
		return apperr.Wrap(err, "kb: delete category")
	}
	s.committed()
	return nil
}
