package httpapi

import (
	"context"
	"sort"
	"strconv"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/llm"
	"github.com/kefuhq/kefu/internal/ticket"
)

func (s *Server) llmStatus(ctx context.Context, _ *struct{}) (*bodyOf[llm.Status], error) {
	return body(s.LLM.Status()), nil
}

type draftInput struct {
	IDPath
	Body struct {
		Instruction string   `json:"instruction,omitempty" maxLength:"500" doc:"the agent's wish, e.g. 语气更正式"`
		References  []string `json:"references,omitempty" maxItems:"5" doc:"texts of scripts or articles the agent picked for the draft"`
	}
}

func (s *Server) ticketSummary(ctx context.Context, in *IDPath) (*bodyOf[llm.Result], error) {
	return s.runLLM(ctx, llm.PurposeSummary, in.ID, "", nil)
}

func (s *Server) ticketDraft(ctx context.Context, in *draftInput) (*bodyOf[llm.Result], error) {
	var f apperr.Fields
	f.Text("body.instruction", in.Body.Instruction, false, 500)
	for i, r := range in.Body.References {
		f.Text("body.references["+strconv.Itoa(i)+"]", r, true, 4000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return s.runLLM(ctx, llm.PurposeDraft, in.ID, in.Body.Instruction, in.Body.References)
}

// runLLM gathers what the viewer may read of the ticket and asks the model.
func (s *Server) runLLM(ctx context.Context, purpose string, id int64, instruction string, refs []string) (*bodyOf[llm.Result], error) {
	if !s.LLM.Status().Enabled {
		return nil, apperr.New(apperr.NotFound, "err.llm.disabled")
	}
	p := principalOf(ctx)
	c, err := s.llmCase(ctx, id, viewer(p))
	if err != nil {
		return nil, err
	}
	c.References = refs
	res, err := s.LLM.Run(ctx, purpose, string(langOf(ctx)), c, instruction, p.ID, id)
	return body(res), err
}

// llmCase is the ticket as the model is told it: the customer's words, the
// replies and notes, the linked contacts' summaries. The customer's full
// record is read only so that the redaction knows what to hide.
func (s *Server) llmCase(ctx context.Context, id int64, v ticket.Viewer) (llm.Case, error) {
	t, err := s.Tickets.Get(ctx, id, v)
	if err != nil {
		return llm.Case{}, err
	}
	evs, err := s.Tickets.Events(ctx, id, v)
	if err != nil {
		return llm.Case{}, err
	}
	c := llm.Case{Number: t.Number, Subject: t.Subject, Description: t.Description, Status: t.Status, ServiceType: t.ServiceType, ReasonPath: t.ReasonPath}
	if t.CustomerID != nil {
		cu, err := s.Customers.Get(ctx, *t.CustomerID)
		if err != nil {
			return llm.Case{}, err
		}
		c.Customer = llm.Person{Name: cu.Name, Phones: cu.Phones, Emails: cu.Emails}
		for _, x := range cu.ExternalIDs {
			c.Customer.Other = append(c.Customer.Other, x.Value)
		}
		for _, a := range cu.Attributes {
			c.Customer.Other = append(c.Customer.Other, a)
		}
	}
	for i, cid := range t.ContactIDs {
		if i == 5 {
			break
		}
		ct, err := s.Contacts.Get(ctx, cid)
		if err != nil {
			return llm.Case{}, err
		}
		text := ct.Summary
		for _, turn := range ct.Transcript {
			if turn.Speaker == "customer" {
				text += "\n" + turn.Text
			}
		}
		c.Timeline = append(c.Timeline, llm.Entry{Kind: "customer", Author: ct.CustomerName, Text: text, At: ct.StartedAt})
	}
	for _, e := range evs {
		kind := "change"
		switch e.Kind {
		case "reply", "note":
			kind = e.Kind
		case "created":
			continue // the description is already there
		}
		c.Timeline = append(c.Timeline, llm.Entry{Kind: kind, Author: e.ActorName, Text: e.Body, At: e.CreatedAt})
	}
	sort.SliceStable(c.Timeline, func(i, j int) bool { return c.Timeline[i].At.Before(c.Timeline[j].At) })
	return c, nil
}

func (s *Server) listLLMCalls(ctx context.Context, in *struct {
	CursorQuery
	TicketID int64 `query:"ticket_id"`
}) (*pageOf[llm.Call], error) {
	var before int64
	if in.Cursor != "" {
		var err error
		if before, err = strconv.ParseInt(in.Cursor, 10, 64); err != nil {
			return nil, apperr.Field("query.cursor", "field.bad_cursor")
		}
	}
	calls, err := s.LLM.Calls(ctx, before, in.TicketID, in.Limit)
	if err != nil {
		return nil, err
	}
	next := ""
	if len(calls) == in.Limit {
		next = strconv.FormatInt(calls[len(calls)-1].ID, 10)
	}
	return page(calls, next), nil
}
