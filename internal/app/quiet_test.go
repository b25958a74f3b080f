package app

import "testing"

func TestMemoryIsReleasedOnceAfterAQuietPeriod(t *testing.T) {
	q := quiet{seen: 5}
	steps := []struct {
		requests uint64
		release  bool
	}{
		{5, false},  // quiet since start: nothing was used
		{9, false},  // busy
		{40, false}, // still busy
		{40, true},  // a quiet period after work: release
		{40, false}, // still quiet: already released
		{41, false}, // one request (a console reload)
		{41, true},  // quiet again
	}
	for i, s := range steps {
		if got := q.release(s.requests); got != s.release {
			t.Fatalf("step %d (%d requests): release = %v, want %v", i, s.requests, got, s.release)
		}
	}
}
