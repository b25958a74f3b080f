// Package demo fills a database with realistic Chinese demo data: teams, demo
// users, a contact-reason taxonomy, customers, contacts and tickets with
// their timelines. It is built for volume (a million tickets in minutes):
// rows are generated on one goroutine while another writes the previous
// batch with multi-row INSERTs in large transactions, using ids it assigns
// itself.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/search"
)

// Options control how much data Load creates.
type Options struct {
	Customers int                                 // default 200 (-1: none)
	Tickets   int                                 // default 1000 (-1: none)
	Contacts  int                                 // default Tickets*2 (0 keeps the default; -1 means none)
	Seed      int64                               // the same seed gives the same data on a fresh database (default 1)
	Now       time.Time                           // anchor; data spreads over the 90 days before it (default time.Now())
	Password  string                              // password given to every demo user created; empty leaves them without one
	Progress  func(stage string, done, total int) // optional; called after each stored batch
	// BotConversations plays that many customers' conversations with the
	// self-service bot on the demo knowledge base (default none).
	BotConversations int
}

// Result counts the rows this Load created.
type Result struct {
	Teams, Users, Customers, Contacts, Tickets, Events int
	Articles, Scripts                                  int // knowledge base, loaded once (kb.go)
	BotConversations                                   int // self-service bot conversations (bot.go)
	AdminEmail                                         string
}

// Batch sizes: one transaction per batch.
const (
	customersPerBatch = 4000
	ticketsPerBatch   = 1000
	contactsPerBatch  = 5000
	// maxParams bounds the bound parameters of one statement (SQLite allows 32766).
	maxParams = 32000
	// VALUES tuples per statement. Measured on 2 cores: SQLite is fastest
	// around 100–200 (bigger statements cost more to parse than they save);
	// PostgreSQL is server-bound and indifferent, so fewer round trips.
	maxRowsPerStmtSQLite = 150
	maxRowsPerStmtPG     = 500
)

func (o Options) withDefaults() Options {
	if o.Customers == 0 {
		o.Customers = 200
	}
	if o.Customers < 0 {
		o.Customers = 0
	}
	if o.Tickets == 0 {
		o.Tickets = 1000
	}
	if o.Tickets < 0 {
		o.Tickets = 0
	}
	if o.Contacts == 0 {
		o.Contacts = o.Tickets * 2
	}
	if o.Contacts < 0 {
		o.Contacts = 0
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// Load fills an empty or existing database. Reference data (teams, reasons,
// demo users) is created only if missing (matched by team name, user email,
// and reason name under the same parent); customers, contacts and tickets are
// appended with ids after the current maximum. Run it on a database that no
// one else is writing to: ids are assigned up front.
func Load(ctx context.Context, d *db.DB, o Options, hashPassword func(string) (string, error)) (Result, error) {
	o = o.withDefaults()
	res := Result{AdminEmail: adminEmail}
	progress := o.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}

	ref, err := loadReference(ctx, d, o, hashPassword, &res)
	if err != nil {
		return res, err
	}
	if err := loadKB(ctx, d, ref, o, &res); err != nil {
		return res, err
	}
	progress("reference", 1, 1)

	var first firstIDs
	for _, x := range []struct {
		table string
		dst   *int64
	}{{"customers", &first.customer}, {"customer_identities", &first.identity}, {"contacts", &first.contact},
		{"tickets", &first.ticket}, {"ticket_events", &first.event}} {
		var max int64
		if err := d.Reader().QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+x.table).Scan(&max); err != nil {
			return res, fmt.Errorf("demo: read max id of %s: %w", x.table, err)
		}
		*x.dst = max + 1
	}

	g := newGen(o, ref, first)
	w := newWriter(d)

	// One goroutine generates; writers store. Customers go first (phase 0)
	// and must be committed before tickets and contacts (phase 1) refer to
	// them. On PostgreSQL several writers store batches in parallel, each in
	// its own transaction; SQLite has one writer.
	custCh, restCh := make(chan *batch, 2), make(chan *batch, 2)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(restCh)
		produce := func(ch chan *batch, stage string, total, per int, one func(b *batch, i int)) bool {
			for i := 0; i < total; {
				b := &batch{stage: stage, total: total}
				for k := 0; k < per && i < total; k++ {
					one(b, i)
					i++
					b.items++
				}
				select {
				case ch <- b:
				case <-gctx.Done():
					return false
				}
			}
			return true
		}
		ok := produce(custCh, "customers", o.Customers, customersPerBatch, g.customer)
		close(custCh)
		if !ok {
			return
		}
		g.sortedTimes(o.Tickets)
		if produce(restCh, "tickets", o.Tickets, ticketsPerBatch, g.ticket) {
			g.sortedTimes(g.contactsLeft)
			produce(restCh, "contacts", len(g.times), contactsPerBatch, g.standaloneContact)
		}
	}()

	writers := 1
	if d.Dialect == db.Postgres {
		writers = max(2, min(runtime.NumCPU(), 4))
	}
	var (
		mu       sync.Mutex
		firstErr error
		touched  [nTables]bool
		done     = map[string]int{}
	)
	store := func(b *batch) error {
		err := d.WriteTx(gctx, func(tx *db.Tx) error {
			if d.Dialect == db.Postgres {
				// Demo rows need no synchronous flush; a crash loses at most the last batches.
				if _, err := tx.Exec(gctx, `SET LOCAL synchronous_commit = off`); err != nil {
					return err
				}
			}
			for t := range nTables {
				if len(b.rows[t]) == 0 {
					continue
				}
				if err := w.insert(gctx, tx, t, b.rows[t]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		for t := range nTables {
			touched[t] = touched[t] || len(b.rows[t]) > 0
		}
		res.Customers += b.count(tCustomers)
		res.Contacts += b.count(tContacts)
		res.Tickets += b.count(tTickets)
		res.Events += b.count(tEvents)
		done[b.stage] += b.items
		progress(b.stage, done[b.stage], b.total)
		return nil
	}
	for _, ch := range []chan *batch{custCh, restCh} {
		var wg sync.WaitGroup
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range ch {
					if gctx.Err() != nil {
						continue // drain
					}
					if err := store(b); err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
						cancel()
					}
				}
			}()
		}
		wg.Wait()
	}

	// Advance the PostgreSQL sequences even after a failure: committed
	// batches must not collide with the application's next inserts.
	if err := finish(context.WithoutCancel(ctx), d, touched); err != nil && firstErr == nil {
		firstErr = err
	}
	if firstErr != nil {
		return res, firstErr
	}
	// The bulk tickets are indexed for search before the hand-offs add
	// indexed tickets above them: search.IndexMissing only indexes tickets
	// above the highest indexed id, so afterwards it would skip them all.
	if _, err := search.IndexMissing(ctx, d, func(done int) {
		if done%100000 == 0 {
			progress("search index", done, res.Tickets)
		}
	}); err != nil {
		return res, err
	}
	// Last: hand-offs open tickets, after the ids assigned up front.
	if err := loadBotConversations(ctx, d, o, &res); err != nil {
		return res, err
	}
	return res, ctx.Err()
}

func finish(ctx context.Context, d *db.DB, touched [nTables]bool) error {
	if d.Dialect != db.Postgres {
		_, err := d.Reader().Exec(ctx, "PRAGMA optimize")
		return err
	}
	for t := range nTables {
		if !touched[t] || t == tContactTickets {
			continue
		}
		// Explicit ids do not move identity sequences; move them past the rows.
		name := tables[t].name
		q := "SELECT setval(pg_get_serial_sequence('" + name + "', 'id'), (SELECT MAX(id) FROM " + name + "))"
		if _, err := d.Reader().Exec(ctx, q); err != nil {
			return fmt.Errorf("demo: advance sequence of %s: %w", name, err)
		}
		// VACUUM as well as ANALYZE: it marks the loaded pages all-visible,
		// without which every index-only scan (the inbox, a search's walk)
		// still reads the table — until autovacuum comes, if it is on.
		if _, err := d.Reader().Exec(ctx, "VACUUM (ANALYZE) "+name); err != nil {
			return fmt.Errorf("demo: vacuum %s: %w", name, err)
		}
	}
	return nil
}

// ---- writer ----

type writer struct {
	d       *db.DB
	mu      sync.Mutex // guards sql
	perStmt [nTables]int
	sql     [nTables]map[int]string // rows per statement → SQL
}

func newWriter(d *db.DB) *writer {
	w := &writer{d: d}
	for t := range nTables {
		n := maxParams / len(tables[t].cols)
		mr := maxRowsPerStmtPG
		if d.Dialect == db.SQLite {
			mr = maxRowsPerStmtSQLite
		}
		if n > mr {
			n = mr
		}
		w.perStmt[t] = n
		w.sql[t] = map[int]string{}
	}
	return w
}

func (w *writer) statement(t, rows int) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if s, ok := w.sql[t][rows]; ok {
		return s
	}
	spec := tables[t]
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(spec.name)
	b.WriteString(" (")
	b.WriteString(strings.Join(spec.cols, ", "))
	b.WriteString(") VALUES ")
	p := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range spec.cols {
			if c > 0 {
				b.WriteByte(',')
			}
			if w.d.Dialect == db.SQLite {
				// Anonymous parameters: modernc's driver looks up the name of
				// every numbered parameter (?NNN) with a linear scan, which
				// makes binding a large multi-row INSERT quadratic.
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(p))
			}
			p++
		}
		b.WriteByte(')')
	}
	s := b.String()
	w.sql[t][rows] = s
	return s
}

func (w *writer) insert(ctx context.Context, tx *db.Tx, t int, args []any) error {
	ncol := len(tables[t].cols)
	rows := len(args) / ncol
	for off := 0; off < rows; {
		n := min(w.perStmt[t], rows-off)
		if _, err := tx.Exec(ctx, w.statement(t, n), args[off*ncol:(off+n)*ncol]...); err != nil {
			return fmt.Errorf("demo: insert %s: %w", tables[t].name, err)
		}
		off += n
	}
	return nil
}

// ---- reference data ----

func loadReference(ctx context.Context, d *db.DB, o Options, hashPassword func(string) (string, error), res *Result) (*refIDs, error) {
	ref := &refIDs{teams: map[string]int64{}, members: map[int64][]int64{}, deptUser: map[string]int64{}}
	created := o.Now.UnixMilli() - window - 3*day
	var hash string
	hashed := false
	err := d.WriteTx(ctx, func(tx *db.Tx) error {
		*res = Result{AdminEmail: adminEmail}
		for _, t := range teamSpecs {
			var id int64
			err := tx.QueryRow(ctx, `SELECT id FROM teams WHERE name = $1`, t.name).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				id, err = db.InsertID(ctx, tx, `INSERT INTO teams (name, kind, description, created_at) VALUES ($1, $2, $3, $4)`,
					t.name, t.kind, t.desc, created)
				res.Teams++
			}
			if err != nil {
				return fmt.Errorf("demo: team %s: %w", t.name, err)
			}
			ref.teams[t.name] = id
		}
		for _, u := range userSpecs {
			var id int64
			err := tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, u.email).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				if !hashed && o.Password != "" && hashPassword != nil {
					if hash, err = hashPassword(o.Password); err != nil {
						return fmt.Errorf("demo: hash password: %w", err)
					}
				}
				hashed = true
				var team any
				if u.team != "" {
					team = ref.teams[u.team]
				}
				id, err = db.InsertID(ctx, tx, `INSERT INTO users (email, name, password_hash, role, level, team_id, created_at, updated_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, u.email, u.name, hash, u.role, u.level, team, created)
				res.Users++
			}
			if err != nil {
				return fmt.Errorf("demo: user %s: %w", u.email, err)
			}
			switch u.role {
			case "agent":
				t := ref.teams[u.team]
				ref.members[t] = append(ref.members[t], id)
			case "supervisor":
				ref.supervisor = id
			case "department":
				ref.deptUser[u.team] = id
			}
		}
		return loadReasons(ctx, tx, ref)
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}

func loadReasons(ctx context.Context, tx *db.Tx, ref *refIDs) error {
	rows, err := tx.Query(ctx, `SELECT id, COALESCE(parent_id, 0), name_zh FROM reasons`)
	if err != nil {
		return fmt.Errorf("demo: read reasons: %w", err)
	}
	existing := map[string]int64{}
	for rows.Next() {
		var id, parent int64
		var name string
		if err := rows.Scan(&id, &parent, &name); err != nil {
			rows.Close()
			return err
		}
		existing[strconv.FormatInt(parent, 10)+"/"+name] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ensure := func(parent int64, zh, en string, sort int) (int64, error) {
		if id, ok := existing[strconv.FormatInt(parent, 10)+"/"+zh]; ok {
			return id, nil
		}
		id, err := db.InsertID(ctx, tx, `INSERT INTO reasons (parent_id, name_zh, name_en, sort) VALUES ($1, $2, $3, $4)`,
			db.NullID(parent), zh, en, sort)
		if err != nil {
			return 0, fmt.Errorf("demo: reason %s: %w", zh, err)
		}
		return id, nil
	}
	var weights []float64
	for gi := range groups {
		gr := &groups[gi]
		gid, err := ensure(0, gr.zh, gr.en, gi+1)
		if err != nil {
			return err
		}
		for li := range gr.leaves {
			ls := &gr.leaves[li]
			id, err := ensure(gid, ls.zh, ls.en, li+1)
			if err != nil {
				return err
			}
			l := &leafRef{id: id, spec: ls, group: gr, reply: compile(ls.reply), resolve: compile(ls.resolve)}
			for _, s := range ls.subjects {
				l.subjects = append(l.subjects, compile(s))
			}
			for _, s := range ls.says {
				l.says = append(l.says, compile(s))
			}
			sw := make([]float64, len(ls.svc))
			for i := range sw {
				sw[i] = 1
			}
			sw[0] = 2.5
			l.svcCum = cumulative(sw)
			if ls.dept != "" {
				l.deptTeam, l.deptUser = ref.teams[ls.dept], ref.deptUser[ls.dept]
			}
			ref.leaves = append(ref.leaves, l)
			weights = append(weights, 1/math.Pow(float64(ls.rank), 0.85))
		}
	}
	ref.leafCum = cumulative(weights)
	return nil
}
