package emotion

import (
	"testing"
)

// Clear cases, none of them in the data set, that any usable model must get
// right. The model's measured accuracy is in BENCHMARKS.md.
func TestDefaultModelClearCases(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, text, emotion string
		abusive             bool
	}{
		{"zh calm enquiry", "您好，我想问一下你们周末几点开门，谢谢。", Calm, false},
		{"zh anxious", "我的银行卡刚被盗刷了五千块，我现在好慌，怎么办？", Anxious, false},
		{"zh upset", "这是我第四次打电话了，每次都说在处理，我真的很失望。", Upset, false},
		{"zh angry, no swearing", "你们就是骗子！今天不退钱我就去12315投诉，再找媒体曝光！", Angry, false},
		{"zh abusive at the agent", "你是不是傻逼？听不懂人话吗？", Angry, true},
		{"en calm", "Hi, could you tell me when my order will ship? Thanks.", Calm, false},
		{"en anxious", "Please help, someone took money from my account and I need it for rent tomorrow.", Anxious, false},
		{"en angry", "This is unacceptable. I want a full refund today or I'm reporting you to the regulator.", Angry, false},
		{"en abusive", "You're a useless idiot, put me through to someone else.", Angry, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := m.Score(c.text)
			if s.Emotion != c.emotion || s.Abusive != c.abusive {
				t.Errorf("Score(%q) = %s (%.2f) abusive=%v (%.2f), want %s abusive=%v; probs %v cues %q",
					c.text, s.Emotion, s.Confidence, s.Abusive, s.AbuseProb, c.emotion, c.abusive, s.Probs, s.Cues)
			}
			var sum float64
			for _, p := range s.Probs {
				sum += p
			}
			if sum < 0.99 || sum > 1.01 {
				t.Errorf("probabilities sum to %v", sum)
			}
		})
	}
}

func TestScoreEmptyAndBadInput(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Score("   "); s.Emotion != Calm || s.Abusive || len(s.Cues) != 0 {
		t.Errorf("empty text = %+v", s)
	}
	// invalid UTF-8 and very long text must not panic; the API refuses them before
	_ = m.Score("\xff\xfe 退钱")
	_ = m.Score(string(make([]byte, 100000)))
}

func TestTrainingIsDeterministic(t *testing.T) {
	train, _, err := Dataset()
	if err != nil {
		t.Fatal(err)
	}
	train = train[:400]
	a, err := Train(train, Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(train, Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"退钱！", "我很着急", "thanks a lot", "你个傻逼"} {
		if sa, sb := a.Score(text), b.Score(text); sa.Probs != sb.Probs || sa.AbuseProb != sb.AbuseProb {
			t.Errorf("%q: %v vs %v", text, sa, sb)
		}
	}
}

func TestTrainNeedsEveryEmotion(t *testing.T) {
	rows := []Row{{Text: "你好", Emotion: Calm}, {Text: "退钱", Emotion: Angry, Abusive: true}}
	if _, err := Train(rows, Options{}); err == nil {
		t.Fatal("training without all four emotions must fail")
	}
	if _, err := Train(nil, Options{}); err == nil {
		t.Fatal("training on nothing must fail")
	}
}
