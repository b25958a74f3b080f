package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kefuhq/kefu/internal/calendar"
)

// calendarCmd answers calendar questions from the command line:
//
//	kefu calendar days --holidays cn --from 2026-01-01 --to 2026-12-31 --json
//	kefu calendar add --holidays cn --zone Asia/Shanghai --hours "mon-fri 09:00-12:00,13:30-18:00" --start … --duration 8h --json
//	kefu calendar between --holidays cn --zone … --hours … --start … --end … --json
func calendarCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: kefu calendar days|add|between [flags] (see kefu calendar add -h)")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("calendar "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	holidays := fs.String("holidays", "", "holiday set: cn (built in), or a holiday-cn JSON or iCalendar file; empty for none")
	zone := fs.String("zone", "Asia/Shanghai", "IANA time zone")
	hours := fs.String("hours", "mon-fri 09:00-18:00", `weekly hours, e.g. "mon-fri 09:00-12:00,13:30-18:00; sat 10:00-14:00"`)
	asJSON := fs.Bool("json", false, "print JSON")
	var from, to, start, end, duration *string
	switch sub {
	case "days":
		from = fs.String("from", "", "first date YYYY-MM-DD")
		to = fs.String("to", "", "last date YYYY-MM-DD")
	case "add":
		start = fs.String("start", "", "start instant, RFC 3339")
		duration = fs.String("duration", "", "business duration, e.g. 8h or 90m")
	case "between":
		start = fs.String("start", "", "start instant, RFC 3339")
		end = fs.String("end", "", "end instant, RFC 3339")
	default:
		return fmt.Errorf("unknown calendar command %q: want days, add or between", sub)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cal, err := buildCalendar(*holidays, *zone, *hours)
	if err != nil {
		return err
	}
	switch sub {
	case "days":
		first, err := calendar.ParseDate(*from)
		if err != nil {
			return fmt.Errorf("--from: %w", err)
		}
		last, err := calendar.ParseDate(*to)
		if err != nil {
			return fmt.Errorf("--to: %w", err)
		}
		days, err := cal.Days(first, last)
		if err != nil {
			return err
		}
		type day struct {
			Date    string `json:"date"`
			Workday bool   `json:"workday"`
			Name    string `json:"name"`
		}
		out := make([]day, len(days))
		for i, d := range days {
			out[i] = day{d.Date.String(), d.Workday, d.Name}
		}
		if *asJSON {
			return printJSON(stdout, out)
		}
		for _, d := range out {
			kind := "休息"
			if d.Workday {
				kind = "工作日"
			}
			fmt.Fprintf(stdout, "%s %s %s\n", d.Date, kind, d.Name)
		}
		return nil
	case "add":
		t, err := parseInstant("--start", *start)
		if err != nil {
			return err
		}
		d, err := time.ParseDuration(*duration)
		if err != nil || d < 0 {
			return fmt.Errorf("--duration %q: want a non-negative duration such as 8h or 90m", *duration)
		}
		due, err := cal.Add(t, d)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, map[string]string{"due": due.Format(time.RFC3339)})
		}
		fmt.Fprintln(stdout, due.Format(time.RFC3339))
		return nil
	default:
		a, err := parseInstant("--start", *start)
		if err != nil {
			return err
		}
		b, err := parseInstant("--end", *end)
		if err != nil {
			return err
		}
		d, err := cal.Between(a, b)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, map[string]int64{"business_seconds": int64(d / time.Second)})
		}
		fmt.Fprintln(stdout, d)
		return nil
	}
}

func parseInstant(flagName, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%s %q: want RFC 3339, e.g. 2026-09-30T16:00:00+08:00", flagName, s)
	}
	return t, nil
}

// buildCalendar assembles a calendar from a holiday source, zone and hours.
func buildCalendar(holidays, zone, hours string) (*calendar.Calendar, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		return nil, fmt.Errorf("--zone %q: not an IANA time zone such as Asia/Shanghai", zone)
	}
	week, err := calendar.ParseWeek(hours)
	if err != nil {
		return nil, fmt.Errorf("--hours: %w", err)
	}
	var set calendar.HolidaySet
	switch {
	case holidays == "":
	case holidays == "cn":
		if set, err = calendar.Builtin(holidays); err != nil {
			return nil, err
		}
	default:
		if set, err = readHolidayFile(holidays); err != nil {
			return nil, err
		}
	}
	return calendar.New(loc, week, set.Exceptions, set.First, set.Last)
}

// readHolidayFile reads a holiday-cn JSON year or an iCalendar file (whose
// years are taken from its events).
func readHolidayFile(path string) (calendar.HolidaySet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return calendar.HolidaySet{}, err
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == ' ' || b[0] == '\n') {
		return calendar.ParseHolidayCN(bytes.NewReader(b))
	}
	return calendar.ParseICalYears(bytes.NewReader(b))
}
