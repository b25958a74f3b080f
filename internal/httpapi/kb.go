package httpapi

import (
	"context"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/assist"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/kb"
)

// Knowledge base (知识库), scripts (话术) and agent assist. Routes are listed
// in routes.go.

func kbReader(ctx context.Context) kb.Reader {
	return kb.Reader{Manage: principalOf(ctx).Can(identity.KBManage)}
}

func kbActor(ctx context.Context) kb.Actor {
	p := principalOf(ctx)
	return kb.Actor{ID: p.ID, Name: p.Name, IP: remoteOf(ctx)}
}

type kbSearchInput struct {
	Q          string `query:"q" maxLength:"500" doc:"the question or words to look for"`
	Lang       string `query:"lang" enum:"zh-CN,en," doc:"only articles in this language"`
	CategoryID int64  `query:"category_id" doc:"only this category and its sub-categories"`
	Visibility string `query:"visibility" enum:"internal,public," doc:"only internal or only public articles"`
	Status     string `query:"status" enum:"published,draft,archived,any," doc:"default published; the others need kb:manage"`
	ReasonID   int64  `query:"reason_id" doc:"rank articles linked to this contact reason higher"`
	Limit      int    `query:"limit" minimum:"1" maximum:"50" default:"10"`
}

func (s *Server) kbSearch(ctx context.Context, in *kbSearchInput) (*itemsOf[kb.Hit], error) {
	if in.Status != "" && in.Status != "published" && !kbReader(ctx).Manage {
		return nil, apperr.New(apperr.Forbidden, "err.forbidden")
	}
	hs, err := s.KB.Search(ctx, kb.Query{Text: in.Q, Lang: in.Lang, CategoryID: in.CategoryID, Visibility: in.Visibility, Status: in.Status, ReasonID: in.ReasonID, Limit: in.Limit})
	return items(hs), err
}

// --- categories ---

func (s *Server) listKBCategories(ctx context.Context, in *struct {
	Kind string `query:"kind" enum:"article,script," doc:"default: both"`
}) (*itemsOf[kb.Category], error) {
	cs, err := s.KB.Categories(ctx, in.Kind)
	return items(cs), err
}

func (s *Server) createKBCategory(ctx context.Context, in *struct{ Body kb.CategoryInput }) (*bodyOf[kb.Category], error) {
	c, err := s.KB.SaveCategory(ctx, 0, in.Body)
	return body(c), err
}

func (s *Server) updateKBCategory(ctx context.Context, in *struct {
	IDPath
	Body kb.CategoryInput
}) (*bodyOf[kb.Category], error) {
	c, err := s.KB.SaveCategory(ctx, in.ID, in.Body)
	return body(c), err
}

func (s *Server) deleteKBCategory(ctx context.Context, in *IDPath) (*struct{}, error) {
	return nil, s.KB.DeleteCategory(ctx, in.ID)
}

// --- articles ---

func (s *Server) listKBArticles(ctx context.Context, in *struct {
	CursorQuery
	CategoryID int64  `query:"category_id"`
	Status     string `query:"status" enum:"published,draft,archived,any," doc:"default published; the others need kb:manage"`
	Lang       string `query:"lang" enum:"zh-CN,en,"`
	Visibility string `query:"visibility" enum:"internal,public,"`
}) (*pageOf[kb.Article], error) {
	as, next, err := s.KB.Articles(ctx, kb.ListFilter{CategoryID: in.CategoryID, Status: in.Status, Lang: in.Lang, Visibility: in.Visibility, Cursor: in.Cursor, Limit: in.Limit}, kbReader(ctx))
	return page(as, next), err
}

func (s *Server) createKBArticle(ctx context.Context, in *struct{ Body kb.ArticleInput }) (*bodyOf[kb.Article], error) {
	a, err := s.KB.CreateArticle(ctx, in.Body, kbActor(ctx))
	return body(a), err
}

func (s *Server) getKBArticle(ctx context.Context, in *IDPath) (*bodyOf[kb.Article], error) {
	a, err := s.KB.Article(ctx, in.ID, kbReader(ctx))
	return body(a), err
}

func (s *Server) updateKBArticle(ctx context.Context, in *struct {
	IDPath
	Body kb.ArticlePatch
}) (*bodyOf[kb.Article], error) {
	a, err := s.KB.UpdateArticle(ctx, in.ID, in.Body, kbActor(ctx))
	return body(a), err
}

type kbVersionBody struct {
	Body struct {
		Version int    `json:"version" doc:"the article's version read"`
		Note    string `json:"note,omitempty" maxLength:"500" doc:"what changed (publish only)"`
	}
}

func (s *Server) publishKBArticle(ctx context.Context, in *struct {
	IDPath
	kbVersionBody
}) (*bodyOf[kb.Article], error) {
	a, err := s.KB.Publish(ctx, in.ID, in.Body.Version, in.Body.Note, kbActor(ctx))
	return body(a), err
}

func (s *Server) archiveKBArticle(ctx context.Context, in *struct {
	IDPath
	kbVersionBody
}) (*bodyOf[kb.Article], error) {
	a, err := s.KB.Archive(ctx, in.ID, in.Body.Version, kbActor(ctx))
	return body(a), err
}

func (s *Server) listKBVersions(ctx context.Context, in *IDPath) (*itemsOf[kb.VersionInfo], error) {
	vs, err := s.KB.Versions(ctx, in.ID)
	return items(vs), err
}

type kbVersionPath struct {
	IDPath
	Number int `path:"number" minimum:"1"`
}

func (s *Server) getKBVersion(ctx context.Context, in *kbVersionPath) (*bodyOf[kb.Version], error) {
	v, err := s.KB.Version(ctx, in.ID, in.Number)
	return body(v), err
}

func (s *Server) restoreKBVersion(ctx context.Context, in *struct {
	IDPath
	Number int `path:"number" minimum:"1"`
	kbVersionBody
}) (*bodyOf[kb.Article], error) {
	a, err := s.KB.Restore(ctx, in.ID, in.Number, in.Body.Version, kbActor(ctx))
	return body(a), err
}

func (s *Server) kbFeedback(ctx context.Context, in *struct {
	IDPath
	Body kb.FeedbackInput
}) (*bodyOf[kb.Article], error) {
	a, err := s.KB.Feedback(ctx, in.ID, in.Body, kbActor(ctx), kbReader(ctx))
	return body(a), err
}

func (s *Server) listKBFeedback(ctx context.Context, in *struct {
	IDPath
	Limit int `query:"limit" minimum:"1" maximum:"200" default:"50"`
}) (*itemsOf[kb.FeedbackEntry], error) {
	fs, err := s.KB.FeedbackList(ctx, in.ID, in.Limit)
	return items(fs), err
}

func (s *Server) kbView(ctx context.Context, in *IDPath) (*struct{}, error) {
	return nil, s.KB.RecordView(ctx, in.ID, kbReader(ctx))
}

func (s *Server) kbReview(ctx context.Context, _ *struct{}) (*itemsOf[kb.ReviewItem], error) {
	rs, err := s.KB.NeedsReview(ctx)
	return items(rs), err
}

// --- scripts ---

func (s *Server) listKBScripts(ctx context.Context, in *struct {
	Q          string `query:"q" maxLength:"200"`
	CategoryID int64  `query:"category_id"`
	Lang       string `query:"lang" enum:"zh-CN,en,"`
	Approved   string `query:"approved" enum:"true,false," doc:"editors: only approved or only unapproved scripts"`
	Inactive   bool   `query:"inactive" doc:"editors: include inactive scripts"`
	Limit      int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
}) (*itemsOf[kb.Script], error) {
	ss, err := s.KB.Scripts(ctx, kb.ScriptFilter{Q: in.Q, CategoryID: in.CategoryID, Lang: in.Lang, Approved: in.Approved, Inactive: in.Inactive, Limit: in.Limit}, kbReader(ctx))
	return items(ss), err
}

func (s *Server) createKBScript(ctx context.Context, in *struct{ Body kb.ScriptInput }) (*bodyOf[kb.Script], error) {
	sc, err := s.KB.CreateScript(ctx, in.Body, kbActor(ctx))
	return body(sc), err
}

func (s *Server) getKBScript(ctx context.Context, in *IDPath) (*bodyOf[kb.Script], error) {
	sc, err := s.KB.Script(ctx, in.ID, kbReader(ctx))
	return body(sc), err
}

func (s *Server) updateKBScript(ctx context.Context, in *struct {
	IDPath
	Body kb.ScriptPatch
}) (*bodyOf[kb.Script], error) {
	sc, err := s.KB.UpdateScript(ctx, in.ID, in.Body, kbActor(ctx))
	return body(sc), err
}

func (s *Server) approveKBScript(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Version  int   `json:"version"`
		Approved *bool `json:"approved,omitempty" doc:"false withdraws the approval; default true"`
	}
}) (*bodyOf[kb.Script], error) {
	approve := in.Body.Approved == nil || *in.Body.Approved
	sc, err := s.KB.ApproveScript(ctx, in.ID, in.Body.Version, approve, kbActor(ctx))
	return body(sc), err
}

func (s *Server) useKBScript(ctx context.Context, in *struct {
	IDPath
	Body struct {
		TicketID *int64 `json:"ticket_id,omitempty" doc:"the ticket whose reply it went into"`
	}
}) (*struct{}, error) {
	return nil, s.KB.UseScript(ctx, in.ID, in.Body.TicketID, kbActor(ctx), kbReader(ctx))
}

type filledScript struct {
	Body struct {
		Text    string   `json:"text"`
		Missing []string `json:"missing" doc:"variables without a value, left as {name}"`
	}
}

func (s *Server) fillKBScript(ctx context.Context, in *struct {
	IDPath
	TicketID int64 `query:"ticket_id" minimum:"1" required:"true"`
}) (*filledScript, error) {
	sc, err := s.KB.Script(ctx, in.ID, kbReader(ctx))
	if err != nil {
		return nil, err
	}
	ai, err := s.assistInput(ctx, in.TicketID)
	if err != nil {
		return nil, err
	}
	text, missing, err := kb.Fill(sc.Text, s.Assist.Variables(ai, assist.LangOf(ai.Ticket.Subject+" "+ai.Ticket.Description)))
	if err != nil {
		return nil, err
	}
	out := &filledScript{}
	out.Body.Text, out.Body.Missing = text, missing
	if out.Body.Missing == nil {
		out.Body.Missing = []string{}
	}
	return out, nil
}

func (s *Server) listKBVariables(ctx context.Context, _ *struct{}) (*itemsOf[kb.Variable], error) {
	return items(kb.Variables), nil
}

// --- assist ---

// assistInput gathers what assist needs about a ticket the caller may see.
func (s *Server) assistInput(ctx context.Context, ticketID int64) (assist.Input, error) {
	p := principalOf(ctx)
	v := viewer(p)
	t, err := s.Tickets.Get(ctx, ticketID, v)
	if err != nil {
		return assist.Input{}, err
	}
	in := assist.Input{Ticket: t, AgentName: p.Name, Viewer: v}
	if t.CustomerID != nil {
		c, err := s.Customers.Get(ctx, *t.CustomerID)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return in, err
		}
		in.CustomerName, in.CustomerAttr = c.Name, c.Attributes
	}
	if s.SLA != nil {
		st, err := s.SLA.ForTickets(ctx, []int64{t.ID})
		if err != nil {
			return in, err
		}
		in.PromisedAt = st[t.ID].PromisedAt
	}
	return in, nil
}

func (s *Server) ticketAssist(ctx context.Context, in *IDPath) (*bodyOf[assist.Result], error) {
	ai, err := s.assistInput(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	res, err := s.Assist.Assist(ctx, ai)
	return body(res), err
}
