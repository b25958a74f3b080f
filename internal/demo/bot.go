package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/kefuhq/kefu/internal/bot"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/emotion"
	"github.com/kefuhq/kefu/internal/i18n"
	"github.com/kefuhq/kefu/internal/kb"
	"github.com/kefuhq/kefu/internal/taxonomy"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Self-service bot conversations for the demo: customers of the web chat
// asking the real bot (the demo knowledge base, the real policy) over the
// 30 days before Options.Now, so that the bot's report shows containment,
// hand-off reasons, CSAT and the questions the knowledge base lacks. Each
// conversation follows one of a few customer behaviours, weighted as a
// centre might see them; the bot decides as it would live, so the outcome
// is whatever it does.

const botChannelEmail = "webchat@kefu.local"

// botAsk are questions the demo knowledge base answers, as customers write them.
var botAsk = []string{
	"退款审核通过好几天了还没收到钱", "退款多久能到账", "报的课不想上了怎么退", "孩子上了两节课不想上了能退吗",
	"衣服尺码不合适想退货", "物流三天没更新了", "快递一直在中转站不动", "显示签收了但我没收到",
	"地址填错了能改吗", "付款好几天了还不发货", "被扣了两次钱", "支付失败但是钱扣了",
	"怎么开电子发票", "发票抬头开错了", "账户被冻结了怎么办", "账号被限制登录了",
	"密码忘了", "收不到验证码", "人脸识别一直失败", "视频一直加载不出来", "回放黑屏只有声音",
	"想换个老师", "课程能分期吗", "怎么关闭自动续费", "外地社保怎么转过来", "衣服开线了",
}

// botVague are bare topics: the bot asks which one is meant.
var botVague = []string{"退款", "发票", "物流", "账户", "课程"}

// botMissing are questions customers ask that no public article answers
// yet: they fill the report's "unanswered" list, as editors would see it.
var botMissing = []string{
	"积分怎么兑换", "优惠券用不了", "能货到付款吗", "会员有什么权益", "运费怎么算",
	"可以寄到国外吗", "能开专票吗", "门店地址在哪", "能预约上门取件吗", "直播课有回放吗",
}

var botOutOfScope = []string{"今天天气怎么样", "推荐一部电影", "你是机器人吗"}

var botRephrase = map[string]string{
	"积分怎么兑换": "积分能换什么东西", "优惠券用不了": "结算的时候券不能用", "能货到付款吗": "可以收货后再付钱吗",
	"运费怎么算": "邮费多少钱",
}

type botScenario struct {
	weight int
	run    func(p *botPlayer)
}

var botScenarios = []botScenario{
	{38, func(p *botPlayer) {
		p.ask(p.pick(botAsk))
		p.maybeHelpful()
		p.maybeThanks()
		p.rate(4, 5, 0.45)
		p.end()
	}},
	{8, func(p *botPlayer) {
		p.ask(p.pick(botAsk))
		p.maybeHelpful()
		p.ask(p.pick(botAsk))
		p.rate(4, 5, 0.4)
		p.end()
	}},
	{8, func(p *botPlayer) {
		p.ask(p.pick(botVague))
		p.ask(fmt.Sprint(1 + p.r.IntN(2)))
		p.maybeHelpful()
		p.rate(3, 5, 0.35)
		p.end()
	}},
	{7, func(p *botPlayer) {
		p.ask(p.pick(botAsk))
		p.notHelpful()
		if p.r.IntN(2) == 0 {
			p.ask("转人工")
		} else {
			p.ask(p.pick(botMissing))
		}
		p.rate(2, 4, 0.3)
	}},
	{10, func(p *botPlayer) {
		p.ask(p.pick([]string{"转人工", "人工客服", "我要找人工", "能不能让真人来回答"}))
		p.rate(3, 5, 0.25)
	}},
	{9, func(p *botPlayer) { // a question the knowledge base lacks, asked twice
		q := p.pick(botMissing)
		p.ask(q)
		if re, ok := botRephrase[q]; ok {
			p.ask(re)
		} else {
			p.ask(p.pick(botMissing))
		}
		p.rate(1, 3, 0.3)
	}},
	{4, func(p *botPlayer) { p.ask(p.pick(botMissing)); p.leave() }},
	{4, func(p *botPlayer) {
		p.ask(p.pick([]string{"我要投诉你们的快递员", "投诉客服态度太差", "我要投诉,东西坏了没人管"}))
		p.rate(1, 3, 0.3)
	}},
	{3, func(p *botPlayer) {
		p.ask(p.pick([]string{"气死我了,等了一个月还没发货!!!", "你们就是骗子,钱扣了东西不发", "太过分了,客服电话一直打不通"}))
	}},
	{3, func(p *botPlayer) {
		p.ask(p.pick([]string{"我要退款2000元", "帮我注销账户", "退款 ¥1,200"}))
		p.rate(3, 5, 0.3)
	}},
	{4, func(p *botPlayer) { p.ask(p.pick([]string{"你好", "在吗"})); p.leave() }},
	{2, func(p *botPlayer) { p.ask(p.pick(botOutOfScope)); p.ask(p.pick(botAsk)); p.end() }},
}

type botPlayer struct {
	ctx   context.Context
	svc   *bot.Service
	by    bot.Actor
	r     *rand.Rand
	clock *time.Time
	id    int64
	last  bot.Reply
	err   error
	done  bool
}

func (p *botPlayer) pick(xs []string) string { return xs[p.r.IntN(len(xs))] }

func (p *botPlayer) wait() { *p.clock = p.clock.Add(time.Duration(15+p.r.IntN(75)) * time.Second) }

func (p *botPlayer) ask(text string) {
	if p.err != nil || p.done {
		return
	}
	p.wait()
	p.last, p.err = p.svc.Send(p.ctx, p.id, text, p.by)
	if p.err == nil && p.last.Conversation.Status != bot.StatusOpen {
		p.done = true
	}
}

// maybeHelpful: a third of the customers say an answer helped.
func (p *botPlayer) maybeHelpful() {
	if p.err != nil || p.done || p.last.Message.Kind != bot.KindAnswer || p.r.IntN(3) != 0 {
		return
	}
	p.wait()
	_, p.err = p.svc.Feedback(p.ctx, p.id, bot.FeedbackInput{MessageID: p.last.Message.ID, Helpful: true}, p.by)
}

func (p *botPlayer) notHelpful() {
	if p.err != nil || p.done || p.last.Message.Kind != bot.KindAnswer {
		return
	}
	p.wait()
	p.last, p.err = p.svc.Feedback(p.ctx, p.id, bot.FeedbackInput{MessageID: p.last.Message.ID, Helpful: false, Comment: "没解决我的问题"}, p.by)
	if p.err == nil && p.last.Conversation.Status != bot.StatusOpen {
		p.done = true
	}
}

func (p *botPlayer) maybeThanks() {
	if p.r.IntN(2) == 0 {
		p.ask(p.pick([]string{"谢谢", "好的谢谢", "明白了"}))
	}
}

// rate gives a CSAT between lo and hi with probability prob.
func (p *botPlayer) rate(lo, hi int, prob float64) {
	if p.err != nil || p.r.Float64() >= prob {
		return
	}
	p.wait()
	_, p.err = p.svc.Rate(p.ctx, p.id, bot.RateInput{Score: lo + p.r.IntN(hi-lo+1)}, p.by)
	p.done = true
}

func (p *botPlayer) end() {
	if p.err != nil || p.done {
		return
	}
	p.wait()
	_, p.err = p.svc.End(p.ctx, p.id, p.by)
	p.done = true
}

// leave: the customer closes the window and the conversation goes idle
// (the report counts it as ended after half an hour).
func (p *botPlayer) leave() { p.done = true }

// loadBotConversations plays n conversations unless the database has some.
func loadBotConversations(ctx context.Context, d *db.DB, o Options, res *Result) error {
	var have int
	if err := d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM bot_conversations`).Scan(&have); err != nil || have > 0 || o.BotConversations <= 0 {
		return err
	}
	// The web chat's integration account (API token only, no password).
	by := bot.Actor{Name: "网页在线客服渠道"}
	err := d.WriteTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, botChannelEmail).Scan(&by.ID)
		if errors.Is(err, sql.ErrNoRows) {
			by.ID, err = db.InsertID(ctx, tx, `INSERT INTO users (email, name, password_hash, role, level, created_at, updated_at) VALUES ($1, $2, '', 'integration', '', $3, $3)`,
				botChannelEmail, by.Name, db.Millis(o.Now.AddDate(0, 0, -60)))
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("demo: bot channel account: %w", err)
	}
	clock := o.Now
	k := bot.KB{S: kb.New(d, nil, kb.Options{})}
	em, err := emotion.Default()
	if err != nil {
		return fmt.Errorf("demo: emotion model: %w", err)
	}
	svc := bot.New(d, k, ticket.New(d, taxonomy.New(d), nil), contact.New(d), bot.Options{Feedback: k, Emotion: bot.EmotionModel{Scorer: em}})
	svc.SetClock(func() time.Time { return clock })
	if err := svc.RefreshClassifier(ctx); err != nil {
		return fmt.Errorf("demo: bot classifier: %w", err)
	}
	seed := uint64(o.Seed) + 0xB07
	r := rand.New(rand.NewPCG(seed, seed*0x9E3779B97F4A7C15))
	total := 0
	for _, s := range botScenarios {
		total += s.weight
	}
	// Start times spread over 30 days, busier in the day, oldest first.
	starts := make([]time.Time, o.BotConversations)
	for i := range starts {
		day := o.Now.AddDate(0, 0, -30+r.IntN(30))
		hour := 8 + r.IntN(14)
		if r.IntN(6) == 0 {
			hour = r.IntN(24)
		}
		starts[i] = time.Date(day.Year(), day.Month(), day.Day(), hour, r.IntN(60), r.IntN(60), 0, time.UTC).Add(-8 * time.Hour)
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	for _, at := range starts {
		if at.After(o.Now.Add(-time.Hour)) {
			at = o.Now.Add(-time.Hour)
		}
		clock = at
		lang := i18n.ZH
		st, err := svc.Start(ctx, bot.StartInput{Channel: "web", Lang: string(lang)}, lang, by)
		if err != nil {
			return fmt.Errorf("demo: bot conversation: %w", err)
		}
		p := &botPlayer{ctx: ctx, svc: svc, by: by, r: r, clock: &clock, id: st.Conversation.ID}
		n := r.IntN(total)
		for _, s := range botScenarios {
			if n < s.weight {
				s.run(p)
				break
			}
			n -= s.weight
		}
		if p.err != nil {
			return fmt.Errorf("demo: bot conversation %d: %w", p.id, p.err)
		}
		res.BotConversations++
	}
	return nil
}
