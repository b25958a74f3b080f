package bot

import (
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/i18n"
)

func TestDecide(t *testing.T) {
	items := fixture(t)
	cl, err := TrainClassifier(items)
	if err != nil {
		t.Fatal(err)
	}
	p := Policy{}
	pending := State{Pending: []Option{{N: 1, Kind: "article", ID: 1, Title: "退款多久到账"}, {N: 2, Kind: "article", ID: 2, Title: "如何申请课程退款"}}, Asked: "退款"}
	cases := []struct {
		name   string
		text   string
		state  State
		kind   string
		reason string
		source string // title of the answer's source
		inText string // the reply contains this
	}{
		{"zh answer from a similar question", "退款什么时候到账", State{}, KindAnswer, "", "退款多久到账", "原路退回"},
		{"zh paraphrase with typos", "退宽多久到帐", State{}, KindAnswer, "", "退款多久到账", ""},
		{"zh long message", "你好,我上周在你们这买了东西申请了退款,到现在都没收到钱,请问一般要几天才能到账?", State{}, KindAnswer, "", "退款多久到账", ""},
		{"en answer", "when will I get my refund", State{}, KindAnswer, "", "How long does a refund take", "business days"},
		{"en typo", "forgot my pasword", State{}, KindAnswer, "", "Resetting a forgotten password", ""},
		{"script answer", "预售商品多久发货", State{}, KindAnswer, "", "预售商品发货时间说明", ""},
		{"zh out of scope", "帮我写一首诗", State{}, KindUnknown, "", "", "暂时回答不了"},
		{"en out of scope", "tell me a joke", State{}, KindUnknown, "", "", "don't know"},
		{"second failure hands off", "推荐一部电影", State{Failures: 1}, KindHandoff, ReasonFailure, "", "人工"},
		{"zh asks for a human", "转人工", State{}, KindHandoff, ReasonRequested, "", ""},
		{"zh asks for a human in a sentence", "别废话了我要找人工客服", State{}, KindHandoff, ReasonRequested, "", ""},
		{"en asks for an agent", "I want to talk to a human", State{}, KindHandoff, ReasonRequested, "", ""},
		{"not a request for a human", "不要人工,我自己看看退款多久到账", State{}, KindAnswer, "", "退款多久到账", ""},
		{"zh abuse", "你这个破机器人傻逼吧", State{}, KindHandoff, ReasonAbuse, "", ""},
		{"en abuse", "you stupid bot, fuck this", State{}, KindHandoff, ReasonAbuse, "", ""},
		{"zh anger", "气死我了,等了一个月还没发货!!!", State{}, KindHandoff, ReasonEmotion, "", ""},
		{"en anger", "This is outrageous, I am furious", State{}, KindHandoff, ReasonEmotion, "", ""},
		{"zh complaint", "我要投诉你们的快递员", State{}, KindHandoff, ReasonComplaint, "", "投诉"},
		{"en complaint", "I want to file a complaint", State{}, KindHandoff, ReasonComplaint, "", ""},
		{"refund above the limit", "我要退款 1200 元", State{}, KindHandoff, ReasonSensitive, "", ""},
		{"refund amount in 万", "退款2万", State{}, KindHandoff, ReasonSensitive, "", ""},
		{"refund below the limit is answered", "退款 50 元多久到账", State{}, KindAnswer, "", "退款多久到账", ""},
		{"order numbers are not amounts", "订单 202603150001 的退款多久到账", State{}, KindAnswer, "", "退款多久到账", ""},
		{"account closure", "帮我注销账户", State{}, KindHandoff, ReasonSensitive, "", ""},
		{"zh greeting", "你好", State{}, KindSmallTalk, "", "", "有什么可以帮您"},
		{"en greeting", "Hi!", State{}, KindSmallTalk, "", "", "How can I help"},
		{"zh thanks", "谢谢!", State{}, KindSmallTalk, "", "", "不客气"},
		{"zh bye", "再见", State{}, KindSmallTalk, "", "", "再见"},
		{"zh understood", "明白了", State{}, KindSmallTalk, "", "", "不客气"},
		{"zh thanks with a particle", "好的谢谢你", State{}, KindSmallTalk, "", "", "不客气"},
		{"greeting with a question is the question", "你好,怎么开发票", State{}, KindAnswer, "", "如何开具发票", ""},
		{"none of these", "都不是", pending, KindUnknown, "", "", ""},
		{"emotion outranks the answer", "退款到现在都没到账,你们就是骗子", State{}, KindHandoff, ReasonEmotion, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := p.Decide(Turn{Text: c.text, Lang: LangOf(c.text), State: c.state, Candidates: cl.WithPriors(c.text, items)})
			if d.Kind != c.kind || d.Reason != c.reason {
				t.Fatalf("%q: %s/%s (%.2f %v), want %s/%s", c.text, d.Kind, d.Reason, d.Confidence, d.Options, c.kind, c.reason)
			}
			if c.source != "" && (len(d.Sources) != 1 || d.Sources[0].Title != c.source) {
				t.Errorf("sources %v, want %q", d.Sources, c.source)
			}
			if c.inText != "" && !strings.Contains(d.Text, c.inText) {
				t.Errorf("reply %q lacks %q", d.Text, c.inText)
			}
			if d.Kind == KindAnswer && d.State.Failures != 0 {
				t.Errorf("an answer leaves %d failures", d.State.Failures)
			}
		})
	}
}

func TestClarifyAndPick(t *testing.T) {
	items := fixture(t)
	p := Policy{}
	// Two items about refunds: a bare "退款" fits both.
	d := p.Decide(Turn{Text: "退款", Lang: i18n.ZH, Candidates: items})
	if d.Kind != KindClarify || len(d.Options) < 2 {
		t.Fatalf("退款: %s %v, want a clarifying question with options", d.Kind, d.Options)
	}
	if !strings.Contains(d.Text, "① ") || !strings.Contains(d.Text, "您想咨询的是") {
		t.Errorf("clarify text %q", d.Text)
	}
	if len(d.State.Pending) != len(d.Options) || d.State.Asked != "退款" {
		t.Errorf("state %+v", d.State)
	}
	opts := d.Options
	for _, c := range []struct {
		reply string
		want  int // option number, 0 for none
	}{
		{"1", 1}, {"2", 2}, {"②", 2}, {"第二个", 2}, {"选1", 1}, {"the second one", 2},
		{opts[1].Title, 2}, {"9", 0}, {"随便", 0},
	} {
		got, ok := PickOption(c.reply, opts)
		if c.want == 0 {
			if ok {
				t.Errorf("%q picked %d, want none", c.reply, got.N)
			}
			continue
		}
		if !ok || got.N != c.want {
			t.Errorf("%q picked %v %d, want %d", c.reply, ok, got.N, c.want)
		}
	}
}

func TestLangOf(t *testing.T) {
	for text, want := range map[string]i18n.Lang{"退款": i18n.ZH, "refund": i18n.EN, "my 订单": i18n.ZH, "": i18n.EN} {
		if got := LangOf(text); got != want {
			t.Errorf("LangOf(%q) = %s, want %s", text, got, want)
		}
	}
}

func TestKeyParagraph(t *testing.T) {
	short := "退款 1–3 个工作日到账。"
	if got := KeyParagraph(short, "退款"); got != short {
		t.Errorf("short article: %q", got)
	}
	long := "## 标题\n\n" + strings.Repeat("总则说明文字。", 40) + "\n\n发票开具:订单确认收货后点击申请开票,电子发票三个工作日内发送到邮箱。\n\n" + strings.Repeat("其他说明。", 40)
	got := KeyParagraph(long, "怎么开发票")
	if !strings.HasPrefix(got, "发票开具") || strings.Contains(got, "##") {
		t.Errorf("long article: %q", got)
	}
	if got := KeyParagraph(long, "天气"); !strings.HasPrefix(got, "总则") {
		t.Errorf("no paragraph fits: want the first, got %q", got)
	}
}

func TestSummary(t *testing.T) {
	no := false
	msgs := []Message{
		{Role: "customer", Kind: KindMessage, Text: "你好"},
		{Role: "bot", Kind: KindSmallTalk, Text: "您好!"},
		{Role: "customer", Kind: KindMessage, Text: "退款多久到账"},
		{Role: "bot", Kind: KindAnswer, Text: "…", Sources: []Source{{Kind: "article", ID: 1, Title: "退款多久到账"}}, Helpful: &no},
		{Role: "customer", Kind: KindMessage, Text: "我等了十天了还没到"},
		{Role: "bot", Kind: KindUnknown, Text: "…"},
		{Role: "customer", Kind: KindMessage, Text: "转人工"},
	}
	got := Summary(i18n.ZH, msgs, ReasonRequested)
	for _, want := range []string{"客户问题:退款多久到账;我等了十天了还没到;转人工", "机器人回答:《退款多久到账》(客户 1 次反馈没有帮助)", "转人工原因:客户要求人工"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "你好") {
		t.Errorf("small talk in the summary:\n%s", got)
	}
	en := Summary(i18n.EN, []Message{{Role: "customer", Text: "where is my parcel"}}, ReasonFailure)
	if !strings.Contains(en, "Customer asked: where is my parcel") || !strings.Contains(en, "(no answer given)") {
		t.Errorf("en summary:\n%s", en)
	}
}

func TestDetectAmounts(t *testing.T) {
	for text, want := range map[string]int64{
		"退款 1200 元": 120000, "退款¥99.5": 9950, "refund 30 yuan": 3000, "退款2万": 2000000,
		"订单 202603150001 退款": 0, "退款三天了": 0,
	} {
		if got := Detect(text, 50000).Amount; got != want {
			t.Errorf("%q: amount %d, want %d", text, got, want)
		}
	}
}

func FuzzPolicy(f *testing.F) {
	for _, s := range []string{"退款多久到账", "转人工", "①", "", "退款 ¥9999999999999999999", "\x00\xff"} {
		f.Add(s)
	}
	items := []Candidate{{Kind: "article", ID: 1, Title: "退款多久到账", Body: "1–3 个工作日", Questions: []string{"退款什么时候到"}}}
	f.Fuzz(func(t *testing.T, s string) {
		d := Policy{}.Decide(Turn{Text: s, Lang: LangOf(s), Candidates: items, State: State{Pending: []Option{{N: 1, Title: "x"}}}})
		if d.Kind == "" || d.Text == "" {
			t.Fatalf("%q: empty decision %+v", s, d)
		}
		PickOption(s, []Option{{N: 1, Title: "退款"}, {N: 2, Title: "发票"}})
	})
}
