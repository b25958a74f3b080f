package calendar

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Interval is a span of wall-clock time within a day, in minutes from
// midnight, [Start, End). End may be 1440 (midnight at the end of the day).
type Interval struct {
	Start, End int
}

func (iv Interval) String() string { return clock(iv.Start) + "-" + clock(iv.End) }

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Week holds the business hours of each weekday (index time.Weekday).
type Week [7][]Interval

// ValidateIntervals checks one day's intervals: inside the day, not inverted,
// not overlapping. It sorts them.
func ValidateIntervals(ivs []Interval) error {
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].Start < ivs[j].Start })
	for i, iv := range ivs {
		if iv.Start < 0 || iv.End > 1440 {
			return fmt.Errorf("interval %s is outside the day", iv)
		}
		if iv.End <= iv.Start {
			return fmt.Errorf("interval %s ends before it starts", iv)
		}
		if i > 0 && iv.Start < ivs[i-1].End {
			return fmt.Errorf("intervals %s and %s overlap", ivs[i-1], iv)
		}
	}
	return nil
}

var dayNames = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// ParseWeek reads hours such as "mon-fri 09:00-12:00,13:30-18:00; sat 10:00-14:00".
// Days not named are closed. Errors name the part that is wrong.
func ParseWeek(s string) (Week, error) {
	var w Week
	seen := [7]bool{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		days, spans, ok := strings.Cut(part, " ")
		if !ok {
			return w, fmt.Errorf("calendar: hours %q: want \"mon-fri 09:00-18:00\"", part)
		}
		var list []time.Weekday
		for _, dr := range strings.Split(days, ",") {
			from, to, isRange := strings.Cut(strings.ToLower(dr), "-")
			a, ok1 := dayNames[from]
			b, ok2 := dayNames[to]
			if !isRange {
				b, ok2 = a, ok1
			}
			if !ok1 || !ok2 {
				return w, fmt.Errorf("calendar: hours %q: unknown day %q (use mon tue wed thu fri sat sun)", part, dr)
			}
			for d := a; ; d = (d + 1) % 7 {
				list = append(list, d)
				if d == b {
					break
				}
			}
		}
		ivs, err := ParseIntervals(spans)
		if err != nil {
			return w, fmt.Errorf("calendar: hours %q: %w", part, err)
		}
		for _, d := range list {
			if seen[d] {
				return w, fmt.Errorf("calendar: hours %q: %s is given twice", part, d)
			}
			seen[d] = true
			w[d] = append([]Interval(nil), ivs...)
		}
	}
	return w, nil
}

// ParseIntervals reads "09:00-12:00,13:30-18:00".
func ParseIntervals(s string) ([]Interval, error) {
	var ivs []Interval
	for _, sp := range strings.Split(strings.TrimSpace(s), ",") {
		a, b, ok := strings.Cut(strings.TrimSpace(sp), "-")
		if !ok {
			return nil, fmt.Errorf("interval %q: want HH:MM-HH:MM", sp)
		}
		start, err1 := parseClock(a)
		end, err2 := parseClock(b)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("interval %q: want HH:MM-HH:MM with times from 00:00 to 24:00", sp)
		}
		ivs = append(ivs, Interval{start, end})
	}
	if err := ValidateIntervals(ivs); err != nil {
		return nil, err
	}
	return ivs, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return hh*60 + mm, nil
}

// String writes the week back in the ParseWeek format.
func (w Week) String() string {
	var parts []string
	for _, d := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		if len(w[d]) == 0 {
			continue
		}
		var ivs []string
		for _, iv := range w[d] {
			ivs = append(ivs, iv.String())
		}
		parts = append(parts, strings.ToLower(d.String()[:3])+" "+strings.Join(ivs, ","))
	}
	return strings.Join(parts, "; ")
}
