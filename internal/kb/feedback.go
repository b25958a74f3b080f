package kb

import (
	"context"
	"database/sql"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/db"
)

// FeedbackInput is a helpful / not helpful vote on an article's published
// version. Source says who judged: the agent in the console, the customer
// (self-service pages, web chat) or the bot on the customer's behalf.
type FeedbackInput struct {
	Helpful  *bool  `json:"helpful" doc:"true: helpful; false: not helpful"`
	Comment  string `json:"comment,omitempty" maxLength:"500" doc:"what was missing or wrong"`
	Source   string `json:"source,omitempty" enum:"agent,customer,bot," doc:"default agent"`
	TicketID *int64 `json:"ticket_id,omitempty" doc:"the ticket the article was used for"`
}

// FeedbackEntry is one vote as editors see it.
type FeedbackEntry struct {
	ID        int64     `json:"id"`
	Number    int       `json:"number" doc:"the version judged"`
	Helpful   bool      `json:"helpful"`
	Comment   string    `json:"comment"`
	Source    string    `json:"source"`
	UserName  string    `json:"user_name"`
	TicketID  *int64    `json:"ticket_id"`
	CreatedAt time.Time `json:"created_at"`
}

// Feedback records a vote. An agent votes once per version: voting again
// changes the vote (and the comment). Customers' and the bot's votes are
// all counted. Votes do not touch the article's version, so they never
// conflict with an editor's change.
func (s *Service) Feedback(ctx context.Context, id int64, in FeedbackInput, by Actor, r Reader) (Article, error) {
	var f apperr.Fields
	if in.Helpful == nil {
		f.Add("body.helpful", "field.required")
	}
	in.Comment = f.Text("body.comment", in.Comment, false, 500)
	if in.Source == "" {
		in.Source = "agent"
	}
	f.OneOf("body.source", in.Source, true, Sources...)
	if err := f.Err(); err != nil {
		return Article{}, err
	}
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error { return s.vote(ctx, tx, id, 0, in, by, r) })
	if err != nil {
		return Article{}, apperr.Wrap(err, "kb: feedback")
	}
	return s.Article(ctx, id, r)
}

// FeedbackTx records a customer's or the bot's vote inside the caller's
// transaction, on the version that was shown (number; 0 for the published
// one), so that the self-service bot's record of the answer and the
// article's usefulness commit together. An article no longer published is
// not found.
func (s *Service) FeedbackTx(ctx context.Context, tx *db.Tx, id int64, number int, helpful bool, comment, source string) error {
	var f apperr.Fields
	comment = f.Text("body.comment", comment, false, 500)
	f.OneOf("body.source", source, true, "customer", "bot")
	if err := f.Err(); err != nil {
		return err
	}
	return s.vote(ctx, tx, id, number, FeedbackInput{Helpful: &helpful, Comment: comment, Source: source}, Actor{}, Reader{PublicOnly: true})
}

func (s *Service) vote(ctx context.Context, tx *db.Tx, id int64, number int, in FeedbackInput, by Actor, r Reader) error {
	// The counter update takes the row lock that orders votes on an article.
	if _, err := tx.Exec(ctx, `UPDATE kb_articles SET helpful = helpful WHERE id = $1`, id); err != nil {
		return err
	}
	x, err := s.loadRow(ctx, tx, id)
	if err != nil {
		return err
	}
	if !r.may(x) || x.status != "published" {
		return apperr.NotFoundf("kb_article")
	}
	judged := x.number // the version judged: the one shown, when given
	if number > 0 && number <= x.number {
		judged = number
	}
	if in.TicketID != nil {
		ok, err := exists(ctx, tx, `SELECT 1 FROM tickets WHERE id = $1`, *in.TicketID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Field("body.ticket_id", "field.unknown")
		}
	}
	now := db.Millis(s.now())
	dh, dn := int64(0), int64(0)
	vote := func(h bool, sign int64) {
		if h {
			dh += sign
		} else {
			dn += sign
		}
	}
	var prevID int64
	var prev int
	err = sql.ErrNoRows
	if in.Source == "agent" && by.ID != 0 {
		err = tx.QueryRow(ctx, `SELECT id, helpful FROM kb_feedback WHERE article_id = $1 AND number = $2 AND user_id = $3 AND source = 'agent'`, id, judged, by.ID).Scan(&prevID, &prev)
	}
	switch {
	case err == nil:
		vote(prev == 1, -1)
		vote(*in.Helpful, 1)
		if _, err := tx.Exec(ctx, `UPDATE kb_feedback SET helpful = $1, comment = $2, ticket_id = $3, updated_at = $4 WHERE id = $5`,
			btoi(*in.Helpful), in.Comment, nullPtr(in.TicketID), now, prevID); err != nil {
			return err
		}
	case isNoRows(err):
		vote(*in.Helpful, 1)
		if _, err := tx.Exec(ctx, `INSERT INTO kb_feedback (article_id, number, helpful, comment, source, user_id, ticket_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
			id, judged, btoi(*in.Helpful), in.Comment, in.Source, db.NullID(by.ID), nullPtr(in.TicketID), now); err != nil {
			return err
		}
	default:
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE kb_articles SET helpful = helpful + $1, not_helpful = not_helpful + $2 WHERE id = $3`, dh, dn, id); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE kb_article_versions SET helpful = helpful + $1, not_helpful = not_helpful + $2 WHERE article_id = $3 AND number = $4`, dh, dn, id, judged)
	return err
}

// RecordView counts one reading of a published article (and its version).
func (s *Service) RecordView(ctx context.Context, id int64, r Reader) error {
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		x, err := s.loadRow(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.may(x) || x.status != "published" {
			return apperr.NotFoundf("kb_article")
		}
		if _, err := tx.Exec(ctx, `UPDATE kb_articles SET views = views + 1 WHERE id = $1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE kb_article_versions SET views = views + 1 WHERE article_id = $1 AND number = $2`, id, x.number)
		return err
	})
	return apperr.Wrap(err, "kb: view")
}

const feedbackCols = `f.id, f.number, f.helpful, f.comment, f.source, COALESCE(u.name, ''), f.ticket_id, f.created_at`

func scanFeedback(r interface{ Scan(...any) error }) (FeedbackEntry, error) {
	var e FeedbackEntry
	var h int
	var ticket sql.NullInt64
	var at int64
	err := r.Scan(&e.ID, &e.Number, &h, &e.Comment, &e.Source, &e.UserName, &ticket, &at)
	e.Helpful, e.TicketID, e.CreatedAt = h == 1, ptr(ticket), db.Time(at)
	return e, err
}

// FeedbackList returns an article's latest votes, newest first.
func (s *Service) FeedbackList(ctx context.Context, id int64, limit int) ([]FeedbackEntry, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	q := s.db.Reader()
	if ok, err := exists(ctx, q, `SELECT 1 FROM kb_articles WHERE id = $1`, id); err != nil || !ok {
		if err != nil {
			return nil, apperr.Wrap(err, "kb: feedback list")
		}
		return nil, apperr.NotFoundf("kb_article")
	}
	rows, err := q.Query(ctx, `SELECT `+feedbackCols+` FROM kb_feedback f LEFT JOIN users u ON u.id = f.user_id WHERE f.article_id = $1 ORDER BY f.id DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "kb: feedback list")
	}
	defer rows.Close()
	out := []FeedbackEntry{}
	for rows.Next() {
		e, err := scanFeedback(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "kb: feedback list")
		}
		out = append(out, e)
	}
	return out, apperr.Wrap(rows.Err(), "kb: feedback list")
}

// NeedsReview lists the published articles an editor should look at (see
// ReviewPolicy), most urgent first.
func (s *Service) NeedsReview(ctx context.Context) ([]ReviewItem, error) {
	q := s.db.Reader()
	paths, err := s.tree(ctx, q)
	if err != nil {
		return nil, apperr.Wrap(err, "kb: review")
	}
	rows, err := q.Query(ctx, `SELECT `+rowCols+rowFrom+` WHERE a.status = 'published'`)
	if err != nil {
		return nil, apperr.Wrap(err, "kb: review")
	}
	now := s.now()
	out := []ReviewItem{}
	for rows.Next() {
		x, err := scanRow(rows)
		if err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "kb: review")
		}
		a := x.article(false, paths)
		var at time.Time
		if a.PublishedAt != nil {
			at = *a.PublishedAt
		}
		reasons := reviewReasons(s.opt.Review, a.VersionStats, at, now)
		if len(reasons) == 0 {
			continue
		}
		out = append(out, ReviewItem{ArticleID: a.ID, Title: a.Title, CategoryPath: a.CategoryPath, Lang: a.Lang, Visibility: a.Visibility,
			Number: a.Number, PublishedAt: at, Reasons: reasons, VersionStats: a.VersionStats, Stats: a.Stats, DraftChanges: x.draftChanges, Comments: []FeedbackEntry{}})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "kb: review")
	}
	sortReview(out)
	for i := range out {
		cs, err := q.Query(ctx, `SELECT `+feedbackCols+` FROM kb_feedback f LEFT JOIN users u ON u.id = f.user_id
			WHERE f.article_id = $1 AND f.number = $2 AND f.helpful = 0 AND f.comment <> '' ORDER BY f.id DESC LIMIT 3`, out[i].ArticleID, out[i].Number)
		if err != nil {
			return nil, apperr.Wrap(err, "kb: review")
		}
		for cs.Next() {
			if e, err := scanFeedback(cs); err == nil {
				out[i].Comments = append(out[i].Comments, e)
			}
		}
		cs.Close()
	}
	return out, nil
}
