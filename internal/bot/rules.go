package bot

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/kefuhq/kefu/internal/textseg"
)

// Explicit rules for what must not be left to a similarity score: a customer
// who asks for a person, who is angry or abusive, who complains, or who asks
// for something self-service may not do. Pure; the lists are short and meant
// to be read. When an emotion scorer is wired in (Turn.Emotion), its verdict
// is used as well as these lists, never instead of the request for a human.

// Signals are what the rules found in one message.
type Signals struct {
	Human       bool  // asks for a person
	Abuse       bool  // insults
	Angry       bool  // strong negative emotion
	Complaint   bool  // wants to complain (投诉)
	Sensitive   bool  // an action self-service may not take
	Amount      int64 // a money amount mentioned, in fen (0: none)
	SmallTalk   string
	NoneOfThese bool // "都不是" to a clarifying question
}

// Small-talk kinds.
const (
	Greeting = "greeting"
	Thanks   = "thanks"
	Bye      = "bye"
)

var (
	humanRe = regexp.MustCompile(`转人工|人工客服|人工服务|找人工|要人工|接人工|真人|人工|找客服|在线客服|客服人员|工作人员|(?i:\b(human|agent|real person|representative|operator|live chat|someone real|talk to (a )?person|speak to (a )?person)\b)`)
	// "不要人工" and "no agent" ask for the opposite.
	notHumanRe = regexp.MustCompile(`不要人工|不用人工|不需要人工|(?i:\bno (human|agent)\b)`)
	abuseRe    = regexp.MustCompile(`傻[逼比屄]|煞笔|(?i:\bsb\b)|垃圾客服|你妈|尼玛|滚蛋|去死|混蛋|王八蛋|废物|狗东西|智障|脑残|(?i:\b(fuck\w*|shit\w*|idiot|stupid bot|moron|bastard|asshole|damn you)\b)`)
	angryRe    = regexp.MustCompile(`气死|太过分|忍无可忍|受够了|骗子|欺诈|坑人|什么破|垃圾|太差劲|无语|愤怒|生气|恶心|(?i:\b(furious|outrageous|ridiculous|unacceptable|angry|scam|fraud|worst|terrible service|fed up|sick of)\b)|[!!]{3,}`)
	complainRe = regexp.MustCompile(`投诉|举报|12315|曝光|维权|(?i:\b(complain|complaint|file a complaint|report you)\b)`)
	// Actions the bot may explain but not take.
	sensitiveRe = regexp.MustCompile(`注销账户|注销账号|销户|冻结账户|解冻|更换手机号|改绑手机|挂失|赔偿|索赔|(?i:\b(close my account|delete my account|compensation|chargeback|freeze my account|unfreeze)\b)`)
	refundRe    = regexp.MustCompile(`退款|退钱|退费|(?i:\brefund)`)
	amountRe    = regexp.MustCompile(`(?i)(?:¥|￥|rmb|cny)?\s*(\d+(?:\.\d{1,2})?)\s*(万元|万|块钱|块|元|rmb|cny|yuan)?`)
	greetRe     = regexp.MustCompile(`^(你好|您好|在吗|在不在|hello|hi|hey|哈喽|嗨|早上好|下午好|晚上好|good (morning|afternoon|evening)|有人吗)$`)
	thanksRe    = regexp.MustCompile(`^(谢谢|多谢|感谢|谢了|好的谢谢|好的|好|嗯|ok|okay|thanks|thank you|thx|great|got it|明白了|知道了|解决了|可以了)$`)
	byeRe       = regexp.MustCompile(`^(再见|拜拜|bye|goodbye|bye bye|see you|没有了|没事了|没别的了)$`)
	noneRe      = regexp.MustCompile(`都不是|都不对|不是这些|没有我要的|以上都不|(?i:\b(none|neither|none of (them|these)|not these)\b)`)
)

// smallTalkKey folds a message for the small-talk patterns: lower case,
// punctuation, emoji and spaces at the ends and runs collapsed.
func smallTalkKey(s string) string {
	s = textseg.Normalize(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// smallTalkKind tells a message that is only a greeting, thanks or
// goodbye ("" otherwise), with or without a trailing particle (谢谢你,
// 你好呀, 好的啦).
func smallTalkKind(text string) string {
	key := smallTalkKey(text)
	trimmed := key
	for _, suf := range []string{"你", "您", "啊", "呀", "哈", "啦", "了", "哦"} {
		if trimmed != suf {
			trimmed = strings.TrimSuffix(trimmed, suf)
		}
	}
	for _, k := range []string{key, trimmed} {
		switch {
		case greetRe.MatchString(k):
			return Greeting
		case thanksRe.MatchString(k):
			return Thanks
		case byeRe.MatchString(k):
			return Bye
		}
	}
	return ""
}

// Detect runs the rules over one message. refundLimitFen is the largest
// refund self-service may handle (0: any refund amount goes to a person).
func Detect(text string, refundLimitFen int64) Signals {
	var s Signals
	norm := textseg.Normalize(text)
	noAI := strings.ReplaceAll(norm, "人工智能", "")
	s.Human = humanRe.MatchString(noAI) && !notHumanRe.MatchString(norm)
	s.Abuse = abuseRe.MatchString(norm)
	s.Angry = s.Abuse || angryRe.MatchString(norm)
	s.Complaint = complainRe.MatchString(norm)
	s.Sensitive = sensitiveRe.MatchString(norm)
	if refundRe.MatchString(norm) {
		s.Amount = largestAmount(norm)
		if s.Amount > refundLimitFen {
			s.Sensitive = true
		}
	}
	s.SmallTalk = smallTalkKind(text)
	s.NoneOfThese = noneRe.MatchString(norm)
	return s
}

// largestAmount finds the largest money amount written with a currency
// (or 元/块) in a text, in fen. Bare numbers (order numbers, dates) are not
// amounts.
func largestAmount(s string) int64 {
	var best int64
	for _, m := range amountRe.FindAllStringSubmatch(s, -1) {
		unit := strings.ToLower(m[2])
		hasCurrency := strings.ContainsAny(m[0], "¥￥") || strings.Contains(strings.ToLower(m[0]), "rmb") || strings.Contains(strings.ToLower(m[0]), "cny")
		if unit == "" && !hasCurrency {
			continue
		}
		f, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		if unit == "万" || unit == "万元" {
			f *= 10000
		}
		if fen := int64(f*100 + 0.5); fen > best {
			best = fen
		}
	}
	return best
}

var (
	circled  = []string{"①", "②", "③", "④", "⑤"}
	ordinals = map[string]int{
		"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
		"第一": 1, "第二": 2, "第三": 3, "第一个": 1, "第二个": 2, "第三个": 3, "第1个": 1, "第2个": 2, "第3个": 3,
		"one": 1, "two": 2, "three": 3, "first": 1, "second": 2, "third": 3,
		"the first": 1, "the second": 2, "the third": 3, "first one": 1, "second one": 2, "third one": 3,
		"the first one": 1, "the second one": 2, "the third one": 3, "选1": 1, "选2": 2, "选3": 3,
	}
)

// PickOption resolves the customer's answer to a clarifying question: a
// number ("2", "②", "第二个", "the second one") or words that fit one option
// clearly better than the others. ok is false when the reply picks none.
func PickOption(text string, options []Option) (Option, bool) {
	if len(options) == 0 {
		return Option{}, false
	}
	t := strings.TrimSpace(text)
	for i, c := range circled {
		if strings.Contains(t, c) && i < len(options) {
			return options[i], true
		}
	}
	key := smallTalkKey(t)
	key = strings.TrimPrefix(strings.TrimPrefix(key, "选"), "是")
	for _, suf := range []string{"吧", "的", "个", "啊", "呀"} {
		if key != suf {
			key = strings.TrimSuffix(key, suf)
		}
	}
	if n, ok := ordinals[key]; ok && n <= len(options) {
		return options[n-1], true
	}
	// Words: the option whose title the reply fits best, if clearly best.
	q := terms(t)
	if len(q) == 0 {
		return Option{}, false
	}
	best, second, at := 0.0, 0.0, -1
	for i, o := range options {
		sim := cosine(q, terms(o.Title))
		if c := coverage(q, terms(o.Title)); c > sim {
			sim = c
		}
		if sim > best {
			best, second, at = sim, best, i
		} else if sim > second {
			second = sim
		}
	}
	if at >= 0 && best >= 0.5 && best-second >= 0.2 {
		return options[at], true
	}
	return Option{}, false
}
