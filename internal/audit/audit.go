// Package audit writes and reads the append-only audit log: logins,
// permission changes, personal-data reveals, exports and deletions. Entries
// are written inside the transaction of the change they describe.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/kefuhq/kefu/internal/db"
)

// Actions recorded.
const (
	Login        = "login"
	LoginFailed  = "login_failed"
	Logout       = "logout"
	UserCreated  = "user_created"
	UserChanged  = "user_changed" // role, level, team, active: permission changes
	TokenCreated = "token_created"
	TokenRevoked = "token_revoked"
	Reveal       = "pii_reveal"
	Merge        = "customer_merge"
	Export       = "export"
	Delete       = "delete"
	TeamChanged  = "team_changed"
)

// Entry is one audit record.
type Entry struct {
	ID         int64          `json:"id"`
	At         time.Time      `json:"at"`
	ActorID    int64          `json:"actor_id,omitempty"`
	ActorName  string         `json:"actor_name"`
	Action     string         `json:"action"`
	TargetType string         `json:"target_type"`
	TargetID   string         `json:"target_id"`
	Detail     map[string]any `json:"detail"`
	IP         string         `json:"ip"`
}

// Record appends an entry using q (normally the change's transaction).
func Record(ctx context.Context, q db.Querier, e Entry) error {
	detail, err := json.Marshal(orEmpty(e.Detail))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	at := e.At
	if at.IsZero() {
		at = time.Now()
	}
	var actor any
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	_, err = q.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, action, target_type, target_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		at.UnixMilli(), actor, e.ActorName, e.Action, e.TargetType, e.TargetID, string(detail), e.IP)
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// ID formats an integer id as a target id.
func ID(id int64) string { return strconv.FormatInt(id, 10) }

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// List returns entries newest first, before the cursor id when it is > 0,
// optionally for one action.
func List(ctx context.Context, q db.Querier, action string, before int64, limit int) ([]Entry, error) {
	sqlText := `SELECT id, at, COALESCE(actor_id, 0), actor_name, action, target_type, target_id, detail, ip FROM audit_log WHERE ($1 = '' OR action = $1) AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3`
	rows, err := q.Query(ctx, sqlText, action, before, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.TargetType, &e.TargetID, &detail, &e.IP); err != nil {
			return nil, fmt.Errorf("audit: list: %w", err)
		}
		e.At = db.Time(at)
		_ = json.Unmarshal([]byte(detail), &e.Detail)
		out = append(out, e)
	}
	return out, rows.Err()
}
