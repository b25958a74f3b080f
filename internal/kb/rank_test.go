package kb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/db/dbtest"
	"github.com/kefuhq/kefu/internal/demo"
	"github.com/kefuhq/kefu/internal/kb"
)

// rankCases are questions customers and agents ask, with the article that
// must come first in the demo knowledge base, and the band its score must
// fall in: clear (≥ 0.75), probable (0.5–0.75) or unknown (< 0.5; "" title:
// nothing should be offered with any confidence).
var rankCases = []struct {
	q, lang, want, band string
}{
	// A similar question asked as it is written.
	{"孩子不想上了能退钱吗", "", "课程退款怎么申请(未上完的课时按比例退)", "clear"},
	{"快递好几天没动了", "", "物流好几天没更新怎么办", "clear"},
	{"被扣了两次钱", "", "一笔订单被扣了两次钱", "clear"},
	{"发票抬头开错了", "", "发票抬头或税号开错了,怎么重开", "clear"},
	// Other words for the same thing: variants, synonyms, gse cutting differently.
	{"帐号被冻结了怎么办", "", "账户被限制登录或交易怎么办", "clear"},
	{"快递显示签收了我没收到", "", "显示已签收,但我没收到", "clear"},
	{"怎么开发票", "", "怎么开电子发票", "clear"},
	{"退课", "", "课程退款怎么申请(未上完的课时按比例退)", "clear"},
	{"退款多久到账", "", "退款多久到账?", "clear"},
	{"社保怎么转", "", "社保转移接续怎么办", "clear"},
	{"我的退款怎么还没到", "", "退款多久到账?", "probable"},
	{"我什么都没做账户就被限制了", "", "账户被限制登录或交易怎么办", "probable"},
	{"晚上工地施工太吵", "", "噪音扰民诉求受理要点", "probable"},
	{"电梯坏了物业不管", "", "物业纠纷(电梯故障、收费争议)受理", "probable"},
	// English, stemmed.
	{"how do I get a refund for my course", "en", "How do I get a refund for a course?", "clear"},
	{"my account is locked", "en", "My account is restricted", "clear"},
	{"I was charged twice", "en", "I was charged twice for one order", "clear"},
	{"package marked as delivered but not received", "en", "My parcel shows delivered but I did not receive it", "clear"},
	// Not in the knowledge base.
	{"明天天气怎么样", "", "", "unknown"},
	{"我想买一台冰箱", "", "", "unknown"},
	{"How to cook rice", "en", "", "unknown"},
}

func band(score float64) string {
	switch {
	case score >= 0.75:
		return "clear"
	case score >= 0.5:
		return "probable"
	}
	return "unknown"
}

func TestRankingOnTheDemoKnowledgeBase(t *testing.T) {
	results := map[db.Dialect]string{}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, d, demo.Options{Customers: -1, Tickets: -1, Contacts: -1}, nil); err != nil {
			t.Fatal(err)
		}
		s := kb.New(d, nil, kb.Options{})
		var all strings.Builder
		for _, c := range rankCases {
			hs, err := s.Search(ctx, kb.Query{Text: c.q, Lang: c.lang, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hs {
				fmt.Fprintf(&all, "%s|%d|%.4f\n", c.q, h.ArticleID, h.Score)
			}
			if c.want == "" {
				if len(hs) > 0 && band(hs[0].Score) != "unknown" {
					t.Errorf("%q: offered %q with score %.3f", c.q, hs[0].Title, hs[0].Score)
				}
				continue
			}
			if len(hs) == 0 {
				t.Errorf("%q: nothing found, want %q", c.q, c.want)
				continue
			}
			if hs[0].Title != c.want {
				t.Errorf("%q: first %q (%.3f), want %q", c.q, hs[0].Title, hs[0].Score, c.want)
				continue
			}
			if got := band(hs[0].Score); got != c.band {
				t.Errorf("%q: score %.3f is %s, want %s", c.q, hs[0].Score, got, c.band)
			}
		}
		results[d.Dialect] = all.String()
	})
	if pg, ok := results[db.Postgres]; ok && pg != results[db.SQLite] {
		t.Fatalf("SQLite and PostgreSQL rank differently:\n%s\n---\n%s", results[db.SQLite], pg)
	}
}

// Similar questions are what make a customer's own words find the article:
// without them, the same question finds it with a much lower score.
func TestSimilarQuestionsMatter(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		editor := user(t, d, "孙丽")
		s := kb.New(d, nil, kb.Options{})
		body := "账户因异地登录触发风控规则被临时限制。请联系客服核身后提交人工复核,24 小时内答复。"
		a, _ := s.CreateArticle(ctx, kb.ArticleInput{Title: "账户限制说明", Body: body}, editor)
		s.Publish(ctx, a.ID, a.Version, "", editor)
		b, _ := s.CreateArticle(ctx, kb.ArticleInput{Title: "账户限制处理", Body: body, Questions: []string{"钱提不出来了", "账号被封了"}}, editor)
		s.Publish(ctx, b.ID, b.Version, "", editor)
		c, _ := s.CreateArticle(ctx, kb.ArticleInput{Title: "发票开具", Body: "在订单详情申请开票。"}, editor)
		s.Publish(ctx, c.ID, c.Version, "", editor)
		hs, err := s.Search(ctx, kb.Query{Text: "我的钱提不出来了"})
		if err != nil || len(hs) == 0 {
			t.Fatalf("%v %v", hs, err)
		}
		if hs[0].ArticleID != b.ID || hs[0].MatchedQuestion != "钱提不出来了" || band(hs[0].Score) != "clear" {
			t.Fatalf("with similar questions: %+v", hs)
		}
		for _, h := range hs[1:] {
			if h.ArticleID == a.ID && h.Score > hs[0].Score/2 {
				t.Fatalf("without similar questions the article scores %.3f, with them %.3f", h.Score, hs[0].Score)
			}
		}
		// Snippets mark the query's words.
		hs, _ = s.Search(ctx, kb.Query{Text: "风控复核"})
		marked := ""
		for _, sp := range hs[0].Highlights {
			if sp.Hit {
				marked += sp.Text + "|"
			}
		}
		if marked != "风控|复核|" || !strings.Contains(hs[0].Snippet, "人工复核") {
			t.Fatalf("highlights %q in %q", marked, hs[0].Snippet)
		}
	})
}
