package emotion

import (
	"slices"
	"testing"
)

func TestRankAndStrongest(t *testing.T) {
	if !slices.IsSortedFunc(Labels, func(a, b string) int { return Rank(a) - Rank(b) }) || Rank("") != -1 || Rank("happy") != -1 {
		t.Fatal("Rank must follow Labels and reject anything else")
	}
	cases := []struct{ a, b, want string }{
		{"", Calm, Calm}, {Calm, "", Calm}, {Anxious, Upset, Upset}, {Angry, Anxious, Angry}, {"", "", ""}, {Upset, Upset, Upset},
	}
	for _, c := range cases {
		if got := Strongest(c.a, c.b); got != c.want {
			t.Errorf("Strongest(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
	if Effective("", Angry) != Angry || Effective(Calm, Angry) != Calm {
		t.Error("Effective: the confirmed emotion comes first")
	}
}

func TestQueueWeightsOrderEmotions(t *testing.T) {
	for i := 1; i < len(Labels); i++ {
		if QueueWeight(Labels[i]) <= QueueWeight(Labels[i-1]) {
			t.Errorf("%s must weigh more than %s", Labels[i], Labels[i-1])
		}
	}
	if QueueWeight("") != 0 {
		t.Error("an unscored ticket has no weight")
	}
}

func TestAdvise(t *testing.T) {
	cases := []struct {
		name    string
		emotion string
		abusive bool
		level   string
		want    Advice
	}{
		{"calm customer", Calm, false, "L1", Advice{Actions: []string{}}},
		{"anxious customer: no reassurance flag, nothing to hand over", Anxious, false, "L1", Advice{Actions: []string{}}},
		{"upset customer: reassure first", Upset, false, "L1", Advice{Reassure: true, Actions: []string{}}},
		{"angry customer on an L1 agent: suggest a lead", Angry, false, "L1", Advice{Reassure: true, HandToLead: true, Actions: []string{ActionHandToLead}}},
		{"angry customer on an L2 agent: no hand-over", Angry, false, "L2", Advice{Reassure: true, Actions: []string{}}},
		{"abusive on L1: care banner with every action", Calm, true, "L1", Advice{Care: true, HandToLead: true, Actions: []string{ActionRemind, ActionHandToLead, ActionEndCall}}},
		{"abusive and angry on a lead", Angry, true, "lead", Advice{Reassure: true, Care: true, Actions: []string{ActionRemind, ActionHandToLead, ActionEndCall}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Advise(c.emotion, c.abusive, c.level)
			if got.Reassure != c.want.Reassure || got.Care != c.want.Care || got.HandToLead != c.want.HandToLead || !slices.Equal(got.Actions, c.want.Actions) {
				t.Errorf("Advise(%s, %v, %s) = %+v, want %+v", c.emotion, c.abusive, c.level, got, c.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"zh profanity and insult", "你个傻逼，废物！", "你个＊＊，＊＊！"},
		{"masked evasion keeps its length", "傻*逼客服", "＊＊＊客服"},
		{"threat", "你给我等着", "你＊＊＊＊"},
		{"overlapping insult and profanity", "你是不是傻逼？", "你＊＊＊＊＊？"},
		{"en", "Shut up, you idiot", "Shut up, you ＊＊＊＊＊"},
		{"anger alone is not masked", "你们就是骗子，我要投诉", "你们就是骗子，我要投诉"},
		{"nothing to mask", "谢谢", "谢谢"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Mask(c.text); got != c.want {
				t.Errorf("Mask(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func TestLexiconScore(t *testing.T) {
	cases := []struct {
		name, text, emotion string
		abusive, escalation bool
	}{
		{"zh calm question", "请问几点开门？", Calm, false, false},
		{"zh anxious", "我的卡被盗刷了，怎么办，急死了", Anxious, false, false},
		{"zh upset", "又是这样，真的很失望", Upset, false, false},
		{"zh angry with escalation", "你们就是骗子，不退钱我就去12315投诉！！", Angry, false, true},
		{"zh abusive", "你个傻逼", Angry, true, false},
		{"en anxious", "This is urgent, my account was hacked", Anxious, false, false},
		{"en angry", "This is unacceptable, I want a manager", Angry, false, false},
		{"en abusive", "you are useless, fuck off", Angry, true, false},
		{"en criticism of a product is not abuse", "your app is useless", Calm, false, false},
		{"zh family words", "我妈妈的医保卡怎么补办", Calm, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := LexiconScore(c.text)
			if s.Emotion != c.emotion || s.Abusive != c.abusive || s.Escalation != c.escalation {
				t.Errorf("LexiconScore(%q) = %s abusive=%v escalation=%v, want %s %v %v", c.text, s.Emotion, s.Abusive, s.Escalation, c.emotion, c.abusive, c.escalation)
			}
		})
	}
}
