package demo

// Knowledge-base content for the demo: the articles and scripts a centre
// serving online education, e-commerce and a 12345-style hotline would
// write for the situations the demo tickets are about. Internal articles
// carry the centre's own rules (口径, compensation tiers, SOPs); public ones
// are written for customers and the bot.

// kbArticleSpec is one demo article. Earlier versions (history) are
// published first, then the current text; state "" leaves it published.
type kbArticleSpec struct {
	cat       string // category path, parts separated by /
	reason    string // contact reason (leaf name) it answers
	lang, vis string
	title     string
	questions []string
	tags      []string
	body      string
	history   []kbRevision
	age       int    // days since it was (last) published
	state     string // "", "draft", "archived" or "pending" (published, with an unpublished edit)
	pending   string // the unpublished body for state "pending"
	helpful   int
	unhelpful int
	comments  []string // comments of not-helpful votes
	views     int
}

type kbRevision struct {
	title, body, note string
	age               int
}

var kbCategories = []struct{ path, en string }{
	{"课程与学习", "Courses"},
	{"课程与学习/课程退款", "Course refunds"},
	{"课程与学习/上课与播放", "Classes and playback"},
	{"订单与物流", "Orders and delivery"},
	{"订单与物流/物流延误", "Delivery delays"},
	{"订单与物流/签收与丢件", "Delivery and lost parcels"},
	{"退货与售后", "Returns"},
	{"支付与发票", "Payment and invoices"},
	{"支付与发票/扣款异常", "Charges"},
	{"支付与发票/发票", "Invoices"},
	{"账户与安全", "Account and security"},
	{"账户与安全/风控与账户限制", "Restrictions (anti-fraud)"},
	{"账户与安全/登录与认证", "Sign-in and verification"},
	{"政务热线", "Government hotline"},
	{"服务规范", "Service standards"},
	{"Help Center", "Help Center (English)"},
}

var kbScriptCategories = []struct{ path, en string }{
	{"开场与核身", "Opening and verification"},
	{"安抚与致歉", "Reassurance and apology"},
	{"退款与售后", "Refunds"},
	{"物流", "Delivery"},
	{"账户与风控", "Account and anti-fraud"},
	{"支付与发票", "Payment and invoices"},
	{"政务热线", "Government hotline"},
	{"结束与回访", "Closing and follow-up"},
	{"English", "English"},
}

var kbArticles = []kbArticleSpec{
	// ---- 课程退款 ----
	{cat: "课程与学习/课程退款", reason: "课程退款", lang: "zh-CN", vis: "public", age: 12, helpful: 41, unhelpful: 3, views: 620,
		title:     "课程退款怎么申请(未上完的课时按比例退)",
		questions: []string{"孩子不想上了能退钱吗", "报的课怎么退", "课程可以退款吗", "上了几节课还能退吗", "退课流程是什么", "不想学了怎么退费"},
		tags:      []string{"退款", "退课", "课程"},
		body: `未上完的课时可以申请退款,已上的课时和已寄出的教材按协议扣除,其余**原路退回**。

## 申请步骤

1. 打开 App,进入 **我的 → 我的订单**,找到要退的课程
2. 点击 **申请退款**,选择退款原因(如“孩子不适应”“时间冲突”)
3. 确认系统算出的可退金额,提交申请
4. 财务在 **1 个工作日内** 审核;审核通过后 3–5 个工作日原路退回

## 注意

- 报名 7 天内且未上课:全额退款
- 赠送的课时、优惠券不折现
- 分期付款的课程,退款先冲抵未还的分期

如需人工协助,可拨打客服热线或在线咨询。`,
		history: []kbRevision{{age: 80, note: "首次发布", title: "课程退款怎么申请", body: `未上完的课时可以申请退款。

1. 打开 App 我的订单
2. 点击申请退款
3. 财务审核后 7 个工作日内原路退回`}}},
	{cat: "课程与学习/课程退款", reason: "课程退款", lang: "zh-CN", vis: "internal", age: 20, helpful: 18, unhelpful: 1, views: 240,
		title:     "课程退费计算口径(内部)",
		questions: []string{"退费金额怎么算", "已上课时怎么扣", "赠品要不要扣钱", "客户说退的钱不对"},
		tags:      []string{"退款", "口径", "财务"},
		body: `对客户解释退费金额时按以下口径,**不得承诺口径以外的金额**;超出部分走审批。

## 计算方法

1. 课时单价 = 实付金额 ÷ 购买课时数(不含赠送课时)
2. 已消耗金额 = 已上课时 × 课时单价 + 已寄出教材费(按教材清单价)
3. 可退金额 = 实付金额 − 已消耗金额 − 已开票未作废部分
4. 7 天内且未上课:全额退,不扣教材费(教材需寄回)

## 常见问题

- **换过老师**:按实际上课节数计算,不因换老师多扣或少扣
- **老师原因缺课**:缺的课时按已补课或未上处理,不计入已消耗
- **客户要求超过口径的补偿**:L1 最多加送 2 节课时;现金补偿需主管审批

财务审核时效:工作日 1 天;节假日顺延。`},
	{cat: "课程与学习/课程退款", reason: "退款进度", lang: "zh-CN", vis: "public", age: 6, helpful: 64, unhelpful: 5, views: 980,
		title:     "退款多久到账?",
		questions: []string{"退款什么时候到账", "退款申请通过了钱还没到", "退款到哪里了", "退款显示成功但没收到钱", "钱怎么还没退回来"},
		tags:      []string{"退款", "到账"},
		body: `退款审核通过后,按原支付方式退回:

| 支付方式 | 到账时间 |
|---|---|
| 微信 / 支付宝 | 1–3 个工作日 |
| 银行卡 | 3–5 个工作日(以银行入账为准) |
| 信用卡 | 退回信用额度,账单上显示为退款 |

如果超过上述时间仍未到账:

1. 在 **我的订单 → 退款详情** 查看退款流水号
2. 用流水号向银行或支付平台查询
3. 仍查不到,请联系客服,我们会让财务核对并在 **1 个工作日内** 回复您`,
		history: []kbRevision{{age: 70, note: "首次发布", body: "退款审核通过后 7 个工作日内原路退回,请耐心等待。"},
			{age: 30, note: "按支付方式写明时效", body: "退款审核通过后,微信、支付宝 1–3 个工作日,银行卡 3–5 个工作日到账。"}}},
	{cat: "退货与售后", reason: "商品退货", lang: "zh-CN", vis: "public", age: 35, helpful: 22, unhelpful: 2, views: 310,
		title:     "七天无理由退货",
		questions: []string{"收到的东西不喜欢能退吗", "衣服尺码不合适怎么退", "退货运费谁出", "退货申请被拒了怎么办"},
		tags:      []string{"退货", "售后"},
		body: `签收之日起 7 天内,商品 **未使用、吊牌完好、不影响二次销售**,可以无理由退货。

1. 在订单详情点击 **申请售后 → 退货退款**
2. 审核通过后 7 天内寄回,填写退货快递单号
3. 仓库收货验货后 1–3 个工作日退款

- 质量问题退货:运费由我们承担
- 贴身衣物、已拆封的数码配件不支持无理由退货`},
	{cat: "课程与学习/上课与播放", reason: "课程无法播放", lang: "zh-CN", vis: "public", age: 15, helpful: 30, unhelpful: 9, views: 450,
		title:     "课程视频打不开、黑屏或一直加载",
		questions: []string{"视频一直转圈", "回放黑屏只有声音", "课程播放不了", "视频卡顿怎么办"},
		tags:      []string{"播放", "App", "技术"},
		body: `请按顺序尝试:

1. 把 App 升级到最新版本
2. 在 **我的 → 设置 → 清除缓存** 后重新打开课程
3. 切换网络(Wi-Fi 与 4G/5G 互换)再试
4. 仍无法播放:截图并记下课程名称、出现问题的时间,联系客服

客服会把问题转给技术部门排查,一般 **24 小时内** 回复。`,
		comments: []string{"客户试了都不行,应该写清楚转技术要提供哪些信息", "缺少平板和电脑端的处理办法"}},
	{cat: "课程与学习/上课与播放", reason: "更换老师", lang: "zh-CN", vis: "public", age: 50, helpful: 12, unhelpful: 1, views: 150,
		title:     "更换老师和调课",
		questions: []string{"能不能换个老师", "老师讲得太快孩子跟不上", "孩子考试那天的课能调吗", "请假了能补课吗"},
		tags:      []string{"老师", "调课"},
		body: `- **换老师**:在 App 课程页点击 **申请换老师**,教务会在 1 个工作日内为您匹配并与您确认时间
- **调课**:上课前 24 小时在课表中选择 **调课**,每期最多 3 次
- **请假补课**:上课前 2 小时请假的课时可预约补课;未请假缺课不补`},
	{cat: "课程与学习/上课与播放", reason: "直播课问题", lang: "zh-CN", vis: "internal", age: 40, helpful: 9, unhelpful: 0, views: 90,
		title:     "直播课老师迟到、中断的补偿标准(内部)",
		questions: []string{"老师迟到了怎么补偿", "直播课掉线了怎么办", "直播课中断能补课吗"},
		tags:      []string{"直播", "补偿", "口径"},
		body: `| 情况 | 补偿 |
|---|---|
| 老师迟到 10 分钟以内 | 课后顺延,致歉 |
| 迟到 10–30 分钟 | 补 1 节课时 |
| 迟到 30 分钟以上或未到 | 补 1 节课时 + 退该节课费 |
| 平台故障中断 | 补 1 节课时 |

1. 在教学后台核实老师进入直播间的时间
2. 按上表给出补偿,补课时由教务排课
3. 投诉工单抄送教学主管`},
	{cat: "支付与发票/扣款异常", reason: "分期付款", lang: "zh-CN", vis: "public", age: 60, helpful: 7, unhelpful: 0, views: 80,
		title:     "课程可以分期付款吗?",
		questions: []string{"课程能分期吗", "分期有没有手续费", "分期怎么还款"},
		tags:      []string{"分期", "支付"},
		body:      "课程支持 3 期、6 期、12 期 **免息分期**,下单时在支付方式中选择分期即可。分期按月自动扣款;提前还清不收手续费。退课时,退款先冲抵未还的分期。"},
	{cat: "支付与发票/扣款异常", reason: "自动续费", lang: "zh-CN", vis: "public", age: 25, helpful: 15, unhelpful: 4, views: 200,
		title:     "关闭自动续费,误扣的续费怎么退",
		questions: []string{"怎么关闭自动续费", "自动续费没提醒就扣钱了", "会员被自动扣费了能退吗"},
		tags:      []string{"续费", "退款", "会员"},
		body: `1. 打开 **我的 → 会员 → 自动续费管理**,点击 **关闭**
2. 续费扣款后 **48 小时内** 且未使用会员权益,可申请全额退回
3. 超过 48 小时,按未使用天数比例退

续费前 3 天会短信提醒;如未收到提醒被扣费,客服可直接提交退款。`},

	// ---- 物流 ----
	{cat: "订单与物流/物流延误", reason: "物流延迟", lang: "zh-CN", vis: "public", age: 9, helpful: 52, unhelpful: 6, views: 870,
		title:     "物流好几天没更新怎么办",
		questions: []string{"快递好几天没动了", "物流一直不更新", "包裹卡在中转站", "我的快递什么时候到", "能帮我催一下快递吗"},
		tags:      []string{"物流", "催件", "延误"},
		body: `物流信息 **48 小时未更新** 时,可以这样处理:

1. 在订单详情查看物流轨迹和最后停留的站点
2. 联系客服,我们会向快递公司发起催件,一般 **1–2 天内** 有更新
3. 超过 5 天仍无更新,我们会发起丢件核查,并为您补发或退款

大促和节假日期间快递量大,时效可能延长 1–3 天。`},
	{cat: "订单与物流/物流延误", reason: "物流延迟", lang: "zh-CN", vis: "internal", age: 150, helpful: 6, unhelpful: 11, views: 310,
		title:     "物流延误的催件与补偿标准(内部)",
		questions: []string{"物流延误怎么补偿", "延误能给优惠券吗", "什么时候转物流部门"},
		tags:      []string{"物流", "补偿", "口径"},
		body: `1. 查询物流轨迹,确认停滞站点与时长
2. 停滞 48 小时以上:在物流系统发起催件,告知客户 1–2 天内更新
3. 停滞 5 天以上:转 **物流** 部门发起丢件核查(OLA 2 个工作日)
4. 补偿:延误 3 天以上发 10 元无门槛券;VIP 客户 20 元`,
		comments: []string{"补偿标准和现在不一样了,现在是按延误天数给", "没写大促期间怎么处理", "物流部门的 OLA 已经改成 1 个工作日"}},
	{cat: "订单与物流/签收与丢件", reason: "包裹丢失", lang: "zh-CN", vis: "public", age: 18, helpful: 38, unhelpful: 4, views: 540,
		title:     "显示已签收,但我没收到",
		questions: []string{"物流显示签收了但是我没收到", "包裹是不是丢了", "快递被别人签收了", "没收到货却显示已签收"},
		tags:      []string{"签收", "丢件"},
		body: `1. 先确认是否放在快递柜、驿站,或由家人、门卫、前台代收
2. 联系派送的快递员(电话在物流详情里)核实放在哪里
3. 仍找不到,请联系客服:我们向快递公司发起 **丢件核查**(3 个工作日)
4. 核实确已丢失的,我们为您 **免费补发** 或全额退款`},
	{cat: "订单与物流/签收与丢件", reason: "包裹丢失", lang: "zh-CN", vis: "internal", age: 45, helpful: 14, unhelpful: 2, views: 160,
		title:     "丢件核查与补发流程(内部 SOP)",
		questions: []string{"丢件怎么补发", "丢件理赔流程", "什么时候可以直接补发"},
		tags:      []string{"丢件", "补发", "SOP"},
		body: `1. 核身:注册手机号 + 订单号
2. 在物流系统查签收照片与签收人;有照片且为本人地址的,先请客户核实家人代收
3. 发起丢件核查工单,升级至 **物流** 部门,OLA 2 个工作日
4. 物流确认丢失:当天安排补发,短信告知新单号;缺货时全额退款
5. 订单金额 500 元以上或客户情绪激动:抄送主管,由主管回电

**不要** 在核查完成前承诺补发时间。`},
	{cat: "订单与物流", reason: "修改地址", lang: "zh-CN", vis: "public", age: 55, helpful: 10, unhelpful: 1, views: 120,
		title:     "下单后能改收货地址吗?",
		questions: []string{"地址填错了怎么办", "能帮我改一下收货地址吗", "搬家了还没发货能改地址吗"},
		tags:      []string{"地址", "订单"},
		body:      "订单 **未出库** 前可在订单详情点击 **修改地址**,或联系客服修改;已出库的订单需联系快递员改派,可能产生改派费用。"},
	{cat: "订单与物流/签收与丢件", reason: "签收异常", lang: "zh-CN", vis: "public", age: 33, helpful: 11, unhelpful: 2, views: 130,
		title:     "快递没送上门、外包装破损",
		questions: []string{"快递员没打电话就放驿站", "外箱压烂了能拒收吗", "快递不送货上门"},
		tags:      []string{"签收", "派送"},
		body: `- **未送货上门**:联系客服,我们会反馈快递站点并要求重新派送
- **外包装破损**:可当场拒收;已签收的,请 24 小时内拍照联系客服,我们安排换货或退款`},
	{cat: "订单与物流", reason: "催发货", lang: "zh-CN", vis: "public", age: 28, helpful: 9, unhelpful: 3, views: 140,
		title:     "付款后多久发货?能催一下吗",
		questions: []string{"付款好几天了还没发货", "什么时候发货", "说好 48 小时发货怎么还没发"},
		tags:      []string{"发货", "催单"},
		body:      "现货商品付款后 **48 小时内** 发货,预售商品以商品页写明的时间为准。超过时间未发货,客服可为您备注优先出库,一般 24 小时内发出。"},

	// ---- 支付与发票 ----
	{cat: "支付与发票/扣款异常", reason: "重复扣款", lang: "zh-CN", vis: "public", age: 14, helpful: 27, unhelpful: 2, views: 380,
		title:     "一笔订单被扣了两次钱",
		questions: []string{"我被扣了两次钱", "重复扣款怎么退", "银行卡扣了两笔", "付一次款扣了两次"},
		tags:      []string{"扣款", "退款", "支付"},
		body: `重复扣款的款项会 **原路退回**,您不需要再次申请:

1. 系统对账发现重复扣款后会在 24 小时内自动退回
2. 超过 24 小时未退回,请提供付款截图和银行扣款短信联系客服
3. 财务核实后 1 个工作日内发起退款,银行 3–5 个工作日到账`},
	{cat: "支付与发票/扣款异常", reason: "重复扣款", lang: "zh-CN", vis: "internal", age: 70, helpful: 8, unhelpful: 0, views: 95,
		title:     "重复扣款核查(与财务协作,内部)",
		questions: []string{"重复扣款要财务做什么", "怎么查是不是重复扣款"},
		tags:      []string{"扣款", "财务", "SOP"},
		body: `1. 请客户提供付款截图、银行扣款短信(含时间和金额)
2. 在支付后台按订单号查交易流水:两笔成功流水 = 重复扣款;一笔成功一笔处理中 = 掉单
3. 升级 **财务** 部门,注明两笔流水号,OLA 1 个工作日
4. 财务发起退款后,告知客户到账时效(银行卡 3–5 个工作日)并记录承诺时间`},
	{cat: "支付与发票/扣款异常", reason: "支付失败", lang: "zh-CN", vis: "public", age: 40, helpful: 13, unhelpful: 1, views: 170,
		title:     "支付显示失败,但钱已经扣了",
		questions: []string{"付款失败但扣钱了", "支付失败钱会退吗", "显示未支付但银行扣款了"},
		tags:      []string{"支付", "掉单"},
		body:      "这种情况叫 **掉单**,款项一般在 **24 小时内** 自动退回原账户。您可以直接重新下单;超过 24 小时未退回,请带付款截图联系客服。"},
	{cat: "支付与发票/发票", reason: "发票申请", lang: "zh-CN", vis: "public", age: 22, helpful: 33, unhelpful: 4, views: 460,
		title:     "怎么开电子发票",
		questions: []string{"发票怎么开", "我要开发票", "能开公司抬头的发票吗", "电子发票发到哪里"},
		tags:      []string{"发票", "开票"},
		body: `1. 打开订单详情,点击 **申请开票**
2. 选择抬头类型:个人 / 单位;单位需填写 **名称和税号**
3. 填写接收邮箱,提交
4. 电子发票 **3 个工作日内** 发送到邮箱,也可在订单详情下载

订单完成后 180 天内可申请开票。`},
	{cat: "支付与发票/发票", reason: "发票申请", lang: "zh-CN", vis: "public", age: 44, helpful: 12, unhelpful: 1, views: 150,
		title:     "发票抬头或税号开错了,怎么重开",
		questions: []string{"发票抬头开错了", "税号填错了能重开吗", "发票开错了怎么办"},
		tags:      []string{"发票", "重开"},
		body:      "电子发票开错可在订单详情点击 **申请换开**,填写正确的抬头和税号;原发票自动作废,新发票 3 个工作日内发到邮箱。每张发票最多换开 1 次。"},
	{cat: "支付与发票/发票", reason: "发票申请", lang: "zh-CN", vis: "internal", age: 240, helpful: 5, unhelpful: 1, views: 70,
		title:     "增值税专用发票开具要求(内部)",
		questions: []string{"专票需要什么资料", "客户要专票怎么办"},
		tags:      []string{"发票", "专票", "财务"},
		body: `客户申请增值税专用发票时,需要提供:

- 单位名称、税号、注册地址和电话、开户行及账号
- 一般纳税人证明(如客户首次开专票)

1. 在工单中记录以上信息,升级 **财务** 部门
2. 财务 3 个工作日内开具,纸质专票顺丰寄出`},

	// ---- 账户与风控 ----
	{cat: "账户与安全/风控与账户限制", reason: "账户被限制/风控误判", lang: "zh-CN", vis: "public", age: 8, helpful: 35, unhelpful: 8, views: 720,
		title:     "账户被限制登录或交易怎么办",
		questions: []string{"账户被冻结了", "账号被限制了怎么解封", "提示存在风险无法登录", "账户被风控了", "钱提不出来账户被限制", "我什么都没做账号就被封了"},
		tags:      []string{"风控", "账户", "解封"},
		body: `为保护您的资金安全,系统发现异常(如异地登录、短时间多笔交易)时会 **临时限制** 账户。如果是您本人的正常操作:

1. 联系客服,完成身份核验(注册手机号、近期一笔订单号、身份证后四位)
2. 客服为您提交 **人工复核**
3. 风控部门 **24 小时内** 给出结果,节假日顺延
4. 确认误判后立即解除限制,我们会短信通知您

建议解除后在 **设置 → 账户安全** 开启登录保护。`,
		history: []kbRevision{{age: 90, note: "首次发布", body: "账户被限制时,请联系客服提交复核,2–3 个工作日内处理。"}}},
	{cat: "账户与安全/风控与账户限制", reason: "账户被限制/风控误判", lang: "zh-CN", vis: "internal", age: 8, helpful: 29, unhelpful: 2, views: 410,
		title:     "风控误判复核流程(内部 SOP)",
		questions: []string{"风控误判怎么提交复核", "账户被限制要升级给谁", "风控复核要多久"},
		tags:      []string{"风控", "SOP", "升级"},
		body: `客户的账户被风控规则误伤时,情绪通常很激动:**先安抚,再核身,再升级**,不要只念规定。

1. 安抚:认可客户的委屈,说明限制是为了保护资金,不是认定客户违规
2. 核身:注册手机号 + 近期一笔订单号 + 身份证后四位,三项一致才继续
3. 在工单中写清:触发时间、客户所在城市、近期正常交易情况
4. 升级给 **风控** 部门,OLA 16 个工作小时;向客户承诺 **24 小时内** 回复并记录承诺时间
5. 风控结论回来后 **主动回电**;确认误判的,建议客户开启登录保护

> 风控规则调整期间误判会集中出现,发现 1 小时内同类来电超过 10 个,报告班组长。`},
	{cat: "账户与安全/风控与账户限制", reason: "账户被限制/风控误判", lang: "zh-CN", vis: "internal", age: 30, helpful: 16, unhelpful: 1, views: 190,
		title:     "账户被限制时的安抚要点",
		questions: []string{"客户很生气说被冤枉了", "客户说要投诉风控"},
		tags:      []string{"安抚", "风控", "情绪"},
		body: `- 先回应情绪:“您明明正常使用却被限制,换作是我也会着急。”
- 不说“系统判断您有风险”,说“系统为保护资金临时做了限制”
- 给出明确的下一步和时间:“我现在就为您提交人工复核,24 小时内给您答复”
- 客户要求立即解封:说明客服无权直接解除,但会标注加急
- 同一客户第二次来电:直接转二线专家,不再重复核身以外的流程`},
	{cat: "账户与安全/登录与认证", reason: "密码找回", lang: "zh-CN", vis: "public", age: 65, helpful: 20, unhelpful: 3, views: 260,
		title:     "忘记密码、收不到验证码",
		questions: []string{"忘记密码了怎么办", "收不到验证码", "手机号换了怎么找回账号"},
		tags:      []string{"密码", "验证码", "登录"},
		body: `1. 在登录页点击 **忘记密码**,用注册手机号接收验证码重置
2. 收不到验证码:检查是否被手机拦截,60 秒后重新获取;仍收不到请联系客服
3. 手机号已不用:联系客服人工核身后,把账户绑定到新手机号`},
	{cat: "账户与安全/登录与认证", reason: "异常登录", lang: "zh-CN", vis: "public", age: 38, helpful: 14, unhelpful: 1, views: 180,
		title:     "收到异地登录提醒,担心账户被盗",
		questions: []string{"账号在别的城市登录了", "账户是不是被盗了", "有一笔订单不是我下的"},
		tags:      []string{"安全", "登录", "盗号"},
		body:      "请立即 **修改密码**,并在 **设置 → 账户安全 → 登录设备** 中下线不认识的设备。如果有不是您下的订单,请联系客服:我们会冻结账户、取消异常订单并原路退款。"},
	{cat: "账户与安全/登录与认证", reason: "实名认证", lang: "zh-CN", vis: "public", age: 75, helpful: 8, unhelpful: 2, views: 100,
		title:     "实名认证人脸识别一直失败",
		questions: []string{"人脸识别不通过", "实名认证失败", "实名认证要什么资料"},
		tags:      []string{"实名", "认证"},
		body:      "请在光线充足处、摘下眼镜和帽子、正对镜头重试。多次失败可选择 **上传身份证正反面**,转人工审核(1 个工作日)。"},
	{cat: "账户与安全/登录与认证", reason: "注销账户", lang: "zh-CN", vis: "public", age: 100, helpful: 4, unhelpful: 0, views: 50,
		title:     "注销账户和删除个人信息",
		questions: []string{"怎么注销账号", "不想用了能删除我的信息吗"},
		tags:      []string{"注销", "个人信息"},
		body:      "在 **设置 → 账户安全 → 注销账户** 提交申请。15 天冷静期后完成注销,并依照《个人信息保护法》删除您的个人信息;冷静期内登录即视为撤销申请。"},
	{cat: "服务规范", reason: "", lang: "zh-CN", vis: "internal", age: 20, helpful: 25, unhelpful: 1, views: 330,
		title:     "身份核验(核身)规范",
		questions: []string{"核身要问哪些信息", "客户不愿意说身份证号怎么办", "代办人来电怎么核身"},
		tags:      []string{"核身", "安全", "规范"},
		body: `涉及资金、账户限制、个人信息的操作前必须核身:

1. 注册手机号(来电号码一致可免问)
2. 近期一笔订单号或购买的课程名称
3. 身份证后四位

- 三项中两项不一致:不办理,引导客户本人来电
- 代办人来电:只解答咨询,不办理涉及账户的操作
- 核身结果写入工单备注,**不要** 在备注中写完整证件号`},

	// ---- 政务热线 ----
	{cat: "政务热线", reason: "", lang: "zh-CN", vis: "internal", age: 60, helpful: 12, unhelpful: 1, views: 140,
		title:     "12345 热线受理范围与转派原则",
		questions: []string{"哪些事情不归我们管", "诉求应该派给哪个部门", "紧急情况怎么处理"},
		tags:      []string{"12345", "转派", "政务"},
		body: `1. 先判断是否属于受理范围:涉法涉诉、已进入司法程序的,告知市民依法途径
2. 紧急危险(火灾、燃气泄漏、人身安全)立即转 110 / 119 / 120,并记录
3. 按 **属地 + 职能** 派单:噪音、环境卫生派街道和城管;物业派住建;欠薪派人社
4. 派单时写清 **时间、地点、事件、诉求、联系方式**,缺哪项就追问哪项
5. 告知市民办理时限(一般 3 个工作日内回复)`},
	{cat: "政务热线", reason: "噪音扰民", lang: "zh-CN", vis: "internal", age: 48, helpful: 9, unhelpful: 0, views: 80,
		title:     "噪音扰民诉求受理要点",
		questions: []string{"晚上施工太吵了", "楼下商铺音响声音太大", "夜间施工噪音投诉"},
		tags:      []string{"12345", "噪音"},
		body: `1. 问清地点(小区、楼栋或路口)、噪音来源、发生时段
2. 夜间施工(22:00–次日 6:00)派 **城管**;商铺、广场舞派 **街道**
3. 正在发生的噪音,同时建议市民拨打 110
4. 告知 3 个工作日内回复处理结果`},
	{cat: "政务热线", reason: "物业纠纷", lang: "zh-CN", vis: "internal", age: 52, helpful: 7, unhelpful: 1, views: 70,
		title:     "物业纠纷(电梯故障、收费争议)受理",
		questions: []string{"电梯坏了物业不修", "物业费收得不合理", "物业不作为"},
		tags:      []string{"12345", "物业"},
		body: `1. 记录小区名称、楼栋、问题持续时间、是否已找过物业
2. 电梯停运超过 3 天或涉及老人、残障人士出行:标注 **加急**
3. 派 **住建** 部门督促物业限期整改
4. 收费争议:告知市民可查阅物业服务合同,同时派单核查`},
	{cat: "政务热线", reason: "社保咨询", lang: "zh-CN", vis: "public", age: 90, helpful: 15, unhelpful: 2, views: 200,
		title:     "社保转移接续怎么办",
		questions: []string{"外地交的社保怎么转过来", "社保转移要什么材料", "换城市工作社保怎么办"},
		tags:      []string{"社保", "12345"},
		body: `1. 在新参保地参保后,登录 **国家社会保险公共服务平台** 或“掌上 12333”App
2. 选择 **养老保险关系转移接续申请**,填写原参保地信息
3. 也可携带身份证到新参保地社保窗口办理
4. 一般 45 个工作日内办结,可在平台查询进度`},
	{cat: "政务热线", reason: "劳动欠薪", lang: "zh-CN", vis: "internal", age: 58, helpful: 10, unhelpful: 0, views: 90,
		title:     "劳动欠薪求助处理",
		questions: []string{"老板拖欠工资不发", "农民工工资被拖欠", "公司欠薪怎么办"},
		tags:      []string{"12345", "欠薪", "人社"},
		body: `1. 记录用人单位名称、工作地点、欠薪时长和金额、涉及人数
2. 提醒市民保留考勤、工资条、聊天记录等凭证
3. 派 **人社** 部门劳动保障监察;涉及 10 人以上或临近春节的,标注加急
4. 告知市民也可直接向劳动保障监察大队投诉`},
	{cat: "政务热线", reason: "", lang: "zh-CN", vis: "internal", age: 26, helpful: 19, unhelpful: 0, views: 210,
		title:     "来电者情绪激动、质问政府时的接听规范",
		questions: []string{"市民很激动在骂人", "市民质问政府为什么这么做", "代表大家来投诉"},
		tags:      []string{"情绪", "12345", "安抚"},
		body: `服务在左,宽容在右:先让市民把话说完,再处理事情。

1. 不打断、不辩解,用“您说的情况我记下了”回应
2. 复述市民的核心诉求,确认理解无误
3. 说明能做什么:“我把您的意见如实转给相关部门,3 个工作日内回复您”
4. 不对政策做个人评价,不承诺职权以外的结果
5. 出现辱骂:提醒一次文明用语;持续辱骂可按规范结束通话并记录`},
	{cat: "服务规范", reason: "服务态度", lang: "zh-CN", vis: "internal", age: 30, helpful: 22, unhelpful: 2, views: 260,
		title:     "投诉处理五步法",
		questions: []string{"客户投诉怎么处理", "客户要投诉客服态度", "投诉工单怎么跟进"},
		tags:      []string{"投诉", "规范"},
		body: `1. **安抚**:先回应情绪,再谈问题;情绪问题和实质问题都要解决
2. **倾听**:让客户说完,记录投诉要素(被投诉方、经过、诉求、联系方式)
3. **核实**:调取录音、订单和历史记录
4. **方案**:在授权范围内给出方案;超出授权提交审批,不要私下承诺
5. **回访**:在承诺时间前回复结果,结案前确认客户是否认可`},
	{cat: "服务规范", reason: "处理时效", lang: "zh-CN", vis: "internal", age: 15, helpful: 17, unhelpful: 1, views: 180,
		title:     "承诺回复时限怎么定",
		questions: []string{"跟客户承诺多久回复", "承诺时间来不及怎么办"},
		tags:      []string{"承诺", "时效"},
		body: `- 承诺时间不能晚于系统建议的最晚时间(工单右侧 **记录承诺** 会给出)
- 需要其他部门处理的,以对方部门的 OLA 为准,再留出 2 小时回电时间
- 来不及兑现:在承诺时间 **之前** 主动联系客户说明进度并重新约定
- 承诺时间必须在工单中记录,便于交接和考核`},
	{cat: "服务规范", reason: "做工瑕疵", lang: "zh-CN", vis: "public", age: 42, helpful: 13, unhelpful: 1, views: 140,
		title:     "商品有做工瑕疵(开线、跳线)怎么处理",
		questions: []string{"衣服接缝开线了", "新买的衣服有线头", "质量有问题能换吗"},
		tags:      []string{"质量", "换货"},
		body: `1. 拍下问题部位和吊牌的照片,发给客服
2. 我们为您登记质量问题,您可以选择:就近门店专柜直接更换,或寄回换新(运费我们承担)
3. 质量问题会反馈给质检部门改进

感谢您的提醒,您的反馈会让更多顾客受益。`},

	// ---- English ----
	{cat: "Help Center", reason: "课程退款", lang: "en", vis: "public", age: 16, helpful: 11, unhelpful: 1, views: 120,
		title:     "How do I get a refund for a course?",
		questions: []string{"I want my money back for the class", "cancel my course and refund", "can I get a refund after a few lessons"},
		tags:      []string{"refund", "course"},
		body: `Lessons you have not taken can be refunded; lessons taken and materials shipped are deducted.

1. Open the app and go to **Me → My orders**
2. Choose the course and tap **Request refund**
3. Confirm the amount and submit
4. Finance reviews it within one working day; the money returns to your original payment method in 3–5 working days`},
	{cat: "Help Center", reason: "退款进度", lang: "en", vis: "public", age: 16, helpful: 9, unhelpful: 1, views: 95,
		title:     "When will I get my refund?",
		questions: []string{"where is my refund", "refund approved but no money yet", "how long does a refund take"},
		tags:      []string{"refund"},
		body:      "After approval, refunds to WeChat Pay or Alipay arrive in 1–3 working days and to bank cards in 3–5 working days. If it takes longer, find the refund reference under **My orders → Refund details** and contact us; finance will check within one working day."},
	{cat: "Help Center", reason: "重复扣款", lang: "en", vis: "public", age: 30, helpful: 6, unhelpful: 0, views: 60,
		title:     "I was charged twice for one order",
		questions: []string{"double charge", "charged two times", "duplicate payment"},
		tags:      []string{"payment", "refund"},
		body:      "Duplicate charges are returned automatically within 24 hours. If not, send us a screenshot of the payment and the bank's text message; finance checks within one working day and the money returns in 3–5 working days."},
	{cat: "Help Center", reason: "账户被限制/风控误判", lang: "en", vis: "public", age: 12, helpful: 7, unhelpful: 2, views: 70,
		title:     "My account is restricted",
		questions: []string{"my account was frozen", "I cannot sign in, it says risk", "account locked by mistake"},
		tags:      []string{"account", "security"},
		body: `To protect your money, the system may restrict an account temporarily after unusual activity such as a sign-in from another city.

1. Contact us and verify your identity (registered phone, a recent order number, last four digits of your ID)
2. We ask the risk team for a manual review
3. You get an answer within 24 hours; if it was a mistake, the restriction is lifted at once`},
	{cat: "Help Center", reason: "发票申请", lang: "en", vis: "public", age: 40, helpful: 5, unhelpful: 0, views: 45,
		title:     "How do I get an invoice?",
		questions: []string{"I need an invoice", "company invoice with tax number", "where is my e-invoice"},
		tags:      []string{"invoice"},
		body:      "Open the order and tap **Request invoice**, choose personal or company (company invoices need the name and tax number) and enter an email address. The e-invoice arrives within 3 working days."},
	{cat: "Help Center", reason: "包裹丢失", lang: "en", vis: "public", age: 22, helpful: 4, unhelpful: 1, views: 50,
		title:     "My parcel shows delivered but I did not receive it",
		questions: []string{"package marked delivered not received", "lost parcel", "missing package"},
		tags:      []string{"delivery", "parcel"},
		body:      "Check parcel lockers, pick-up points and neighbours first, then call the courier (the number is in the tracking details). If it still cannot be found, contact us: we open a lost-parcel check (3 working days) and resend the item or refund you."},

	// ---- not published / archived ----
	{cat: "订单与物流/物流延误", reason: "物流延迟", lang: "zh-CN", vis: "public", age: 120, state: "archived", helpful: 3, unhelpful: 0, views: 400,
		title:     "春节期间物流停运通知(已过期)",
		questions: []string{"春节快递停运吗"},
		tags:      []string{"物流", "春节"},
		body:      "1 月 25 日至 2 月 5 日快递停运,期间订单节后依次发出。"},
	{cat: "课程与学习/上课与播放", reason: "学习资料", lang: "zh-CN", vis: "public", age: 2, state: "draft",
		title:     "纸质教材没收到怎么办(草稿)",
		questions: []string{"教材还没收到", "讲义在哪里下载"},
		tags:      []string{"教材"},
		body:      "教材随课程开课前 3 天寄出,单号在 **我的课程 → 资料** 中查看;讲义可在同一页面下载。"},
	{cat: "支付与发票/发票", reason: "发票申请", lang: "zh-CN", vis: "public", age: 22, state: "pending", helpful: 0, unhelpful: 0,
		title:     "发票开具时限说明",
		questions: []string{"发票多久能开好"},
		tags:      []string{"发票"},
		body:      "电子发票 3 个工作日内发送到邮箱。",
		pending:   "电子发票 **1 个工作日内** 发送到邮箱;纸质发票 5 个工作日内寄出。"},
}

// kbScriptSpec is one demo script.
type kbScriptSpec struct {
	cat, reason, lang, title, text string
	tags                           []string
	approved, inactive             bool
	uses                           int
}

var kbScripts = []kbScriptSpec{
	{"开场与核身", "", "zh-CN", "标准开场", "{客户称呼}您好,我是客服{坐席姓名},很高兴为您服务,请问有什么可以帮您?", []string{"开场"}, true, false, 420},
	{"开场与核身", "", "zh-CN", "核身询问", "为了保障您的账户安全,需要先核实一下身份:请告诉我您的注册手机号、最近一笔订单号,以及身份证后四位。", []string{"核身"}, true, false, 260},
	{"开场与核身", "", "zh-CN", "回电开场", "{客户称呼}您好,我是客服{坐席姓名},关于您反映的“{工单标题}”(工单号 {工单号}),现在给您回电说明处理结果。", []string{"回电", "回访"}, true, false, 150},
	{"安抚与致歉", "", "zh-CN", "认可情绪", "非常理解您现在着急的心情,换作是我也会一样。您放心,这件事我会负责跟进到底。", []string{"安抚"}, true, false, 380},
	{"安抚与致歉", "", "zh-CN", "久等致歉", "非常抱歉让您久等了,您的问题我们一直在跟进,我已经为您标注加急处理。", []string{"致歉", "催办"}, true, false, 210},
	{"安抚与致歉", "服务态度", "zh-CN", "服务态度投诉致歉", "非常抱歉之前的服务让您不愉快。我们会调取录音核实,并在{承诺时间}前给您答复处理结果。", []string{"投诉", "致歉"}, true, false, 60},
	{"退款与售后", "课程退款", "zh-CN", "课程退款受理", "您的退课申请已经为您提交,未上的课时会按协议计算退费,财务审核通过后 3–5 个工作日原路退回。", []string{"退款", "课程"}, true, false, 330},
	{"退款与售后", "退款进度", "zh-CN", "退款未到账安抚", "退款已在财务系统发起,银行处理一般需要 3–5 个工作日。我已经为您催办,{承诺时间}前会把核实结果告诉您。", []string{"退款", "到账"}, true, false, 290},
	{"退款与售后", "商品退货", "zh-CN", "退货审核通过", "您的退货申请已审核通过,请在 7 天内将商品寄回并填写快递单号,仓库收到后 1–3 个工作日为您退款。", []string{"退货"}, true, false, 120},
	{"退款与售后", "做工瑕疵", "zh-CN", "质量问题换货", "非常感谢您的反馈,也很抱歉让您遇到这样的问题。已为您登记质量问题,您可以就近到门店专柜直接更换,我们另外为您准备了一份小礼物。", []string{"质量", "换货"}, true, false, 45},
	{"退款与售后", "课程退款", "zh-CN", "超口径补偿请示", "您提出的补偿超出了我能直接办理的范围,我已经提交给主管审批,{承诺时间}前给您答复。", []string{"补偿", "审批"}, false, false, 0},
	{"物流", "物流延迟", "zh-CN", "物流延误催件", "已为您查询到包裹目前滞留在中转站,我们已经联系快递公司加急处理,预计 1–2 天内会有更新,请您留意电话。", []string{"物流", "催件"}, true, false, 350},
	{"物流", "包裹丢失", "zh-CN", "丢件核查受理", "我们已向快递公司发起丢件核查,核查一般需要 3 个工作日,{承诺时间}前会联系您。如确认丢失,我们会为您免费补发。", []string{"丢件"}, true, false, 170},
	{"物流", "修改地址", "zh-CN", "地址已修改", "已为您核实订单尚未出库,收货地址已修改为您提供的新地址,请以短信通知为准。", []string{"地址"}, true, false, 80},
	{"物流", "催发货", "zh-CN", "催发货回复", "您购买的商品正在排队出库,已为您备注优先发货,预计 24 小时内发出,发货后会短信通知您单号。", []string{"发货"}, true, false, 110},
	{"物流", "物流延迟", "zh-CN", "延误补偿券(旧)", "给您带来不便非常抱歉,已为您发放一张 10 元优惠券。", []string{"补偿"}, true, true, 90},
	{"账户与风控", "账户被限制/风控误判", "zh-CN", "风控限制安抚与复核", "您明明正常使用却被限制,确实让人着急。这个限制是系统为保护资金临时做的,不是认定您违规。我现在就为您提交人工复核,{承诺时间}前给您答复。", []string{"风控", "安抚"}, true, false, 240},
	{"账户与风控", "账户被限制/风控误判", "zh-CN", "风控解除通知", "经风控复核,确认是系统误判,您的账户限制已经解除,可以正常登录和交易了。给您带来的不便深表歉意,建议您在“设置—账户安全”开启登录保护。", []string{"风控", "解封"}, true, false, 130},
	{"账户与风控", "密码找回", "zh-CN", "重置密码指引", "已为您核身通过,重置链接已发送到您的手机,请在 30 分钟内完成密码重置。", []string{"密码"}, true, false, 95},
	{"账户与风控", "异常登录", "zh-CN", "疑似被盗处理", "已为您冻结账户并强制下线所有设备,请尽快修改密码。异常订单我们已经提交核查,{承诺时间}前给您结果。", []string{"安全"}, true, false, 40},
	{"支付与发票", "重复扣款", "zh-CN", "重复扣款受理", "已为您提交重复扣款核查,财务确认后多扣的款项会原路退回,{承诺时间}前告诉您结果。", []string{"扣款"}, true, false, 150},
	{"支付与发票", "发票申请", "zh-CN", "电子发票已受理", "已为您登记开票申请,电子发票将在 3 个工作日内发送到您的邮箱,请注意查收。", []string{"发票"}, true, false, 140},
	{"支付与发票", "支付失败", "zh-CN", "掉单说明", "这种情况是支付掉单,款项一般会在 24 小时内自动退回,您可以直接重新下单。", []string{"支付"}, true, false, 70},
	{"政务热线", "", "zh-CN", "12345 受理告知", "您反映的情况我已经详细记录,工单号 {工单号},将派发至属地相关部门处理,3 个工作日内给您回复。", []string{"12345", "受理"}, true, false, 200},
	{"政务热线", "", "zh-CN", "情绪激动时", "您说的情况我都记下了,您的意见我会如实转给相关部门。我们一起把事情说清楚,才能尽快帮您解决。", []string{"12345", "安抚"}, true, false, 85},
	{"政务热线", "劳动欠薪", "zh-CN", "欠薪凭证提醒", "请您保留好考勤记录、工资条和聊天记录等凭证,我们会把您的诉求转给人社部门劳动保障监察处理。", []string{"12345", "欠薪"}, false, false, 0},
	{"结束与回访", "", "zh-CN", "标准结束语", "请问还有其他可以帮您的吗?感谢您的耐心,祝您生活愉快,再见。", []string{"结束"}, true, false, 400},
	{"结束与回访", "", "zh-CN", "承诺回复", "请您保持电话畅通,{承诺时间}前我们一定给您答复。", []string{"承诺"}, true, false, 230},
	{"结束与回访", "", "zh-CN", "结案回访", "{客户称呼}您好,您反映的问题已经处理完毕,想跟您确认一下结果是否满意?", []string{"回访"}, true, false, 75},
	{"English", "", "en", "Opening", "Hello {customer_salutation}, this is {agent_name}. How can I help you today?", []string{"opening"}, true, false, 30},
	{"English", "退款进度", "en", "Refund on its way", "Your refund has been issued; bank transfers usually take 3–5 working days. We will confirm by {promised_time}.", []string{"refund"}, true, false, 20},
	{"English", "账户被限制/风控误判", "en", "Account review", "I understand how frustrating this is. I have asked our risk team to review your account and we will get back to you by {promised_time}.", []string{"account"}, true, false, 12},
	{"English", "", "en", "Closing", "Is there anything else I can help you with? Thank you for your patience.", []string{"closing"}, true, false, 25},
}
