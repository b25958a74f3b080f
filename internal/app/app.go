// Package app wires kefu together: database, services, event relay and the
// HTTP server. It holds no logic of its own.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/assist"
	"github.com/kefuhq/kefu/internal/bot"
	"github.com/kefuhq/kefu/internal/config"
	"github.com/kefuhq/kefu/internal/contact"
	"github.com/kefuhq/kefu/internal/customer"
	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/emotion"
	"github.com/kefuhq/kefu/internal/events"
	"github.com/kefuhq/kefu/internal/httpapi"
	"github.com/kefuhq/kefu/internal/identity"
	"github.com/kefuhq/kefu/internal/kb"
	"github.com/kefuhq/kefu/internal/llm"
	"github.com/kefuhq/kefu/internal/metrics"
	"github.com/kefuhq/kefu/internal/search"
	"github.com/kefuhq/kefu/internal/sla"
	"github.com/kefuhq/kefu/internal/suggest"
	"github.com/kefuhq/kefu/internal/taxonomy"
	"github.com/kefuhq/kefu/internal/textseg"
	"github.com/kefuhq/kefu/internal/ticket"
	"github.com/kefuhq/kefu/web"
)

// Version is set at build time with -ldflags.
var Version = "dev"

// App is a running kefu.
type App struct {
	Config   config.Config
	DB       *db.DB
	Identity *identity.Service
	Server   *httpapi.Server
	Relay    *events.Relay
	SLA      *sla.Service
	Tickets  *ticket.Service
	Suggest  *suggest.Service
	Bot      *bot.Service
	KB       *kb.Service
	Log      *slog.Logger
}

// OpenDB opens the configured database and migrates it.
func OpenDB(ctx context.Context, c config.Config) (*db.DB, error) {
	return db.Open(ctx, db.Options{URL: c.DatabaseURL, DataDir: c.DataDir, MaxConns: c.DBConns})
}

// New builds the app on an open database.
func New(c config.Config, d *db.DB, log *slog.Logger) *App {
	hub := events.NewHub()
	relay := events.NewRelay(d, hub, 250*time.Millisecond, log)
	tax := taxonomy.New(d)
	ids := identity.New(d, c.SessionTTL)
	tickets := ticket.New(d, tax, relay.Notify)
	slas := sla.New(d, relay.Notify, nil)
	tickets.AddHook(slas)
	// Customer emotion is read as contacts and tickets are saved.
	tickets.SetScorer(emotion.Lazy{})
	contacts := contact.New(d)
	contacts.SetScorer(emotion.Lazy{})
	sugg := suggest.New(d, log, tax.Paths, suggest.Options{})
	know := kb.New(d, relay.Notify, kb.Options{Log: log})
	loc, _ := time.LoadLocation(c.TimeZone) // validated with the config
	knowledge := bot.KB{S: know}
	bots := bot.New(d, knowledge, tickets, contacts, bot.Options{
		Zone: loc, Log: log, Feedback: knowledge, Emotion: bot.EmotionModel{Scorer: emotion.Lazy{}},
		Promise: func(ctx context.Context, ticketID int64) (time.Time, error) {
			p, err := slas.Suggest(ctx, tickets, ticketID)
			return p.Suggested, err
		},
	})
	srv := httpapi.New(httpapi.Deps{
		DB:           d,
		Identity:     ids,
		Customers:    customer.New(d, relay.Notify),
		Contacts:     contacts,
		Tickets:      tickets,
		Taxonomy:     tax,
		SLA:          slas,
		Suggest:      sugg,
		Bot:          bots,
		KB:           know,
		Assist:       assist.New(know, tickets, assist.Options{Location: loc}),
		LLM:          llm.New(d, llm.Config{URL: c.LLMURL, Model: c.LLMModel, APIKey: c.LLMAPIKey, Timeout: c.LLMTimeout}, log),
		Hub:          hub,
		Metrics:      metrics.New(),
		Log:          log,
		UI:           web.FS(),
		MaxBodyBytes: c.MaxBodyBytes,
		SecureCookie: strings.HasPrefix(c.BaseURL, "https://"),
		LoginLimiter: identity.NewLoginLimiter(c.LoginAttempts, 15*time.Minute),
		Version:      Version,
		Notify:       relay.Notify,
	})
	return &App{Config: c, DB: d, Identity: ids, Server: srv, Relay: relay, Log: log, SLA: slas, Tickets: tickets, Suggest: sugg, Bot: bots, KB: know}
}

// Serve listens and serves until ctx ends, then shuts down gracefully.
// ready, when not nil, is called with the bound address.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("app: listen %s: %w", a.Config.Addr, err)
	}
	hs := &http.Server{
		Handler:           a.Server.Handler(),
		ReadHeaderTimeout: a.Config.HeaderTimeout, // bounds slow-loris clients
		ReadTimeout:       a.Config.ReadTimeout,   // and clients that drip a body
		WriteTimeout:      60 * time.Second,       // the event stream lifts its own deadline
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	// Long-lived event streams end when shutdown starts, not at its deadline.
	baseCtx, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	hs.BaseContext = func(net.Listener) context.Context { return baseCtx }
	hs.RegisterOnShutdown(cancelBase)
	relayCtx, stopRelay := context.WithCancel(context.Background())
	defer stopRelay()
	go a.Relay.Run(relayCtx)
	go a.SLA.RunTimers(relayCtx, a.Tickets, time.Second, a.Log)
	// Suggestion models: loaded from the database, trained in the
	// background when there are none or the labelled data grew.
	go a.Suggest.Run(relayCtx)
	// The Chinese dictionary takes seconds to load: load it now rather
	// than on the first customer's question to the bot.
	go func() { _ = textseg.Preload() }()
	// The emotion model trains from its embedded data in a second or two;
	// start now so the first contact saved does not wait for it.
	emotion.Warm()
	go func() {
		if err := a.KB.Warm(relayCtx); err != nil && relayCtx.Err() == nil {
			a.Log.Warn("kb: build the search index", "err", err)
		}
	}()
	go func() {
		// Tickets written without the index (a bulk load, an older
		// database) are indexed in the background; normally none are.
		if n, err := search.IndexMissing(relayCtx, a.DB, nil); err != nil && relayCtx.Err() == nil {
			a.Log.Warn("search: index missing tickets", "err", err)
		} else if n > 0 {
			a.Log.Info("search: indexed tickets", "count", n)
		}
	}()
	go a.releaseMemoryWhenQuiet(relayCtx, time.Minute)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stopRelay()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// releaseMemoryWhenQuiet gives the database's caches and the free part of
// the Go heap back to the system once the server has gone a whole period
// without a request after serving some — after hours, or a console left
// open with nobody working. Under load the caches are what keeps requests
// fast, so they are only released when nobody is asking.
func (a *App) releaseMemoryWhenQuiet(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	q := quiet{seen: a.Server.Requests()}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !q.release(a.Server.Requests()) {
			continue
		}
		if err := a.DB.ReleaseMemory(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("release memory", "err", err)
		}
		debug.FreeOSMemory()
	}
}

// quiet tells, from the request count read once per period, when to release
// memory: after a period without requests that followed one with requests,
// once. At start there is nothing to give back.
type quiet struct {
	seen    uint64
	pending bool // requests were served since the last release
}

func (q *quiet) release(requests uint64) bool {
	if requests != q.seen {
		q.seen, q.pending = requests, true
		return false
	}
	r := q.pending
	q.pending = false
	return r
}
