package bot_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/bot"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/i18n"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/taxonomy"
	"github.com/kefuhq/kefu/internal/ticket"
)

type item struct {
	bot.Candidate
	Body      string   `json:"body"`
	Questions []string `json:"questions"`
}

func knowledge(t *testing.T) bot.StaticKnowledge {
	b, err := os.ReadFile("testdata/knowledge.json")
	if err != nil {
		t.Fatal(err)
	}
	var items []item
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	var k bot.StaticKnowledge
	for _, it := range items {
		c := it.Candidate
		c.Body, c.Questions = it.Body, it.Questions
		k.Items = append(k.Items, c)
	}
	return k
}

// recorder is a FeedbackSink that remembers what it was told.
type recorder struct{ got []bot.AnswerFeedback }

func (r *recorder) RecordTx(_ context.Context, _ *db.Tx, f bot.AnswerFeedback) error {
	r.got = append(r.got, f)
	return nil
}

type fixture struct {
	svc     *bot.Service
	tickets *ticket.Service
	fb      *recorder
	by      bot.Actor
	other   bot.Actor
	clock   *time.Time
}

func setup(t *testing.T, d *db.DB) fixture {
	ctx := context.Background()
	ids := identity.New(d, time.Hour)
	team, err := ids.SaveTeam(ctx, 0, identity.TeamInput{Name: "一线客服", Kind: "service"}, identity.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var users []int64
	for _, e := range []string{"widget@example.com", "other@example.com"} {
		u, err := ids.CreateUser(ctx, identity.NewUser{Email: e, Name: "渠道", Password: "password-1", Role: "admin", TeamID: &team.ID}, identity.Actor{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u.ID)
	}
	tickets := ticket.New(d, taxonomy.New(d), nil)
	fb := &recorder{}
	now := time.Date(2026, 3, 16, 2, 0, 0, 0, time.UTC)
	f := fixture{tickets: tickets, fb: fb, by: bot.Actor{ID: users[0], Name: "网页渠道"}, other: bot.Actor{ID: users[1], Name: "其他"}, clock: &now}
	f.svc = bot.New(d, knowledge(t), tickets, contact.New(d), bot.Options{
		Feedback: fb,
		Promise:  func(context.Context, int64) (time.Time, error) { return now.Add(4 * time.Hour), nil },
	})
	f.svc.SetClock(func() time.Time { return *f.clock })
	if err := f.svc.RefreshClassifier(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) tick(d time.Duration) { *f.clock = f.clock.Add(d) }

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func TestConversationStorage(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)

		t.Run("answer with source, feedback to the article", func(t *testing.T) {
			r, err := f.svc.Start(ctx, bot.StartInput{Channel: "web"}, i18n.ZH, f.by)
			if err != nil {
				t.Fatal(err)
			}
			if r.Message.Kind != "welcome" || r.Conversation.Status != bot.StatusOpen {
				t.Fatalf("start: %+v", r)
			}
			id := r.Conversation.ID
			f.tick(time.Second)
			r, err = f.svc.Send(ctx, id, "退款一般几天能到账?", f.by)
			if err != nil {
				t.Fatal(err)
			}
			if r.Message.Kind != bot.KindAnswer || len(r.Message.Sources) != 1 || r.Message.Sources[0].Title != "退款多久到账" {
				t.Fatalf("answer: %+v", r.Message)
			}
			if !strings.Contains(r.Message.Text, "原路退回") || r.Conversation.Answers != 1 {
				t.Errorf("answer text %q, answers %d", r.Message.Text, r.Conversation.Answers)
			}
			if _, err := f.svc.Feedback(ctx, id, bot.FeedbackInput{MessageID: r.Message.ID, Helpful: true}, f.by); err != nil {
				t.Fatal(err)
			}
			if len(f.fb.got) != 1 || f.fb.got[0].ID != 1 || !f.fb.got[0].Helpful {
				t.Errorf("feedback sink got %+v", f.fb.got)
			}
			if _, err := f.svc.Feedback(ctx, id, bot.FeedbackInput{MessageID: r.Message.ID, Helpful: false}, f.by); code(err) != apperr.Invalid {
				t.Errorf("second vote: %v, want invalid", err)
			}
			if _, err := f.svc.Feedback(ctx, id, bot.FeedbackInput{MessageID: r.Message.ID - 1}, f.by); code(err) != apperr.Invalid {
				t.Errorf("vote on the customer's message: %v, want invalid", err)
			}
			r, err = f.svc.Rate(ctx, id, bot.RateInput{Score: 5, Comment: "很快"}, f.by)
			if err != nil {
				t.Fatal(err)
			}
			if r.Conversation.Outcome != bot.OutcomeContained || r.Conversation.CSAT == nil || *r.Conversation.CSAT != 5 {
				t.Errorf("after rating: %+v", r.Conversation)
			}
			if _, err := f.svc.Send(ctx, id, "还有问题", f.by); code(err) != apperr.Conflict {
				t.Errorf("message to an ended conversation: %v, want conflict", err)
			}
			if _, err := f.svc.Rate(ctx, id, bot.RateInput{Score: 4}, f.by); code(err) != apperr.Invalid {
				t.Errorf("second rating: %v, want invalid", err)
			}
		})

		t.Run("clarify then pick", func(t *testing.T) {
			r, _ := f.svc.Start(ctx, bot.StartInput{}, i18n.ZH, f.by)
			id := r.Conversation.ID
			r, err := f.svc.Send(ctx, id, "退款", f.by)
			if err != nil {
				t.Fatal(err)
			}
			if r.Message.Kind != bot.KindClarify || len(r.Message.Options) < 2 {
				t.Fatalf("clarify: %+v", r.Message)
			}
			want := r.Message.Options[1]
			r, err = f.svc.Send(ctx, id, "第二个", f.by)
			if err != nil {
				t.Fatal(err)
			}
			if r.Message.Kind != bot.KindAnswer || r.Message.Sources[0].ID != want.ID {
				t.Fatalf("pick by words: %+v, want %v", r.Message, want)
			}
			r, _ = f.svc.Send(ctx, id, "退款", f.by)
			if _, err := f.svc.Pick(ctx, id, 9, f.by); code(err) != apperr.Invalid {
				t.Errorf("pick 9: %v", err)
			}
			r, err = f.svc.Pick(ctx, id, 1, f.by)
			if err != nil || r.Message.Kind != bot.KindAnswer {
				t.Fatalf("pick 1: %v %+v", err, r.Message)
			}
		})

		t.Run("hand-off creates contact and ticket with summary", func(t *testing.T) {
			r, _ := f.svc.Start(ctx, bot.StartInput{CustomerName: "王女士", CustomerPhone: "13800138000"}, i18n.ZH, f.by)
			id := r.Conversation.ID
			f.svc.Send(ctx, id, "你好", f.by)
			f.svc.Send(ctx, id, "推荐一部电影", f.by)
			// The second question it cannot answer hands off.
			r, err := f.svc.Send(ctx, id, "我的订单被取消了还扣了钱", f.by)
			if err != nil {
				t.Fatal(err)
			}
			if r.Reason != bot.ReasonFailure || r.Message.Kind != bot.KindHandoff || r.Conversation.Outcome != bot.OutcomeHandedOff || r.Conversation.TicketID == nil {
				t.Fatalf("hand-off: %+v / %+v", r.Message, r.Conversation)
			}
			if !strings.Contains(r.Message.Text, r.Conversation.TicketNumber) || !strings.Contains(r.Message.Text, "前回复您") {
				t.Errorf("hand-off message %q lacks the number or the promise", r.Message.Text)
			}
			tk, err := f.tickets.Get(ctx, *r.Conversation.TicketID, ticket.Viewer{All: true})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tk.Subject, "自助机器人转人工:") || tk.CustomerID == nil || len(tk.ContactIDs) != 1 || tk.TeamName != "一线客服" {
				t.Errorf("ticket %+v", tk)
			}
			for _, want := range []string{"客户问题:", "推荐一部电影", "转人工原因:机器人多次未能解答", "会话记录", "客户:我的订单被取消了还扣了钱"} {
				if !strings.Contains(tk.Description, want) {
					t.Errorf("ticket description lacks %q:\n%s", want, tk.Description)
				}
			}
			evs, _ := f.tickets.Events(ctx, tk.ID, ticket.Viewer{All: true})
			found := false
			for _, e := range evs {
				found = found || e.Kind == "bot_handoff"
			}
			if !found {
				t.Errorf("no bot_handoff event in %+v", evs)
			}
			list, err := f.svc.ByTicket(ctx, tk.ID)
			if err != nil || len(list) != 1 || list[0].ID != id || len(list[0].Messages) != 7 {
				t.Errorf("by ticket: %v %+v", err, list)
			}
			// The same phone finds the same customer next time.
			r2, _ := f.svc.Start(ctx, bot.StartInput{CustomerPhone: "138-0013-8000"}, i18n.ZH, f.by)
			r2, err = f.svc.RequestHandoff(ctx, r2.Conversation.ID, f.by)
			if err != nil {
				t.Fatal(err)
			}
			if r2.Conversation.CustomerID == nil || *r2.Conversation.CustomerID != *tk.CustomerID {
				t.Errorf("second hand-off customer %v, want %v", r2.Conversation.CustomerID, *tk.CustomerID)
			}
		})

		t.Run("complaint hands off at high priority", func(t *testing.T) {
			r, _ := f.svc.Start(ctx, bot.StartInput{Lang: "en"}, i18n.ZH, f.by)
			r, err := f.svc.Send(ctx, r.Conversation.ID, "I want to file a complaint about the courier", f.by)
			if err != nil {
				t.Fatal(err)
			}
			tk, _ := f.tickets.Get(ctx, *r.Conversation.TicketID, ticket.Viewer{All: true})
			if r.Reason != bot.ReasonComplaint || tk.Priority != "high" || tk.ServiceType != "complaint" || !strings.HasPrefix(tk.Subject, "From the self-service bot") {
				t.Errorf("complaint: reason %s ticket %+v", r.Reason, tk)
			}
		})

		t.Run("others' conversations are not found", func(t *testing.T) {
			r, _ := f.svc.Start(ctx, bot.StartInput{}, i18n.ZH, f.by)
			if _, err := f.svc.Send(ctx, r.Conversation.ID, "退款", f.other); code(err) != apperr.NotFound {
				t.Errorf("other integration: %v, want not found", err)
			}
			if _, err := f.svc.Get(ctx, r.Conversation.ID, bot.Actor{ID: f.other.ID, ReadAll: true}); err != nil {
				t.Errorf("a reader with read_all: %v", err)
			}
		})

		t.Run("bad input and limits", func(t *testing.T) {
			if _, err := f.svc.Start(ctx, bot.StartInput{Channel: "phone"}, i18n.ZH, f.by); code(err) != apperr.Invalid {
				t.Errorf("phone channel: %v", err)
			}
			r, _ := f.svc.Start(ctx, bot.StartInput{}, i18n.ZH, f.by)
			id := r.Conversation.ID
			if _, err := f.svc.Send(ctx, id, "   ", f.by); code(err) != apperr.Invalid {
				t.Errorf("blank text: %v", err)
			}
			if _, err := f.svc.Send(ctx, id, strings.Repeat("退", 1001), f.by); code(err) != apperr.Invalid {
				t.Errorf("long text: %v", err)
			}
			var last error
			for i := 0; i < 21 && last == nil; i++ {
				_, last = f.svc.Send(ctx, id, "你好", f.by)
			}
			if code(last) != apperr.RateLimited {
				t.Errorf("21 messages in a minute: %v, want rate limited", last)
			}
			var n int
			d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM bot_messages WHERE conversation_id = $1 AND role = 'customer'`, id).Scan(&n)
			if n != 20 {
				t.Errorf("%d customer messages stored, want 20 (the refused one writes nothing)", n)
			}
		})

		t.Run("report", func(t *testing.T) {
			f.tick(2 * time.Hour) // the open ones are idle now
			rep, err := f.svc.Report(ctx, bot.ReportInput{From: f.clock.Add(-24 * time.Hour), To: f.clock.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Conversations != 7 || rep.HandedOff != 3 || rep.Contained != 2 || rep.Abandoned != 2 {
				t.Errorf("report %+v", rep)
			}
			if rep.ContainmentRate != 0.286 || rep.CSAT.Count != 1 || rep.CSAT.Average != 5 || rep.CSAT.Distribution[4] != 1 {
				t.Errorf("rates %+v", rep)
			}
			if len(rep.Unanswered) == 0 || rep.Answers.Helpful != 1 || len(rep.Days) != 1 {
				t.Errorf("unanswered %+v answers %+v days %+v", rep.Unanswered, rep.Answers, rep.Days)
			}
			reasons := map[string]int{}
			for _, rc := range rep.HandoffReasons {
				reasons[rc.Reason] = rc.Count
			}
			if reasons[bot.ReasonRequested] != 1 || reasons[bot.ReasonFailure] != 1 || reasons[bot.ReasonComplaint] != 1 {
				t.Errorf("reasons %v", reasons)
			}
			if _, err := f.svc.Report(ctx, bot.ReportInput{From: *f.clock, To: f.clock.Add(-time.Hour)}); code(err) != apperr.Invalid {
				t.Errorf("inverted range: %v", err)
			}
		})
	})
}
