package ticket

import "testing"

func TestWorkflow(t *testing.T) {
	cases := []struct {
		from, to string
		ok       bool
	}{
		{"new", "open", true},
		{"open", "pending_customer", true},
		{"pending_customer", "open", true},
		{"pending_internal", "resolved", true},
		{"resolved", "closed", true},
		{"resolved", "open", true}, // reopen
		{"closed", "open", true},   // reopen
		{"closed", "resolved", false},
		{"open", "new", false},
		{"resolved", "pending_customer", false},
		{"open", "open", true},
	}
	for _, c := range cases {
		if got := CanMove(c.from, c.to); got != c.ok {
			t.Errorf("%s → %s: %v, want %v", c.from, c.to, got, c.ok)
		}
	}
	for _, s := range Statuses {
		if _, ok := transitions[s]; !ok {
			t.Errorf("status %s has no transitions", s)
		}
	}
}

func TestNumbers(t *testing.T) {
	if Number(42) != "000042" {
		t.Fatal(Number(42))
	}
	for in, want := range map[string]int64{"000042": 42, "#42": 42, " 42 ": 42} {
		if got, ok := ParseNumber(in); !ok || got != want {
			t.Errorf("ParseNumber(%q) = %d %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "abc", "-3", "0"} {
		if _, ok := ParseNumber(bad); ok {
			t.Errorf("ParseNumber(%q) accepted", bad)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	c := cursor{Sort: "-priority", Vals: []int64{3, 1700000000000, 9}}
	got, err := decodeCursor(encodeCursor(c), "-priority", 3)
	if err != nil || got.Vals[2] != 9 {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := decodeCursor(encodeCursor(c), "-updated", 2); err == nil {
		t.Fatal("a cursor of another sort must be rejected")
	}
}
