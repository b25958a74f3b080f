// Package bench measures kefu: a load generator that drives a running server
// over HTTP with an API token (closed loop with N workers or open loop at a
// fixed rate), and the machine's own ceilings (single-row insert transactions
// on kefu's database settings, a trivial JSON handler over loopback) measured
// with the same code, so that kefu's figures can be read against them.
package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Recorder collects every latency of every operation (exact percentiles: at
// the rates one machine reaches, a few million durations fit in memory).
type Recorder struct {
	mu  sync.Mutex
	ops map[string]*opStats
}

type opStats struct {
	lat      []time.Duration // successful operations only
	count    int
	errs     map[string]int // "409", "500", "net" …
	counters map[string]int // e.g. retried_409
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{ops: map[string]*opStats{}} }

func (r *Recorder) op(name string) *opStats {
	s := r.ops[name]
	if s == nil {
		s = &opStats{lat: make([]time.Duration, 0, 1024), errs: map[string]int{}, counters: map[string]int{}}
		r.ops[name] = s
	}
	return s
}

// Record notes one operation: status is the HTTP status (0 for a transport
// error); a 2xx is a success. err, when not nil and status is 0, counts as "net".
func (r *Recorder) Record(name string, d time.Duration, status int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.op(name)
	s.count++
	switch {
	case status >= 200 && status < 300 && err == nil:
		s.lat = append(s.lat, d)
	case status == 0:
		s.errs[errClass(err)]++
	default:
		s.errs[strconv.Itoa(status)]++
	}
}

// OK records a success that is not an HTTP request (database baseline).
func (r *Recorder) OK(name string, d time.Duration) { r.Record(name, d, 200, nil) }

// Fail records a failure that is not an HTTP request.
func (r *Recorder) Fail(name string, err error) { r.Record(name, 0, 0, err) }

// Count bumps a named counter of an operation.
func (r *Recorder) Count(name, counter string) {
	r.mu.Lock()
	s := r.op(name)
	s.counters[counter]++
	r.mu.Unlock()
}

func errClass(err error) string {
	if err == nil {
		return "error"
	}
	s := err.Error()
	switch {
	case strings.Contains(s, "timeout") || strings.Contains(s, "deadline"):
		return "timeout"
	case strings.Contains(s, "refused"):
		return "refused"
	case strings.Contains(s, "reset") || strings.Contains(s, "EOF") || strings.Contains(s, "broken pipe"):
		return "reset"
	}
	return "error"
}

// OpSummary is one operation's figures. Latencies are in milliseconds, over
// successful operations.
type OpSummary struct {
	Name     string         `json:"name"`
	Count    int            `json:"count"`
	OK       int            `json:"ok"`
	RPS      float64        `json:"rps"` // successful operations per second
	P50      float64        `json:"p50_ms"`
	P95      float64        `json:"p95_ms"`
	P99      float64        `json:"p99_ms"`
	Max      float64        `json:"max_ms"`
	Mean     float64        `json:"mean_ms"`
	Errors   map[string]int `json:"errors,omitempty"`
	Counters map[string]int `json:"counters,omitempty"`
}

// Report is the result of one run.
type Report struct {
	Title   string        `json:"title"`
	Mode    string        `json:"mode"` // "closed loop, 16 workers" / "open loop, 500 req/s"
	Elapsed float64       `json:"elapsed_s"`
	Total   OpSummary     `json:"total"`
	Ops     []OpSummary   `json:"ops"`
	Memory  *MemoryReport `json:"memory,omitempty"`
}

// Summarise computes the figures over elapsed wall time.
func (r *Recorder) Summarise(title, mode string, elapsed time.Duration) Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := Report{Title: title, Mode: mode, Elapsed: round(elapsed.Seconds(), 3)}
	names := make([]string, 0, len(r.ops))
	for n := range r.ops {
		names = append(names, n)
	}
	sort.Strings(names)
	all := &opStats{errs: map[string]int{}, counters: map[string]int{}}
	for _, n := range names {
		s := r.ops[n]
		rep.Ops = append(rep.Ops, summarise(n, s, elapsed))
		all.lat = append(all.lat, s.lat...)
		all.count += s.count
		for k, v := range s.errs {
			all.errs[k] += v
		}
		for k, v := range s.counters {
			all.counters[k] += v
		}
	}
	rep.Total = summarise("total", all, elapsed)
	return rep
}

func summarise(name string, s *opStats, elapsed time.Duration) OpSummary {
	lat := append([]time.Duration(nil), s.lat...)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	o := OpSummary{Name: name, Count: s.count, OK: len(lat)}
	if len(s.errs) > 0 {
		o.Errors = s.errs
	}
	if len(s.counters) > 0 {
		o.Counters = s.counters
	}
	if elapsed > 0 {
		o.RPS = round(float64(len(lat))/elapsed.Seconds(), 1)
	}
	if len(lat) == 0 {
		return o
	}
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	o.P50, o.P95, o.P99 = ms(Percentile(lat, 50)), ms(Percentile(lat, 95)), ms(Percentile(lat, 99))
	o.Max = ms(lat[len(lat)-1])
	o.Mean = ms(sum / time.Duration(len(lat)))
	return o
}

// Percentile returns the nearest-rank percentile p (0–100) of sorted durations.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999999) - 1
	if rank < 0 {
		rank = 0
	}
	if rank >= len(sorted) {
		rank = len(sorted) - 1
	}
	return sorted[rank]
}

func ms(d time.Duration) float64 { return round(float64(d)/1e6, 3) }

func round(f float64, places int) float64 {
	p := 1.0
	for i := 0; i < places; i++ {
		p *= 10
	}
	return float64(int64(f*p+0.5)) / p
}

// WriteText prints a report as a table.
func (rep Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s — %s, %.1fs\n", rep.Title, rep.Mode, rep.Elapsed)
	fmt.Fprintf(w, "  %-10s %8s %8s %9s %8s %8s %8s %8s  %s\n", "op", "count", "ok", "per sec", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors / counters")
	rows := append([]OpSummary(nil), rep.Ops...)
	if len(rep.Ops) > 1 {
		rows = append(rows, rep.Total)
	}
	for _, o := range rows {
		fmt.Fprintf(w, "  %-10s %8d %8d %9.1f %8.2f %8.2f %8.2f %8.2f  %s\n", o.Name, o.Count, o.OK, o.RPS, o.P50, o.P95, o.P99, o.Max, kv(o.Errors, o.Counters))
	}
	if rep.Memory != nil {
		rep.Memory.writeText(w)
	}
}

func kv(ms ...map[string]int) string {
	var parts []string
	for _, m := range ms {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
		}
	}
	return strings.Join(parts, " ")
}

// WriteJSON prints any value as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
