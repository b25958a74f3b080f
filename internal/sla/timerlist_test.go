package sla

import (
	"reflect"
	"testing"
)

func TestParseTimerList(t *testing.T) {
	got, err := parseTimerList("7 first_response warning 1700000000000 1700000000500,9 resolution breach 1700000900000 0")
	want := &ticketTimerSet{
		pending: []pendingTimer{{id: 9, key: timerKey{ClockResolution, "breach", 1700000900000}}},
		fired:   []timerKey{{ClockFirstResponse, "warning", 1700000000000}},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v; want %+v", got, err, want)
	}
	if got, err := parseTimerList(""); err != nil || len(got.pending)+len(got.fired) != 0 {
		t.Fatalf("empty: %+v, %v", got, err)
	}
	for _, bad := range []string{"7 first_response warning 1", "x first_response warning 1 0"} {
		if _, err := parseTimerList(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
