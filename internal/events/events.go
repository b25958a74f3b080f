// Package events is the transactional outbox and the in-process bus that
// feeds live consoles. A change writes its event row in its own transaction
// (Publish); after commit every node's Relay reads new rows and hands them to
// the local Hub's subscribers (SSE streams). Nothing is delivered for a change
// that rolled back, and a second node sees the same events through the table.
package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kefuhq/kefu/internal/db"
)

// Event is one outbox row as delivered.
type Event struct {
	ID      int64           `json:"id"`
	Topic   string          `json:"topic"`
	UserID  int64           `json:"user_id,omitempty"` // 0: for everyone allowed to see the topic
	Payload json.RawMessage `json:"payload"`
}

// Publish writes an event in the caller's transaction (a queued write, see
// db.Tx.Defer). userID targets one user (0 for all).
func Publish(ctx context.Context, tx *db.Tx, topic string, userID int64, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	var uid any
	if userID != 0 {
		uid = userID
	}
	tx.Defer(`INSERT INTO outbox (topic, user_id, payload, created_at) VALUES ($1, $2, $3, $4)`, topic, uid, string(b), db.Now())
	return nil
}

// Hub fans events out to subscribers in this process.
type Hub struct {
	mu   sync.RWMutex
	subs map[*Subscription]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[*Subscription]struct{}{}} }

// Subscription receives events on C until closed.
type Subscription struct {
	C      chan Event
	hub    *Hub
	UserID int64
}

// Subscribe registers a subscriber for a user.
func (h *Hub) Subscribe(userID int64) *Subscription {
	s := &Subscription{C: make(chan Event, 256), hub: h, UserID: userID}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Close unregisters the subscription.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
}

// Count returns the number of subscribers (for /metrics).
func (h *Hub) Count() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.subs)
}

// Deliver hands an event to matching subscribers; a subscriber whose buffer
// is full misses it (its console resynchronises on the next event or reload)
// rather than slowing everyone else.
func (h *Hub) Deliver(e Event) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs {
		if e.UserID != 0 && e.UserID != s.UserID {
			continue
		}
		select {
		case s.C <- e:
		default:
		}
	}
}

// Relay moves committed outbox rows to the hub.
type Relay struct {
	db       *db.DB
	hub      *Hub
	wake     chan struct{}
	interval time.Duration
	log      *slog.Logger
}

// NewRelay returns a relay polling every interval and whenever Notify is called.
func NewRelay(d *db.DB, hub *Hub, interval time.Duration, log *slog.Logger) *Relay {
	return &Relay{db: d, hub: hub, wake: make(chan struct{}, 1), interval: interval, log: log}
}

// Notify wakes the relay after a commit on this node, so local consoles see
// the change at once instead of at the next poll.
func (r *Relay) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// On PostgreSQL a lower outbox id can commit after a higher one (ids are
// taken at insert, transactions end in any order). The relay remembers the
// ids it skipped over — gaps — and asks for them again by id until they
// appear or gapTTL passes (a rolled-back transaction leaves its gap for
// ever). SQLite has one writer: ids commit in order and there are no gaps.
const (
	gapTTL  = time.Minute
	maxGaps = 10000
)

// cursor is how far the relay has read.
type cursor struct {
	last int64               // highest id delivered
	gaps map[int64]time.Time // ids below last not yet seen → when first missed
}

// saw records a row read in id order; it reports whether the row is new.
func (c *cursor) saw(id int64, now time.Time) bool {
	switch {
	case id > c.last:
		for g := max(c.last+1, id-maxGaps); g < id && len(c.gaps) < maxGaps; g++ {
			c.gaps[g] = now
		}
		c.last = id
		return true
	case !c.gaps[id].IsZero():
		delete(c.gaps, id)
		return true
	}
	return false
}

// pending returns the gaps still worth asking for, dropping expired ones.
func (c *cursor) pending(now time.Time) []int64 {
	ids := make([]int64, 0, len(c.gaps))
	for id, at := range c.gaps {
		if now.Sub(at) > gapTTL {
			delete(c.gaps, id)
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// Run delivers events until ctx ends.
func (r *Relay) Run(ctx context.Context) {
	cur := cursor{gaps: map[int64]time.Time{}}
	_ = r.db.Reader().QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM outbox`).Scan(&cur.last)
	tick := time.NewTicker(r.interval)
	defer tick.Stop()
	prune := time.NewTicker(time.Minute)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-r.wake:
		case <-prune.C:
			r.prune(ctx)
			continue
		}
		const cols = `SELECT id, topic, COALESCE(user_id, 0), payload FROM outbox WHERE `
		var rows *sql.Rows
		var err error
		if gaps := cur.pending(time.Now()); len(gaps) > 0 && r.db.Dialect == db.Postgres {
			// Two index scans, not "id > $1 OR id = ANY($2)": PostgreSQL
			// walks the primary key from the oldest row for that and reads
			// every row of the last hour (28 ms a poll at 100,000 rows,
			// polled after every commit).
			rows, err = r.db.Reader().Query(ctx, `(`+cols+`id > $1 ORDER BY id LIMIT 1000) UNION ALL (`+cols+`id = ANY($2) AND id < $1) ORDER BY id LIMIT 1000`, cur.last, gaps)
		} else {
			rows, err = r.db.Reader().Query(ctx, cols+`id > $1 ORDER BY id LIMIT 1000`, cur.last)
		}
		if err != nil {
			if ctx.Err() == nil {
				r.log.Warn("events: read outbox", "err", err)
			}
			continue
		}
		now := time.Now()
		for rows.Next() {
			var e Event
			var payload string
			if err := rows.Scan(&e.ID, &e.Topic, &e.UserID, &payload); err != nil {
				break
			}
			if !cur.saw(e.ID, now) {
				continue
			}
			e.Payload = json.RawMessage(payload)
			r.hub.Deliver(e)
		}
		rows.Close()
		if r.db.Dialect != db.Postgres {
			clear(cur.gaps)
		}
	}
}

// prune deletes rows older than an hour; they have long been delivered.
func (r *Relay) prune(ctx context.Context) {
	cutoff := time.Now().Add(-time.Hour).UnixMilli()
	err := r.db.WriteTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM outbox WHERE created_at < $1`, cutoff)
		return err
	})
	if err != nil && ctx.Err() == nil {
		r.log.Warn("events: prune outbox", "err", err)
	}
}
