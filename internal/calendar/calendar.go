package calendar

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Exception changes one date: closed (a public holiday) or open (a make-up
// workday, 调休补班). An open exception without hours uses the standard
// workday hours.
type Exception struct {
	Date  Date
	Open  bool
	Name  string
	Hours []Interval
}

// Calendar is a work calendar in one time zone.
type Calendar struct {
	Loc        *time.Location
	Week       Week
	exceptions map[Date]Exception
	// First and Last bound the dates for which the exceptions are known
	// (the years of holiday data). Zero values mean unbounded.
	First, Last Date
}

// ErrBeyondData is returned when an answer would depend on dates outside the
// years the calendar has holiday data for: kefu says so rather than guess.
var ErrBeyondData = errors.New("calendar: beyond the years with holiday data")

// ErrNeverOpen is returned when no business hours exist within ten years.
var ErrNeverOpen = errors.New("calendar: no business hours within ten years")

// New builds a calendar. first/last bound the years of holiday data (zero
// Dates for none). Exceptions must fall inside those years, one per date.
func New(loc *time.Location, week Week, exceptions []Exception, first, last Date) (*Calendar, error) {
	if loc == nil {
		return nil, errors.New("calendar: a time zone is required")
	}
	for d := range week {
		if err := ValidateIntervals(week[d]); err != nil {
			return nil, fmt.Errorf("calendar: %s: %w", time.Weekday(d), err)
		}
	}
	c := &Calendar{Loc: loc, Week: week, exceptions: map[Date]Exception{}, First: first, Last: last}
	for _, e := range exceptions {
		if !c.covers(e.Date) {
			return nil, fmt.Errorf("calendar: exception %s (%s) is outside the calendar's years %s to %s", e.Date, e.Name, first, last)
		}
		if _, dup := c.exceptions[e.Date]; dup {
			return nil, fmt.Errorf("calendar: %s has two exceptions", e.Date)
		}
		if len(e.Hours) > 0 {
			if !e.Open {
				return nil, fmt.Errorf("calendar: %s is closed but has hours", e.Date)
			}
			if err := ValidateIntervals(e.Hours); err != nil {
				return nil, fmt.Errorf("calendar: %s: %w", e.Date, err)
			}
		}
		c.exceptions[e.Date] = e
	}
	return c, nil
}

func (c *Calendar) bounded() bool { return c.First != (Date{}) }

func (c *Calendar) covers(d Date) bool {
	return !c.bounded() || (!d.Before(c.First) && !d.After(c.Last))
}

// StandardHours are the hours of an ordinary workday: the first of Monday to
// Friday that has any. Make-up workdays use them.
func (c *Calendar) StandardHours() []Interval {
	for d := time.Monday; d <= time.Friday; d++ {
		if len(c.Week[d]) > 0 {
			return c.Week[d]
		}
	}
	return nil
}

// Day describes one date.
type Day struct {
	Date    Date
	Workday bool
	Name    string
	Hours   []Interval
}

// Day returns the hours and name of a date.
func (c *Calendar) Day(d Date) Day {
	if e, ok := c.exceptions[d]; ok {
		if !e.Open {
			return Day{Date: d, Name: e.Name}
		}
		h := e.Hours
		if len(h) == 0 {
			h = c.StandardHours()
		}
		return Day{Date: d, Workday: len(h) > 0, Name: e.Name, Hours: h}
	}
	h := c.Week[d.Weekday()]
	return Day{Date: d, Workday: len(h) > 0, Hours: h}
}

// Days lists every date from first to last inclusive.
func (c *Calendar) Days(first, last Date) ([]Day, error) {
	if last.Before(first) {
		return nil, fmt.Errorf("calendar: %s is before %s", last, first)
	}
	var out []Day
	for d := first; !d.After(last); d = d.AddDays(1) {
		if !c.covers(d) {
			return nil, fmt.Errorf("%w: %s (data covers %s to %s)", ErrBeyondData, d, c.First, c.Last)
		}
		out = append(out, c.Day(d))
	}
	return out, nil
}

// span is a real-time interval [start, end) during which the calendar is open.
type span struct{ start, end time.Time }

// offsetAt returns the zone offset in seconds at instant t.
func (c *Calendar) offsetAt(t time.Time) int {
	_, off := t.In(c.Loc).Zone()
	return off
}

// segment is a stretch of real time with one zone offset.
type segment struct {
	start, end time.Time
	offset     int
}

// segments splits the real time that can carry wall-clock times of date d
// into stretches of constant offset. Zone offsets lie within ±15h, so the
// range [midnight−15h, midnight+39h] holds every instant of the local day.
func (c *Calendar) segments(d Date) []segment {
	lo := d.utc().Add(-15 * time.Hour)
	hi := d.utc().Add(39 * time.Hour)
	const step = 6 * time.Hour
	var out []segment
	cur := segment{start: lo, offset: c.offsetAt(lo)}
	for t := lo.Add(step); ; t = t.Add(step) {
		if t.After(hi) {
			t = hi
		}
		if off := c.offsetAt(t); off != cur.offset {
			// Binary-search the change to the second between t−step and t.
			a, b := t.Add(-step), t
			for b.Sub(a) > time.Second {
				m := a.Add(b.Sub(a) / 2)
				if c.offsetAt(m) == cur.offset {
					a = m
				} else {
					b = m
				}
			}
			cur.end = b
			out = append(out, cur)
			cur = segment{start: b, offset: c.offsetAt(b)}
		}
		if !t.Before(hi) {
			break
		}
	}
	cur.end = hi
	return append(out, cur)
}

// spans returns the open real-time spans of date d, in order. An instant is
// open when its wall-clock time on date d falls in one of the day's
// intervals; each constant-offset segment maps wall intervals linearly.
func (c *Calendar) spans(d Date) []span {
	day := c.Day(d)
	if len(day.Hours) == 0 {
		return nil
	}
	midnight := d.utc()
	var out []span
	for _, seg := range c.segments(d) {
		off := time.Duration(seg.offset) * time.Second
		for _, iv := range day.Hours {
			s := midnight.Add(time.Duration(iv.Start)*time.Minute - off)
			e := midnight.Add(time.Duration(iv.End)*time.Minute - off)
			if s.Before(seg.start) {
				s = seg.start
			}
			if e.After(seg.end) {
				e = seg.end
			}
			if s.Before(e) {
				out = append(out, span{s, e})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start.Before(out[j].start) })
	// Merge touching spans (an interval cut by an offset change).
	merged := out[:0]
	for _, sp := range out {
		if n := len(merged); n > 0 && !sp.start.After(merged[n-1].end) {
			if sp.end.After(merged[n-1].end) {
				merged[n-1].end = sp.end
			}
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

const maxDays = 3660 // ten years

// walk calls fn with each date's open spans from the date before t's local
// date onwards, until fn returns true. The date before is included because
// a fall-back change can put its spans after t; it is skipped when outside
// the data years (its spans cannot matter then).
func (c *Calendar) walk(t time.Time, fn func(spans []span) bool) error {
	d := DateOf(t.In(c.Loc)).AddDays(-1)
	for i := 0; i < maxDays; i, d = i+1, d.AddDays(1) {
		if !c.covers(d) {
			if i == 0 {
				continue
			}
			return fmt.Errorf("%w: %s (data covers %s to %s)", ErrBeyondData, d, c.First, c.Last)
		}
		if fn(c.spans(d)) {
			return nil
		}
	}
	return ErrNeverOpen
}

// Add returns the instant when dur of business time has passed after start.
// A deadline that falls exactly at the end of a span stays there (18:00, not
// 09:00 the next workday).
func (c *Calendar) Add(start time.Time, dur time.Duration) (time.Time, error) {
	if dur < 0 {
		return time.Time{}, errors.New("calendar: negative duration")
	}
	if dur == 0 {
		return start, nil
	}
	var due time.Time
	remaining := dur
	err := c.walk(start, func(spans []span) bool {
		for _, sp := range spans {
			s := sp.start
			if s.Before(start) {
				s = start
			}
			if !s.Before(sp.end) {
				continue
			}
			if avail := sp.end.Sub(s); avail >= remaining {
				due = s.Add(remaining)
				return true
			} else {
				remaining -= avail
			}
		}
		return false
	})
	return due.In(c.Loc), err
}

// Between returns the business time in [a, b); negative when b is before a.
func (c *Calendar) Between(a, b time.Time) (time.Duration, error) {
	if b.Before(a) {
		d, err := c.Between(b, a)
		return -d, err
	}
	var total time.Duration
	err := c.walk(a, func(spans []span) bool {
		for _, sp := range spans {
			if !sp.start.Before(b) {
				return true
			}
			s, e := sp.start, sp.end
			if s.Before(a) {
				s = a
			}
			if e.After(b) {
				e = b
			}
			if s.Before(e) {
				total += e.Sub(s)
			}
		}
		return false
	})
	return total, err
}

// NextOpen returns t when the calendar is open at t, else the start of the
// next open span.
func (c *Calendar) NextOpen(t time.Time) (time.Time, error) {
	var next time.Time
	err := c.walk(t, func(spans []span) bool {
		for _, sp := range spans {
			if !t.Before(sp.end) {
				continue
			}
			if sp.start.After(t) {
				next = sp.start
			} else {
				next = t
			}
			return true
		}
		return false
	})
	return next.In(c.Loc), err
}

// OpenAt reports whether the calendar is open at t (wall-clock definition:
// the reference the span arithmetic is tested against).
func (c *Calendar) OpenAt(t time.Time) bool {
	lt := t.In(c.Loc)
	m := lt.Hour()*60 + lt.Minute()
	for _, iv := range c.Day(DateOf(lt)).Hours {
		if m >= iv.Start && m < iv.End {
			return true
		}
	}
	return false
}
