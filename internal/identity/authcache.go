package identity

import (
	"sync"
	"time"
)

// authCacheTTL bounds how long a resolved token or session is reused without
// asking the database. Every request of a console or an integration carries
// one, and resolving it took two queries per request — as much as the rest
// of a ticket view. Changes made through this process (revoking a token,
// signing out, changing or deactivating a user) clear the cache at once;
// the TTL is only what another kefu process sharing the database, or the
// CLI, may take to be noticed.
const authCacheTTL = 2 * time.Second

// maxAuthCache bounds the cache; past it the cache starts over.
const maxAuthCache = 10000

type authEntry struct {
	p       *Principal
	expires int64 // the session's own expiry (Unix ms); 0 for tokens
	until   time.Time
}

// authCache maps a token's hash to the principal it resolved to.
type authCache struct {
	mu      sync.Mutex
	gen     uint64 // bumped by forget, so a lookup that raced a change is not stored
	entries map[string]authEntry
}

// get returns a copy of the cached principal (callers may keep it for the
// request) and the generation to pass to put on a miss.
func (c *authCache) get(key string, now time.Time) (*Principal, int64, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.After(e.until) {
		return nil, 0, c.gen, false
	}
	p := *e.p
	return &p, e.expires, c.gen, true
}

func (c *authCache) put(key string, gen uint64, p *Principal, expires int64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.entries == nil || len(c.entries) >= maxAuthCache {
		c.entries = map[string]authEntry{}
	}
	cp := *p
	c.entries[key] = authEntry{p: &cp, expires: expires, until: now.Add(authCacheTTL)}
}

// forget drops every entry; called after any committed change that can end
// or narrow someone's access.
func (c *authCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries = nil
}
