package kb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/kb"
)

func user(t *testing.T, d *db.DB, name string) kb.Actor {
	t.Helper()
	var id int64
	err := d.WriteTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = db.InsertID(context.Background(), tx, `INSERT INTO users (email, name, role, created_at, updated_at) VALUES ($1, $2, 'supervisor', 1, 1)`, name+"@example.com", name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return kb.Actor{ID: id, Name: name, IP: "127.0.0.1"}
}

func ptr[T any](v T) *T { return &v }

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func fieldOf(err error) string {
	if ae, ok := apperr.As(err); ok && len(ae.Fields) > 0 {
		return ae.Fields[0].Field + ":" + ae.Fields[0].Key
	}
	return ""
}

func titles(hs []kb.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Title)
	}
	return out
}

func TestArticleLifecycle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		editor := user(t, d, "孙丽")
		s := kb.New(d, nil, kb.Options{})
		other := kb.New(d, nil, kb.Options{Refresh: -1}) // a second node on the same database
		root, err := s.SaveCategory(ctx, 0, kb.CategoryInput{NameZH: "退款与售后", NameEN: "Refunds"})
		if err != nil {
			t.Fatal(err)
		}
		sub, err := s.SaveCategory(ctx, 0, kb.CategoryInput{NameZH: "课程退款", ParentID: &root.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveCategory(ctx, root.ID, kb.CategoryInput{NameZH: "退款与售后", ParentID: &sub.ID, Version: root.Version}); fieldOf(err) != "body.parent_id:field.cycle" {
			t.Fatalf("cycle: %v", err)
		}

		a, err := s.CreateArticle(ctx, kb.ArticleInput{Title: "课程退款怎么申请", Body: "## 步骤\n\n1. 打开 **我的订单**\n2. 点击 *申请退款*\n3. 等待财务审核", Questions: []string{"报的课怎么退", " 报的课怎么退 ", ""}, CategoryID: &sub.ID}, editor)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != "draft" || a.Number != 0 || len(a.Questions) != 1 || a.Draft == nil || a.CategoryPath != "退款与售后 / 课程退款" {
			t.Fatalf("created: %+v", a)
		}
		// Readers do not see drafts; search does not find them either.
		if _, err := s.Article(ctx, a.ID, kb.Reader{}); code(err) != apperr.NotFound {
			t.Fatalf("reader sees a draft: %v", err)
		}
		if hs, _ := s.Search(ctx, kb.Query{Text: "课程退款"}); len(hs) != 0 {
			t.Fatalf("draft found: %v", titles(hs))
		}
		if hs, _ := s.Search(ctx, kb.Query{Text: "课程退款", Status: "draft"}); len(hs) != 1 {
			t.Fatalf("editor's draft search: %v", titles(hs))
		}

		a, err = s.Publish(ctx, a.ID, a.Version, "首次发布", editor)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != "published" || a.Number != 1 || a.PublishedBy != "孙丽" || a.DraftChanges || a.Draft != nil {
			t.Fatalf("published: %+v", a)
		}
		if _, err := s.Publish(ctx, a.ID, a.Version, "", editor); fieldOf(err) != "body.version:field.nothing_to_publish" {
			t.Fatalf("publish without changes: %v", err)
		}
		// The second node sees the published article.
		if hs, err := other.Search(ctx, kb.Query{Text: "报的课怎么退啊", CategoryID: root.ID}); err != nil || len(hs) != 1 || hs[0].ArticleID != a.ID {
			t.Fatalf("other node: %v %v", titles(hs), err)
		}

		// Editing keeps the published text for readers until the next publish.
		stale := a.Version
		a, err = s.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Version: a.Version, Title: ptr("课程退款申请流程"), Visibility: ptr("public")}, editor)
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != "课程退款怎么申请" || !a.DraftChanges || a.Draft == nil || a.Draft.Title != "课程退款申请流程" {
			t.Fatalf("edited: %+v", a)
		}
		if _, err := s.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Version: stale, Title: ptr("x")}, editor); code(err) != apperr.Conflict {
			t.Fatalf("stale edit: %v", err)
		} else if ae, _ := apperr.As(err); ae.Current.(kb.Article).Version != a.Version {
			t.Fatalf("conflict carries %+v", ae.Current)
		}
		if _, err := s.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Version: a.Version, Title: ptr(" "), Lang: ptr("fr")}, editor); !strings.Contains(err.Error(), "body.title") || !strings.Contains(err.Error(), "body.lang") {
			t.Fatalf("bad edit: %v", err)
		}
		r, _ := s.Article(ctx, a.ID, kb.Reader{PublicOnly: true})
		if r.ID != 0 {
			t.Fatal("an internal article shown to the public before its public version is published")
		}
		a, err = s.Publish(ctx, a.ID, a.Version, "改为公开", editor)
		if err != nil || a.Number != 2 || a.Title != "课程退款申请流程" || a.Visibility != "public" {
			t.Fatalf("second publish: %+v %v", a, err)
		}
		if hs, _ := other.Search(ctx, kb.Query{Text: "退款申请流程", PublicOnly: true}); len(hs) != 1 {
			t.Fatalf("public search after republish: %v", titles(hs))
		}

		// History, old version, restore as a new draft.
		vs, err := s.Versions(ctx, a.ID)
		if err != nil || len(vs) != 2 || vs[0].Number != 2 || !vs[0].Current || vs[1].Current || vs[1].PublishedBy != "孙丽" || vs[1].Note != "首次发布" {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		v1, err := s.Version(ctx, a.ID, 1)
		if err != nil || v1.Content.Title != "课程退款怎么申请" || v1.Content.Visibility != "internal" {
			t.Fatalf("version 1: %+v %v", v1, err)
		}
		a, err = s.Restore(ctx, a.ID, 1, a.Version, editor)
		if err != nil || a.Title != "课程退款申请流程" || a.Draft == nil || a.Draft.Title != "课程退款怎么申请" || !a.DraftChanges {
			t.Fatalf("restored: %+v %v", a, err)
		}
		a, err = s.Publish(ctx, a.ID, a.Version, "", editor)
		if err != nil || a.Number != 3 {
			t.Fatal(err)
		}
		vs, _ = s.Versions(ctx, a.ID)
		if vs[0].RestoredFrom != 1 {
			t.Fatalf("restored_from: %+v", vs[0])
		}

		// Archive: gone for readers and search; audit records it.
		a, err = s.Archive(ctx, a.ID, a.Version, editor)
		if err != nil || a.Status != "archived" {
			t.Fatal(err)
		}
		if hs, _ := other.Search(ctx, kb.Query{Text: "课程退款"}); len(hs) != 0 {
			t.Fatalf("archived found: %v", titles(hs))
		}
		if _, err := s.Article(ctx, a.ID, kb.Reader{}); code(err) != apperr.NotFound {
			t.Fatal("archived article readable")
		}
		var n int
		if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action IN ('kb_article_published', 'kb_article_archived', 'kb_article_restored') AND target_id = $1`, strconv.FormatInt(a.ID, 10)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 5 {
			t.Fatalf("audit entries: %d", n)
		}
		// Publishing an archived article without changes brings it back, same version.
		a, err = s.Publish(ctx, a.ID, a.Version, "", editor)
		if err != nil || a.Status != "published" || a.Number != 3 {
			t.Fatalf("republish: %+v %v", a, err)
		}
		if err := s.DeleteCategory(ctx, sub.ID); fieldOf(err) != "path.id:field.category_not_empty" {
			t.Fatalf("delete used category: %v", err)
		}
		cats, _ := s.Categories(ctx, "article")
		if len(cats) != 2 || cats[1].Path != "退款与售后 / 课程退款" || cats[1].Count != 1 {
			t.Fatalf("categories: %+v", cats)
		}
	})
}

func TestFeedbackViewsAndReview(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		editor, agent, agent2 := user(t, d, "孙丽"), user(t, d, "王芳"), user(t, d, "李娜")
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		s := kb.New(d, nil, kb.Options{Now: func() time.Time { return now }})
		a, _ := s.CreateArticle(ctx, kb.ArticleInput{Title: "发票怎么开", Body: "在订单详情点击申请发票。"}, editor)
		if _, err := s.Feedback(ctx, a.ID, kb.FeedbackInput{Helpful: ptr(true)}, agent, kb.Reader{}); code(err) != apperr.NotFound {
			t.Fatalf("feedback on a draft: %v", err)
		}
		a, _ = s.Publish(ctx, a.ID, a.Version, "", editor)
		if _, err := s.Feedback(ctx, a.ID, kb.FeedbackInput{Source: "robot"}, agent, kb.Reader{}); !strings.Contains(err.Error(), "body.helpful") || !strings.Contains(err.Error(), "body.source") {
			t.Fatalf("bad feedback: %v", err)
		}
		vote := func(by kb.Actor, helpful bool, source, comment string) kb.Article {
			t.Helper()
			a, err := s.Feedback(ctx, a.ID, kb.FeedbackInput{Helpful: &helpful, Source: source, Comment: comment}, by, kb.Reader{})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		vote(agent, true, "", "")
		got := vote(agent, false, "", "步骤过时了") // changes the agent's vote
		if got.Stats.Helpful != 0 || got.Stats.NotHelpful != 1 {
			t.Fatalf("agent re-vote: %+v", got.Stats)
		}
		vote(agent2, false, "agent", "")
		for i := 0; i < 3; i++ {
			vote(kb.Actor{}, false, "customer", "")
		}
		got = vote(kb.Actor{}, true, "bot", "")
		if got.Stats.Helpful != 1 || got.Stats.NotHelpful != 5 || *got.Stats.HelpfulRatio != 1.0/6 || got.VersionStats.NotHelpful != 5 {
			t.Fatalf("stats: %+v", got.Stats)
		}
		for i := 0; i < 3; i++ {
			if err := s.RecordView(ctx, a.ID, kb.Reader{}); err != nil {
				t.Fatal(err)
			}
		}
		rev, err := s.NeedsReview(ctx)
		if err != nil || len(rev) != 1 || rev[0].Reasons[0] != kb.ReviewLowRatio || len(rev[0].Comments) != 1 || rev[0].Comments[0].Comment != "步骤过时了" || rev[0].Comments[0].UserName != "王芳" {
			t.Fatalf("review: %+v %v", rev, err)
		}
		// A new version starts a clean record and leaves the list.
		a, _ = s.Article(ctx, a.ID, kb.Reader{Manage: true})
		a, _ = s.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Version: a.Version, Body: ptr("1. 打开订单详情\n2. 点击申请发票\n3. 填写抬头和税号")}, editor)
		a, _ = s.Publish(ctx, a.ID, a.Version, "更新步骤", editor)
		if a.Stats.Views != 3 || a.VersionStats.Views != 0 || a.VersionStats.NotHelpful != 0 {
			t.Fatalf("after republish: %+v %+v", a.Stats, a.VersionStats)
		}
		if rev, _ := s.NeedsReview(ctx); len(rev) != 0 {
			t.Fatalf("still listed: %+v", rev)
		}
		// Half a year later it is stale.
		now = now.Add(200 * 24 * time.Hour)
		if rev, _ := s.NeedsReview(ctx); len(rev) != 1 || rev[0].Reasons[0] != kb.ReviewStale {
			t.Fatalf("stale: %+v", rev)
		}
		fb, err := s.FeedbackList(ctx, a.ID, 10)
		if err != nil || len(fb) != 6 || fb[len(fb)-1].Comment != "步骤过时了" {
			t.Fatalf("feedback list: %+v %v", fb, err)
		}
	})
}

func TestScripts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lead := user(t, d, "孙丽")
		s := kb.New(d, nil, kb.Options{})
		cat, _ := s.SaveCategory(ctx, 0, kb.CategoryInput{Kind: "script", NameZH: "致歉与安抚"})
		if _, err := s.CreateScript(ctx, kb.ScriptInput{Title: "致歉", Text: "{客户称乎}您好"}, lead); fieldOf(err) != "body.text:field.script_unknown_var" {
			t.Fatalf("unknown variable: %v", err)
		}
		if _, err := s.CreateScript(ctx, kb.ScriptInput{Title: "致歉", Text: "您好 {客户称呼"}, lead); fieldOf(err) != "body.text:field.script_unclosed" {
			t.Fatalf("unclosed: %v", err)
		}
		if _, err := s.CreateScript(ctx, kb.ScriptInput{Title: "x", Text: "y", CategoryID: ptr(int64(999))}, lead); fieldOf(err) != "body.category_id:field.unknown" {
			t.Fatalf("unknown category: %v", err)
		}
		sc, err := s.CreateScript(ctx, kb.ScriptInput{Title: "退款延迟致歉", Text: "{客户称呼}您好,非常抱歉退款还没有到账,工单 {ticket_number} 已加急,{承诺时间}前给您答复。", CategoryID: &cat.ID}, lead)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Approved || strings.Join(sc.Variables, ",") != "客户称呼,工单号,承诺时间" || sc.CategoryPath != "致歉与安抚" {
			t.Fatalf("created: %+v", sc)
		}
		// Unapproved scripts are invisible to agents and never suggested.
		if _, err := s.Script(ctx, sc.ID, kb.Reader{}); code(err) != apperr.NotFound {
			t.Fatal("agent sees an unapproved script")
		}
		if hs, _ := s.SuggestScripts(ctx, "退款没有到账", "", 0, 5); len(hs) != 0 {
			t.Fatal("unapproved script suggested")
		}
		sc, err = s.ApproveScript(ctx, sc.ID, sc.Version, true, lead)
		if err != nil || !sc.Approved || sc.ApprovedBy != "孙丽" || sc.ApprovedAt == nil {
			t.Fatalf("approve: %+v %v", sc, err)
		}
		hs, err := s.SuggestScripts(ctx, "客户反映退款一直没有到账", "zh-CN", 0, 5)
		if err != nil || len(hs) != 1 || hs[0].Script.ID != sc.ID || hs[0].Score <= 0 {
			t.Fatalf("suggest: %+v %v", hs, err)
		}
		// A new title keeps the approval; new wording withdraws it.
		sc, err = s.UpdateScript(ctx, sc.ID, kb.ScriptPatch{Version: sc.Version, Title: ptr("退款延迟-致歉")}, lead)
		if err != nil || !sc.Approved {
			t.Fatalf("retitle: %+v %v", sc, err)
		}
		if _, err := s.UpdateScript(ctx, sc.ID, kb.ScriptPatch{Version: sc.Version - 1, Text: ptr("x")}, lead); code(err) != apperr.Conflict {
			t.Fatalf("stale: %v", err)
		}
		sc, err = s.UpdateScript(ctx, sc.ID, kb.ScriptPatch{Version: sc.Version, Text: ptr("{客户称呼}您好,退款已加急处理。")}, lead)
		if err != nil || sc.Approved {
			t.Fatalf("rewording keeps approval: %+v %v", sc, err)
		}
		if hs, _ := s.SuggestScripts(ctx, "退款没有到账", "", 0, 5); len(hs) != 0 {
			t.Fatal("script suggested after its approval was withdrawn")
		}
		sc, _ = s.ApproveScript(ctx, sc.ID, sc.Version, true, lead)
		if err := s.UseScript(ctx, sc.ID, nil, lead, kb.Reader{}); err != nil {
			t.Fatal(err)
		}
		if err := s.UseScript(ctx, sc.ID, ptr(int64(12345)), lead, kb.Reader{}); fieldOf(err) != "body.ticket_id:field.unknown" {
			t.Fatalf("use with unknown ticket: %v", err)
		}
		list, err := s.Scripts(ctx, kb.ScriptFilter{Q: "加急"}, kb.Reader{})
		if err != nil || len(list) != 1 || list[0].Uses != 1 {
			t.Fatalf("list: %+v %v", list, err)
		}
		var n int
		if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE target_type = 'kb_script'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3 { // approved, edited after approval, approved again
			t.Fatalf("audit entries: %d", n)
		}
	})
}
