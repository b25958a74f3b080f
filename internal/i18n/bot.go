package i18n

// The self-service bot's replies, the hand-off reasons and its errors; kept
// apart from the main catalog so that the bot's wording is edited in one place.
func init() {
	for k, v := range botCatalog {
		catalog[k] = v
	}
}

var botCatalog = map[string][2]string{
	"bot.welcome":                  {"您好,我是智能客服小服。请直接描述您的问题,例如“退款多久到账”;需要人工服务请回复“转人工”。", "Hello, I am the self-service assistant. Ask your question, for example “how long does a refund take”; type “human” to talk to a person."},
	"bot.clarify":                  {"您想咨询的是:\n%s\n请回复序号,或直接说明。", "Which of these do you mean?\n%s\nReply with the number, or say it in your own words."},
	"bot.confirm":                  {"您是想咨询:\n%s\n吗?是的话请回复 1,不是请换个说法描述一下。", "Do you mean:\n%s\nReply 1 if so, or put your question another way."},
	"bot.unknown":                  {"抱歉,这个问题我暂时回答不了。您可以换个说法再问一次,或回复“转人工”由人工客服为您处理。", "Sorry, I don't know the answer to that. You can put it another way, or type “human” and a person will help you."},
	"bot.smalltalk.greeting":       {"您好!请问有什么可以帮您?", "Hello! How can I help you?"},
	"bot.smalltalk.thanks":         {"不客气,很高兴能帮到您。还有其他问题可以继续问我。", "You're welcome. Ask me anything else you need."},
	"bot.smalltalk.bye":            {"感谢您的咨询,再见!", "Thank you for getting in touch. Goodbye!"},
	"bot.handoff.requested":        {"好的,正在为您转接人工客服,请稍候。", "Of course — I'm passing you to a person now."},
	"bot.handoff.repeated_failure": {"抱歉没能解决您的问题,我已将您的问题转给人工客服,请稍候。", "Sorry I couldn't help. I've passed your question to a person."},
	"bot.handoff.emotion":          {"非常抱歉给您带来不好的体验,我马上为您转接人工客服处理。", "I'm very sorry for the trouble. I'm passing you to a person straight away."},
	"bot.handoff.abuse":            {"我已为您转接人工客服,请稍候。", "I've passed you to a person; please wait a moment."},
	"bot.handoff.complaint":        {"您的投诉我们非常重视,已为您转接人工客服受理。", "We take your complaint seriously; a person will take it from here."},
	"bot.handoff.sensitive":        {"这项业务需要人工客服为您办理,已为您转接,请稍候。", "A person needs to handle this for you; I've passed you on."},
	"bot.handoff.ticket":           {"您的服务单号是 %s。", "Your reference number is %s."},
	"bot.handoff.promise":          {"我们会在 %s 前回复您。", "We will reply by %s."},
	"bot.ended":                    {"本次会话已结束,感谢您的使用。", "This conversation has ended. Thank you."},
	"bot.rated":                    {"感谢您的评价!", "Thank you for your rating!"},

	"bot.reason.requested":        {"客户要求人工", "customer asked for a person"},
	"bot.reason.repeated_failure": {"机器人多次未能解答", "the bot could not answer, repeatedly"},
	"bot.reason.emotion":          {"客户情绪激动", "customer upset"},
	"bot.reason.abuse":            {"客户言语辱骂", "abusive language"},
	"bot.reason.complaint":        {"客户投诉", "complaint"},
	"bot.reason.sensitive":        {"需人工办理的业务", "needs a person (sensitive action)"},

	"bot.summary.asked":       {"客户问题:", "Customer asked: "},
	"bot.summary.answered":    {"机器人回答:", "Bot answered with: "},
	"bot.summary.reason":      {"转人工原因:", "Handed off because: "},
	"bot.summary.nothing":     {"(未提出具体问题)", "(no specific question)"},
	"bot.summary.no_answer":   {"(未能给出答案)", "(no answer given)"},
	"bot.summary.not_helpful": {"(客户 %d 次反馈没有帮助)", " (marked not helpful %d times)"},
	"bot.ticket.subject":      {"自助机器人转人工:%s", "From the self-service bot: %s"},
	"bot.ticket.transcript":   {"会话记录", "Conversation"},
	"bot.ticket.customer":     {"客户", "Customer"},
	"bot.ticket.bot":          {"机器人", "Bot"},

	"err.not_found.conversation":  {"找不到该会话", "Conversation not found"},
	"err.bot.ended":               {"会话已结束", "The conversation has ended"},
	"err.bot.rate":                {"发送太频繁,请稍后再试", "Too many messages; please wait a moment"},
	"field.bot_too_many_messages": {"会话消息已达上限 %d 条,请转人工或开始新会话", "the conversation has reached its limit of %d messages; ask for a person or start a new one"},
	"field.bot_not_answer":        {"不是机器人的回答", "is not one of the bot's answers"},
	"field.bot_no_option":         {"没有这个选项", "is not one of the options offered"},
	"field.bot_already_rated":     {"已经评价过了", "has already been rated"},
}
