package assist

import (
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/kb"
)

func TestFormOfAddress(t *testing.T) {
	cases := []struct {
		name, customer string
		attrs          map[string]string
		lang, want     string
	}{
		{"woman", "张丽", map[string]string{"gender": "女"}, "zh-CN", "张女士"},
		{"man", "王建国", map[string]string{"gender": "男"}, "zh-CN", "王先生"},
		{"compound surname", "欧阳娜娜", map[string]string{"性别": "female"}, "zh-CN", "欧阳女士"},
		{"two characters starting like a compound surname", "欧阳", map[string]string{"gender": "男"}, "zh-CN", "欧先生"},
		{"gender unknown: the name", "李娜", nil, "zh-CN", "李娜"},
		{"recorded salutation wins", "陈静", map[string]string{"称呼": "陈老师", "gender": "女"}, "zh-CN", "陈老师"},
		{"English name", "John Smith", map[string]string{"gender": "male"}, "en", "Mr Smith"},
		{"Chinese name in English", "张丽", map[string]string{"gender": "女"}, "en", "张丽"},
		{"no name", "", nil, "zh-CN", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FormOfAddress(c.customer, c.attrs, c.lang); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestFormatPromise(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 3, 5, 10, 0, 0, 0, loc) // a Thursday
	cases := []struct {
		at         time.Time
		lang, want string
	}{
		{time.Date(2026, 3, 5, 18, 0, 0, 0, loc), "zh-CN", "今天18:00"},
		{time.Date(2026, 3, 6, 9, 30, 0, 0, loc), "zh-CN", "明天09:30"},
		{time.Date(2026, 3, 9, 12, 0, 0, 0, loc), "zh-CN", "3月9日(周一)12:00"},
		{time.Date(2026, 3, 6, 9, 30, 0, 0, loc), "en", "tomorrow 09:30"},
		{time.Date(2026, 3, 9, 12, 0, 0, 0, loc), "en", "Mon 9 Mar 12:00"},
	}
	for _, c := range cases {
		if got := FormatPromise(c.at, now, c.lang); got != c.want {
			t.Errorf("FormatPromise(%v, %s) = %q, want %q", c.at, c.lang, got, c.want)
		}
	}
}

func TestCompose(t *testing.T) {
	vars := map[string]string{kb.VarSalutation: "张女士", kb.VarTicketNumber: "000123", kb.VarPromise: "明天18:00"}
	steps := &ArticlePick{ID: 7, Steps: []string{"打开我的订单", "点击申请退款", "等待财务审核", "查看到账", "第五步不要"}}
	cases := []struct {
		name  string
		in    DraftInput
		want  string
		kinds string
	}{
		{"greeting, script, steps, closing with the promise",
			DraftInput{Lang: "zh-CN", Vars: vars, Script: &ScriptPick{ID: 3, Text: "您的退课申请已提交,工单 {工单号}。"}, Article: steps},
			"张女士您好,您的退课申请已提交,工单 000123。\n您可以按以下步骤操作:\n1. 打开我的订单\n2. 点击申请退款\n3. 等待财务审核\n4. 查看到账\n我们会在明天18:00前给您答复,请保持电话畅通。",
			"greeting script steps closing"},
		{"a script that greets and promises itself",
			DraftInput{Lang: "zh-CN", Vars: vars, Script: &ScriptPick{ID: 3, Text: "{客户称呼}您好,{承诺时间}前给您答复。"}},
			"张女士您好,明天18:00前给您答复。\n如有其他问题,欢迎随时联系我们。",
			"script closing"},
		{"nothing found: still a polite frame",
			DraftInput{Lang: "zh-CN", Vars: map[string]string{}},
			"您好,\n如有其他问题,欢迎随时联系我们。",
			"greeting closing"},
		{"English",
			DraftInput{Lang: "en", Vars: map[string]string{kb.VarSalutation: "Mr Smith", kb.VarPromise: "tomorrow 10:00"}, Script: &ScriptPick{ID: 1, Text: "Your refund has been issued."}},
			"Dear Mr Smith,\nYour refund has been issued.\nWe will get back to you by tomorrow 10:00.",
			"greeting script closing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Compose(c.in)
			if d.Text != c.want {
				t.Fatalf("text\n%q\nwant\n%q", d.Text, c.want)
			}
			var kinds []string
			for _, p := range d.Parts {
				kinds = append(kinds, p.Kind)
			}
			if strings.Join(kinds, " ") != c.kinds {
				t.Fatalf("parts %v, want %s", kinds, c.kinds)
			}
		})
	}
	d := Compose(DraftInput{Lang: "zh-CN", Vars: map[string]string{}, Script: &ScriptPick{ID: 3, Text: "工单{工单号},{承诺时间}前答复"}})
	if strings.Join(d.Missing, ",") != "工单号,承诺时间" || !strings.Contains(d.Text, "{承诺时间}") || *d.ScriptID != 3 {
		t.Fatalf("missing values: %+v", d)
	}
}

func TestLangOf(t *testing.T) {
	for text, want := range map[string]string{"课程退款": "zh-CN", "Refund please": "en", "Order 12 退款": "zh-CN", "": "zh-CN"} {
		if got := LangOf(text); got != want {
			t.Errorf("LangOf(%q) = %s, want %s", text, got, want)
		}
	}
}
