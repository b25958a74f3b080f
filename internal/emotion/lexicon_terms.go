package emotion

// Hand-written Chinese and English emotion and abuse lexicons. Terms are
// matched on the normalised text (full-width folded, lower case; see
// textseg.Normalize); a term that begins or ends with a Latin letter or digit
// only matches on a word boundary ("sb" matches "你个sb", not "usb"). Masking
// characters (* . - _ space …) inside a profanity are skipped, so "傻*逼",
// "s.b" and "f u c k" match too. Keep each list to words a contact-centre
// reviewer would agree on; ambiguous single characters (草, 靠, 滚 on their
// own) are left out on purpose because they occur in ordinary text (草地,
// 可靠, 滚动).

// Category is a kind of lexicon cue; its name is also the marker token the
// model sees (see markers.go).
type Category string

// Categories.
const (
	CatAnger    Category = "anger"    // hostility, blame, outrage
	CatAnxiety  Category = "anxiety"  // worry, urgency, fear of loss
	CatDistress Category = "distress" // disappointment, sadness, fatigue, helplessness
	CatCalm     Category = "calm"     // politeness, gratitude, no hurry
	CatProfane  Category = "profane"  // strong profanity and its evasions
	CatMild     Category = "mild"     // mild expletives, not abuse by themselves
	CatInsult   Category = "insult"   // words that degrade a person
	CatViolence Category = "violence" // threats of harm: always abuse
	CatEscalate Category = "escalate" // threats to complain to media, 12345, regulators, courts
	CatSarcasm  Category = "sarcasm"  // ironic praise, 呵呵
	CatRepeat   Category = "repeat"   // contacted again and again, still not solved
	CatDemand   Category = "demand"   // demands and ultimatums
	CatIntense  Category = "intense"  // intensifiers
)

var lexicon = map[Category][]string{
	CatAnger: {
		// zh
		"气死", "气炸", "生气", "愤怒", "火大", "恼火", "太过分", "过分了", "欺人太甚", "忍无可忍", "岂有此理", "不像话",
		"凭什么", "什么玩意", "什么东西", "搞什么", "搞什么鬼", "有没有搞错", "开什么玩笑", "骗子", "骗钱", "诈骗", "坑人", "坑钱",
		"黑心", "无耻", "不要脸", "流氓", "霸王条款", "强盗", "垃圾公司", "垃圾服务", "垃圾产品", "垃圾系统", "垃圾平台", "什么垃圾", "真垃圾", "太垃圾", "破公司", "破系统", "烂透", "什么破", "恶心", "恶劣",
		"欺负人", "欺骗", "糊弄", "敷衍", "踢皮球", "推卸", "推脱", "耍我", "耍人", "当猴耍", "把我当傻子",
		"给个说法", "给我个说法", "讨个说法", "别跟我废话", "少废话", "别废话", "听不懂人话", "你们还想不想干了", "什么态度",
		"态度恶劣", "太离谱", "离谱", "荒唐", "可恶", "乱扣", "乱收费", "偷偷扣", "强制", "霸道",
		"谁给你们的权力", "吃干饭", "不作为", "没人管", "官僚", "挂我电话", "欺诈", "混账",
		"😡", "🤬", "😠", "💢",
		// en
		"furious", "outraged", "outrageous", "livid", "pissed", "angry", "mad at", "unacceptable", "ridiculous", "disgraceful",
		"disgusting", "scam", "scammers", "fraud", "rip off", "ripoff", "ripped off", "robbery", "thieves", "liars", "lied to me",
		"pathetic", "joke of a", "absurd", "fed up with your", "how dare", "who do you think", "sick of", "enough is enough",
		"give me my money back", "refund me now", "rubbish", "garbage", "appalling", "atrocious", "shameful", "insane",
		"stop lying", "are you kidding me", "what the hell", "nonsense", "incompetence", "hung up on me",
	},
	CatAnxiety: {
		// zh
		"着急", "急死", "急用", "很急", "特别急", "急急", "赶时间", "来不及", "马上就", "明天就", "今天就要", "今晚就",
		"怎么办", "咋办", "该怎么", "担心", "害怕", "怕", "紧张", "焦虑", "慌", "心慌", "不安", "睡不着", "万一",
		"会不会", "能不能尽快", "尽快", "赶紧", "快点", "抓紧", "救命", "求求", "求你", "拜托", "截止", "过期", "逾期",
		"影响征信", "征信", "被盗", "盗刷", "冻结", "被骗了", "找不到了", "丢了", "还没到", "等着用", "急需", "耽误",
		"到底什么时候", "什么时候能",
		"能不能帮帮", "帮帮我", "没办法了", "怎么会这样", "是不是出事", "出什么问题", "安全吗", "还能追回",
		"😰", "😨", "😟", "🙏",
		// en
		"urgent", "urgently", "asap", "as soon as possible", "emergency", "worried", "worry", "anxious", "nervous", "scared",
		"afraid", "panic", "panicking", "deadline", "running out of time", "in a hurry", "right away", "what do i do",
		"what should i do", "please help", "help me", "is it safe", "hacked", "stolen", "fraudulent charge", "locked out",
		"can't access", "cannot access", "overdue", "credit score", "by tomorrow", "before friday", "need it now", "need this today", "time sensitive",
	},
	CatDistress: {
		// zh
		"失望", "太失望", "伤心", "难过", "委屈", "心寒", "寒心", "无奈", "心累", "累了", "崩溃", "受够", "算了", "唉",
		"哎", "无语", "没意思", "白跑", "白等", "白忙", "郁闷", "烦死", "烦", "头疼", "折腾", "折磨", "绝望", "想哭", "哭了",
		"伤透", "不想再", "没有希望", "没指望", "一次比一次差", "越来越差", "不敢相信", "没想到", "可惜", "辛辛苦苦",
		"不满意", "不满", "被忽视", "没人理", "没人回", "石沉大海", "一直等", "等了好久", "等了这么久", "等不起",
		"😢", "😭", "😞", "😔", "💔",
		// en
		"disappointed", "disappointing", "let down", "frustrated", "frustrating", "upset", "sad", "unhappy", "hurt",
		"heartbroken", "exhausted", "tired of", "fed up", "give up", "gave up", "hopeless", "helpless", "no one helps",
		"nobody helps", "nobody cares", "no one cares", "ignored", "waste of time", "wasted my time", "not happy",
		"never again", "sigh", "unfortunately", "annoying", "annoyed", "stressful", "stressed",
	},
	CatCalm: {
		// zh
		"谢谢", "感谢", "多谢", "麻烦您", "麻烦你", "麻烦帮", "麻烦了", "辛苦", "您好", "请问", "请帮", "不着急", "不急", "慢慢来", "没关系",
		"没事", "理解", "好的", "可以的", "行的", "明白了", "了解", "咨询一下", "问一下", "想了解", "打扰", "不好意思",
		"方便的时候", "有空", "顺便", "随便问问",
		// family words that contain a profanity (他妈妈, 我妈的卡): matched
		// whole, so the profanity inside them is not
		"他妈妈", "你妈妈", "她妈妈", "我妈妈", "妈妈的", "我妈的", "她妈的", "爸妈的", "老妈的", "奶奶的", "是不是人工", "不是人工",
		"😊", "🙂", "👍",
		// en
		"thank you", "thanks", "appreciate", "please", "no rush", "no hurry", "no worries", "whenever you can",
		"just wondering", "quick question", "could you", "would you", "kindly", "i understand", "that's fine", "thats fine",
		"when convenient", "have a nice day", "cheers",
	},
	CatProfane: {
		// zh, with the usual evasions: pinyin initials, homophones, masks
		"他妈的", "他妈", "妈的", "特么", "他喵的", "tmd", "nmd", "尼玛", "你妈的", "你妈逼", "你妈个", "泥马", "草泥马", "曹尼玛", "操你", "操他",
		"草你", "艹", "日你", "日了狗", "卧槽", "我草", "握草", "我艹", "沃日", "cnm", "wcnm", "nmsl", "nmb",
		"mlgb", "麻痹", "妈逼", "妈了个", "马勒戈壁", "傻逼", "傻b", "傻比", "煞笔", "沙比", "傻屄", "傻x", "傻叉", "傻吊",
		"sb", "二逼", "二b", "逼样", "装逼", "牛逼", "狗日", "狗屁", "放屁", "放你妈", "屁话", "扯淡", "扯犊子",
		"鸡巴", "jb", "去你的", "去你妈", "滚蛋", "滚粗", "滚出去", "给我滚", "你滚", "滚吧", "死全家", "全家死", "你全家",
		"你奶奶的", "他奶奶的", "nnd", "靠北", "干你娘", "滚犊子", "不得好死", "都该死", "遭报应",
		// en
		"fuck", "fucking", "fucked", "f*ck", "f**k", "fck", "fk", "fuk", "motherfucker", "wtf", "stfu", "shit",
		"sh*t", "bullshit", "bitch", "asshole", "a**hole", "bastard", "dick", "piss off", "screw you", "damn you",
		"goddamn", "go to hell", "son of a bitch",
	},
	CatMild: {
		"我靠", "我去", "我晕", "晕", "天哪", "天啊", "我的天", "我滴妈", "要命", "见鬼", "鬼知道", "搞毛", "什么鬼",
		"damn", "dammit", "crap", "hell", "freaking", "frigging", "omg", "oh my god", "jeez", "geez", "ugh",
	},
	CatInsult: {
		// zh: aimed at a person
		"傻子", "白痴", "脑残", "脑瘫", "智障", "弱智", "蠢货", "蠢猪", "猪脑子", "猪头", "废物", "饭桶", "窝囊废", "狗东西",
		"狗腿子", "走狗", "畜生", "畜牲", "人渣", "败类", "王八蛋", "龟孙", "贱人", "贱货", "婊子", "神经病", "你有病", "有病吧",
		"没脑子", "没长脑子", "脑子进水", "脑子有病", "你是猪", "是不是傻", "你傻", "听不懂吗", "聋了", "瞎了", "是不是人",
		"狗娘", "杂种", "猪狗不如", "混蛋", "吸血鬼", "王八羔子", "笨蛋", "没用的东西", "垃圾客服", "垃圾人", "低能", "丑八怪", "土鳖", "乡巴佬", "弱鸡", "mdzz",
		// en
		"idiot", "idiots", "stupid", "moron", "morons", "dumb", "dumbass", "imbecile", "incompetent", "useless", "clown",
		"clowns", "loser", "losers", "pig", "retard", "scumbags", "lowlife", "muppet", "retarded", "brainless", "worthless", "scumbag", "trash person",
		"pathetic excuse", "you people", "are you deaf", "are you stupid", "can you even read",
	},
	CatViolence: {
		"弄死你", "打死你", "砍死", "砍你", "捅死", "杀了你", "杀你", "宰了你", "找人收拾你", "收拾你", "找到你", "等着瞧",
		"你等着", "给我等着", "去找你", "让你好看", "让你们好看", "炸了你们", "烧了你们", "堵你", "去你们公司门口", "找你算账", "要你命", "同归于尽",
		"kill you", "hurt you", "find you", "beat you", "burn it down", "watch your back", "you'll regret", "you will regret",
		"come down there",
	},
	CatEscalate: {
		"投诉你", "投诉你们", "投诉到底", "我要投诉", "去投诉", "12345", "12315", "12321", "12300", "12378", "市长热线",
		"消协", "消费者协会", "工商局", "市场监管", "监管局", "银保监", "金融监管", "人民银行", "工信部", "教育局",
		"媒体", "曝光", "记者", "电视台", "报社", "微博", "抖音", "小红书", "发到网上", "网上曝光", "发朋友圈", "黑猫投诉",
		"律师", "起诉", "法院", "告你们", "打官司", "报警", "派出所", "仲裁", "上访", "信访", "纪委", "差评",
		"file a complaint", "formal complaint", "complain to", "report you", "regulator", "ombudsman", "bbb", "fcc", "fca",
		"cfpb", "attorney general", "lawyer", "attorney", "sue", "suing", "lawsuit", "court", "small claims", "the press",
		"journalist", "social media", "twitter", "go viral", "review everywhere", "one star", "1 star", "chargeback",
		"call the police", "your manager", "supervisor", "escalate",
	},
	CatSarcasm: {
		"呵呵", "呵呵哒", "真行", "真有你们的", "真有你的", "服了", "我服了", "佩服", "好样的", "厉害了", "可真是", "真是太感谢",
		"谢谢你们了", "谢谢你们啊", "好一个", "真棒啊", "效率真高", "真是高效", "真是服务周到", "不愧是", "高，实在是高", "666",
		"thanks for nothing", "oh great", "just great", "great job guys", "well done guys", "what a joke", "yeah right",
		"wow just wow", "bravo", "so helpful", "amazing service", "brilliant", "lol", "thanks a lot",
	},
	CatRepeat: {
		"又", "又是", "还是没", "还没", "至今", "到现在", "一直没", "一直不", "多少次", "好几次", "三次", "第三次", "第四次",
		"第五次", "n次", "无数次", "三番五次", "一次又一次", "反复", "每次都", "再三", "屡次", "多次", "一个月了", "半个月了",
		"一周了", "好几天", "又打", "又来", "again", "still", "yet again", "every time", "third time", "fourth time",
		"how many times", "multiple times", "several times", "for weeks", "for months", "keep telling", "keep saying",
		"over and over",
	},
	CatDemand: {
		"马上给我", "立刻", "立即", "马上", "必须", "给我解决", "给我处理", "给我退", "退钱", "还钱", "赔钱", "说清楚", "我要求", "我要你们", "叫你们领导",
		"找你们领导", "让你们领导", "领导出来", "经理", "负责人", "今天之内", "限你们", "否则", "不然我就", "我不管", "我只要",
		"right now", "immediately", "i demand", "i want to speak", "let me talk to", "get me", "or else", "otherwise i",
		"today or", "fix it now", "i insist",
	},
	CatIntense: {
		"非常", "特别", "太", "极其", "极度", "十分", "真的", "实在", "简直", "根本", "到底", "究竟", "竟然", "居然", "完全",
		"彻底", "一点都不", "一点也不", "从来", "永远", "绝对", "死了", "透了", "要死", "超级", "巨",
		"very", "so", "extremely", "really", "totally", "absolutely", "completely", "utterly", "seriously", "literally",
		"never", "ever", "at all", "beyond",
	},
}

// negators turn a following cue into its negated marker ("不着急",
// "not worried", "没有骂你"). Chinese negators apply to a cue starting at
// most two runes later; English ones to the next word or two.
var negatorsZH = []string{"不", "没", "没有", "别", "未", "无", "不是", "并不", "不算", "不太", "不会", "不用", "不必"}

var negatorsEN = []string{"not", "no", "never", "dont", "don't", "didnt", "didn't", "isnt", "isn't", "wasnt", "wasn't", "nothing", "without"}

// addressees precede an insult aimed at the agent ("你个傻子", "you idiot").
var addresseesZH = []string{"你", "您", "你们", "你个", "你这", "客服", "坐席"}

// "your" is not among them: "your stupid policy" insults a policy, not a person.
var addresseesEN = []string{"you", "you're", "youre", "u", "ya"}
