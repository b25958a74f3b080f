package identity

import (
	"sync"
	"time"
)

// LoginLimiter counts failed logins per key (address + email) in a sliding
// window. It lives in memory: with several nodes each enforces its own limit,
// which still bounds guessing to nodes × limit.
type LoginLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	fails  map[string][]time.Time
}

// NewLoginLimiter allows limit failures per window.
func NewLoginLimiter(limit int, window time.Duration) *LoginLimiter {
	return &LoginLimiter{limit: limit, window: window, fails: map[string][]time.Time{}}
}

// Allowed reports whether key may try again at now.
func (l *LoginLimiter) Allowed(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.prune(key, now)) < l.limit
}

// Fail records a failure.
func (l *LoginLimiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails[key] = append(l.prune(key, now), now)
	if len(l.fails) > 100000 { // bound memory under a spray of keys
		for k := range l.fails {
			delete(l.fails, k)
			if len(l.fails) < 50000 {
				break
			}
		}
	}
}

// Reset forgets a key after a successful login.
func (l *LoginLimiter) Reset(key string) {
	l.mu.Lock()
	delete(l.fails, key)
	l.mu.Unlock()
}

func (l *LoginLimiter) prune(key string, now time.Time) []time.Time {
	ts := l.fails[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = ts
	return ts
}
