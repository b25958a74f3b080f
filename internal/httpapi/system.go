package httpapi

import (
	"context"
	"io/fs"
	"net/http"
	"path"
	"runtime"
	"strings"
	"time"
)

// Notify wakes the outbox relay; set by the app.
func (s *Server) Notify() {
	if s.Deps.Notify != nil {
		s.Deps.Notify()
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}

// readyz is red while the database does not answer.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if err := s.DB.Ping(ctx); err != nil {
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable","database":"down"}`))
		return
	}
	_, _ = w.Write([]byte(`{"status":"ready","database":"` + string(s.DB.Dialect) + `"}`))
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	st := s.DB.Stats()
	s.Metrics.Gauge("kefu_go_heap_bytes", func() float64 { return float64(m.HeapAlloc) })
	s.Metrics.Gauge("kefu_go_goroutines", func() float64 { return float64(runtime.NumGoroutine()) })
	s.Metrics.Gauge("kefu_db_open_connections", func() float64 { return float64(st.OpenConnections) })
	s.Metrics.Gauge("kefu_db_in_use_connections", func() float64 { return float64(st.InUse) })
	s.Metrics.Gauge("kefu_live_subscribers", func() float64 { return float64(s.Hub.Count()) })
	s.Metrics.Write(w)
}

// ui serves the embedded console; unknown paths get index.html so that the
// single-page app's routes survive a reload.
func (s *Server) ui(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeProblem(w, problemFrom(r.Context(), s.Log, errNotFound))
		return
	}
	if s.UI == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><meta charset="utf-8"><title>kefu</title><p>kefu API is running. The console was not built into this binary: run <code>make build</code>.</p>`))
		return
	}
	p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if p == "" {
		p = "index.html"
	}
	if st, err := fs.Stat(s.UI, p); err != nil || st.IsDir() {
		p = "index.html"
	}
	if strings.HasPrefix(p, "assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeFileFS(w, r, s.UI, p)
}
