package kb

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestStem(t *testing.T) {
	groups := [][]string{
		{"refund", "refunds", "refunded", "refunding"},
		{"invoice", "invoices", "invoiced"},
		{"charge", "charges", "charged", "charging"},
		{"ship", "ships", "shipped", "shipping"},
		{"delivery", "deliveries"},
		{"course", "courses"},
		{"miss", "missing", "missed"},
		{"account", "accounts"},
	}
	for _, g := range groups {
		want := stem(g[0])
		for _, w := range g[1:] {
			if got := stem(w); got != want {
				t.Errorf("stem(%q) = %q, want %q like %q", w, got, want, g[0])
			}
		}
	}
	for _, w := range []string{"status", "bus", "app", "id", "is"} {
		if got := stem(w); got != w {
			t.Errorf("stem(%q) = %q, want it unchanged", w, got)
		}
	}
}

func texts(ts []term) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return out
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"fillers dropped, bigrams across gse's cut", "你好,我想问一下退款什么时候到账啊",
			[]string{"w:退款", "w:什么", "w:时候", "w:到", "w:账", "b:退款", "b:款什", "b:什么", "b:么时", "b:时候", "b:候到", "b:到账"}},
		{"variants and synonyms", "帐号被冻结", []string{"w:账户", "b:账户", "w:冻结", "b:冻结"}},
		{"English: lower case, stems, no fillers", "How do I get REFUNDS for invoices?", []string{"w:how", "w:refund", "w:invoic"}},
		{"numbers over four digits are dropped", "订单 20261123 退款", []string{"w:订单", "b:订单", "w:退款", "b:退款"}},
		{"a lone word", "退款", []string{"w:退款", "b:退款"}},
		{"nothing", " ,。!", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := texts(analyze(c.in))
			if !sameSet(got, c.want) {
				t.Fatalf("analyze(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
	qt := queryTerms("退款 退款 退款")
	if len(qt) != 2 || qt[0].weight != 2 {
		t.Fatalf("repeated query words: %+v", qt)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestPlainText(t *testing.T) {
	md := "# 课程退款\n\n适用于**未消耗课时**的课程,详见[退款规则](https://example.com/r)。\n\n" +
		"1. 打开 `我的订单`\n2. 点击 _申请退款_\n   选择原因\n\n> 注意:已开发票需先作废\n\n| 类型 | 时效 |\n|---|---|\n| 银行卡 | 3-5 天 |\n\n---\n\n![截图](a.png)\n\n```\n代码 <b>\n```\n\\*不是强调\\*"
	want := "课程退款\n\n适用于未消耗课时的课程,详见退款规则。\n\n打开我的订单\n点击申请退款\n选择原因\n\n注意:已开发票需先作废\n\n类型 · 时效\n银行卡 · 3-5 天\n\n截图\n\n代码 <b>\n*不是强调*"
	if got := PlainText(md); got != want {
		t.Fatalf("PlainText:\n%q\nwant\n%q", got, want)
	}
}

func TestSteps(t *testing.T) {
	cases := []struct {
		name, md string
		max      int
		want     []string
	}{
		{"ordered list, continuation joined, nested skipped", "说明\n\n1. 打开订单\n   详情页\n2. 点击**退款**\n   - 子项\n3. 等待审核\n\n其他", 5,
			[]string{"打开订单 详情页", "点击退款", "等待审核"}},
		{"capped", "1. a\n2. b\n3. c", 2, []string{"a", "b"}},
		{"bullets when no ordered list", "- 核实身份\n- 提交复核\n\n正文", 5, []string{"核实身份", "提交复核"}},
		{"Chinese numbering", "1、核实订单\n2、提交申请", 5, []string{"核实订单", "提交申请"}},
		{"loose list", "1. 一\n\n2. 二\n\n3. 三", 5, []string{"一", "二", "三"}},
		{"no list", "只有一段话。", 5, nil},
		{"list in a code block ignored", "```\n1. x\n```\n- y", 5, []string{"y"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Steps(c.md, c.max); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("Steps = %q, want %q", got, c.want)
			}
		})
	}
}

func TestScriptVariables(t *testing.T) {
	cases := []struct {
		name, in string
		segs     []Segment
		err      string
	}{
		{"Chinese names", "{客户称呼}您好,工单{工单号}", []Segment{{Var: "客户称呼"}, {Text: "您好,工单"}, {Var: "工单号"}}, ""},
		{"English alias, any case, spaces", "Hi { Customer_Salutation }", []Segment{{Text: "Hi "}, {Var: "客户称呼"}}, ""},
		{"full-width braces", "｛承诺时间｝前答复", []Segment{{Var: "承诺时间"}, {Text: "前答复"}}, ""},
		{"doubled braces are literal", "{{不是变量}} }", []Segment{{Text: "{不是变量} }"}}, ""},
		{"unknown", "您好{客户称乎}", nil, "unknown:客户称乎@3"},
		{"unclosed", "您好{客户称呼", nil, "unclosed@3"},
		{"unclosed at a line end", "{客户\n称呼}", nil, "unclosed@1"},
		{"empty name", "{}", nil, "unknown:@1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			segs, err := ParseScript(c.in)
			if c.err != "" {
				se, ok := err.(*ScriptError)
				got := ""
				if ok {
					got = se.Kind
					if se.Kind == "unknown" {
						got += ":" + se.Name
					}
					got += "@" + strconv.Itoa(se.Pos)
				}
				if got != c.err {
					t.Fatalf("error %v (%q), want %s", err, got, c.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(segs, c.segs) {
				t.Fatalf("ParseScript = %+v, %v; want %+v", segs, err, c.segs)
			}
		})
	}
	out, missing, err := Fill("{客户称呼}您好,{承诺时间}前答复,工单{工单号}。{客户称呼}", map[string]string{VarSalutation: "张女士", VarTicketNumber: "000123"})
	if err != nil || out != "张女士您好,{承诺时间}前答复,工单000123。张女士" || !reflect.DeepEqual(missing, []string{VarPromise}) {
		t.Fatalf("Fill = %q %v %v", out, missing, err)
	}
}

// FuzzParseScript: parsing never panics; what parses can be written back
// and parses to the same segments; filling with no values leaves every
// variable visible.
func FuzzParseScript(f *testing.F) {
	for _, s := range []string{"{客户称呼}您好", "{{x}}", "｛工单号｝", "{", "}", "{a", "{today}{TODAY}", "a{{b{工单号}}}c", "\x00{\xff}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		segs, err := ParseScript(s)
		if err != nil {
			if _, ok := err.(*ScriptError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		again, err := ParseScript(FormatScript(segs))
		if err != nil || !reflect.DeepEqual(again, segs) {
			t.Fatalf("round trip of %q: %+v → %q → %+v %v", s, segs, FormatScript(segs), again, err)
		}
		_, missing := FillScript(segs, nil)
		if len(missing) != len(ScriptVars(segs)) {
			t.Fatalf("missing %v, vars %v", missing, ScriptVars(segs))
		}
	})
}

// FuzzMarkdown: the plain-text and steps readers never panic and only
// take markup away: what they return, spaces and the table-cell separator ·
// aside, is a subsequence of the input.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"# a\n1. b\n2. c", "**x** [y](z) `w`", "```\n1. x", "- a\n  - b\n- c", "| a | b |\n|---|---|", "\\*", "1、a\n\n2、b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := PlainText(s)
		steps := Steps(s, 5)
		if !utf8.ValidString(s) {
			return // the API rejects invalid UTF-8 before any text gets here
		}
		if !subsequence(p, s) {
			t.Fatalf("PlainText(%q) = %q is not taken from the input", s, p)
		}
		for _, st := range steps {
			if st == "" || !subsequence(st, s) {
				t.Fatalf("Steps(%q) has step %q", s, st)
			}
		}
	})
}

// subsequence reports whether the non-space runes of a appear in b in order.
func subsequence(a, b string) bool {
	rb := []rune(b)
	j := 0
	for _, r := range a {
		if unicode.IsSpace(r) || r == '·' {
			continue
		}
		for j < len(rb) && rb[j] != r {
			j++
		}
		if j == len(rb) {
			return false
		}
		j++
	}
	return true
}

func TestReviewReasons(t *testing.T) {
	p := ReviewPolicy{}
	p.defaults()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	recent, old := now.Add(-30*24*time.Hour), now.Add(-200*24*time.Hour)
	cases := []struct {
		name      string
		help, not int64
		published time.Time
		want      []string
	}{
		{"no votes, recent", 0, 0, recent, nil},
		{"too few votes to judge", 0, 4, recent, nil},
		{"low ratio", 2, 3, recent, []string{ReviewLowRatio}},
		{"exactly half is fine", 3, 3, recent, nil},
		{"many not helpful despite a good ratio", 40, 10, recent, []string{ReviewManyNotHelpful}},
		{"stale", 9, 0, old, []string{ReviewStale}},
		{"everything", 1, 12, old, []string{ReviewLowRatio, ReviewManyNotHelpful, ReviewStale}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := reviewReasons(p, newStats(0, c.help, c.not), c.published, now)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	items := []ReviewItem{
		{ArticleID: 1, Reasons: []string{ReviewStale}},
		{ArticleID: 2, Reasons: []string{ReviewLowRatio}, VersionStats: newStats(0, 1, 4)},
		{ArticleID: 3, Reasons: []string{ReviewLowRatio, ReviewManyNotHelpful}, VersionStats: newStats(0, 1, 11)},
		{ArticleID: 4, Reasons: []string{ReviewLowRatio}, VersionStats: newStats(0, 0, 5)},
	}
	sortReview(items)
	var order []int64
	for _, it := range items {
		order = append(order, it.ArticleID)
	}
	if !reflect.DeepEqual(order, []int64{3, 4, 2, 1}) {
		t.Fatalf("review order %v", order)
	}
}

func TestSnippetHighlights(t *testing.T) {
	body := strings.Repeat("无关的内容。", 30) + "退款审核通过后,一般3-5个工作日原路退回。Refunds are returned to the card." + strings.Repeat("其他说明。", 30)
	spans := snippet(foldRunes(body), []rune(body), queryTerms("退款多久 refund"), 60)
	var hits []string
	for _, s := range spans {
		if s.Hit {
			hits = append(hits, s.Text)
		}
	}
	if spans[0].Text != "…" || spans[len(spans)-1].Text != "…" || !reflect.DeepEqual(hits, []string{"退款", "Refunds"}) {
		t.Fatalf("spans %+v", spans)
	}
	if !strings.HasPrefix(spans[1].Text+spans[2].Text, "退款审核") {
		t.Fatalf("snippet should start at the matched sentence: %+v", spans[:3])
	}
}
