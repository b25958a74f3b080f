package identity

import (
	"slices"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("正确的密码-123")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := CheckPassword(h, "正确的密码-123"); !ok {
		t.Fatal("right password rejected")
	}
	if ok, _ := CheckPassword(h, "wrong"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, err := CheckPassword("$md5$x", "x"); err == nil {
		t.Fatal("unknown hash format accepted")
	}
}

func TestLoginLimiter(t *testing.T) {
	l := NewLoginLimiter(3, time.Minute)
	now := time.Unix(1000, 0)
	for i := 0; i < 3; i++ {
		if !l.Allowed("k", now) {
			t.Fatalf("attempt %d refused", i)
		}
		l.Fail("k", now)
	}
	if l.Allowed("k", now) {
		t.Fatal("fourth attempt allowed")
	}
	if !l.Allowed("other", now) {
		t.Fatal("another key refused")
	}
	if !l.Allowed("k", now.Add(time.Minute)) {
		t.Fatal("window did not slide")
	}
	l.Fail("k", now)
	l.Reset("k")
	if !l.Allowed("k", now) {
		t.Fatal("reset did not clear")
	}
}

func TestRolesUseKnownPermissions(t *testing.T) {
	for _, name := range RoleNames() {
		r, ok := Roles[name]
		if !ok {
			t.Fatalf("role %s missing", name)
		}
		for _, p := range r.Permissions {
			if !slices.Contains(AllPermissions, p) {
				t.Errorf("role %s has unknown permission %s", name, p)
			}
		}
	}
	if slices.Contains(Roles["department"].Permissions, TicketReadAll) || slices.Contains(Roles["department"].Permissions, TicketReply) {
		t.Error("a department member must see only its team's work and never reply to the customer")
	}
	if slices.Contains(Roles["readonly"].Permissions, TicketUpdate) {
		t.Error("read-only may not change tickets")
	}
}
