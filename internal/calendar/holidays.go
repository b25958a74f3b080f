package calendar

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// HolidaySet is a named set of exceptions covering whole years.
type HolidaySet struct {
	Name        string
	Exceptions  []Exception
	First, Last Date // Jan 1 of the first year, Dec 31 of the last
}

//go:embed holidays
var builtin embed.FS

// Builtin returns a holiday set shipped with kefu: "cn" is the official
// mainland schedule (State Council General Office notices) for the years in
// holidays/cn/*.json, kept as data in the holiday-cn format so that a new
// year is an import, not a release.
func Builtin(name string) (HolidaySet, error) {
	if v, ok := builtinCache.Load(name); ok {
		return v.(HolidaySet), nil
	}
	set, err := loadBuiltin(name)
	if err == nil {
		builtinCache.Store(name, set)
	}
	return set, err
}

// builtinCache holds parsed built-in sets: the embedded data never changes.
var builtinCache sync.Map

func loadBuiltin(name string) (HolidaySet, error) {
	files, err := fs.Glob(builtin, "holidays/"+name+"/*.json")
	if err != nil || len(files) == 0 {
		return HolidaySet{}, fmt.Errorf("calendar: no built-in holiday set %q (have: cn)", name)
	}
	var years []HolidaySet
	for _, f := range files {
		b, _ := builtin.ReadFile(f)
		y, err := ParseHolidayCN(bytes.NewReader(b))
		if err != nil {
			return HolidaySet{}, fmt.Errorf("calendar: built-in %s: %w", f, err)
		}
		years = append(years, y)
	}
	set, err := MergeYears(name, years)
	return set, err
}

// MergeYears joins single-year sets; the years must be contiguous.
func MergeYears(name string, years []HolidaySet) (HolidaySet, error) {
	sort.Slice(years, func(i, j int) bool { return years[i].First.Before(years[j].First) })
	out := HolidaySet{Name: name}
	for i, y := range years {
		if i > 0 && y.First != years[i-1].Last.AddDays(1) {
			return out, fmt.Errorf("calendar: holiday years are not contiguous: %s follows %s", y.First, years[i-1].Last)
		}
		out.Exceptions = append(out.Exceptions, y.Exceptions...)
	}
	if len(years) > 0 {
		out.First, out.Last = years[0].First, years[len(years)-1].Last
	}
	return out, nil
}

// holidayCNDoc is the holiday-cn JSON format.
type holidayCNDoc struct {
	Year *int `json:"year"`
	Days []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay *bool  `json:"isOffDay"`
	} `json:"days"`
}

// ParseHolidayCN reads one year in the holiday-cn format:
// {"year":2026,"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true},…]}.
// isOffDay true is a holiday, false a make-up workday. Errors name the entry
// at fault; nothing is returned on error.
func ParseHolidayCN(r io.Reader) (HolidaySet, error) {
	b, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return HolidaySet{}, err
	}
	if !utf8.Valid(b) {
		return HolidaySet{}, fmt.Errorf("holiday-cn: not UTF-8 text")
	}
	var doc holidayCNDoc
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		return HolidaySet{}, fmt.Errorf("holiday-cn: %w", err)
	}
	if doc.Year == nil || *doc.Year < 1949 || *doc.Year > 2200 {
		return HolidaySet{}, fmt.Errorf("holiday-cn: field \"year\" missing or out of range")
	}
	year := *doc.Year
	set := HolidaySet{First: Date{year, 1, 1}, Last: Date{year, 12, 31}}
	seen := map[Date]bool{}
	for i, d := range doc.Days {
		where := fmt.Sprintf("holiday-cn: days[%d]", i)
		date, err := ParseDate(d.Date)
		if err != nil {
			return HolidaySet{}, fmt.Errorf("%s.date: %q is not YYYY-MM-DD", where, d.Date)
		}
		if d.IsOffDay == nil {
			return HolidaySet{}, fmt.Errorf("%s.isOffDay: missing", where)
		}
		name := strings.TrimSpace(d.Name)
		if name == "" || utf8.RuneCountInString(name) > 40 {
			return HolidaySet{}, fmt.Errorf("%s.name: missing or longer than 40 characters", where)
		}
		if date.Year != year {
			// holiday-cn lists the days of a holiday that spill into the
			// neighbouring year (e.g. 30–31 December); they belong to that
			// year's data, so they are left out here.
			continue
		}
		if seen[date] {
			return HolidaySet{}, fmt.Errorf("%s.date: %s appears twice", where, d.Date)
		}
		seen[date] = true
		set.Exceptions = append(set.Exceptions, Exception{Date: date, Open: !*d.IsOffDay, Name: name})
	}
	return set, nil
}

// ParseICal reads all-day events from an iCalendar file as exceptions of
// the years first..last: each VEVENT with DTSTART;VALUE=DATE closes the days
// from DTSTART up to DTEND (exclusive), named by SUMMARY; a SUMMARY with 补班
// or 上班, or X-KEFU-WORKDAY:TRUE, makes them make-up workdays instead.
// Errors name the line.
func ParseICal(r io.Reader, firstYear, lastYear int) (HolidaySet, error) {
	set := HolidaySet{First: Date{firstYear, 1, 1}, Last: Date{lastYear, 12, 31}}
	if lastYear < firstYear {
		return HolidaySet{}, fmt.Errorf("ical: last year %d before first year %d", lastYear, firstYear)
	}
	lines, err := unfoldICal(r)
	if err != nil {
		return HolidaySet{}, err
	}
	type event struct {
		line            int
		start, end      *Date
		summary         string
		workday, inside bool
	}
	var ev event
	seen := map[Date]bool{}
	began := false
	for _, l := range lines {
		name, value, ok := strings.Cut(l.text, ":")
		if !ok {
			return HolidaySet{}, fmt.Errorf("ical: line %d: want NAME:VALUE", l.n)
		}
		prop, params, _ := strings.Cut(strings.ToUpper(name), ";")
		switch prop {
		case "BEGIN":
			if strings.EqualFold(value, "VCALENDAR") {
				began = true
			}
			if strings.EqualFold(value, "VEVENT") {
				ev = event{line: l.n, inside: true}
			}
		case "DTSTART", "DTEND":
			if !ev.inside {
				continue
			}
			if !strings.Contains(params, "VALUE=DATE") && len(value) != 8 {
				return HolidaySet{}, fmt.Errorf("ical: line %d: %s must be an all-day date (VALUE=DATE:YYYYMMDD)", l.n, prop)
			}
			d, err := ParseDate(fmt.Sprintf("%.4s-%.2s-%.2s", value, safeSlice(value, 4), safeSlice(value, 6)))
			if err != nil || len(value) != 8 {
				return HolidaySet{}, fmt.Errorf("ical: line %d: %s %q is not YYYYMMDD", l.n, prop, value)
			}
			if prop == "DTSTART" {
				ev.start = &d
			} else {
				ev.end = &d
			}
		case "SUMMARY":
			ev.summary = strings.TrimSpace(strings.NewReplacer(`\,`, ",", `\;`, ";", `\n`, " ").Replace(value))
			if strings.Contains(ev.summary, "补班") || strings.Contains(ev.summary, "上班") {
				ev.workday = true
			}
		case "X-KEFU-WORKDAY":
			ev.workday = strings.EqualFold(value, "TRUE")
		case "END":
			if !strings.EqualFold(value, "VEVENT") || !ev.inside {
				continue
			}
			if ev.start == nil {
				return HolidaySet{}, fmt.Errorf("ical: event at line %d has no DTSTART", ev.line)
			}
			end := ev.start.AddDays(1)
			if ev.end != nil {
				end = *ev.end
			}
			if !ev.start.Before(end) || end.After(ev.start.AddDays(60)) {
				return HolidaySet{}, fmt.Errorf("ical: event at line %d: DTEND must be 1 to 60 days after DTSTART", ev.line)
			}
			name := ev.summary
			if name == "" {
				return HolidaySet{}, fmt.Errorf("ical: event at line %d has no SUMMARY", ev.line)
			}
			for d := *ev.start; d.Before(end); d = d.AddDays(1) {
				if d.Before(set.First) || d.After(set.Last) {
					return HolidaySet{}, fmt.Errorf("ical: event at line %d: %s is outside %d–%d", ev.line, d, firstYear, lastYear)
				}
				if seen[d] {
					return HolidaySet{}, fmt.Errorf("ical: event at line %d: %s is already given", ev.line, d)
				}
				seen[d] = true
				set.Exceptions = append(set.Exceptions, Exception{Date: d, Open: ev.workday, Name: name})
			}
			ev = event{}
		}
	}
	if !began {
		return HolidaySet{}, fmt.Errorf("ical: no BEGIN:VCALENDAR")
	}
	return set, nil
}

func safeSlice(s string, i int) string {
	if i >= len(s) {
		return ""
	}
	return s[i:]
}

type icalLine struct {
	n    int
	text string
}

// unfoldICal joins continuation lines (RFC 5545 §3.1).
func unfoldICal(r io.Reader) ([]icalLine, error) {
	sc := bufio.NewScanner(io.LimitReader(r, 4<<20))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []icalLine
	n := 0
	for sc.Scan() {
		n++
		t := strings.TrimRight(sc.Text(), "\r")
		if !utf8.ValidString(t) {
			return nil, fmt.Errorf("ical: line %d is not UTF-8 text", n)
		}
		if (strings.HasPrefix(t, " ") || strings.HasPrefix(t, "\t")) && len(out) > 0 {
			out[len(out)-1].text += t[1:]
			continue
		}
		if strings.TrimSpace(t) == "" {
			continue
		}
		out = append(out, icalLine{n, t})
	}
	return out, sc.Err()
}

// ParseICalYears reads an iCalendar file whose years are those of its events.
func ParseICalYears(r io.Reader) (HolidaySet, error) {
	set, err := ParseICal(r, 1950, 2200)
	if err != nil {
		return set, err
	}
	if len(set.Exceptions) == 0 {
		return HolidaySet{}, fmt.Errorf("ical: no all-day events")
	}
	lo, hi := set.Exceptions[0].Date.Year, set.Exceptions[0].Date.Year
	for _, e := range set.Exceptions {
		lo, hi = min(lo, e.Date.Year), max(hi, e.Date.Year)
	}
	set.First, set.Last = Date{lo, 1, 1}, Date{hi, 12, 31}
	return set, nil
}
