package kb

import (
	"sort"
	"time"
)

// ReviewPolicy says when a published article needs an editor's attention.
// Feedback counts are those of the published version, so that rewriting an
// article takes it off the list until readers judge the new text.
type ReviewPolicy struct {
	MinVotes       int           // votes before the ratio means anything (default 5)
	LowRatio       float64       // helpful share below which an article is flagged (default 0.5)
	ManyNotHelpful int           // "not helpful" votes that flag an article whatever its ratio (default 10)
	StaleAfter     time.Duration // an article not republished for this long (default 180 days)
}

func (p *ReviewPolicy) defaults() {
	if p.MinVotes == 0 {
		p.MinVotes = 5
	}
	if p.LowRatio == 0 {
		p.LowRatio = 0.5
	}
	if p.ManyNotHelpful == 0 {
		p.ManyNotHelpful = 10
	}
	if p.StaleAfter == 0 {
		p.StaleAfter = 180 * 24 * time.Hour
	}
}

// Review reasons.
const (
	ReviewLowRatio       = "low_ratio"
	ReviewManyNotHelpful = "many_not_helpful"
	ReviewStale          = "stale"
)

// reviewReasons is the pure rule: why an article with these counts,
// published at publishedAt, needs review at now (none: it does not).
func reviewReasons(p ReviewPolicy, v Stats, publishedAt, now time.Time) []string {
	var out []string
	votes := v.Helpful + v.NotHelpful
	if votes >= int64(p.MinVotes) && v.HelpfulRatio != nil && *v.HelpfulRatio < p.LowRatio {
		out = append(out, ReviewLowRatio)
	}
	if v.NotHelpful >= int64(p.ManyNotHelpful) {
		out = append(out, ReviewManyNotHelpful)
	}
	if !publishedAt.IsZero() && now.Sub(publishedAt) >= p.StaleAfter {
		out = append(out, ReviewStale)
	}
	return out
}

// ReviewItem is an article on the needs-review list.
type ReviewItem struct {
	ArticleID    int64           `json:"article_id"`
	Title        string          `json:"title"`
	CategoryPath string          `json:"category_path"`
	Lang         string          `json:"lang"`
	Visibility   string          `json:"visibility"`
	Number       int             `json:"number"`
	PublishedAt  time.Time       `json:"published_at"`
	Reasons      []string        `json:"reasons" enum:"low_ratio,many_not_helpful,stale"`
	VersionStats Stats           `json:"version_stats"`
	Stats        Stats           `json:"stats"`
	DraftChanges bool            `json:"draft_changes" doc:"an editor is already working on it"`
	Comments     []FeedbackEntry `json:"comments" doc:"the latest comments with a not-helpful vote"`
}

// sortReview puts the most urgent first: feedback problems before age,
// more not-helpful votes first, then the lower ratio, then the older.
func sortReview(items []ReviewItem) {
	urgency := func(it ReviewItem) int {
		n := 0
		for _, r := range it.Reasons {
			if r != ReviewStale {
				n += 2
			} else {
				n++
			}
		}
		return n
	}
	ratio := func(it ReviewItem) float64 {
		if it.VersionStats.HelpfulRatio == nil {
			return 1
		}
		return *it.VersionStats.HelpfulRatio
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if ua, ub := urgency(a), urgency(b); ua != ub {
			return ua > ub
		}
		if a.VersionStats.NotHelpful != b.VersionStats.NotHelpful {
			return a.VersionStats.NotHelpful > b.VersionStats.NotHelpful
		}
		if ra, rb := ratio(a), ratio(b); ra != rb {
			return ra < rb
		}
		if !a.PublishedAt.Equal(b.PublishedAt) {
			return a.PublishedAt.Before(b.PublishedAt)
		}
		return a.ArticleID < b.ArticleID
	})
}
