package httpapi

import (
	"context"
	"slices"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/emotion"
)

// emotionScorer reads customer text (emotion.Lazy in the product).
type emotionScorer interface {
	Score(text string) emotion.Score
}

// emotionReading is a score with what the policy offers the signed-in agent.
type emotionReading struct {
	emotion.Score
	Advice emotion.Advice `json:"advice"`
}

func (s *Server) readEmotion(ctx context.Context, text string) *emotionReading {
	sc := s.Emotion.Score(text)
	if sc.Emotion == "" {
		return nil // no model
	}
	return &emotionReading{Score: sc, Advice: emotion.Advise(sc.Emotion, sc.Abusive, principalOf(ctx).Level)}
}

func (s *Server) scoreEmotion(ctx context.Context, in *struct {
	Body struct {
		Text string `json:"text" doc:"a customer's message, transcript turn or a contact summary"`
	}
}) (*bodyOf[emotionReading], error) {
	var f apperr.Fields
	text := f.Text("body.text", in.Body.Text, true, 20000)
	if err := f.Err(); err != nil {
		return nil, err
	}
	r := s.readEmotion(ctx, text)
	if r == nil {
		return nil, apperr.New(apperr.Unavailable, "err.unavailable")
	}
	return body(*r), nil
}

// leadRef is someone a ticket can be handed to when the customer is abusive
// or angry.
type leadRef struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

type ticketEmotion struct {
	Emotion     string `json:"emotion" doc:"confirmed by an agent; empty until then"`
	Suggested   string `json:"suggested" doc:"the model's suggestion from the description and linked contacts"`
	Effective   string `json:"effective" doc:"the confirmed emotion, else the suggestion"`
	Abusive     bool   `json:"abusive"`
	QueueWeight int    `json:"queue_weight" doc:"how far the ticket moves up within its priority (emotion.QueueWeights)"`
	// Reading is the description's score with the words that weighed in
	// (null when there is no description).
	Reading *emotion.Score `json:"reading"`
	Advice  emotion.Advice `json:"advice"`
	Leads   []leadRef      `json:"leads" doc:"active team leads and managers of the ticket's team (else the agent's), for a hand-over"`
}

func (s *Server) getTicketEmotion(ctx context.Context, in *IDPath) (*bodyOf[ticketEmotion], error) {
	p := principalOf(ctx)
	t, err := s.Tickets.Get(ctx, in.ID, viewer(p))
	if err != nil {
		return nil, err
	}
	out := ticketEmotion{Emotion: t.Emotion, Suggested: t.EmotionSuggested, Effective: emotion.Effective(t.Emotion, t.EmotionSuggested), Abusive: t.Abusive, Leads: []leadRef{}}
	out.QueueWeight = emotion.QueueWeight(out.Effective)
	out.Advice = emotion.Advise(out.Effective, t.Abusive, p.Level)
	if t.Description != "" {
		if sc := s.Emotion.Score(t.Description); sc.Emotion != "" {
			out.Reading = &sc
		}
	}
	team := t.TeamID
	if team == nil {
		team = p.TeamID
	}
	if team != nil {
		users, err := s.Identity.ListUsers(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if u.Active && u.ID != p.ID && u.TeamID != nil && *u.TeamID == *team && slices.Contains([]string{"lead", "manager"}, u.Level) {
				out.Leads = append(out.Leads, leadRef{ID: u.ID, Name: u.Name, Level: u.Level})
			}
		}
	}
	return body(out), nil
}

func (s *Server) reportEmotion(ctx context.Context, in *periodQuery) (*itemsOf[emotion.AgentDay], error) {
	from, to := in.bounds()
	if !to.After(from) {
		return nil, apperr.Field("query.to", "field.end_before_start")
	}
	if to.Sub(from) > 366*24*time.Hour {
		return nil, apperr.Field("query.from", "field.range_too_long", 366)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	rows, err := emotion.CareReport(ctx, s.DB.Reader(), from, to, loc)
	return items(rows), apperr.Wrap(err, "emotion: report")
}
