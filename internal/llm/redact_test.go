package llm

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	p := Person{Name: "赵梓娟", Phones: []string{"15112348018"}, Emails: []string{"zhao@example.cn"}, Other: []string{"上海市浦东新区世纪大道100号"}}
	cases := []struct {
		name, in, want string
	}{
		{"known name and phone", "赵梓娟来电,手机15112348018", "[NAME]来电,手机[PHONE_1]"},
		{"same value, same placeholder", "15112348018 / 151 1234 8018", "[PHONE_1] / [PHONE_2]"},
		{"unknown mobile with +86", "另一个号码 +86 139-1234-5678 也可联系", "另一个号码 [PHONE_1] 也可联系"},
		{"landline", "座机 021-64561234 转 8", "座机 [PHONE_1] 转 8"},
		{"email", "请发到 Zhang.Wei@corp.com.cn 谢谢", "请发到 [EMAIL_1] 谢谢"},
		{"resident id", "身份证号11010519491231002X核验", "身份证号[ID_1]核验"},
		{"bank card passing Luhn", "卡号 6222 0212 3456 7894 扣款两次", "卡号 [CARD_1] 扣款两次"},
		{"order number is kept", "订单号 2026112312345678 未发货", "订单号 2026112312345678 未发货"},
		{"known address", "寄到上海市浦东新区世纪大道100号", "寄到[PII_1]"},
		{"english text", "Customer 赵梓娟 (zhao@example.cn) asked for a refund", "Customer [NAME] ([EMAIL_1]) asked for a refund"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NewRedaction(p).Redact(c.in); got != c.want {
				t.Fatalf("Redact(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestRestoreShowsNameAndMaskedNumbers(t *testing.T) {
	r := NewRedaction(Person{Name: "赵梓娟", Phones: []string{"15112348018"}})
	sent := r.Redact("赵梓娟的号码 15112348018,邮箱 a.b@c.com")
	if strings.Contains(sent, "1511234") || strings.Contains(sent, "a.b@c.com") || strings.Contains(sent, "赵梓娟") {
		t.Fatalf("personal data left in %q", sent)
	}
	got := r.Restore("您好,[NAME],我们会致电 [PHONE_1],并发邮件到 [EMAIL_1]。[PHONE_9] 不存在。")
	want := "您好,赵梓娟,我们会致电 151****8018,并发邮件到 a***@c.com。[PHONE_9] 不存在。"
	if got != want {
		t.Fatalf("Restore\n got %q\nwant %q", got, want)
	}
	if r.Count() != 3 {
		t.Fatalf("Count %d, want 3", r.Count())
	}
}

func TestLuhn(t *testing.T) {
	for s, want := range map[string]bool{"6222021234567894": true, "4111 1111 1111 1111": true, "2026112312345678": false, "123": false} {
		if luhn(s) != want {
			t.Errorf("luhn(%q) = %v", s, !want)
		}
	}
}

// FuzzRedact: redaction never panics, and no mobile number the patterns
// recognise survives it.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{"手机15112348018", "赵梓娟 zhao@example.cn", "6222 0212 3456 7894", "11010519491231002X", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := NewRedaction(Person{Name: "赵梓娟", Phones: []string{"15112348018"}})
		out := r.Redact(s)
		if strings.Contains(out, "15112348018") {
			t.Fatalf("known phone left in %q", out)
		}
		_ = r.Restore(out)
	})
}
