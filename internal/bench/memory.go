package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MemoryReport is a server process's resident memory (VmRSS) sampled during
// a run: the target is no growth beyond 10 % over a long mixed run.
type MemoryReport struct {
	PID     int         `json:"pid"`
	Every   float64     `json:"every_s"`
	First   float64     `json:"first_mb"` // when the load started
	Max     float64     `json:"max_mb"`
	Last    float64     `json:"last_mb"` // when the load ended
	Growth  float64     `json:"growth_pct"`
	Samples [][]float64 `json:"samples"` // [seconds since start, MB]
}

// ReadRSS returns a process's VmRSS in MB (Linux /proc).
func ReadRSS(pid int) (float64, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return round(kb/1024, 1), err
		}
	}
	return 0, fmt.Errorf("bench: no VmRSS in /proc/%d/status", pid)
}

// memorySampler samples a process's VmRSS until stopped.
type memorySampler struct {
	rep   MemoryReport
	start time.Time
	stop  chan struct{}
	done  sync.WaitGroup
}

func sampleMemory(pid int, every time.Duration) (*memorySampler, error) {
	if every <= 0 {
		every = 10 * time.Second
	}
	m := &memorySampler{rep: MemoryReport{PID: pid, Every: every.Seconds()}, start: time.Now(), stop: make(chan struct{})}
	if err := m.sample(); err != nil {
		return nil, err
	}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				_ = m.sample()
			}
		}
	}()
	return m, nil
}

func (m *memorySampler) sample() error {
	mb, err := ReadRSS(m.rep.PID)
	if err != nil {
		return err
	}
	m.rep.Samples = append(m.rep.Samples, []float64{round(time.Since(m.start).Seconds(), 1), mb})
	return nil
}

// finish takes a last sample and summarises.
func (m *memorySampler) finish() *MemoryReport {
	close(m.stop)
	m.done.Wait()
	_ = m.sample()
	r := m.rep
	r.First = r.Samples[0][1]
	r.Last = r.Samples[len(r.Samples)-1][1]
	for _, s := range r.Samples {
		r.Max = max(r.Max, s[1])
	}
	if r.First > 0 {
		r.Growth = round((r.Last-r.First)/r.First*100, 1)
	}
	return &r
}

func (r *MemoryReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "  memory of pid %d (VmRSS): %.1f MB at the start, %.1f MB at the end (%+.1f %%), max %.1f MB\n", r.PID, r.First, r.Last, r.Growth, r.Max)
	var b strings.Builder
	for _, s := range r.Samples {
		fmt.Fprintf(&b, " %.0fs=%.0f", s[0], s[1])
	}
	fmt.Fprintf(w, "  samples (MB):%s\n", b.String())
}
