// Package assist helps the agent on an open ticket: the approved scripts
// and the articles that fit it, resolved tickets like it with how they were
// resolved, and a suggested reply assembled from them (see Compose). The
// reply is written by a Drafter: the template drafter by default; a
// large-model drafter can take its place without changing anything else.
package assist

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/kefuhq/kefu/internal/kb"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Drafter writes a suggested reply.
type Drafter interface {
	Draft(ctx context.Context, in DraftInput) (Draft, error)
}

// TemplateDrafter is the built-in drafter: Compose.
type TemplateDrafter struct{}

// Draft implements Drafter.
func (TemplateDrafter) Draft(_ context.Context, in DraftInput) (Draft, error) {
	return Compose(in), nil
}

// Knowledge is what assist needs from the knowledge base.
type Knowledge interface {
	Search(ctx context.Context, q kb.Query) ([]kb.Hit, error)
	SuggestScripts(ctx context.Context, text, lang string, reasonID int64, limit int) ([]kb.ScriptHit, error)
	Article(ctx context.Context, id int64, r kb.Reader) (kb.Article, error)
}

// Tickets is what assist needs from tickets.
type Tickets interface {
	SimilarResolved(ctx context.Context, t ticket.Ticket, v ticket.Viewer, limit int) ([]ticket.Similar, error)
}

// Options configure the service. Zero fields take the defaults.
type Options struct {
	Drafter  Drafter        // default TemplateDrafter
	Location *time.Location // for promised times in replies (default Asia/Shanghai)
	Now      func() time.Time
}

// Service assembles assistance for tickets.
type Service struct {
	kb      Knowledge
	tickets Tickets
	opt     Options
}

// New returns the service.
func New(k Knowledge, t Tickets, o Options) *Service {
	if o.Drafter == nil {
		o.Drafter = TemplateDrafter{}
	}
	if o.Location == nil {
		if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
			o.Location = loc
		} else {
			o.Location = time.FixedZone("CST", 8*3600)
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{kb: k, tickets: t, opt: o}
}

// Input is the ticket and what is known around it.
type Input struct {
	Ticket       ticket.Ticket
	CustomerName string
	CustomerAttr map[string]string
	PromisedAt   *time.Time
	AgentName    string
	Viewer       ticket.Viewer // similar tickets only from those the agent may read
}

// ScriptSuggestion is an approved script filled in for the ticket.
type ScriptSuggestion struct {
	kb.Script
	Score   float64  `json:"score"`
	Filled  string   `json:"filled" doc:"the text with the ticket's values"`
	Missing []string `json:"missing" doc:"variables without a value"`
}

// ArticleSuggestion is an article that fits the ticket.
type ArticleSuggestion struct {
	kb.Hit
	Steps []string `json:"steps" doc:"the article's key steps"`
}

// Result is the assistance for one ticket.
type Result struct {
	Lang      string              `json:"lang" doc:"the language of the ticket, and of the suggestions"`
	Variables map[string]string   `json:"variables" doc:"script variables and their values for this ticket"`
	Scripts   []ScriptSuggestion  `json:"scripts"`
	Articles  []ArticleSuggestion `json:"articles"`
	Similar   []ticket.Similar    `json:"similar" doc:"resolved tickets like this one, the same reason first"`
	Reply     Draft               `json:"reply"`
}

// How many of each the panel shows, and the scores below which a script or
// article is not put into the reply (an article linked to the ticket's
// reason is used whatever its score: a ticket's text is long and scores
// lower than a customer's question).
const (
	nScripts, nArticles, nSimilar = 3, 3, 3
	minScriptScore                = 0.15
	minArticleScore               = 0.3
	maxQuery                      = 480
)

// Assist gathers the scripts, articles and similar tickets for a ticket and
// drafts a reply.
func (s *Service) Assist(ctx context.Context, in Input) (Result, error) {
	t := in.Ticket
	lang := LangOf(t.Subject + " " + t.Description)
	res := Result{Lang: lang, Variables: s.Variables(in, lang), Scripts: []ScriptSuggestion{}, Articles: []ArticleSuggestion{}}
	text := clip(t.Subject+"\n"+t.Description, maxQuery)
	var reason int64
	if t.ReasonID != nil {
		reason = *t.ReasonID
	}
	scripts, err := s.kb.SuggestScripts(ctx, text, lang, reason, nScripts)
	if err != nil {
		return res, err
	}
	for _, h := range scripts {
		filled, missing, err := kb.Fill(h.Script.Text, res.Variables)
		if err != nil {
			continue
		}
		if missing == nil {
			missing = []string{}
		}
		res.Scripts = append(res.Scripts, ScriptSuggestion{Script: h.Script, Score: h.Score, Filled: filled, Missing: missing})
	}
	hits, err := s.kb.Search(ctx, kb.Query{Text: text, Lang: lang, ReasonID: reason, Limit: nArticles})
	if err != nil {
		return res, err
	}
	var best *ArticlePick
	for _, h := range hits {
		a, err := s.kb.Article(ctx, h.ArticleID, kb.Reader{})
		if err != nil {
			continue // unpublished since the search
		}
		steps := kb.Steps(a.Body, maxSteps)
		if steps == nil {
			steps = []string{}
		}
		res.Articles = append(res.Articles, ArticleSuggestion{Hit: h, Steps: steps})
		// Only a public article's steps go to the customer: internal ones
		// are the centre's own procedures.
		fits := h.Score >= minArticleScore || (reason != 0 && a.ReasonID != nil && *a.ReasonID == reason)
		if best == nil && a.Visibility == "public" && len(steps) > 0 && fits {
			best = &ArticlePick{ID: a.ID, Title: a.Title, Steps: steps}
		}
	}
	res.Similar, err = s.tickets.SimilarResolved(ctx, t, in.Viewer, nSimilar)
	if err != nil {
		return res, err
	}
	di := DraftInput{Lang: lang, Vars: res.Variables, Article: best, Subject: t.Subject, Description: t.Description}
	if len(scripts) > 0 && scripts[0].Score >= minScriptScore {
		di.Script = &ScriptPick{ID: scripts[0].Script.ID, Text: scripts[0].Script.Text}
	}
	for _, x := range res.Similar {
		if x.Resolution != "" {
			di.Resolutions = append(di.Resolutions, x.Resolution)
		}
	}
	res.Reply, err = s.opt.Drafter.Draft(ctx, di)
	return res, err
}

// Variables are the values of the script variables for a ticket.
func (s *Service) Variables(in Input, lang string) map[string]string {
	t := in.Ticket
	now := s.opt.Now().In(s.opt.Location)
	v := map[string]string{
		kb.VarSalutation:   FormOfAddress(in.CustomerName, in.CustomerAttr, lang),
		kb.VarCustomerName: in.CustomerName,
		kb.VarTicketNumber: t.Number,
		kb.VarSubject:      t.Subject,
		kb.VarAgentName:    in.AgentName,
		kb.VarReason:       t.ReasonPath,
		kb.VarToday:        FormatDate(now, lang),
	}
	if in.PromisedAt != nil {
		v[kb.VarPromise] = FormatPromise(in.PromisedAt.In(s.opt.Location), now, lang)
	}
	for k, x := range v {
		if x == "" {
			delete(v, k)
		}
	}
	return v
}

var weekdaysZH = []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// FormatPromise writes a promised time the way an agent says it: 今天18:00,
// 明天10:00, 3月5日(周四)18:00 (in English: today 18:00, tomorrow 10:00,
// Thu 5 Mar 18:00). Pure: now and t in the same location.
func FormatPromise(t, now time.Time, lang string) string {
	days := civilDays(t) - civilDays(now)
	clock := t.Format("15:04")
	if lang == "en" {
		switch days {
		case 0:
			return "today " + clock
		case 1:
			return "tomorrow " + clock
		}
		return t.Format("Mon 2 Jan") + " " + clock
	}
	switch days {
	case 0:
		return "今天" + clock
	case 1:
		return "明天" + clock
	}
	return fmt.Sprintf("%d月%d日(%s)%s", t.Month(), t.Day(), weekdaysZH[t.Weekday()], clock)
}

// FormatDate writes a date: 3月5日 / 5 March.
func FormatDate(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("2 January")
	}
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}

func civilDays(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// LangOf tells the language of a ticket: Chinese when it has Chinese
// characters, English otherwise.
func LangOf(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return "zh-CN"
		}
	}
	if strings.TrimSpace(text) == "" {
		return "zh-CN"
	}
	return "en"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
