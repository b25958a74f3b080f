package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/bot"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/demo"
	"github.com/kefuhq/kefu/internal/i18n"
	"github.com/kefuhq/kefu/internal/kb"
	"github.com/kefuhq/kefu/internal/taxonomy"
	"github.com/kefuhq/kefu/internal/ticket"
)

// TestBotOnTheKnowledgeBase runs a conversation against the demo knowledge
// base on both engines: only public published articles and sayable
// scripts are used, and the customer's verdict reaches the article's
// usefulness in the same transaction.
func TestBotOnTheKnowledgeBase(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, d, demo.Options{Customers: 5, Tickets: 5, Contacts: -1, Now: time.Now()}, nil); err != nil {
			t.Fatal(err)
		}
		k := bot.KB{S: kb.New(d, nil, kb.Options{})}
		items, err := k.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var articles, scripts int
		for _, c := range items {
			if c.Kind == "article" {
				articles++
				if c.Body == "" || len(c.Questions) == 0 {
					t.Errorf("article %d %q without body or questions", c.ID, c.Title)
				}
			} else {
				scripts++
			}
			for _, bad := range []string{"(内部)", "(草稿)", "已过期", "风控解除通知", "地址已修改", "标准开场"} {
				if contains(c.Title, bad) {
					t.Errorf("the bot may use %s %q", c.Kind, c.Title)
				}
			}
		}
		if articles < 20 || scripts == 0 {
			t.Errorf("%d articles and %d scripts for the bot", articles, scripts)
		}
		var uid int64
		if err := d.Reader().QueryRow(ctx, `SELECT id FROM users ORDER BY id LIMIT 1`).Scan(&uid); err != nil {
			t.Fatal(err)
		}
		svc := bot.New(d, k, ticket.New(d, taxonomy.New(d), nil), contact.New(d), bot.Options{Feedback: k})
		by := bot.Actor{ID: uid, Name: "渠道"}
		r, err := svc.Start(ctx, bot.StartInput{}, i18n.ZH, by)
		if err != nil {
			t.Fatal(err)
		}
		r, err = svc.Send(ctx, r.Conversation.ID, "退款审核通过好几天了还没收到钱", by)
		if err != nil {
			t.Fatal(err)
		}
		if r.Message.Kind != bot.KindAnswer || r.Message.Sources[0].Title != "退款多久到账?" || r.Message.Sources[0].Number == 0 {
			t.Fatalf("answer %+v", r.Message)
		}
		src := r.Message.Sources[0]
		var before, votesBefore int64
		d.Reader().QueryRow(ctx, `SELECT helpful FROM kb_article_versions WHERE article_id = $1 AND number = $2`, src.ID, src.Number).Scan(&before)
		d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM kb_feedback WHERE article_id = $1 AND source = 'bot'`, src.ID).Scan(&votesBefore)
		if _, err := svc.Feedback(ctx, r.Conversation.ID, bot.FeedbackInput{MessageID: r.Message.ID, Helpful: true}, by); err != nil {
			t.Fatal(err)
		}
		var after, votes int64
		d.Reader().QueryRow(ctx, `SELECT helpful FROM kb_article_versions WHERE article_id = $1 AND number = $2`, src.ID, src.Number).Scan(&after)
		d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM kb_feedback WHERE article_id = $1 AND source = 'bot'`, src.ID).Scan(&votes)
		if after != before+1 || votes != votesBefore+1 {
			t.Errorf("article helpful %d → %d, bot votes %d", before, after, votes)
		}
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
