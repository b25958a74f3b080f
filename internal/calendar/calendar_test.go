package calendar

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func cnCalendar(t testing.TB, hours string) *Calendar {
	t.Helper()
	set, err := Builtin("cn")
	if err != nil {
		t.Fatal(err)
	}
	w, err := ParseWeek(hours)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(mustLoc(t, "Asia/Shanghai"), w, set.Exceptions, set.First, set.Last)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The official schedule, typed independently of the data files as ranges.
var officialCN = map[int]struct{ off, makeup []string }{
	2024: {
		off:    []string{"01-01", "02-10:02-17", "04-04:04-06", "05-01:05-05", "06-10", "09-15:09-17", "10-01:10-07"},
		makeup: []string{"02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"},
	},
	2025: {
		off:    []string{"01-01", "01-28:02-04", "04-04:04-06", "05-01:05-05", "05-31:06-02", "10-01:10-08"},
		makeup: []string{"01-26", "02-08", "04-27", "09-28", "10-11"},
	},
	2026: {
		off:    []string{"01-01:01-03", "02-15:02-23", "04-04:04-06", "05-01:05-05", "06-19:06-21", "09-25:09-27", "10-01:10-07"},
		makeup: []string{"01-04", "02-14", "02-28", "05-09", "09-20", "10-10"},
	},
}

func expand(t *testing.T, year int, specs []string) map[Date]bool {
	out := map[Date]bool{}
	for _, s := range specs {
		a, b, isRange := strings.Cut(s, ":")
		if !isRange {
			b = a
		}
		from, err1 := ParseDate(fmtYear(year, a))
		to, err2 := ParseDate(fmtYear(year, b))
		if err1 != nil || err2 != nil {
			t.Fatal(s)
		}
		for d := from; !d.After(to); d = d.AddDays(1) {
			out[d] = true
		}
	}
	return out
}

func fmtYear(y int, md string) string {
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "-" + md
}

func TestEveryDateOf2024To2026MatchesTheOfficialSchedule(t *testing.T) {
	c := cnCalendar(t, "mon-fri 09:00-18:00")
	days, err := c.Days(Date{2024, 1, 1}, Date{2026, 12, 31})
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 366+365+365 {
		t.Fatalf("%d days", len(days))
	}
	for _, d := range days {
		facts := officialCN[d.Date.Year]
		off, makeup := expand(t, d.Date.Year, facts.off), expand(t, d.Date.Year, facts.makeup)
		wd := d.Date.Weekday()
		want := (wd != time.Saturday && wd != time.Sunday && !off[d.Date]) || makeup[d.Date]
		if d.Workday != want {
			t.Errorf("%s (%s): workday %v, want %v (%s)", d.Date, wd, d.Workday, want, d.Name)
		}
		if (off[d.Date] || makeup[d.Date]) && d.Name == "" {
			t.Errorf("%s has no holiday name", d.Date)
		}
	}
	if d := c.Day(Date{2026, 1, 4}); !d.Workday || d.Name != "元旦" {
		t.Errorf("2026-01-04: %+v, want the 元旦 make-up workday", d)
	}
}

func TestAddKnownCases(t *testing.T) {
	c := cnCalendar(t, "mon-fri 09:00-12:00,13:30-18:00")
	sh := c.Loc
	cases := []struct {
		start string
		dur   time.Duration
		want  string
	}{
		// 2h on 30 Sep, closed 1–7 Oct, 3h + 3h on Thu 8 Oct.
		{"2026-09-30T16:00:00+08:00", 8 * time.Hour, "2026-10-08T16:30:00+08:00"},
		// Friday evening: the make-up Saturday 10 Oct is a workday.
		{"2026-10-09T17:00:00+08:00", 2 * time.Hour, "2026-10-10T10:00:00+08:00"},
		// Ends exactly at the end of a span: stays at 18:00.
		{"2026-11-23T16:00:00+08:00", 2 * time.Hour, "2026-11-23T18:00:00+08:00"},
		// Lunch break skipped.
		{"2026-11-23T11:30:00+08:00", time.Hour, "2026-11-23T14:00:00+08:00"},
		// Across the year end into 2026's 元旦 holiday and its make-up Sunday.
		{"2025-12-31T17:00:00+08:00", 2 * time.Hour, "2026-01-04T10:00:00+08:00"},
		// Spring Festival 2026: Fri 13 Feb → Sat 14 Feb (make-up) → closed to 23 Feb.
		{"2026-02-14T17:00:00+08:00", 7*time.Hour + 30*time.Minute, "2026-02-24T17:00:00+08:00"},
	}
	for _, tc := range cases {
		start, _ := time.Parse(time.RFC3339, tc.start)
		got, err := c.Add(start, tc.dur)
		if err != nil {
			t.Fatalf("%s + %s: %v", tc.start, tc.dur, err)
		}
		if got.In(sh).Format(time.RFC3339) != tc.want {
			t.Errorf("%s + %s = %s, want %s", tc.start, tc.dur, got.Format(time.RFC3339), tc.want)
		}
		back, err := c.Between(start, got)
		if err != nil || back != tc.dur {
			t.Errorf("Between(%s, %s) = %s %v, want %s", tc.start, got, back, err, tc.dur)
		}
	}
}

func TestBeyondHolidayDataSaysSo(t *testing.T) {
	c := cnCalendar(t, "mon-fri 09:00-18:00")
	start := time.Date(2026, 12, 31, 10, 0, 0, 0, c.Loc)
	if _, err := c.Add(start, 4*time.Hour); err != nil {
		t.Fatalf("within data: %v", err)
	}
	if _, err := c.Add(start, 20*time.Hour); !errors.Is(err, ErrBeyondData) {
		t.Fatalf("past 2026: %v, want ErrBeyondData", err)
	}
	if _, err := c.Days(Date{2026, 12, 1}, Date{2027, 1, 5}); !errors.Is(err, ErrBeyondData) {
		t.Fatalf("days past 2026: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	for _, h := range []string{"mon-fri 09:00-12:00,11:00-13:00", "mon 18:00-09:00", "mon 09:00", "funday 09:00-10:00", "mon 25:00-26:00", "mon 09:00-10:00; mon 11:00-12:00", "mon 9:0-10:00"} {
		if _, err := ParseWeek(h); err == nil {
			t.Errorf("ParseWeek(%q) accepted", h)
		}
	}
	w, _ := ParseWeek("mon-fri 09:00-18:00")
	_, err := New(time.UTC, w, []Exception{{Date: Date{2030, 1, 1}, Name: "x"}}, Date{2026, 1, 1}, Date{2026, 12, 31})
	if err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("exception outside the years: %v", err)
	}
	_, err = New(time.UTC, w, []Exception{{Date: Date{2026, 1, 1}, Name: "x"}, {Date: Date{2026, 1, 1}, Name: "y"}}, Date{}, Date{})
	if err == nil {
		t.Error("two exceptions on one date accepted")
	}
}

// --- property tests against a minute stepper ---

// stepAdd is the reference: walk minute by minute counting open minutes.
func stepAdd(c *Calendar, start time.Time, minutes int) (time.Time, bool) {
	if minutes == 0 {
		return start, true
	}
	t := start
	for i := 0; i < 60*24*120; i++ {
		if c.OpenAt(t) {
			minutes--
			if minutes == 0 {
				return t.Add(time.Minute), true
			}
		}
		t = t.Add(time.Minute)
	}
	return time.Time{}, false
}

func stepBetween(c *Calendar, a, b time.Time) time.Duration {
	var n time.Duration
	for t := a; t.Before(b); t = t.Add(time.Minute) {
		if c.OpenAt(t) {
			n += time.Minute
		}
	}
	return n
}

func stepNextOpen(c *Calendar, t time.Time) time.Time {
	for !c.OpenAt(t) {
		t = t.Add(time.Minute)
	}
	return t
}

// randomCalendar makes a calendar with random hours and exceptions. Hours
// near 01:00–03:00 exercise DST changes in zones that have them.
func randomCalendar(r *rand.Rand, loc *time.Location) *Calendar {
	var w Week
	for d := range w {
		if r.IntN(4) == 0 {
			continue
		}
		start := r.IntN(20) * 30
		for k := 0; k < 1+r.IntN(3) && start < 1400; k++ {
			end := start + 30 + r.IntN(16)*30
			if end > 1440 {
				end = 1440
			}
			w[d] = append(w[d], Interval{start, end})
			start = end + r.IntN(6)*30
		}
	}
	if len(w[1]) == 0 {
		w[1] = []Interval{{540, 1080}}
	}
	var exc []Exception
	seen := map[Date]bool{}
	for k := 0; k < r.IntN(30); k++ {
		d := Date{2025 + r.IntN(2), time.Month(1 + r.IntN(12)), 1 + r.IntN(28)}
		if seen[d] {
			continue
		}
		seen[d] = true
		e := Exception{Date: d, Open: r.IntN(2) == 0, Name: "x"}
		if e.Open && r.IntN(2) == 0 {
			e.Hours = []Interval{{60 + r.IntN(10)*30, 900 + r.IntN(10)*30}}
		}
		exc = append(exc, e)
	}
	c, err := New(loc, w, exc, Date{2024, 1, 1}, Date{2027, 12, 31})
	if err != nil {
		panic(err)
	}
	return c
}

var zones = []string{"Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC", "America/Santiago"}

func TestAgainstMinuteStepper(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	n := 150
	if testing.Short() {
		n = 40
	}
	compared := 0
	defer func() {
		if compared < n*3/4 {
			t.Errorf("only %d of %d cases compared", compared, n)
		}
	}()
	for i := 0; i < n; i++ {
		loc := mustLoc(t, zones[i%len(zones)])
		c := randomCalendar(r, loc)
		// Starts cluster around DST changes in March/April and October/November.
		month := []time.Month{3, 4, 10, 11, 1, 7}[r.IntN(6)]
		start := time.Date(2026, month, 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, loc)
		minutes := r.IntN(3 * 24 * 60)
		want, ok := stepAdd(c, start, minutes)
		if !ok {
			continue
		}
		compared++
		got, err := c.Add(start, time.Duration(minutes)*time.Minute)
		if err != nil || !got.Equal(want) {
			t.Fatalf("case %d %s: Add(%s, %dm) = %s %v, stepper %s\nweek %s", i, loc, start, minutes, got, err, want, c.Week)
		}
		end := start.Add(time.Duration(r.IntN(10*24*60)) * time.Minute)
		between, err := c.Between(start, end)
		if want := stepBetween(c, start, end); err != nil || between != want {
			t.Fatalf("case %d %s: Between(%s, %s) = %s %v, stepper %s", i, loc, start, end, between, err, want)
		}
		next, err := c.NextOpen(start)
		if want := stepNextOpen(c, start); err != nil || !next.Equal(want) {
			t.Fatalf("case %d %s: NextOpen(%s) = %s %v, stepper %s", i, loc, start, next, err, want)
		}
	}
}

// TestDSTTransitions pins the stepper comparison on the exact change days.
func TestDSTTransitions(t *testing.T) {
	for _, tc := range []struct {
		zone string
		day  Date
	}{{"America/New_York", Date{2026, 3, 8}}, {"America/New_York", Date{2026, 11, 1}}, {"Europe/London", Date{2026, 3, 29}}, {"Europe/London", Date{2026, 10, 25}}, {"Australia/Lord_Howe", Date{2026, 4, 5}}} {
		loc := mustLoc(t, tc.zone)
		w, _ := ParseWeek("mon-sun 00:30-02:30,03:00-05:00,22:00-24:00")
		c, err := New(loc, w, nil, Date{}, Date{})
		if err != nil {
			t.Fatal(err)
		}
		for h := -3; h < 30; h++ {
			start := time.Date(tc.day.Year, tc.day.Month, tc.day.Day, 0, 0, 0, 0, loc).Add(time.Duration(h) * 37 * time.Minute)
			start = start.Truncate(time.Minute)
			for _, minutes := range []int{1, 29, 60, 121, 300} {
				want, _ := stepAdd(c, start, minutes)
				got, err := c.Add(start, time.Duration(minutes)*time.Minute)
				if err != nil || !got.Equal(want) {
					t.Fatalf("%s %s + %dm = %s, stepper %s", tc.zone, start, minutes, got, want)
				}
			}
		}
	}
}
