package emotion

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// cue renders a cue as cat:matched-text with flags, for compact expectations.
func cueString(text string, c Cue) string {
	s := string(c.Cat) + ":" + text[c.Start:c.End]
	if c.Negated {
		s += "/neg"
	}
	if c.Aimed {
		s += "/aimed"
	}
	return s
}

func cueStrings(text string) []string {
	var out []string
	for _, c := range Analyze(text).Cues {
		out = append(out, cueString(text, c))
	}
	return out
}

func TestAnalyzeCues(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // every cue, in order
	}{
		{"zh profanity aimed, masked with *", "你个傻*逼", []string{"profane:傻*逼/aimed"}},
		{"zh profanity not aimed", "这破系统真他妈难用", []string{"anger:破系统", "profane:他妈"}},
		{"zh pinyin initials", "cnm，三天了", []string{"profane:cnm"}},
		{"zh spaced initials aimed after", "s b客服", []string{"profane:s b/aimed"}},
		{"zh homophone", "煞笔平台", []string{"profane:煞笔"}},
		{"zh escalation", "我要投诉到12345，再找媒体曝光", []string{"escalate:我要投诉", "escalate:12345", "escalate:媒体", "escalate:曝光"}},
		{"zh hotline number inside a longer number is not escalation", "订单号123456", nil},
		{"zh no hurry is calm wording, not anxiety", "我不着急，您慢慢查", []string{"calm:不着急"}},
		{"zh negator before a cue", "我没生气", []string{"anger:生气/neg"}},
		{"zh longest match wins: polite, not annoyed", "麻烦您帮我看一下", []string{"calm:麻烦您"}},
		{"zh garbage sorting is not an insult", "垃圾分类的问题想咨询一下", []string{"calm:咨询一下"}},
		{"zh threat of harm", "你给我等着，我会去找你", []string{"violence:给我等着", "violence:去找你"}},
		{"zh overlapping terms both count", "你是不是傻逼", []string{"insult:是不是傻/aimed", "profane:傻逼/aimed"}},
		{"zh sarcasm", "真是谢谢你们了，让我白跑三趟", []string{"sarcasm:谢谢你们了", "distress:白跑"}},
		{"zh distress and repeat", "又是这样，我真的很失望", []string{"repeat:又是", "intense:真的", "distress:失望"}},
		{"zh family words are not profanity", "我妈妈的医保卡，我妈的卡也冻结了", []string{"calm:我妈妈", "calm:妈妈的", "calm:我妈的", "anxiety:冻结"}},
		{"zh asking for a human is not an insult", "你们是不是人工客服", []string{"calm:是不是人工"}},
		{"en insult aimed", "you idiots", []string{"insult:idiots/aimed"}},
		{"en insult not aimed at a person", "your app is useless", []string{"insult:useless"}},
		{"en word boundary: usb is not sb", "my usb cable", nil},
		{"en spaced profanity", "f u c k this", []string{"profane:f u c k"}},
		{"en masked profanity", "what the f*ck", []string{"profane:f*ck"}},
		{"en negated worry", "I'm not worried", []string{"anxiety:worried/neg"}},
		{"en escalation", "I will report you to the regulator", []string{"escalate:report you", "escalate:regulator"}},
		{"en calm", "No rush, thanks", []string{"calm:No rush", "calm:thanks"}},
		{"en negation across a softener", "I'm not too worried", []string{"anxiety:worried/neg"}},
		{"full width folded", "ＷＴＦ", []string{"profane:ＷＴＦ"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := cueStrings(c.text)
			if !slices.Equal(got, c.want) {
				t.Errorf("Analyze(%q) cues = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func TestAnalyzePunctuation(t *testing.T) {
	cases := []struct {
		name string
		text string
		want Signals // Cues ignored
	}{
		{"exclamation run", "退钱！！！", Signals{Bangs: 3, BangRuns: 1}},
		{"single exclamations", "快点! 快点!", Signals{Bangs: 2}},
		{"question run", "人呢？？", Signals{Queries: 1}},
		{"interrobang", "what?!", Signals{Bangs: 1, Queries: 1}},
		{"shouting, short words and acronyms not counted", "I WANT MY MONEY NOW, not at the ATM or via WIFI", Signals{CapsWords: 2}},
		{"held characters", "啊啊啊 sooo slow", Signals{Stretched: 2}},
		{"nothing", "您好，请问几点开门。", Signals{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Analyze(c.text)
			got.Cues = nil
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("Analyze(%q) = %+v, want %+v", c.text, got, c.want)
			}
		})
	}
}

func TestMarkers(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"abuse aimed, with shouting", "你个傻逼！！", "xlxprofane xlxaimed xlxbang xlxbang xlxbangs"},
		{"negated cue gets its own marker", "I'm not worried", "xlxnoanxiety"},
		{"no cue at all", "几点开门", "xlxnone"},
		{"a marker repeats at most three times", "又又又又又", "xlxrepeat xlxrepeat xlxrepeat xlxstretch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(Markers(Analyze(c.text)), " ")
			if got != c.want {
				t.Errorf("Markers(%q) = %q, want %q", c.text, got, c.want)
			}
			if ft := FeatureText(c.text); ft != c.text+" "+c.want {
				t.Errorf("FeatureText(%q) = %q", c.text, ft)
			}
		})
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"你个傻*逼！！", "f u c k", "I'm not worried", "", "\xff\xfe", "12345", "s.b", "啊啊啊？？！"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sig := Analyze(s)
		// cues may overlap ("是不是傻" and "傻逼" in "是不是傻逼"), but each
		// starts after the one before and reaches further
		lastStart, lastEnd := -1, 0
		for _, c := range sig.Cues {
			if c.Start <= lastStart || c.End <= lastEnd || c.End <= c.Start || c.End > len(s) {
				t.Fatalf("cue %+v out of order or bounds in %q", c, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(s[c.Start:c.End]) {
				t.Fatalf("cue %+v splits a character in %q", c, s)
			}
			lastStart, lastEnd = c.Start, c.End
		}
		m := Mask(s)
		if utf8.ValidString(s) && utf8.RuneCountInString(m) != utf8.RuneCountInString(s) {
			t.Fatalf("Mask(%q) = %q changes the length", s, m)
		}
	})
}
