package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Plan says how hard and how long to drive: a closed loop of Workers (each
// sends its next request when the previous one answered) or, when Rate > 0,
// an open loop that starts Rate operations per second whatever the latency
// (at most MaxInFlight at once). Bounded by Duration and/or Requests.
type Plan struct {
	Workers     int
	Rate        float64
	MaxInFlight int
	Duration    time.Duration
	Requests    int64
}

// Mode describes the plan for reports.
func (p Plan) Mode() string {
	if p.Rate > 0 {
		return fmt.Sprintf("open loop, %.0f ops/s (max %d in flight)", p.Rate, p.maxInFlight())
	}
	return fmt.Sprintf("closed loop, %d workers", p.workers())
}

func (p Plan) workers() int {
	if p.Workers <= 0 {
		return 16
	}
	return p.Workers
}

func (p Plan) maxInFlight() int {
	if p.MaxInFlight > 0 {
		return p.MaxInFlight
	}
	return 1024
}

// Run calls op until the plan is spent or ctx ends, and returns the wall time
// from the first start to the last answer. op gets the worker number (closed
// loop) or -1 (open loop) and the time the operation was due: in an open loop
// latency must be measured from that time, not from when a goroutine got
// round to it, or a stalled server would hide its own stall (coordinated
// omission). Operations in flight when the duration ends are let finish.
func (p Plan) Run(ctx context.Context, op func(ctx context.Context, worker int, due time.Time)) time.Duration {
	if p.Duration <= 0 && p.Requests <= 0 {
		p.Duration = 30 * time.Second
	}
	start := time.Now()
	var deadline time.Time
	if p.Duration > 0 {
		deadline = start.Add(p.Duration)
	}
	var issued atomic.Int64
	more := func(now time.Time) bool {
		if ctx.Err() != nil {
			return false
		}
		if !deadline.IsZero() && !now.Before(deadline) {
			return false
		}
		if p.Requests > 0 && issued.Add(1) > p.Requests {
			return false
		}
		return true
	}
	var wg sync.WaitGroup
	if p.Rate <= 0 {
		for w := 0; w < p.workers(); w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for {
					now := time.Now()
					if !more(now) {
						return
					}
					op(ctx, w, now)
				}
			}(w)
		}
		wg.Wait()
		return time.Since(start)
	}
	sem := make(chan struct{}, p.maxInFlight())
	interval := time.Duration(float64(time.Second) / p.Rate)
	for i := int64(0); ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
			case <-t.C:
			}
		}
		if !more(due) {
			break
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			op(ctx, -1, due)
		}()
	}
	wg.Wait()
	return time.Since(start)
}
