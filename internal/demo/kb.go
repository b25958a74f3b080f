package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/kb"
)

// loadKB writes the demo knowledge base through the kb service (so that
// versions, counters and the audit log are what the product writes), once:
// a database that already has articles is left alone. Times are set back
// with the service's clock so that the articles have a history.
func loadKB(ctx context.Context, d *db.DB, ref *refIDs, o Options, res *Result) error {
	var n int
	if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM kb_articles`).Scan(&n); err != nil || n > 0 {
		return err
	}
	clock := o.Now
	svc := kb.New(d, nil, kb.Options{Now: func() time.Time { return clock }})
	at := func(daysAgo int, hour int) {
		clock = o.Now.Add(-time.Duration(daysAgo)*24*time.Hour - time.Duration(hour)*time.Hour)
	}
	users := map[string]kb.Actor{}
	for _, email := range []string{"sunli@kefu.local", "xujing@kefu.local", adminEmail} {
		var a kb.Actor
		if err := d.Reader().QueryRow(ctx, `SELECT id, name FROM users WHERE email = $1`, email).Scan(&a.ID, &a.Name); err != nil {
			return fmt.Errorf("demo: kb editor %s: %w", email, err)
		}
		users[email] = a
	}
	lead, qa := users["sunli@kefu.local"], users["xujing@kefu.local"]
	reasons := map[string]int64{}
	for _, l := range ref.leaves {
		reasons[l.spec.zh] = l.id
	}
	at(200, 0)
	cats := map[string]int64{}
	for _, k := range []struct {
		kind string
		list []struct{ path, en string }
	}{{"article", kbCategories}, {"script", kbScriptCategories}} {
		kind := k.kind
		for i, c := range k.list {
			var parent *int64
			name := c.path
			if k := strings.LastIndex(c.path, "/"); k >= 0 {
				p := cats[kind+":"+c.path[:k]]
				parent, name = &p, c.path[k+1:]
			}
			cat, err := svc.SaveCategory(ctx, 0, kb.CategoryInput{Kind: kind, ParentID: parent, NameZH: name, NameEN: c.en, Sort: i + 1})
			if err != nil {
				return fmt.Errorf("demo: kb category %s: %w", c.path, err)
			}
			cats[kind+":"+c.path] = cat.ID
		}
	}
	ref64 := func(m map[string]int64, k string) *int64 {
		if v, ok := m[k]; ok {
			return &v
		}
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x6b62))
	agents := ref.members[ref.teams[teamFront]]
	for i, sp := range kbArticles {
		editor := lead
		if i%3 == 2 {
			editor = qa
		}
		first := sp.age
		if len(sp.history) > 0 {
			first = sp.history[0].age
		}
		at(first+3, i%8)
		title, body := sp.title, sp.body
		if len(sp.history) > 0 {
			if sp.history[0].title != "" {
				title = sp.history[0].title
			}
			body = sp.history[0].body
		}
		a, err := svc.CreateArticle(ctx, kb.ArticleInput{Title: title, Body: body, Questions: sp.questions, Tags: sp.tags,
			CategoryID: ref64(cats, "article:"+sp.cat), ReasonID: ref64(reasons, sp.reason), Lang: sp.lang, Visibility: sp.vis}, editor)
		if err != nil {
			return fmt.Errorf("demo: kb article %s: %w", sp.title, err)
		}
		if sp.state == "draft" {
			res.Articles++
			continue
		}
		// Earlier versions, each published on its day, then the current text.
		for k, h := range sp.history {
			at(h.age, i%8)
			if k > 0 {
				p := kb.ArticlePatch{Version: a.Version, Body: &h.body}
				if h.title != "" {
					p.Title = &h.title
				}
				if a, err = svc.UpdateArticle(ctx, a.ID, p, editor); err != nil {
					return err
				}
			}
			if a, err = svc.Publish(ctx, a.ID, a.Version, h.note, editor); err != nil {
				return fmt.Errorf("demo: kb publish %s: %w", sp.title, err)
			}
			// Some feedback on the old text, so that the history shows why it changed.
			if err := kbVotes(ctx, d, a.ID, clock, r, agents, 2+r.IntN(4), 3+r.IntN(5), 20+r.IntN(60), nil); err != nil {
				return err
			}
		}
		at(sp.age, i%8)
		if len(sp.history) > 0 {
			if a, err = svc.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Version: a.Version, Title: &sp.title, Body: &sp.body}, editor); err != nil {
				return err
			}
		}
		note := ""
		if len(sp.history) > 0 {
			note = "根据反馈更新"
		}
		if a, err = svc.Publish(ctx, a.ID, a.Version, note, editor); err != nil {
			return fmt.Errorf("demo: kb publish %s: %w", sp.title, err)
		}
		at(max(sp.age-1, 0), 0)
		if err := kbVotes(ctx, d, a.ID, clock, r, agents, sp.helpful, sp.unhelpful, sp.views, sp.comments); err != nil {
			return err
		}
		switch sp.state {
		case "archived":
			if _, err = svc.Archive(ctx, a.ID, a.Version, lead); err != nil {
				return err
			}
		case "pending":
			if _, err = svc.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Version: a.Version, Body: &sp.pending}, qa); err != nil {
				return err
			}
		}
		res.Articles++
	}
	for i, sp := range kbScripts {
		at(150-i*3, 0)
		sc, err := svc.CreateScript(ctx, kb.ScriptInput{Title: sp.title, Text: sp.text, CategoryID: ref64(cats, "script:"+sp.cat), ReasonID: ref64(reasons, sp.reason), Lang: sp.lang, Tags: sp.tags}, lead)
		if err != nil {
			return fmt.Errorf("demo: kb script %s: %w", sp.title, err)
		}
		if sp.approved {
			if sc, err = svc.ApproveScript(ctx, sc.ID, sc.Version, true, lead); err != nil {
				return err
			}
		}
		if sp.inactive {
			off := false
			if _, err = svc.UpdateScript(ctx, sc.ID, kb.ScriptPatch{Version: sc.Version, Active: &off}, lead); err != nil {
				return err
			}
		}
		if sp.uses > 0 {
			if err := d.WriteTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `UPDATE kb_scripts SET uses = $1 WHERE id = $2`, sp.uses, sc.ID)
				return err
			}); err != nil {
				return err
			}
		}
		res.Scripts++
	}
	return nil
}

// kbVotes casts helpful and not-helpful votes on the published version and
// adds views, in one transaction, as the service would write them one by
// one (hundreds of one-vote transactions would make the demo slow on
// PostgreSQL): agents vote first, one vote each, with the comments; then
// customers and the bot.
func kbVotes(ctx context.Context, d *db.DB, id int64, at time.Time, r *rand.Rand, agents []int64, helpful, unhelpful, views int, comments []string) error {
	votes := make([]bool, 0, helpful+unhelpful)
	for range helpful {
		votes = append(votes, true)
	}
	for range unhelpful {
		votes = append(votes, false)
	}
	r.Shuffle(len(votes), func(i, j int) { votes[i], votes[j] = votes[j], votes[i] })
	return d.WriteTx(ctx, func(tx *db.Tx) error {
		var number int
		if err := tx.QueryRow(ctx, `SELECT published_number FROM kb_articles WHERE id = $1`, id).Scan(&number); err != nil {
			return err
		}
		var help, not, next int
		for i, h := range votes {
			source, user, comment := "customer", any(nil), ""
			switch {
			case i < len(agents):
				source, user = "agent", agents[i]
			case i%4 == 0:
				source = "bot"
			}
			if !h && next < len(comments) {
				comment = comments[next]
				next++
			}
			t := at.Add(-time.Duration(r.IntN(72*60)) * time.Minute).UnixMilli()
			if _, err := tx.Exec(ctx, `INSERT INTO kb_feedback (article_id, number, helpful, comment, source, user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
				id, number, btoi(h), comment, source, user, t); err != nil {
				return err
			}
			if h {
				help++
			} else {
				not++
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE kb_articles SET helpful = helpful + $1, not_helpful = not_helpful + $2, views = views + $3 WHERE id = $4`, help, not, views, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE kb_article_versions SET helpful = helpful + $1, not_helpful = not_helpful + $2, views = views + $3 WHERE article_id = $4 AND number = $5`,
			help, not, views, id, number)
		return err
	})
}
