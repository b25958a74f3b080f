// Package metrics keeps request counters and latency histograms and writes
// them in the Prometheus text format. Small on purpose: kefu exposes a handful
// of series, not a metrics framework.
package metrics

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

var buckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type hist struct {
	counts []uint64
	sum    float64
	n      uint64
}

// Registry holds the HTTP series.
type Registry struct {
	mu       sync.Mutex
	requests map[string]uint64 // "method route code" → count
	latency  map[string]*hist  // "method route" → histogram
	gauges   map[string]func() float64
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{requests: map[string]uint64{}, latency: map[string]*hist{}, gauges: map[string]func() float64{}}
}

// Observe records one request.
func (r *Registry) Observe(method, route string, code int, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests[fmt.Sprintf("%s\x00%s\x00%d", method, route, code)]++
	k := method + "\x00" + route
	h := r.latency[k]
	if h == nil {
		h = &hist{counts: make([]uint64, len(buckets))}
		r.latency[k] = h
	}
	s := d.Seconds()
	for i, b := range buckets {
		if s <= b {
			h.counts[i]++
		}
	}
	h.sum += s
	h.n++
}

// Gauge registers a value read at scrape time.
func (r *Registry) Gauge(name string, f func() float64) {
	r.mu.Lock()
	r.gauges[name] = f
	r.mu.Unlock()
}

// Write prints every series in the Prometheus text format.
func (r *Registry) Write(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(w, "# TYPE kefu_http_requests_total counter")
	for _, k := range sortedKeys(r.requests) {
		p := strings.Split(k, "\x00")
		fmt.Fprintf(w, "kefu_http_requests_total{method=%q,route=%q,code=%q} %d\n", p[0], p[1], p[2], r.requests[k])
	}
	fmt.Fprintln(w, "# TYPE kefu_http_request_duration_seconds histogram")
	for _, k := range sortedKeys(r.latency) {
		p := strings.Split(k, "\x00")
		h := r.latency[k]
		for i, b := range buckets {
			fmt.Fprintf(w, "kefu_http_request_duration_seconds_bucket{method=%q,route=%q,le=\"%g\"} %d\n", p[0], p[1], b, h.counts[i])
		}
		fmt.Fprintf(w, "kefu_http_request_duration_seconds_bucket{method=%q,route=%q,le=\"+Inf\"} %d\n", p[0], p[1], h.n)
		fmt.Fprintf(w, "kefu_http_request_duration_seconds_sum{method=%q,route=%q} %g\n", p[0], p[1], h.sum)
		fmt.Fprintf(w, "kefu_http_request_duration_seconds_count{method=%q,route=%q} %d\n", p[0], p[1], h.n)
	}
	for _, name := range sortedKeys(r.gauges) {
		fmt.Fprintf(w, "# TYPE %s gauge\n%s %g\n", name, name, r.gauges[name]())
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
