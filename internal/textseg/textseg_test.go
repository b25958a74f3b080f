package textseg

import (
	"slices"
	"testing"
)

func TestChineseSegmentation(t *testing.T) {
	got := Words("我的账户被风控限制了无法提现")
	for _, w := range []string{"账户", "风控", "限制", "无法", "提现"} {
		if !slices.Contains(got, w) {
			t.Errorf("segmentation %q lacks %q", got, w)
		}
	}
	for _, tk := range Tokens("我的账户被风控限制了无法提现") {
		if tk.Kind != Han || tk.Run != 0 {
			t.Errorf("token %+v: want Han, run 0", tk)
		}
	}
}

func TestMixedAndNormalised(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"I Don't want to PAY!", []string{"i", "dont", "want", "to", "pay"}},
		{"ＡＢＣ１２３　热线", []string{"abc123", "热线"}},
		{"订单号 2024061812345 还没发货", []string{"订单号", "<num>", "还", "没", "发货"}},
		{"call 12345", []string{"call", "<num>"}},
		{"iPhone15坏了", []string{"iphone15", "坏", "了"}},
		{"  ，。!!  ", nil},
		{"", nil},
	}
	for _, c := range cases {
		got := Words(c.in)
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRunsSeparateScripts(t *testing.T) {
	toks := Tokens("我要投诉 the 物业")
	if len(toks) < 4 {
		t.Fatalf("tokens %+v", toks)
	}
	if toks[0].Run == toks[len(toks)-1].Run {
		t.Errorf("Chinese runs either side of an English word share a run: %+v", toks)
	}
}

func TestInvalidUTF8DoesNotPanic(t *testing.T) {
	_ = Words("abc\xff\xfe中文")
}

func BenchmarkTokensChinese(b *testing.B) {
	Preload()
	for b.Loop() {
		Tokens("您好，我的信用卡昨天被盗刷了三笔，请帮我冻结并且查一下交易记录")
	}
}

func BenchmarkTokensEnglish(b *testing.B) {
	for b.Loop() {
		Tokens("Hello, my credit card was stolen yesterday, please freeze it and check my transactions")
	}
}
