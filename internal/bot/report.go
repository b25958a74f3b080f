package bot

import (
	"context"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// ReportInput chooses the conversations reported: started in [From, To).
type ReportInput struct {
	From, To    time.Time
	IncludeTest bool
}

// Report is the bot's containment, hand-off and satisfaction report.
type Report struct {
	From          time.Time `json:"from"`
	To            time.Time `json:"to"`
	Conversations int       `json:"conversations"`
	Contained     int       `json:"contained" doc:"ended without a person, after at least one answer"`
	HandedOff     int       `json:"handed_off"`
	Abandoned     int       `json:"abandoned" doc:"ended (or idle) without an answer or a hand-off"`
	Open          int       `json:"open" doc:"still going on"`
	// ContainmentRate is contained / ended conversations (open ones left out).
	ContainmentRate float64       `json:"containment_rate"`
	HandoffReasons  []ReasonCount `json:"handoff_reasons"`
	CSAT            CSATSummary   `json:"csat"`
	Answers         AnswerSummary `json:"answers"`
	Unanswered      []Unanswered  `json:"unanswered" doc:"the questions the bot most often could not answer: articles to write"`
	Days            []DayFigures  `json:"days"`
}

// ReasonCount is how many hand-offs had a reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// CSATSummary is the satisfaction ratings.
type CSATSummary struct {
	Count        int     `json:"count"`
	Average      float64 `json:"average"`
	Distribution [5]int  `json:"distribution" doc:"ratings 1 to 5"`
}

// AnswerSummary is the customers' verdicts on answers.
type AnswerSummary struct {
	Given      int `json:"given"`
	Helpful    int `json:"helpful"`
	NotHelpful int `json:"not_helpful"`
}

// Unanswered is a question the bot could not answer and how often.
type Unanswered struct {
	Question string    `json:"question"`
	Count    int       `json:"count"`
	Last     time.Time `json:"last"`
}

// DayFigures are one day's conversations by outcome.
type DayFigures struct {
	Date            string  `json:"date"`
	Conversations   int     `json:"conversations"`
	Contained       int     `json:"contained"`
	HandedOff       int     `json:"handed_off"`
	Abandoned       int     `json:"abandoned"`
	ContainmentRate float64 `json:"containment_rate"`
}

const dayMS = 86_400_000

// Report computes the report. Days are calendar days in the service's zone.
func (s *Service) Report(ctx context.Context, in ReportInput) (Report, error) {
	now := s.now()
	if in.To.IsZero() {
		in.To = now
	}
	if in.From.IsZero() {
		in.From = in.To.AddDate(0, 0, -30)
	}
	if !in.From.Before(in.To) {
		return Report{}, apperr.Field("query.from", "field.end_before_start")
	}
	if in.To.Sub(in.From) > 400*24*time.Hour {
		return Report{}, apperr.Field("query.from", "field.max", "400d")
	}
	r := Report{From: in.From, To: in.To, HandoffReasons: []ReasonCount{}, Unanswered: []Unanswered{}, Days: []DayFigures{}}
	_, off := in.From.In(s.opt.Zone).Zone()
	offMS := int64(off) * 1000
	from, to := db.Millis(in.From), db.Millis(in.To)
	idle := db.Millis(now.Add(-s.opt.Limits.IdleAfter))
	test := 0
	if in.IncludeTest {
		test = 1
	}
	q := s.db.Reader()
	// An open conversation idle for long is over: contained when answered.
	rows, err := q.Query(ctx, `SELECT (c.started_at + $1) / 86400000 AS day,
  CASE WHEN c.outcome <> '' THEN c.outcome WHEN c.last_at < $2 THEN (CASE WHEN c.answers > 0 THEN 'contained' ELSE 'abandoned' END) ELSE 'open' END AS eff,
  COUNT(*)
FROM bot_conversations c WHERE c.test <= $3 AND c.started_at >= $4 AND c.started_at < $5 GROUP BY 1, 2 ORDER BY 1`, offMS, idle, test, from, to)
	if err != nil {
		return r, apperr.Wrap(err, "bot: report")
	}
	byDay := map[int64]*DayFigures{}
	var order []int64
	for rows.Next() {
		var day int64
		var eff string
		var n int
		if err := rows.Scan(&day, &eff, &n); err != nil {
			rows.Close()
			return r, apperr.Wrap(err, "bot: report")
		}
		d := byDay[day]
		if d == nil {
			d = &DayFigures{Date: time.UnixMilli(day * dayMS).UTC().Format("2006-01-02")}
			byDay[day] = d
			order = append(order, day)
		}
		d.Conversations += n
		r.Conversations += n
		switch eff {
		case OutcomeContained:
			d.Contained += n
			r.Contained += n
		case OutcomeHandedOff:
			d.HandedOff += n
			r.HandedOff += n
		case OutcomeAbandoned:
			d.Abandoned += n
			r.Abandoned += n
		default:
			r.Open += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, apperr.Wrap(err, "bot: report")
	}
	for _, day := range order {
		d := byDay[day]
		d.ContainmentRate = ratio(d.Contained, d.Contained+d.HandedOff+d.Abandoned)
		r.Days = append(r.Days, *d)
	}
	r.ContainmentRate = ratio(r.Contained, r.Contained+r.HandedOff+r.Abandoned)

	counts := map[string]int{}
	err = scanPairs(ctx, q, `SELECT handoff_reason, COUNT(*) FROM bot_conversations WHERE test <= $1 AND outcome = 'handed_off' AND started_at >= $2 AND started_at < $3 GROUP BY handoff_reason`,
		[]any{test, from, to}, func(k string, n int) { counts[k] = n })
	if err != nil {
		return r, err
	}
	for _, reason := range HandoffReasons {
		if counts[reason] > 0 {
			r.HandoffReasons = append(r.HandoffReasons, ReasonCount{reason, counts[reason]})
		}
	}

	var sum int
	err = scanPairs(ctx, q, `SELECT CAST(csat AS TEXT), COUNT(*) FROM bot_conversations WHERE test <= $1 AND csat IS NOT NULL AND started_at >= $2 AND started_at < $3 GROUP BY csat`,
		[]any{test, from, to}, func(k string, n int) {
			v := int(k[0] - '0')
			if v >= 1 && v <= 5 {
				r.CSAT.Distribution[v-1] = n
				r.CSAT.Count += n
				sum += v * n
			}
		})
	if err != nil {
		return r, err
	}
	if r.CSAT.Count > 0 {
		r.CSAT.Average = float64(int(float64(sum)/float64(r.CSAT.Count)*100+0.5)) / 100
	}

	err = scanPairs(ctx, q, `SELECT COALESCE(CAST(m.helpful AS TEXT), ''), COUNT(*) FROM bot_messages m JOIN bot_conversations c ON c.id = m.conversation_id
WHERE c.test <= $1 AND m.kind = 'answer' AND c.started_at >= $2 AND c.started_at < $3 GROUP BY m.helpful`,
		[]any{test, from, to}, func(k string, n int) {
			r.Answers.Given += n
			switch k {
			case "1":
				r.Answers.Helpful += n
			case "0":
				r.Answers.NotHelpful += n
			}
		})
	if err != nil {
		return r, err
	}

	rows, err = q.Query(ctx, `SELECT m.question, COUNT(*), MAX(m.created_at) FROM bot_messages m JOIN bot_conversations c ON c.id = m.conversation_id
WHERE c.test <= $1 AND m.question <> '' AND c.started_at >= $2 AND c.started_at < $3
GROUP BY m.question ORDER BY COUNT(*) DESC, MAX(m.created_at) DESC LIMIT 20`, test, from, to)
	if err != nil {
		return r, apperr.Wrap(err, "bot: report")
	}
	defer rows.Close()
	for rows.Next() {
		var u Unanswered
		var last int64
		if err := rows.Scan(&u.Question, &u.Count, &last); err != nil {
			return r, apperr.Wrap(err, "bot: report")
		}
		u.Last = db.Time(last)
		r.Unanswered = append(r.Unanswered, u)
	}
	return r, apperr.Wrap(rows.Err(), "bot: report")
}

func scanPairs(ctx context.Context, q db.Querier, sqlText string, args []any, fn func(string, int)) error {
	rows, err := q.Query(ctx, sqlText, args...)
	if err != nil {
		return apperr.Wrap(err, "bot: report")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return apperr.Wrap(err, "bot: report")
		}
		fn(k, n)
	}
	return apperr.Wrap(rows.Err(), "bot: report")
}
