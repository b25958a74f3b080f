package demo

// Reference content: teams, demo users, the reason taxonomy and the Chinese
// text templates the generator renders. The situations follow the seed
// articles: course refunds in online education, accounts wrongly restricted by
// anti-fraud rules (风控误判), late deliveries, garment seam defects, hotline
// complaints and 12345-style government hotline requests.

type teamSpec struct{ name, kind, desc string }

const (
	teamFront     = "一线客服"
	teamExpert    = "二线专家"
	teamComplaint = "投诉处理组"
	deptRisk      = "风控"
	deptLogistics = "物流"
	deptFinance   = "财务"
	deptTech      = "技术"
)

var teamSpecs = []teamSpec{
	{teamFront, "service", "7×24 小时接听热线与在线咨询,负责首问接待、核身与一般问题的当场解决。"},
	{teamExpert, "service", "处理一线升级的疑难问题,为一线提供业务支持与话术指导。"},
	{teamComplaint, "service", "专门受理客户投诉与升级投诉,跟进处理结果并负责回访。"},
	{deptRisk, "department", "风险控制部门:负责账户风控规则、异常交易核查与误判申诉复核。"},
	{deptLogistics, "department", "物流与仓储部门:负责发货、快递异常、丢件理赔与地址变更。"},
	{deptFinance, "department", "财务部门:负责退款审核、重复扣款核查、发票开具与对账。"},
	{deptTech, "department", "技术部门:负责 App、课程播放、支付与系统故障的排查与修复。"},
}

type userSpec struct {
	email, name, role, level, team string
}

const adminEmail = "admin@kefu.local"

var userSpecs = []userSpec{
	{adminEmail, "系统管理员", "admin", "manager", ""},
	{"sunli@kefu.local", "孙丽", "supervisor", "lead", teamFront},
	{"wangfang@kefu.local", "王芳", "agent", "L1", teamFront},
	{"lina@kefu.local", "李娜", "agent", "L1", teamFront},
	{"zhangwei@kefu.local", "张伟", "agent", "L2", teamFront},
	{"liuyang@kefu.local", "刘洋", "agent", "L1", teamFront},
	{"chenjing@kefu.local", "陈静", "agent", "L2", teamFront},
	{"yanglei@kefu.local", "杨磊", "agent", "L3", teamExpert},
	{"zhaomin@kefu.local", "赵敏", "agent", "L3", teamExpert},
	{"zhouting@kefu.local", "周婷", "agent", "L2", teamComplaint},
	{"wuqiang@kefu.local", "吴强", "agent", "L3", teamComplaint},
	{"xujing@kefu.local", "徐静", "qa", "L2", ""},
	{"machao@kefu.local", "马超", "department", "L2", deptRisk},
	{"hujun@kefu.local", "胡军", "department", "L2", deptLogistics},
	{"guomin@kefu.local", "郭敏", "department", "L2", deptFinance},
	{"hetao@kefu.local", "何涛", "department", "L2", deptTech},
}

// Service type codes (seeded by the migration).
const (
	stConsult    = "consultation"
	stQuery      = "query"
	stComplaint  = "complaint"
	stSuggestion = "suggestion"
	stHelp       = "help"
)

// leafSpec is one leaf reason with everything needed to write about it.
// Templates use {order} {course} {amount} {date} {days} {tracking} {express}
// {product} {place} {teacher} {city}.
type leafSpec struct {
	zh, en   string
	rank     int      // popularity rank (1 = most frequent) for the Zipf-like skew
	svc      []string // service types, first is the most likely
	subjects []string
	says     []string // the customer's own words
	reply    string   // the agent's first answer
	resolve  string   // the closing answer
	dept     string   // department that may be asked to help
	escP     float64  // probability of escalation to dept
}

type groupSpec struct {
	zh, en string
	ask    string // what the agent asks the customer to supply
	leaves []leafSpec
}

var groups = []groupSpec{
	{"订单与物流", "Orders & delivery", "麻烦您提供一下订单号和收货人手机号后四位,我们核实后第一时间回复您。", []leafSpec{
		{"物流延迟", "Delivery delay", 1, []string{stQuery, stComplaint, stHelp},
			[]string{"订单{order}物流{days}天未更新", "{product}已下单{days}天仍未送达,要求催件", "{express}单号{tracking}长时间停滞"},
			[]string{"我{date}买的{product},订单号{order},到现在{days}天了物流一直没更新,你们到底什么时候能送到?", "快递单号{tracking}在中转站停了好几天了,我急着用,能不能帮我催一下?"},
			"您好,非常理解您着急的心情。已为您查询到包裹目前滞留在{express}中转站,我们已联系物流加急处理,预计1-2天内送达,请您留意电话。",
			"您好,经核实您的包裹已于今日派送签收,给您带来的不便深表歉意,已为您申请一张10元无门槛优惠券作为补偿。", deptLogistics, 0.35},
		{"包裹丢失", "Lost parcel", 9, []string{stComplaint, stHelp},
			[]string{"{express}显示已签收但本人未收到{product}", "订单{order}包裹疑似丢失,要求补发"},
			[]string{"物流显示{date}已经签收了,可是我根本没收到,家里人也没代收,{product}到底去哪了?", "单号{tracking}查了好几天都查不到,包裹是不是丢了?我要求补发或者退款。"},
			"您好,非常抱歉给您带来困扰。我们已向{express}发起丢件核查,核查时效一般为3个工作日,期间如有进展会第一时间联系您。",
			"您好,经物流核实包裹确已丢失,我们已为您免费补发{product},新单号将以短信形式发送给您,再次向您致歉。", deptLogistics, 0.7},
		{"修改地址", "Change address", 14, []string{stHelp, stConsult},
			[]string{"订单{order}申请修改收货地址", "{product}未发货,客户要求改到{city}新地址"},
			[]string{"我刚下的单{order}地址填错了,能不能帮我改到{city}的新地址?", "我搬家了,{product}还没发货的话麻烦帮我改一下收货地址。"},
			"您好,已为您核实订单尚未出库,收货地址已修改为您提供的新地址,请以短信通知为准。",
			"您好,您的订单已按新地址发出,单号{tracking},请注意查收。", deptLogistics, 0.2},
		{"催发货", "Urge shipment", 11, []string{stQuery, stComplaint},
			[]string{"订单{order}付款{days}天未发货", "催促{product}尽快发货"},
			[]string{"我{date}就付款了,{product}到现在还没发货,页面写的48小时发货,这都{days}天了。", "能帮我查一下订单{order}什么时候发货吗?"},
			"您好,经查询您购买的{product}因近期订单量较大正在排队出库,已为您备注优先发货,预计24小时内发出。",
			"您好,您的订单已发货,{express}单号{tracking},感谢您的耐心等待。", deptLogistics, 0.25},
		{"签收异常", "Delivery exception", 22, []string{stComplaint, stHelp},
			[]string{"快递员未送货上门直接放驿站", "{product}外包装破损,客户拒收"},
			[]string{"快递员没打电话就把{product}放驿站了,我家里有老人不方便去取,太不负责了。", "今天收到的{product}外箱都压烂了,我当场拒收了,后续怎么处理?"},
			"您好,非常抱歉给您带来不好的体验,已将情况反馈给{express}站点,并要求快递员重新送货上门。",
			"您好,已安排重新派送并向站点提交服务投诉,您的{product}已完好送达,感谢您的理解。", deptLogistics, 0.3},
	}},
	{"退款与售后", "Refunds & after-sales", "麻烦您提供一下订单号及付款截图,我们将尽快为您核实处理。", []leafSpec{
		{"课程退款", "Course refund", 2, []string{stHelp, stComplaint, stConsult},
			[]string{"申请退订《{course}》并退款{amount}元", "《{course}》未上满课时,要求按比例退款", "孩子不适应《{course}》,家长申请退费"},
			[]string{"我{date}给孩子报了《{course}》,交了{amount}元,上了两节课孩子实在不喜欢,想申请退款。", "《{course}》的老师换了好几次,跟宣传的不一样,剩下的课时我要退费。"},
			"您好,非常理解您的心情。根据课程协议,未消耗课时可以按比例退费,已为您提交退款申请,财务审核通过后将原路退回。",
			"您好,您的退款{amount}元已审核通过,预计3-5个工作日原路退回,请注意查收,感谢您对我们的支持。", deptFinance, 0.55},
		{"商品退货", "Product return", 5, []string{stHelp, stConsult},
			[]string{"{garment}申请七天无理由退货", "订单{order}退货申请被拒,客户不认可"},
			[]string{"我收到的{garment}尺码不合适,还没拆吊牌,想申请七天无理由退货。", "我退货申请为什么被拒了?{garment}根本没用过。"},
			"您好,已为您审核通过退货申请,请在7天内将商品寄回,寄回运费由我们承担。",
			"您好,仓库已收到您退回的{garment},退款{amount}元已发起,1-3个工作日到账。", deptFinance, 0.2},
		{"退款进度", "Refund status", 4, []string{stQuery, stComplaint},
			[]string{"退款{amount}元超过{days}天未到账", "查询订单{order}退款进度"},
			[]string{"我{date}申请的退款,显示已同意,可是{days}天了钱还没到账。", "订单{order}的{amount}元退款到底退到哪里了?"},
			"您好,已为您查询到退款已于财务系统发起,银行处理一般需要3-5个工作日,我们会持续帮您跟进。",
			"您好,经财务核实退款{amount}元已成功退回您的原支付账户,银行流水可查,感谢您的耐心。", deptFinance, 0.45},
		{"换货", "Exchange", 18, []string{stHelp},
			[]string{"{garment}申请换货", "{garment}颜色发错,要求换货"},
			[]string{"收到的{garment}颜色和我下单的不一样,能给我换一件吗?", "{garment}尺码偏小,想换大一码。"},
			"您好,已为您登记换货,快递员将在1-2天内上门取件,新商品会在收到退件后发出。",
			"您好,换货的{garment}已发出,单号{tracking},请注意查收。", deptLogistics, 0.15},
		{"价保与差价", "Price protection", 27, []string{stConsult, stComplaint},
			[]string{"{product}降价,客户申请价保退差价", "购买后{days}天降价,要求补差价{amount}元"},
			[]string{"我{date}买的{product},今天看降价了,差了{amount}元,可以退差价吗?"},
			"您好,您的订单在价保期内,已为您提交价保申请,差价将以原支付方式退回。",
			"您好,差价{amount}元已退回,感谢您的理解与支持。", deptFinance, 0.2},
	}},
	{"账户与安全", "Account & security", "为核实身份,麻烦您提供注册手机号、近期一笔订单号以及身份证后四位。", []leafSpec{
		{"账户被限制/风控误判", "Account restricted (false positive)", 3, []string{stHelp, stComplaint},
			[]string{"账户被风控限制无法登录,客户称系误判", "账户被冻结无法提现,申请解除限制", "正常购买{product}后账户被限制交易"},
			[]string{"我的账户突然被限制了,提示存在风险,我什么违规操作都没做,就是{date}在{city}出差登录了一下。", "我刚买了{product}账户就被冻结了,钱也提不出来,你们这是误判,赶紧给我解封。"},
			"您好,非常理解您的着急。已核实您的账户因触发异地登录风控规则被临时限制,已为您提交风控复核申请,一般24小时内给您答复。",
			"您好,经风控复核确认为误判,您的账户限制已解除,可正常登录和交易。给您带来的不便深表歉意,建议您开启登录保护。", deptRisk, 0.8},
		{"密码找回", "Password recovery", 8, []string{stHelp},
			[]string{"忘记登录密码,无法通过短信找回", "更换手机号后无法找回密码"},
			[]string{"我忘记密码了,找回的时候收不到验证码,一直提示发送失败。", "我原来的手机号不用了,现在密码也忘了,怎么找回账号?"},
			"您好,已为您核身通过,重置链接已发送到您的新手机号,请在30分钟内完成密码重置。",
			"您好,您已成功重置密码并登录,如有其他问题欢迎随时联系我们。", deptTech, 0.1},
		{"实名认证", "Identity verification", 16, []string{stConsult, stHelp},
			[]string{"实名认证人脸识别一直失败", "咨询实名认证所需材料"},
			[]string{"我做实名认证,人脸识别试了十几次都不通过,到底怎么回事?", "实名认证需要提供什么资料?外籍人员可以认证吗?"},
			"您好,人脸识别请在光线充足的环境下进行并摘下眼镜,如仍不通过,可上传身份证正反面转人工审核。",
			"您好,您的实名认证已人工审核通过。", deptRisk, 0.15},
		{"异常登录", "Suspicious login", 19, []string{stHelp, stComplaint},
			[]string{"收到异地登录提醒,担心账户被盗", "账户在{city}异常登录并产生订单{order}"},
			[]string{"我刚收到短信说账号在{city}登录了,我人根本不在那边,是不是被盗了?", "我的账户多了一笔{amount}元的订单,不是我下的。"},
			"您好,已为您冻结账户并强制下线所有设备,请您尽快修改密码,异常订单我们已提交核查。",
			"您好,经风控核查异常订单已取消,款项{amount}元已原路退回,账户已恢复正常,请开启双重验证。", deptRisk, 0.6},
		{"注销账户", "Account closure", 31, []string{stConsult, stHelp},
			[]string{"申请注销账户并删除个人信息"},
			[]string{"我不想用了,想把账户注销,个人信息也要删除。"},
			"您好,注销申请已受理,系统将在15天冷静期后完成注销并依法删除您的个人信息。",
			"您好,您的账户已完成注销,个人信息已按规定删除。", "", 0},
	}},
	{"产品质量", "Product quality", "麻烦您拍一下商品问题部位的照片和吊牌照片发给我们,便于质检核实。", []leafSpec{
		{"做工瑕疵", "Workmanship defect", 6, []string{stComplaint, stHelp},
			[]string{"{garment}接缝处开线,做工瑕疵", "新买的{garment}有跳线和线头", "{garment}洗一次后接缝开裂"},
			[]string{"我是你们家的老顾客了,一次都买五六套,这次的{garment}接缝处有瑕疵,我不是想要什么好处,就是想提醒你们重视质量。", "{garment}穿了一次接缝就开了,这质量也太差了。"},
			"您好,非常感谢您的反馈,也非常抱歉让您遇到这样的问题。已为您登记质量问题,您可以就近到门店专柜直接更换,我们另外为您准备了一份小礼物。",
			"您好,已为您更换新的{garment},并将做工问题反馈给质检部门改进,感谢您对品牌的支持与提醒。", "", 0},
		{"功能故障", "Malfunction", 7, []string{stHelp, stComplaint},
			[]string{"{device}使用{days}天后无法开机", "{device}频繁断连,申请检修"},
			[]string{"{date}买的{device}才用了{days}天就开不了机了。", "{device}老是断开连接,重置了也没用。"},
			"您好,请您先尝试长按电源键10秒重启;如仍无法使用,已为您登记保修,可寄回检测。",
			"您好,经检测为主板故障,已为您免费更换新机,单号{tracking}。", deptTech, 0.25},
		{"配件缺失", "Missing parts", 24, []string{stHelp},
			[]string{"{device}少发配件", "开箱发现{device}缺少说明书和充电线"},
			[]string{"我收到的{device}里面少了充电线,说明书也没有。"},
			"您好,非常抱歉,已为您安排补发缺失的配件,预计2-3天送达。",
			"您好,补发配件已签收,感谢您的理解。", deptLogistics, 0.3},
		{"与描述不符", "Not as described", 20, []string{stComplaint},
			[]string{"{garment}颜色材质与详情页不符", "{garment}实物与宣传严重不符"},
			[]string{"详情页写的是纯棉的,收到的{garment}摸着就是化纤,这不是虚假宣传吗?"},
			"您好,已记录您反映的问题并提交商品质检复核,复核期间可为您先办理退货。",
			"您好,经复核商品描述存在偏差,已为您办理退货退款并补偿20元优惠券。", "", 0},
	}},
	{"课程与学习", "Courses & learning", "麻烦您提供一下学员手机号和出现问题的课程名称,以及截图,我们转技术排查。", []leafSpec{
		{"课程无法播放", "Video won't play", 10, []string{stHelp, stComplaint},
			[]string{"《{course}》视频黑屏无法播放", "App 内《{course}》回放一直加载中"},
			[]string{"孩子上《{course}》,视频一直转圈打不开,换了网络也不行。", "《{course}》的回放黑屏只有声音。"},
			"您好,请您先升级 App 到最新版本并清除缓存后重试;问题已同步技术同事排查。",
			"您好,技术已修复播放节点故障,《{course}》现在可以正常播放,给您带来的不便深表歉意。", deptTech, 0.5},
		{"更换老师", "Change teacher", 15, []string{stHelp, stSuggestion},
			[]string{"家长申请《{course}》更换{teacher}", "对{teacher}授课方式不满意"},
			[]string{"《{course}》的{teacher}讲得太快了,孩子跟不上,能不能换个老师?"},
			"您好,已记录您的需求,教务老师会在1个工作日内为您匹配合适的老师并与您确认时间。",
			"您好,已为孩子更换新老师,下周起按原时间上课。", "", 0},
		{"课时调整", "Reschedule class", 13, []string{stHelp, stConsult},
			[]string{"《{course}》申请调课", "{date}课程请假,申请补课"},
			[]string{"孩子{date}要考试,那天的《{course}》能不能调到周末?"},
			"您好,已为您将该节课调整至周六上午10点,请留意上课提醒。",
			"您好,调课已完成,课表已更新。", "", 0},
		{"学习资料", "Study materials", 29, []string{stConsult, stQuery},
			[]string{"《{course}》教材未收到", "咨询《{course}》讲义下载方式"},
			[]string{"报了《{course}》说有纸质教材,到现在都没收到。"},
			"您好,教材已于近期寄出,单号{tracking},讲义也可以在 App 我的课程-资料 中下载。",
			"您好,教材已签收,如有其他需要请随时联系。", deptLogistics, 0.2},
		{"直播课问题", "Live class issue", 21, []string{stComplaint, stHelp},
			[]string{"《{course}》直播课老师迟到{days}分钟", "直播课卡顿掉线"},
			[]string{"今天《{course}》直播老师迟到了快二十分钟,也没人通知,太不专业了。"},
			"您好,非常抱歉,已将情况反馈教学主管,本节课将为您补一节课时。",
			"您好,补课课时已到账,教学团队已整改,感谢您的监督。", "", 0},
	}},
	{"支付与账单", "Payment & billing", "麻烦您提供一下付款截图和银行扣款短信,便于财务核对。", []leafSpec{
		{"重复扣款", "Duplicate charge", 12, []string{stComplaint, stHelp},
			[]string{"订单{order}重复扣款{amount}元", "一笔订单被扣款两次"},
			[]string{"我就下了一单,银行卡被扣了两次{amount}元,赶紧把多扣的钱退给我。"},
			"您好,已为您提交重复扣款核查,确认后多扣款项将原路退回。",
			"您好,经财务核实确为重复扣款,{amount}元已原路退回。", deptFinance, 0.7},
		{"发票申请", "Invoice request", 17, []string{stConsult, stHelp},
			[]string{"订单{order}申请开具增值税发票", "发票抬头开错申请重开"},
			[]string{"我需要开公司抬头的专票,订单号{order},怎么申请?"},
			"您好,已为您登记开票申请,电子发票将在3个工作日内发送至您的邮箱。",
			"您好,发票已开具并发送至您的邮箱,请查收。", deptFinance, 0.4},
		{"支付失败", "Payment failed", 23, []string{stHelp},
			[]string{"支付{amount}元提示失败但已扣款", "微信支付一直失败"},
			[]string{"我付款的时候显示失败,可是钱已经扣了{amount}元。"},
			"您好,支付掉单一般会在24小时内自动退回,已为您提交核查。",
			"您好,掉单款项已退回,您可以重新下单。", deptFinance, 0.4},
		{"自动续费", "Auto-renewal", 25, []string{stComplaint, stConsult},
			[]string{"会员自动续费未提醒,要求退款", "咨询如何关闭自动续费"},
			[]string{"我根本不知道开了自动续费,今天被扣了{amount}元,也没提前通知。"},
			"您好,已为您关闭自动续费,本次扣费符合条件可申请退款,已为您提交。",
			"您好,续费款{amount}元已退回,自动续费已关闭。", deptFinance, 0.3},
		{"分期付款", "Instalments", 33, []string{stConsult},
			[]string{"咨询《{course}》分期付款方式"},
			[]string{"《{course}》可以分期吗?有没有手续费?"},
			"您好,课程支持3期、6期、12期免息分期,下单时选择分期即可。",
			"您好,已为您说明分期方式,如有疑问欢迎随时咨询。", "", 0},
	}},
	{"投诉与建议", "Complaints & suggestions", "麻烦您说明一下当时的时间、接待人员以及具体经过,我们会认真核实。", []leafSpec{
		{"服务态度", "Service attitude", 26, []string{stComplaint},
			[]string{"投诉客服人员态度冷淡、推诿", "客户投诉门店员工态度恶劣"},
			[]string{"我上次打电话,你们客服一直在念公司规定,根本不听我说,最后还直接挂了我电话。", "门店的员工爱理不理的,我问了三遍都没人回答。"},
			"您好,非常抱歉给您带来不愉快的体验,我们已调取录音核实,会对相关人员进行批评教育,并在24小时内给您回复处理结果。",
			"您好,经核实当时服务确有不当,已对相关人员进行辅导考核,再次向您诚恳致歉,感谢您的监督。", "", 0},
		{"处理时效", "Handling time", 28, []string{stComplaint},
			[]string{"问题反映{days}天无人处理", "多次来电催办仍无结果"},
			[]string{"我这个问题已经反映了{days}天了,每次打电话都说在处理,到底什么时候给我结果?"},
			"您好,非常抱歉让您久等,已将您的问题升级为加急处理,主管将在今天内给您回电。",
			"您好,您反映的问题已处理完毕,已由主管致电向您说明,感谢您的耐心。", "", 0},
		{"热线难打通", "Hotline hard to reach", 30, []string{stComplaint, stSuggestion},
			[]string{"客服热线长时间排队无人接听"},
			[]string{"你们热线我打了一上午都在排队,等了二十多分钟没人接。"},
			"您好,非常抱歉,近期来电量较大,我们正在增加坐席,您也可以通过在线客服随时联系我们。",
			"您好,感谢您的反馈,已提交排班优化建议。", "", 0},
		{"产品建议", "Product suggestion", 32, []string{stSuggestion},
			[]string{"建议 App 增加{course}学习进度提醒", "建议优化退款流程"},
			[]string{"我建议你们退款流程简化一下,现在要填的东西太多了。"},
			"您好,非常感谢您的宝贵建议,已记录并转交产品团队评估。",
			"您好,您的建议已被产品团队采纳,将在后续版本中优化。", deptTech, 0.2},
		{"表扬", "Praise", 34, []string{stSuggestion},
			[]string{"客户来电表扬客服耐心细致"},
			[]string{"上次帮我处理退款的客服特别耐心,我想表扬一下她。"},
			"您好,非常感谢您的认可,我们会将您的表扬转达给同事。",
			"您好,已将您的表扬记录并通报表彰,祝您生活愉快。", "", 0},
	}},
	{"政务热线", "Government hotline", "麻烦您提供一下具体地址和问题发生的时间段,我们将派单至属地部门核实。", []leafSpec{
		{"噪音扰民", "Noise nuisance", 35, []string{stComplaint, stHelp},
			[]string{"{place}夜间施工噪音扰民", "{place}楼下商铺音响噪音大"},
			[]string{"我住在{place},附近工地每天晚上十一点以后还在施工,吵得根本没法睡觉。"},
			"您好,您反映的情况已记录,工单将派发至属地街道和城管部门,3个工作日内给您回复。",
			"您好,经属地城管核查,施工单位已停止夜间施工并被责令整改,感谢您的监督。", "", 0},
		{"物业纠纷", "Property management dispute", 36, []string{stComplaint, stHelp},
			[]string{"{place}物业不作为,电梯长期故障", "{place}物业费收费争议"},
			[]string{"{place}的电梯坏了{days}天了,物业一直拖着不修,家里老人上下楼太难了。"},
			"您好,已记录您的诉求,将转派属地住建部门督促物业限期整改。",
			"您好,经住建部门督办,物业已完成电梯维修并通过检验。", "", 0},
		{"社保咨询", "Social insurance", 37, []string{stConsult, stQuery},
			[]string{"咨询灵活就业人员社保缴费", "咨询{city}社保转移接续"},
			[]string{"我从{city}回来工作,以前交的社保怎么转过来?"},
			"您好,社保转移可通过国家社会保险公共服务平台在线申请,也可携带身份证到社保窗口办理。",
			"您好,已为您解答社保转移流程。", "", 0},
		{"交通出行", "Transport", 38, []string{stSuggestion, stComplaint},
			[]string{"建议{place}附近增设公交站点", "{place}路口信号灯故障"},
			[]string{"{place}路口的红绿灯坏了好几天了,早晚高峰特别堵,也很危险。"},
			"您好,已记录您的诉求,将转交交通管理部门处理。",
			"您好,交管部门已修复该路口信号灯。", "", 0},
		{"环境卫生", "Sanitation", 39, []string{stComplaint},
			[]string{"{place}垃圾长期未清运", "{place}小区周边污水外溢"},
			[]string{"{place}门口的垃圾堆了好几天没人清,味道特别大。"},
			"您好,已派单至属地环卫部门,将尽快清运处理。",
			"您好,环卫部门已完成清运并加密清运频次。", "", 0},
		{"劳动欠薪", "Unpaid wages", 40, []string{stHelp, stComplaint},
			[]string{"务工人员反映公司拖欠工资{days}个月", "{city}某工地拖欠农民工工资"},
			[]string{"我在{city}的工地干了{days}个月,老板一直拖着不发工资,一共{amount}元。"},
			"您好,已记录您的诉求,将转交人社部门劳动保障监察处理,请保留好考勤和工资凭证。",
			"您好,经劳动监察介入,欠薪{amount}元已全部结清。", "", 0},
	}},
}

// Variables for the templates.
var (
	courses = []string{"少儿编程进阶班", "雅思7分冲刺课", "考研数学全程班", "思维训练启蒙课", "Python数据分析实战",
		"初中物理同步课", "小学英语自然拼读", "高考志愿填报指导", "少儿美术创意班", "成人零基础日语"}
	garments  = []string{"羊毛针织衫", "真丝连衣裙", "纯棉睡衣套装", "羽绒服", "男士衬衫", "孕妇内衣套装", "儿童卫衣", "牛仔裤"}
	devices   = []string{"蓝牙耳机", "空气炸锅", "扫地机器人", "智能手表", "电动牙刷", "学习平板", "点读笔"}
	products  = append(append([]string{"儿童保温杯", "乳胶枕"}, garments...), devices...)
	teachers  = []string{"王老师", "李老师", "张老师", "刘老师", "陈老师", "Amy老师"}
	places    = []string{"阳光花园3栋", "锦绣华庭", "翠苑一区", "金地名京", "滨江花园", "幸福里小区", "和平路与解放路交叉口", "人民公园东门", "江南新村"}
	cities    = []string{"杭州", "上海", "北京", "广州", "深圳", "成都", "武汉", "南京", "西安", "苏州", "长沙", "郑州", "重庆", "天津", "青岛"}
	expresses = []struct{ name, prefix string }{{"顺丰", "SF"}, {"中通", "ZT"}, {"圆通", "YT"}, {"京东物流", "JD"}, {"韵达", "YD"}, {"EMS", "EM"}}
)

// Names for customers.
var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
		"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "欧阳", "司马"}
	surnamePinyin = []string{"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo",
		"zheng", "liang", "xie", "song", "tang", "xu", "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "yuan", "pan", "yu", "jiang", "cai", "ouyang", "sima"}
	givenChars    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玲", "建", "国", "文", "辉", "鑫", "宇", "浩", "欣", "怡", "子", "涵", "梓", "萱", "晨", "雨", "思", "佳", "俊", "博", "婷", "倩", "雪", "慧"}
	givenPinyin   = []string{"wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "juan", "tao", "ming", "chao", "xiu", "xia", "ping", "gang", "gui", "ying", "hua", "ling", "jian", "guo", "wen", "hui", "xin", "yu", "hao", "xin", "yi", "zi", "han", "zi", "xuan", "chen", "yu", "si", "jia", "jun", "bo", "ting", "qian", "xue", "hui"}
	mailDomains   = []string{"qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com"}
	phonePrefixes = []string{"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
		"157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"}
	customerTags = []string{"老客户", "高价值", "易投诉", "学员家长", "企业客户", "新客户", "多次来电", "敏感客户", "已核身"}
)

// Generic wording.
var (
	agentGreeting = []string{
		"您好,很高兴为您服务,请问有什么可以帮您?",
		"您好,这里是客服中心,请问有什么可以帮到您?",
		"您好,感谢您的来电,请问您遇到了什么问题?",
	}
	chatGreeting = []string{
		"您好,在线客服为您服务,请问有什么可以帮您?",
		"亲,您好~请问有什么可以帮您的呢?",
	}
	verifyAsk    = "好的,为了保障您的账户安全,需要先核实一下身份,请问您的注册手机号后四位是多少?"
	verifyAnswer = []string{"就是我现在打的这个号码。", "后四位是我这个手机号。", "好的,我报一下。"}
	customerPush = []string{"好的,那麻烦你们尽快处理。", "那大概要多久?我等不了太久。", "行吧,希望这次能真的解决。", "好的,谢谢。"}
	agentClose   = []string{
		"好的,请您保持电话畅通,有进展我们会第一时间联系您。还有其他可以帮您的吗?",
		"请您放心,我会持续跟进。请问还有其他问题吗?",
	}
	customerBye = []string{"没有了,谢谢。", "没有了。", "好的,再见。"}
	agentBye    = []string{"感谢您的来电,祝您生活愉快,再见。", "感谢您的耐心,稍后请对本次服务进行评价,再见。"}

	svcDemand = map[string][]string{
		stConsult:    {"客户咨询具体办理方式。", "客户希望了解相关规定和流程。"},
		stQuery:      {"客户希望查询当前处理进度。", "客户要求告知明确的处理时间。"},
		stComplaint:  {"客户情绪较激动,要求尽快处理并给予合理说法。", "客户表示如不处理将向消费者协会反映。", "客户要求道歉并赔偿。"},
		stSuggestion: {"客户提出改进建议,希望得到反馈。"},
		stHelp:       {"客户请求协助尽快解决。", "客户希望今天内得到回复。"},
	}
	internalNotes = []string{
		"已核身(注册手机号+近期订单号),身份一致。",
		"客户情绪较激动,已先安抚,承诺24小时内回电。",
		"已回电客户,未接通,稍后再拨。",
		"客户为高价值客户,按高优先级跟进。",
		"已查询历史记录,客户近30天内第二次来电反映同一问题。",
		"已发送短信告知处理进度。",
		"按口径答复,未承诺具体赔偿金额。",
		"补偿金额超出L1授权,已提交主管审批。",
	}
	followupNotes = []string{
		"客户再次来电催办,情绪不满,已致歉并承诺加急。",
		"客户已补充提供相关截图,继续处理。",
		"客户来电询问进度,已告知正在处理中。",
	}
	followupReplies = []string{
		"您好,非常抱歉让您久等,您的问题我们一直在跟进,预计明天给您明确答复。",
		"您好,已收到您补充的材料,正在加急处理,请您耐心等待。",
		"您好,我们已再次催促相关部门,有结果会第一时间通知您。",
	}
	deptNotes = map[string][]string{
		deptRisk: {
			"经风控复核,该账户因短时间内异地登录并发生多笔交易触发规则,结合历史行为判断为误判,已解除限制。",
			"已核查设备指纹与登录记录,确认为本人操作,账户限制已解除,已将该规则加入误判样本。",
		},
		deptLogistics: {
			"已联系快递网点核实,包裹滞留中转站,已加急派送,预计1-2天送达。",
			"已向快递公司发起丢件理赔,同时安排仓库补发。",
			"仓库已确认库存并安排优先出库。",
		},
		deptFinance: {
			"退款已审核通过,款项将于3-5个工作日原路退回。",
			"已核对银行流水,确认存在重复扣款,已发起退款。",
			"发票已开具,已发送至客户预留邮箱。",
		},
		deptTech: {
			"已复现问题,系播放节点异常导致视频加载失败,已修复并发布。",
			"日志显示客户端版本过旧,已指导升级;服务端无异常。",
			"已定位为短信通道故障,已切换备用通道。",
		},
	}
	escalateNote   = "已转{dept}协助核实处理,客户诉求已在描述中说明,请尽快回复。"
	expertNote     = "问题较复杂,升级二线专家处理。"
	priorityNote   = "客户多次来电且情绪激动,提升工单优先级。"
	contactSummary = map[string]string{
		"phone": "来电反映:", "chat": "在线咨询:", "email": "邮件反映:", "visit": "到访反映:", "web": "网页留言:", "other": "反映:",
	}
	followupSummary = "客户来电催问工单处理进度,已告知正在加急处理。"
)
