// Package sla keeps the promises kefu makes: work calendars stored per team,
// SLA policies and the clocks they start on each ticket, durable timers that
// warn and act on breaches exactly once, escalation work orders with their
// own internal targets (OLA), and the reports that show where time goes.
package sla

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/calendar"
	"github.com/kefuhq/kefu/internal/db"
)

// Calendar is a stored work calendar.
type Calendar struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Zone       string          `json:"zone"`
	Hours      string          `json:"hours"`
	Holidays   string          `json:"holidays"`
	Exceptions []ExceptionView `json:"exceptions"`
	Years      []int           `json:"years"` // years with holiday data
	Version    int             `json:"version"`
}

// ExceptionView is a dated exception as the API shows it.
type ExceptionView struct {
	Date  string `json:"date"`
	Open  bool   `json:"open"`
	Name  string `json:"name"`
	Hours string `json:"hours"`
}

// CalendarInput creates or changes a calendar.
type CalendarInput struct {
	Name     string `json:"name"`
	Zone     string `json:"zone"`
	Hours    string `json:"hours"`
	Holidays string `json:"holidays,omitempty"`
}

// Service is the SLA service.
type Service struct {
	db        *db.DB
	notify    func()
	now       func() time.Time
	calendars calendarCache
	policies  policyCache
}

// New returns the service; notify wakes the event relay after commits.
func New(d *db.DB, notify func(), now func() time.Time) *Service {
	if notify == nil {
		notify = func() {}
	}
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, notify: notify, now: now}
}

func (in *CalendarInput) validate() error {
	var f apperr.Fields
	in.Name = f.Text("body.name", in.Name, true, 60)
	if _, err := time.LoadLocation(in.Zone); err != nil || in.Zone == "" || in.Zone == "Local" {
		f.Add("body.zone", "field.invalid_zone")
	}
	if _, err := calendar.ParseWeek(in.Hours); err != nil || strings.TrimSpace(in.Hours) == "" {
		f.Add("body.hours", "field.invalid_hours")
	}
	f.OneOf("body.holidays", in.Holidays, false, "cn")
	return f.Err()
}

// Calendars lists every calendar with its exceptions.
func (s *Service) Calendars(ctx context.Context) ([]Calendar, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id FROM calendars ORDER BY id`)
	if err != nil {
		return nil, apperr.Wrap(err, "sla: calendars")
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "sla: calendars")
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []Calendar{}
	for _, id := range ids {
		c, err := s.Calendar(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Calendar returns one stored calendar.
func (s *Service) Calendar(ctx context.Context, id int64) (Calendar, error) {
	return getCalendar(ctx, s.db.Reader(), id)
}

func getCalendar(ctx context.Context, q db.Querier, id int64) (Calendar, error) {
	var c Calendar
	err := q.QueryRow(ctx, `SELECT id, name, zone, hours, holidays, version FROM calendars WHERE id = $1`, id).Scan(&c.ID, &c.Name, &c.Zone, &c.Hours, &c.Holidays, &c.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("calendar")
	}
	if err != nil {
		return c, apperr.Wrap(err, "sla: calendar")
	}
	rows, err := q.Query(ctx, `SELECT date, open, name, hours FROM calendar_exceptions WHERE calendar_id = $1 ORDER BY date`, id)
	if err != nil {
		return c, apperr.Wrap(err, "sla: calendar")
	}
	defer rows.Close()
	c.Exceptions = []ExceptionView{}
	for rows.Next() {
		var e ExceptionView
		var open int
		if err := rows.Scan(&e.Date, &open, &e.Name, &e.Hours); err != nil {
			return c, apperr.Wrap(err, "sla: calendar")
		}
		e.Open = open == 1
		c.Exceptions = append(c.Exceptions, e)
	}
	if err := rows.Err(); err != nil {
		return c, apperr.Wrap(err, "sla: calendar")
	}
	c.Years = []int{}
	if c.Holidays != "" {
		set, err := holidaySet(ctx, q, c.Holidays)
		if err != nil {
			return c, err
		}
		for y := set.First.Year; y <= set.Last.Year && y > 0; y++ {
			c.Years = append(c.Years, y)
		}
	}
	return c, nil
}

// SaveCalendar creates (id 0) or changes a calendar.
func (s *Service) SaveCalendar(ctx context.Context, id int64, in CalendarInput) (Calendar, error) {
	if err := in.validate(); err != nil {
		return Calendar{}, err
	}
	var out Calendar
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		now := db.Millis(s.now())
		var err error
		if id == 0 {
			id, err = db.InsertID(ctx, tx, `INSERT INTO calendars (name, zone, hours, holidays, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`, in.Name, in.Zone, in.Hours, in.Holidays, now)
		} else {
			var res sql.Result
			res, err = tx.Exec(ctx, `UPDATE calendars SET name = $1, zone = $2, hours = $3, holidays = $4, updated_at = $5, version = version + 1 WHERE id = $6`, in.Name, in.Zone, in.Hours, in.Holidays, now, id)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return apperr.NotFoundf("calendar")
				}
			}
		}
		if db.IsUniqueViolation(err) {
			return apperr.ConflictField("body.name", "err.conflict.name")
		}
		if err != nil {
			return err
		}
		// The result must still build: e.g. its exceptions inside the holiday years.
		if _, err := loadCalendar(ctx, tx, id); err != nil {
			return apperr.Field("body.holidays", "field.exceptions_outside")
		}
		out, err = getCalendar(ctx, tx, id)
		return err
	})
	return out, s.forgetCalendars(apperr.Wrap(err, "sla: save calendar"))
}

// ExceptionInput sets one dated exception.
type ExceptionInput struct {
	Open  bool   `json:"open"`
	Name  string `json:"name"`
	Hours string `json:"hours,omitempty"`
}

// SetException adds or replaces the exception of a date.
func (s *Service) SetException(ctx context.Context, calendarID int64, date string, in ExceptionInput) (Calendar, error) {
	var f apperr.Fields
	d, err := calendar.ParseDate(date)
	if err != nil {
		f.Add("path.date", "field.invalid")
	}
	in.Name = f.Text("body.name", in.Name, true, 40)
	if in.Hours != "" {
		if !in.Open {
			f.Add("body.hours", "field.hours_on_closed")
		} else if _, err := calendar.ParseIntervals(in.Hours); err != nil {
			f.Add("body.hours", "field.invalid_hours")
		}
	}
	if err := f.Err(); err != nil {
		return Calendar{}, err
	}
	var out Calendar
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if _, err := getCalendar(ctx, tx, calendarID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_exceptions WHERE calendar_id = $1 AND date = $2`, calendarID, d.String()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO calendar_exceptions (calendar_id, date, open, name, hours) VALUES ($1, $2, $3, $4, $5)`, calendarID, d.String(), b2i(in.Open), in.Name, in.Hours); err != nil {
			return err
		}
		if _, err := loadCalendar(ctx, tx, calendarID); err != nil {
			return apperr.Field("path.date", "field.exceptions_outside")
		}
		out, err = getCalendar(ctx, tx, calendarID)
		return err
	})
	return out, s.forgetCalendars(apperr.Wrap(err, "sla: set exception"))
}

// DeleteException removes the exception of a date.
func (s *Service) DeleteException(ctx context.Context, calendarID int64, date string) (Calendar, error) {
	var out Calendar
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_exceptions WHERE calendar_id = $1 AND date = $2`, calendarID, date); err != nil {
			return err
		}
		var err error
		out, err = getCalendar(ctx, tx, calendarID)
		return err
	})
	return out, s.forgetCalendars(apperr.Wrap(err, "sla: delete exception"))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// holidaySet joins the built-in years of a set with imported ones (an
// imported year replaces a built-in one).
func holidaySet(ctx context.Context, q db.Querier, name string) (calendar.HolidaySet, error) {
	byYear := map[int]calendar.HolidaySet{}
	if b, err := calendar.Builtin(name); err == nil {
		for _, e := range b.Exceptions {
			y := byYear[e.Date.Year]
			y.Exceptions = append(y.Exceptions, e)
			byYear[e.Date.Year] = y
		}
		for yr := b.First.Year; yr <= b.Last.Year; yr++ {
			y := byYear[yr]
			y.First, y.Last = calendar.Date{Year: yr, Month: 1, Day: 1}, calendar.Date{Year: yr, Month: 12, Day: 31}
			byYear[yr] = y
		}
	}
	rows, err := q.Query(ctx, `SELECT year FROM holiday_years WHERE set_name = $1`, name)
	if err != nil {
		return calendar.HolidaySet{}, err
	}
	var imported []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			rows.Close()
			return calendar.HolidaySet{}, err
		}
		imported = append(imported, y)
	}
	rows.Close()
	for _, yr := range imported {
		byYear[yr] = calendar.HolidaySet{First: calendar.Date{Year: yr, Month: 1, Day: 1}, Last: calendar.Date{Year: yr, Month: 12, Day: 31}}
	}
	if len(imported) > 0 {
		rows, err := q.Query(ctx, `SELECT date, open, name FROM holiday_days WHERE set_name = $1`, name)
		if err != nil {
			return calendar.HolidaySet{}, err
		}
		defer rows.Close()
		for rows.Next() {
			var date, dname string
			var open int
			if err := rows.Scan(&date, &open, &dname); err != nil {
				return calendar.HolidaySet{}, err
			}
			d, err := calendar.ParseDate(date)
			if err != nil {
				return calendar.HolidaySet{}, err
			}
			y := byYear[d.Year]
			y.Exceptions = append(y.Exceptions, calendar.Exception{Date: d, Open: open == 1, Name: dname})
			byYear[d.Year] = y
		}
	}
	if len(byYear) == 0 {
		return calendar.HolidaySet{}, apperr.Field("body.holidays", "field.unknown")
	}
	var years []calendar.HolidaySet
	for _, y := range byYear {
		years = append(years, y)
	}
	set, err := calendar.MergeYears(name, years)
	if err != nil {
		return calendar.HolidaySet{}, fmt.Errorf("sla: holiday set %s: %w", name, err)
	}
	return set, nil
}

// loadCalendar builds the computable calendar of a stored one: its holiday
// set with the calendar's own exceptions taking precedence.
func loadCalendar(ctx context.Context, q db.Querier, id int64) (*calendar.Calendar, error) {
	c, err := getCalendar(ctx, q, id)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(c.Zone)
	if err != nil {
		return nil, err
	}
	week, err := calendar.ParseWeek(c.Hours)
	if err != nil {
		return nil, err
	}
	own := map[calendar.Date]calendar.Exception{}
	for _, e := range c.Exceptions {
		d, err := calendar.ParseDate(e.Date)
		if err != nil {
			return nil, err
		}
		ex := calendar.Exception{Date: d, Open: e.Open, Name: e.Name}
		if e.Hours != "" {
			if ex.Hours, err = calendar.ParseIntervals(e.Hours); err != nil {
				return nil, err
			}
		}
		own[d] = ex
	}
	var first, last calendar.Date
	var list []calendar.Exception
	if c.Holidays != "" {
		set, err := holidaySet(ctx, q, c.Holidays)
		if err != nil {
			return nil, err
		}
		first, last = set.First, set.Last
		for _, e := range set.Exceptions {
			if _, overridden := own[e.Date]; !overridden {
				list = append(list, e)
			}
		}
	}
	for _, e := range own {
		list = append(list, e)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Date.Before(list[j].Date) })
	return calendar.New(loc, week, list, first, last)
}

// DayView is one date of a calendar's year view.
type DayView struct {
	Date    string `json:"date"`
	Workday bool   `json:"workday"`
	Name    string `json:"name"`
	Hours   string `json:"hours"`
	Kind    string `json:"kind"` // workday, weekend, holiday, makeup
}

// Year returns every date of a year with its kind, for the year view.
func (s *Service) Year(ctx context.Context, id int64, year int) ([]DayView, error) {
	cal, err := loadCalendar(ctx, s.db.Reader(), id)
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, err
		}
		return nil, apperr.Wrap(err, "sla: year")
	}
	days, err := cal.Days(calendar.Date{Year: year, Month: 1, Day: 1}, calendar.Date{Year: year, Month: 12, Day: 31})
	if errors.Is(err, calendar.ErrBeyondData) {
		return nil, apperr.Field("query.year", "field.beyond_holiday_data")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "sla: year")
	}
	out := make([]DayView, len(days))
	for i, d := range days {
		v := DayView{Date: d.Date.String(), Workday: d.Workday, Name: d.Name}
		var hs []string
		for _, iv := range d.Hours {
			hs = append(hs, iv.String())
		}
		v.Hours = strings.Join(hs, ",")
		weekend := d.Date.Weekday() == time.Saturday || d.Date.Weekday() == time.Sunday
		switch {
		case d.Workday && d.Name != "" && weekend:
			v.Kind = "makeup"
		case d.Workday:
			v.Kind = "workday"
		case d.Name != "":
			v.Kind = "holiday"
		default:
			v.Kind = "weekend"
		}
		out[i] = v
	}
	return out, nil
}

// ImportHolidays stores the years of an imported holiday set (holiday-cn
// JSON or iCalendar text); each year replaces any earlier import of it. A
// malformed file imports nothing.
func (s *Service) ImportHolidays(ctx context.Context, set string, format, content string) ([]int, error) {
	var f apperr.Fields
	f.OneOf("path.set", set, true, "cn")
	f.OneOf("body.format", format, true, "holiday-cn", "ical")
	if err := f.Err(); err != nil {
		return nil, err
	}
	var hs calendar.HolidaySet
	var err error
	if format == "holiday-cn" {
		hs, err = calendar.ParseHolidayCN(strings.NewReader(content))
	} else {
		hs, err = calendar.ParseICalYears(strings.NewReader(content))
	}
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "err.invalid", Fields: []apperr.FieldError{{Field: "body.content", Key: "field.import", Args: []any{err.Error()}}}}
	}
	var years []int
	for y := hs.First.Year; y <= hs.Last.Year; y++ {
		years = append(years, y)
	}
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		now := db.Millis(s.now())
		for _, y := range years {
			if _, err := tx.Exec(ctx, `DELETE FROM holiday_days WHERE set_name = $1 AND date >= $2 AND date <= $3`, set, fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-12-31", y)); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM holiday_years WHERE set_name = $1 AND year = $2`, set, y); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO holiday_years (set_name, year, imported_at) VALUES ($1, $2, $3)`, set, y, now); err != nil {
				return err
			}
		}
		for _, e := range hs.Exceptions {
			if _, err := tx.Exec(ctx, `INSERT INTO holiday_days (set_name, date, open, name) VALUES ($1, $2, $3, $4)`, set, e.Date.String(), b2i(e.Open), e.Name); err != nil {
				return err
			}
		}
		// Every calendar on this set must still build (contiguous years).
		if _, err := holidaySet(ctx, tx, set); err != nil {
			return apperr.Field("body.content", "field.import", err.Error())
		}
		return nil
	})
	return years, s.forgetCalendars(apperr.Wrap(err, "sla: import holidays"))
}

// forgetCalendars clears the built-calendar cache after an edit and passes
// the edit's error through.
func (s *Service) forgetCalendars(err error) error {
	s.calendars.clear()
	return err
}
