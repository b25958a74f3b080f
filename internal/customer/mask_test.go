package customer

import "testing"

func TestMasking(t *testing.T) {
	cases := []struct {
		f        func(string) string
		in, want string
	}{
		{MaskPhone, "13812345678", "138****5678"},
		{MaskPhone, "+8613812345678", "+86138****5678"},
		{MaskPhone, "12345", "*****"},
		{MaskPhone, "0571888888", "05******88"},
		{MaskEmail, "zhang.wei@example.com", "z***@example.com"},
		{MaskEmail, "王@例子.中国", "王***@例子.中国"},
		{MaskEmail, "broken", "******"},
		{MaskID, "ORD20261123", "OR*******23"},
	}
	for _, c := range cases {
		if got := c.f(c.in); got != c.want {
			t.Errorf("mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestKeepUnmaskedRestoresStoredValues(t *testing.T) {
	stored := []string{"13812345678", "13900001111"}
	got := keepUnmasked([]string{"138****5678", "13700000000", "1**"}, stored, MaskPhone)
	if len(got) != 2 || got[0] != "13812345678" || got[1] != "13700000000" {
		t.Fatalf("got %v", got)
	}
}
