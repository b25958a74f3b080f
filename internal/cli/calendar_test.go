package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestCalendarCommands(t *testing.T) {
	out, errs, code := run(t, "calendar", "days", "--holidays", "cn", "--from", "2024-01-01", "--to", "2026-12-31", "--json")
	if code != 0 {
		t.Fatalf("days: %d %s", code, errs)
	}
	var days []struct {
		Date    string `json:"date"`
		Workday bool   `json:"workday"`
		Name    string `json:"name"`
	}
	if err := json.Unmarshal([]byte(out), &days); err != nil || len(days) != 1096 {
		t.Fatalf("days: %v, %d entries", err, len(days))
	}
	byDate := map[string]int{}
	for i, d := range days {
		byDate[d.Date] = i
	}
	for date, want := range map[string]bool{"2026-01-04": true, "2026-02-16": false, "2025-10-11": true, "2025-10-08": false, "2024-02-18": true, "2026-11-23": true, "2026-11-22": false} {
		if days[byDate[date]].Workday != want {
			t.Errorf("%s workday %v, want %v", date, !want, want)
		}
	}
	if d := days[byDate["2026-01-04"]]; d.Name != "元旦" {
		t.Errorf("2026-01-04 name %q", d.Name)
	}
	if d := days[byDate["2026-11-23"]]; d.Name != "" {
		t.Errorf("ordinary day has name %q", d.Name)
	}

	hours := "mon-fri 09:00-12:00,13:30-18:00"
	out, errs, code = run(t, "calendar", "add", "--holidays", "cn", "--zone", "Asia/Shanghai", "--hours", hours, "--start", "2026-09-30T16:00:00+08:00", "--duration", "8h", "--json")
	if code != 0 || strings.TrimSpace(out) != `{"due":"2026-10-08T16:30:00+08:00"}` {
		t.Fatalf("add: %d %q %s", code, out, errs)
	}
	out, errs, code = run(t, "calendar", "between", "--holidays", "cn", "--zone", "Asia/Shanghai", "--hours", hours, "--start", "2026-09-30T16:00:00+08:00", "--end", "2026-10-08T16:30:00+08:00", "--json")
	if code != 0 || strings.TrimSpace(out) != `{"business_seconds":28800}` {
		t.Fatalf("between: %d %q %s", code, out, errs)
	}
	for _, bad := range [][]string{
		{"calendar", "add", "--zone", "Mars/Base", "--start", "2026-09-30T16:00:00+08:00", "--duration", "1h"},
		{"calendar", "add", "--hours", "mon-fri 09:00-12:00,11:00-13:00", "--start", "2026-09-30T16:00:00+08:00", "--duration", "1h"},
		{"calendar", "add", "--holidays", "cn", "--start", "2026-12-31T16:00:00+08:00", "--duration", "100h"},
		{"calendar", "add", "--start", "yesterday", "--duration", "1h"},
		{"calendar", "days", "--holidays", "cn", "--from", "2026-12-01", "--to", "2027-01-31"},
	} {
		_, errs, code := run(t, bad...)
		if code == 0 || errs == "" {
			t.Errorf("%v: code %d, no error message", bad, code)
		}
	}
}
