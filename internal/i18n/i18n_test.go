package i18n

import "testing"

func TestFromAcceptLanguage(t *testing.T) {
	cases := map[string]Lang{"": ZH, "en-US,en;q=0.9": EN, "zh-CN,zh;q=0.9,en;q=0.8": ZH, "fr, en;q=0.5": EN, "de": ZH}
	for h, want := range cases {
		if got := FromAcceptLanguage(h); got != want {
			t.Errorf("%q: got %s want %s", h, got, want)
		}
	}
}

func TestEveryMessageHasBothLanguages(t *testing.T) {
	for k, m := range catalog {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s lacks a translation", k)
		}
	}
	if got := T(EN, "field.too_long", 200); got != "must be at most 200 characters" {
		t.Errorf("T = %q", got)
	}
}
