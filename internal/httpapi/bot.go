package httpapi

import (
	"context"
	"strconv"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/bot"
)

// The self-service bot. Customer-side routes (bot:chat) are called by
// channel integrations with their API token — and by the console's test
// chat — and act only on the conversations the caller started. Reading
// every conversation needs bot:read; a ticket's own conversation is read
// with the ticket.

// botActor is the caller on the customer side: never ReadAll.
func botActor(ctx context.Context) bot.Actor {
	p := principalOf(ctx)
	return bot.Actor{ID: p.ID, Name: p.Name}
}

type botReplyOutput struct{ Body bot.Reply }

func botReply(r bot.Reply, err error) (*botReplyOutput, error) {
	if err != nil {
		return nil, err
	}
	return &botReplyOutput{Body: r}, nil
}

func (s *Server) botStart(ctx context.Context, in *struct{ Body bot.StartInput }) (*botReplyOutput, error) {
	return botReply(s.Bot.Start(ctx, in.Body, langOf(ctx), botActor(ctx)))
}

func (s *Server) botSend(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Text string `json:"text" maxLength:"4000" doc:"the customer's message (at most 1000 characters are accepted)"`
	}
}) (*botReplyOutput, error) {
	return botReply(s.Bot.Send(ctx, in.ID, in.Body.Text, botActor(ctx)))
}

func (s *Server) botPick(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Option int `json:"option" minimum:"1" maximum:"5" doc:"the number of the option the customer chose"`
	}
}) (*botReplyOutput, error) {
	return botReply(s.Bot.Pick(ctx, in.ID, in.Body.Option, botActor(ctx)))
}

func (s *Server) botHandoff(ctx context.Context, in *IDPath) (*botReplyOutput, error) {
	return botReply(s.Bot.RequestHandoff(ctx, in.ID, botActor(ctx)))
}

func (s *Server) botRate(ctx context.Context, in *struct {
	IDPath
	Body bot.RateInput
}) (*botReplyOutput, error) {
	return botReply(s.Bot.Rate(ctx, in.ID, in.Body, botActor(ctx)))
}

func (s *Server) botFeedback(ctx context.Context, in *struct {
	IDPath
	Body bot.FeedbackInput
}) (*botReplyOutput, error) {
	return botReply(s.Bot.Feedback(ctx, in.ID, in.Body, botActor(ctx)))
}

func (s *Server) botEnd(ctx context.Context, in *IDPath) (*botReplyOutput, error) {
	return botReply(s.Bot.End(ctx, in.ID, botActor(ctx)))
}

func (s *Server) botListConversations(ctx context.Context, in *struct {
	CursorQuery
	Outcome  string `query:"outcome" enum:"contained,handed_off,abandoned,open,"`
	Reason   string `query:"reason" enum:"requested,repeated_failure,emotion,abuse,complaint,sensitive,"`
	TicketID int64  `query:"ticket_id" minimum:"0"`
	Test     string `query:"test" enum:"true,false," doc:"only test chats, or only real ones; default both"`
}) (*pageOf[bot.Conversation], error) {
	f := bot.Filter{Outcome: in.Outcome, Reason: in.Reason, TicketID: in.TicketID, Limit: in.Limit}
	if in.Test != "" {
		v := in.Test == "true"
		f.Test = &v
	}
	if in.Cursor != "" {
		n, err := strconv.ParseInt(in.Cursor, 10, 64)
		if err != nil || n < 1 {
			return nil, apperr.Field("query.cursor", "field.bad_cursor")
		}
		f.Before = n
	}
	list, next, err := s.Bot.List(ctx, f)
	return page(list, next), err
}

func (s *Server) botGetConversation(ctx context.Context, in *IDPath) (*bodyOf[bot.Conversation], error) {
	p := principalOf(ctx)
	c, err := s.Bot.Get(ctx, in.ID, bot.Actor{ID: p.ID, Name: p.Name, ReadAll: true})
	if err != nil {
		return nil, err
	}
	return body(c), nil
}

// ticketBotConversations is the bot conversation a ticket was handed off
// from, for whoever may see the ticket.
func (s *Server) ticketBotConversations(ctx context.Context, in *IDPath) (*itemsOf[bot.Conversation], error) {
	if _, err := s.Tickets.Get(ctx, in.ID, viewer(principalOf(ctx))); err != nil {
		return nil, err
	}
	list, err := s.Bot.ByTicket(ctx, in.ID)
	return items(list), err
}

func (s *Server) reportBot(ctx context.Context, in *struct {
	From        time.Time `query:"from" doc:"start (RFC 3339); default 30 days before to"`
	To          time.Time `query:"to" doc:"end (RFC 3339); default now"`
	IncludeTest bool      `query:"include_test" doc:"count the console's test chats too"`
}) (*bodyOf[bot.Report], error) {
	r, err := s.Bot.Report(ctx, bot.ReportInput{From: in.From, To: in.To, IncludeTest: in.IncludeTest})
	if err != nil {
		return nil, err
	}
	return body(r), nil
}
