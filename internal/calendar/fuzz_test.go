package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"mon-fri 09:00-12:00,13:30-18:00", "sat 10:00-14:00; sun 00:00-24:00", "fri-mon 09:00-10:00", "mon 9:00-8:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeek(s)
		if err != nil {
			return
		}
		// Whatever parses must validate and round-trip.
		w2, err := ParseWeek(w.String())
		if err != nil || w2.String() != w.String() {
			t.Fatalf("round trip of %q: %q %v", s, w.String(), err)
		}
	})
}

func FuzzParseHolidayCN(f *testing.F) {
	f.Add(`{"year":2026,"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true},{"name":"元旦","date":"2026-01-04","isOffDay":false}]}`)
	f.Add(`{"year":2026,"days":[{"name":"","date":"2026-13-01","isOffDay":true}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		set, err := ParseHolidayCN(strings.NewReader(s))
		if err != nil {
			return
		}
		if _, err := New(time.UTC, Week{}, set.Exceptions, set.First, set.Last); err != nil {
			t.Fatalf("parsed set does not build a calendar: %v", err)
		}
	})
}

func FuzzParseICal(f *testing.F) {
	f.Add("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nDTEND;VALUE=DATE:20261008\nSUMMARY:国庆节\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261010\nSUMMARY:国庆节补班\nEND:VEVENT\nEND:VCALENDAR\n")
	f.Fuzz(func(t *testing.T, s string) {
		set, err := ParseICal(bytes.NewBufferString(s), 2026, 2026)
		if err != nil {
			return
		}
		if _, err := New(time.UTC, Week{}, set.Exceptions, set.First, set.Last); err != nil {
			t.Fatalf("parsed set does not build a calendar: %v", err)
		}
	})
}

// FuzzAddBetween checks that Between undoes Add for any start and duration.
func FuzzAddBetween(f *testing.F) {
	f.Add(int64(1790000000), uint32(480), uint8(0))
	f.Add(int64(1772900000), uint32(5000), uint8(1))
	f.Fuzz(func(t *testing.T, unix int64, minutes uint32, zone uint8) {
		loc, _ := time.LoadLocation(zones[int(zone)%len(zones)])
		w, _ := ParseWeek("mon-fri 09:00-12:00,13:30-18:00; sat 01:30-02:30")
		c, _ := New(loc, w, nil, Date{}, Date{})
		start := time.Unix(1700000000+unix%100000000, 0)
		d := time.Duration(minutes%100000) * time.Minute
		due, err := c.Add(start, d)
		if err != nil {
			t.Fatal(err)
		}
		back, err := c.Between(start, due)
		if err != nil || back != d {
			t.Fatalf("Between(%s, Add(%s)) = %s %v", start, d, back, err)
		}
		if d > 0 && !c.OpenAt(due.Add(-time.Second)) {
			t.Fatalf("due %s is not at the end of open time", due)
		}
	})
}

func TestICalImport(t *testing.T) {
	src := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261008\r\nSUMMARY:国庆\r\n 节\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261010\r\nSUMMARY:国庆节补班\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	set, err := ParseICal(strings.NewReader(src), 2026, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Exceptions) != 8 || set.Exceptions[0].Name != "国庆节" || set.Exceptions[0].Open || !set.Exceptions[7].Open {
		t.Fatalf("%+v", set.Exceptions)
	}
	for _, bad := range []string{
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261001T090000\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20271001\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR",
		"garbage",
	} {
		if _, err := ParseICal(strings.NewReader(bad), 2026, 2026); err == nil || !strings.Contains(err.Error(), "ical") {
			t.Errorf("accepted or unclear: %q → %v", bad, err)
		}
	}
}

func TestHolidayCNImportErrorsNameTheEntry(t *testing.T) {
	for src, want := range map[string]string{
		`{"days":[]}`: `"year"`,
		`{"year":2026,"days":[{"name":"元旦","date":"2026/01/01","isOffDay":true}]}`:                                                   "days[0].date",
		`{"year":2026,"days":[{"name":"元旦","date":"2026-01-01"}]}`:                                                                   "days[0].isOffDay",
		`{"year":2026,"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true},{"name":"元旦","date":"2026-01-01","isOffDay":true}]}`: "days[1].date",
		`{"year":2026,"days":[{"name":"","date":"2026-01-01","isOffDay":true}]}`:                                                     "days[0].name",
		`not json`: "holiday-cn",
	} {
		_, err := ParseHolidayCN(strings.NewReader(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want mention of %s", src, err, want)
		}
	}
}
