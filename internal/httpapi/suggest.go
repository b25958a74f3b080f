package httpapi

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/suggest"
)

type suggestInput struct {
	Body struct {
		Text string `json:"text" maxLength:"20000" doc:"the contact summary, or the ticket subject and description"`
	}
}

type suggestOutput struct {
	Body struct {
		suggest.Suggestion
		// Emotion of the same text, so the form shows it without a second
		// request (see emotion.go); null when the text is empty.
		Emotion *emotionReading `json:"emotion"`
	}
}

func (s *Server) suggestFor(ctx context.Context, in *suggestInput) (*suggestOutput, error) {
	sg, err := s.Suggest.Suggest(ctx, in.Body.Text)
	if err != nil {
		return nil, err
	}
	out := &suggestOutput{}
	out.Body.Suggestion = *sg
	if text := strings.TrimSpace(in.Body.Text); text != "" {
		out.Body.Emotion = s.readEmotion(ctx, text)
	}
	return out, nil
}

type retrainOutput struct {
	Body struct {
		Started bool                   `json:"started" doc:"a background retrain was started (false: one is already running)"`
		Result  *suggest.RetrainResult `json:"result,omitempty" doc:"with wait=true: what the retrain did"`
	}
}

func (s *Server) retrainSuggest(ctx context.Context, in *struct {
	Wait bool `query:"wait" doc:"train now and answer when done, with the outcome"`
}) (*retrainOutput, error) {
	out := &retrainOutput{}
	if !in.Wait {
		out.Body.Started = s.Suggest.Start()
		return out, nil
	}
	res, err := s.Suggest.Retrain(ctx)
	if err != nil {
		return nil, err
	}
	out.Body.Started, out.Body.Result = true, res
	return out, nil
}

func (s *Server) suggestFeedback(ctx context.Context, in *struct{ Body suggest.Feedback }) (*struct{}, error) {
	err := s.Suggest.RecordFeedback(ctx, in.Body)
	if errors.Is(err, suggest.ErrNotFound) {
		return nil, apperr.NotFoundf(in.Body.ObjectType)
	}
	return nil, err
}

type suggestReportOutput struct {
	Body struct {
		*suggest.Report
		Training    bool                   `json:"training" doc:"a retrain is running on this node"`
		LastRetrain *suggest.RetrainResult `json:"last_retrain,omitempty" doc:"the last retrain on this node"`
	}
}

func (s *Server) suggestReport(ctx context.Context, in *struct {
	Since time.Time `query:"since" doc:"count feedback recorded from this time (RFC 3339); default all"`
}) (*suggestReportOutput, error) {
	r, err := s.Suggest.Report(ctx, in.Since)
	if err != nil {
		return nil, err
	}
	out := &suggestReportOutput{}
	out.Body.Report, out.Body.Training, out.Body.LastRetrain = r, s.Suggest.Busy(), s.Suggest.LastRetrain()
	return out, nil
}
