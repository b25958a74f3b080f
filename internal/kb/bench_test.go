package kb

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kefuhq/kefu/internal/textseg"
)

// Synthetic articles for the benchmark: sentences of a contact centre's
// knowledge base recombined, so that the vocabulary and the term
// frequencies look like a real one of that size.
var benchSentences = []string{
	"未上完的课时可以申请退款,已上的课时按协议扣除。", "退款审核通过后,银行卡 3–5 个工作日到账。", "打开 App 进入我的订单,点击申请退款。",
	"物流信息 48 小时未更新时,我们会向快递公司发起催件。", "显示已签收但未收到的,先确认快递柜和驿站。", "丢件核查一般需要 3 个工作日。",
	"重复扣款会在 24 小时内原路退回。", "电子发票 3 个工作日内发送到邮箱。", "单位抬头需要填写名称和税号。",
	"系统发现异地登录时会临时限制账户。", "核身需要注册手机号、近期订单号和身份证后四位。", "风控部门 24 小时内给出复核结果。",
	"夜间施工噪音派城管处理。", "物业不作为的诉求转住建部门督办。", "社保转移可在国家社会保险公共服务平台申请。",
	"拖欠工资的转人社部门劳动保障监察。", "请先升级 App 并清除缓存后重试。", "换老师需要 1 个工作日匹配。",
	"Refunds are returned to the original payment method.", "Contact us with a screenshot of the payment.", "The courier number is in the tracking details.",
	"会员自动续费可在设置中关闭。", "分期付款支持 3 期、6 期和 12 期免息。", "七天无理由退货需要吊牌完好。",
	"质量问题的退货运费由我们承担。", "承诺时间不能晚于系统建议的最晚时间。", "投诉要素包括被投诉方、经过、诉求和联系方式。",
}

var benchTitles = []string{"课程退款", "退款到账", "物流延误", "丢件补发", "重复扣款", "电子发票", "账户限制", "风控复核", "噪音扰民", "物业纠纷",
	"社保转移", "劳动欠薪", "视频播放", "更换老师", "自动续费", "分期付款", "七天退货", "质量问题", "承诺时限", "投诉处理"}

var benchQuestions = []string{"怎么退款", "钱什么时候到账", "快递好几天没动", "包裹丢了", "被扣了两次钱", "发票怎么开", "账号被冻结了", "提示存在风险",
	"晚上施工太吵", "电梯坏了没人修", "社保怎么转", "老板不发工资", "视频打不开", "能换个老师吗", "怎么关闭续费"}

func benchDoc(r *rand.Rand, id int64) doc {
	var b strings.Builder
	for i := 0; i < 8+r.IntN(16); i++ { // 300–900 characters
		b.WriteString(benchSentences[r.IntN(len(benchSentences))])
		if i%4 == 3 {
			b.WriteString("\n")
		}
	}
	t := benchTitles[r.IntN(len(benchTitles))] + benchTitles[r.IntN(len(benchTitles))] + fmt.Sprintf("说明 %d", id)
	var qs []string
	for i := 0; i < 2+r.IntN(4); i++ {
		qs = append(qs, benchQuestions[r.IntN(len(benchQuestions))]+benchTitles[r.IntN(len(benchTitles))])
	}
	lang := "zh-CN"
	if id%10 == 0 {
		lang = "en"
	}
	vis := "internal"
	if id%2 == 0 {
		vis = "public"
	}
	return doc{ID: id, Title: t, Questions: qs, Body: b.String(), Lang: lang, Visibility: vis, Status: "published", CategoryID: id % 30}
}

func benchIndex(b *testing.B, n int) *index {
	b.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	if err := textseg.Preload(); err != nil { // the dictionary's heap is not the index's
		b.Fatal(err)
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	ix := newIndex()
	for i := 1; i <= n; i++ {
		ix.put(prepare(benchDoc(r, int64(i))))
	}
	build := time.Since(start)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Printf("index of %d articles: built in %.1fs, %.0f MB of heap, %d distinct terms\n",
		n, build.Seconds(), float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), len(ix.postings))
	return ix
}

// BenchmarkSearch10k measures one query on an index of 10,000 articles:
//
//	go test ./internal/kb -run '^$' -bench Search10k -benchtime 2000x
func BenchmarkSearch10k(b *testing.B) {
	ix := benchIndex(b, 10000)
	queries := []string{"退款什么时候到账", "账号被冻结了怎么办", "快递好几天没动了", "发票", "how long does a refund take", "晚上施工太吵了打电话投诉"}
	for _, q := range queries {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix.search(q, filter{Statuses: []string{"published"}}, 10)
			}
		})
	}
	b.Run("public-en-filter", func(b *testing.B) {
		for b.Loop() {
			ix.search("refund payment", filter{Lang: "en", Visibility: "public", Statuses: []string{"published"}}, 10)
		}
	})
}

// BenchmarkUpdate10k measures replacing one article in an index of 10,000
// (what a node does for each changed article when it refreshes).
func BenchmarkUpdate10k(b *testing.B) {
	ix := benchIndex(b, 10000)
	r := rand.New(rand.NewPCG(3, 4))
	for b.Loop() {
		ix.put(prepare(benchDoc(r, int64(1+r.IntN(10000)))))
	}
}
