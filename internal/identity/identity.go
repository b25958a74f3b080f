// Package identity holds users, teams, roles, sessions and API tokens.
package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/audit"
	"github.com/kefuhq/kefu/internal/db"
)

// User is a person who signs in: agent, lead, QA reviewer, department member, admin.
type User struct {
	ID          int64     `json:"id"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	Role        string    `json:"role"`
	Level       string    `json:"level"`
	TeamID      *int64    `json:"team_id"`
	Locale      string    `json:"locale"`
	Active      bool      `json:"active"`
	Permissions []string  `json:"permissions"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version"`
}

// Principal is who is making a request.
type Principal struct {
	User
	perms    map[string]bool
	ViaToken bool
	CSRF     string // the session's CSRF token; empty for bearer tokens
}

// Can reports whether the principal holds a permission.
func (p *Principal) Can(perm string) bool { return p != nil && p.perms[perm] }

// NewPrincipal builds a principal from a user and its role.
func NewPrincipal(u User) *Principal {
	p := &Principal{User: u, perms: map[string]bool{}}
	for _, perm := range Roles[u.Role].Permissions {
		p.perms[perm] = true
	}
	p.User.Permissions = Roles[u.Role].Permissions
	return p
}

// Service manages identities.
type Service struct {
	db         *db.DB
	sessionTTL time.Duration
	now        func() time.Time
	auth       authCache
}

// New returns the identity service.
func New(d *db.DB, sessionTTL time.Duration) *Service {
	return &Service{db: d, sessionTTL: sessionTTL, now: time.Now}
}

const userCols = `id, email, name, role, level, team_id, locale, active, created_at, updated_at, version`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var team sql.NullInt64
	var active int
	var c, up int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Level, &team, &u.Locale, &active, &c, &up, &u.Version)
	if team.Valid {
		u.TeamID = &team.Int64
	}
	u.Active = active == 1
	u.CreatedAt, u.UpdatedAt = db.Time(c), db.Time(up)
	u.Permissions = Roles[u.Role].Permissions
	return u, err
}

// Actor describes who performs an identity change, for the audit log.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

// NewUser is the input for creating a user.
type NewUser struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
	Role     string `json:"role"`
	Level    string `json:"level,omitempty"`
	TeamID   *int64 `json:"team_id,omitempty"`
	Locale   string `json:"locale,omitempty"`
}

func validateRoleLevel(f *apperr.Fields, role, level string, required bool) {
	f.OneOf("body.role", role, required, RoleNames()...)
	f.OneOf("body.level", level, false, Levels...)
}

// CreateUser creates a user; the change is audited as a permission grant.
func (s *Service) CreateUser(ctx context.Context, in NewUser, by Actor) (User, error) {
	var f apperr.Fields
	in.Email = f.Email("body.email", in.Email, true)
	in.Name = f.Text("body.name", in.Name, true, 100)
	if len(in.Password) < 8 {
		f.Add("body.password", "field.password_weak")
	} else if len(in.Password) > 200 {
		f.Add("body.password", "field.too_long", 200)
	}
	validateRoleLevel(&f, in.Role, in.Level, true)
	f.OneOf("body.locale", in.Locale, false, "zh-CN", "en")
	if err := f.Err(); err != nil {
		return User{}, err
	}
	if in.Level == "" {
		in.Level = "L1"
	}
	if in.Locale == "" {
		in.Locale = "zh-CN"
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, apperr.Wrap(err, "identity: hash")
	}
	var u User
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if err := checkTeam(ctx, tx, in.TeamID, "body.team_id"); err != nil {
			return err
		}
		now := db.Millis(s.now())
		id, err := db.InsertID(ctx, tx, `INSERT INTO users (email, name, password_hash, role, level, team_id, locale, active, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, 1)`,
			in.Email, in.Name, hash, in.Role, in.Level, in.TeamID, in.Locale, now)
		if db.IsUniqueViolation(err) {
			return apperr.ConflictField("body.email", "err.conflict.email")
		}
		if err != nil {
			return err
		}
		u, err = scanUser(tx.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, IP: by.IP, Action: audit.UserCreated,
			TargetType: "user", TargetID: audit.ID(id), Detail: map[string]any{"email": in.Email, "role": in.Role, "level": in.Level}})
	})
	return u, apperr.Wrap(err, "identity: create user")
}

func checkTeam(ctx context.Context, q db.Querier, id *int64, field string) error {
	if id == nil {
		return nil
	}
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM teams WHERE id = $1`, *id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Field(field, "field.unknown")
	}
	return err
}

// UserPatch changes some of a user's fields; Version must match.
type UserPatch struct {
	Version  int     `json:"version"`
	Name     *string `json:"name,omitempty"`
	Role     *string `json:"role,omitempty"`
	Level    *string `json:"level,omitempty"`
	TeamID   *int64  `json:"team_id,omitempty"`
	Active   *bool   `json:"active,omitempty"`
	Locale   *string `json:"locale,omitempty"`
	Password *string `json:"password,omitempty"`
}

// UpdateUser applies a patch with optimistic locking; role, level, team and
// active changes are audited.
func (s *Service) UpdateUser(ctx context.Context, id int64, p UserPatch, by Actor) (User, error) {
	defer s.auth.forget() // after the commit, so that no request caches the old access again
	var f apperr.Fields
	if p.Name != nil {
		*p.Name = f.Text("body.name", *p.Name, true, 100)
	}
	if p.Role != nil {
		f.OneOf("body.role", *p.Role, true, RoleNames()...)
	}
	if p.Level != nil {
		f.OneOf("body.level", *p.Level, true, Levels...)
	}
	if p.Locale != nil {
		f.OneOf("body.locale", *p.Locale, true, "zh-CN", "en")
	}
	var hash string
	if p.Password != nil {
		if len(*p.Password) < 8 {
			f.Add("body.password", "field.password_weak")
		}
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	if p.Password != nil {
		var err error
		if hash, err = HashPassword(*p.Password); err != nil {
			return User{}, apperr.Wrap(err, "identity: hash")
		}
	}
	var u User
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		cur, err := scanUser(tx.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("user")
		}
		if err != nil {
			return err
		}
		if cur.Version != p.Version {
			return apperr.ConflictWith(cur)
		}
		if err := checkTeam(ctx, tx, p.TeamID, "body.team_id"); err != nil {
			return err
		}
		next := cur
		changes := map[string]any{}
		if p.Name != nil {
			next.Name = *p.Name
		}
		if p.Role != nil && *p.Role != cur.Role {
			next.Role, changes["role"] = *p.Role, []string{cur.Role, *p.Role}
		}
		if p.Level != nil && *p.Level != cur.Level {
			next.Level, changes["level"] = *p.Level, []string{cur.Level, *p.Level}
		}
		if p.TeamID != nil {
			next.TeamID, changes["team_id"] = p.TeamID, *p.TeamID
		}
		if p.Active != nil && *p.Active != cur.Active {
			next.Active, changes["active"] = *p.Active, *p.Active
		}
		if p.Locale != nil {
			next.Locale = *p.Locale
		}
		active := 0
		if next.Active {
			active = 1
		}
		res, err := tx.Exec(ctx, `UPDATE users SET name = $1, role = $2, level = $3, team_id = $4, active = $5, locale = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9`,
			next.Name, next.Role, next.Level, next.TeamID, active, next.Locale, db.Millis(s.now()), id, p.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.ConflictWith(cur)
		}
		if hash != "" {
			if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, id); err != nil {
				return err
			}
			changes["password"] = "changed"
		}
		if p.Active != nil && !*p.Active || hash != "" {
			// A deactivated user or a new password ends every open session.
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return err
			}
		}
		if len(changes) > 0 {
			if err := audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, IP: by.IP, Action: audit.UserChanged,
				TargetType: "user", TargetID: audit.ID(id), Detail: changes}); err != nil {
				return err
			}
		}
		u, err = scanUser(tx.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
		return err
	})
	return u, apperr.Wrap(err, "identity: update user")
}

// GetUser returns one user.
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.Reader().QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundf("user")
	}
	return u, apperr.Wrap(err, "identity: get user")
}

// UserByEmail returns the user with an email.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(s.db.Reader().QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundf("user")
	}
	return u, apperr.Wrap(err, "identity: user by email")
}

// ListUsers returns every user ordered by name.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+userCols+` FROM users ORDER BY active DESC, name, id`)
	if err != nil {
		return nil, apperr.Wrap(err, "identity: list users")
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "identity: list users")
		}
		out = append(out, u)
	}
	return out, apperr.Wrap(rows.Err(), "identity: list users")
}

// randomToken returns n random bytes, base64url.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// dummyHash is checked against when the email is unknown, so that a login
// takes as long for a missing user as for a wrong password.
var dummyHash, _ = HashPassword("kefu-timing-equaliser")

// Login checks a password and opens a session; it returns the session token
// (for the cookie) and the principal. Failures are audited.
func (s *Service) Login(ctx context.Context, email, password, ip string) (string, *Principal, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var hash string
	u, err := scanUserWithHash(ctx, s.db.Reader(), email, &hash)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", nil, apperr.Wrap(err, "identity: login")
	}
	if !found {
		hash = dummyHash
	}
	ok, _ := CheckPassword(hash, password)
	if !found || !ok || !u.Active {
		_ = s.db.WriteTx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorName: email, IP: ip, Action: audit.LoginFailed, TargetType: "user", TargetID: email})
		})
		return "", nil, apperr.New(apperr.Unauthenticated, "err.login_failed")
	}
	token := randomToken(32)
	csrf := randomToken(24)
	now := s.now()
	err = s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			hashToken(token), u.ID, csrf, db.Millis(now), db.Millis(now.Add(s.sessionTTL))); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, db.Millis(now)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorName: u.Name, IP: ip, Action: audit.Login, TargetType: "user", TargetID: audit.ID(u.ID)})
	})
	if err != nil {
		return "", nil, apperr.Wrap(err, "identity: login")
	}
	p := NewPrincipal(u)
	p.CSRF = csrf
	return token, p, nil
}

func scanUserWithHash(ctx context.Context, q db.Querier, email string, hash *string) (User, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id, password_hash FROM users WHERE email = $1`, email).Scan(&id, hash)
	if err != nil {
		return User{}, err
	}
	return scanUser(q.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
}

// Session returns the principal of a live session token.
func (s *Service) Session(ctx context.Context, token string) (*Principal, error) {
	key := "s" + hashToken(token)
	now := s.now()
	p, expires, gen, ok := s.auth.get(key, now)
	if ok && expires >= db.Millis(now) {
		return p, nil
	}
	var userID int64
	var csrf string
	err := s.db.Reader().QueryRow(ctx, `SELECT user_id, csrf, expires_at FROM sessions WHERE id = $1`, key[1:]).Scan(&userID, &csrf, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && expires < db.Millis(s.now())) {
		return nil, apperr.New(apperr.Unauthenticated, "err.unauthenticated")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "identity: session")
	}
	u, err := s.GetUser(ctx, userID)
	if apperr.CodeOf(err) == apperr.NotFound || (err == nil && !u.Active) {
		return nil, apperr.New(apperr.Unauthenticated, "err.unauthenticated")
	}
	if err != nil {
		return nil, err // the database is down: 503, not "signed out"
	}
	p = NewPrincipal(u)
	p.CSRF = csrf
	s.auth.put(key, gen, p, expires, now)
	return p, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string, p *Principal, ip string) error {
	defer s.auth.forget() // after the commit, so that no request caches the old access again
	return apperr.Wrap(s.db.WriteTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, hashToken(token)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: p.ID, ActorName: p.Name, IP: ip, Action: audit.Logout, TargetType: "user", TargetID: audit.ID(p.ID)})
	}), "identity: logout")
}

// Token is an API token's public description.
type Token struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	Token      string    `json:"token,omitempty"` // only when just created
}

const tokenPrefix = "kefu_"

// CreateToken makes an API token for a user; the secret is shown once.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string, by Actor) (Token, error) {
	var f apperr.Fields
	name = f.Text("body.name", name, true, 100)
	if err := f.Err(); err != nil {
		return Token{}, err
	}
	secret := tokenPrefix + randomToken(32)
	t := Token{Name: name, Prefix: secret[:len(tokenPrefix)+6], CreatedAt: s.now().UTC().Truncate(time.Millisecond), Token: secret}
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var err error
		t.ID, err = db.InsertID(ctx, tx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)`,
			userID, name, hashToken(secret), t.Prefix, db.Millis(t.CreatedAt))
		if db.IsForeignKeyViolation(err) {
			return apperr.NotFoundf("user")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, IP: by.IP, Action: audit.TokenCreated,
			TargetType: "user", TargetID: audit.ID(userID), Detail: map[string]any{"token_id": t.ID, "name": name}})
	})
	return t, apperr.Wrap(err, "identity: create token")
}

// ListTokens returns a user's live tokens.
func (s *Service) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id, name, prefix, created_at, last_used_at FROM api_tokens WHERE user_id = $1 AND revoked_at = 0 ORDER BY id`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "identity: list tokens")
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var c, u int64
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &c, &u); err != nil {
			return nil, apperr.Wrap(err, "identity: list tokens")
		}
		t.CreatedAt, t.LastUsedAt = db.Time(c), db.Time(u)
		out = append(out, t)
	}
	return out, apperr.Wrap(rows.Err(), "identity: list tokens")
}

// RevokeToken revokes one of a user's tokens.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID int64, by Actor) error {
	defer s.auth.forget() // after the commit, so that no request caches the old access again
	return apperr.Wrap(s.db.WriteTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at = 0`, db.Millis(s.now()), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundf("token")
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, IP: by.IP, Action: audit.TokenRevoked,
			TargetType: "token", TargetID: audit.ID(tokenID)})
	}), "identity: revoke token")
}

// BearerToken returns the principal of an API token.
func (s *Service) BearerToken(ctx context.Context, secret string) (*Principal, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, apperr.New(apperr.Unauthenticated, "err.unauthenticated")
	}
	key := "t" + hashToken(secret)
	now := s.now()
	p, _, gen, ok := s.auth.get(key, now)
	if ok {
		return p, nil
	}
	var userID int64
	err := s.db.Reader().QueryRow(ctx, `SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at = 0`, key[1:]).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.Unauthenticated, "err.unauthenticated")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "identity: token")
	}
	u, err := s.GetUser(ctx, userID)
	if apperr.CodeOf(err) == apperr.NotFound || (err == nil && !u.Active) {
		return nil, apperr.New(apperr.Unauthenticated, "err.unauthenticated")
	}
	if err != nil {
		return nil, err // the database is down: 503, not "signed out"
	}
	p = NewPrincipal(u)
	p.ViaToken = true
	s.auth.put(key, gen, p, 0, now)
	return p, nil
}

// Team is a customer-service team or another department.
type Team struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	MemberCount int    `json:"member_count"`
	CalendarID  *int64 `json:"calendar_id"`
	Version     int    `json:"version"`
}

// TeamInput creates or changes a team.
type TeamInput struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Description string `json:"description,omitempty"`
	CalendarID  *int64 `json:"calendar_id,omitempty"`
}

// ListTeams returns every team with its member count.
func (s *Service) ListTeams(ctx context.Context) ([]Team, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT t.id, t.name, t.kind, t.description, t.version, (SELECT COUNT(*) FROM users u WHERE u.team_id = t.id AND u.active = 1), t.calendar_id FROM teams t ORDER BY t.kind DESC, t.id`)
	if err != nil {
		return nil, apperr.Wrap(err, "identity: list teams")
	}
	defer rows.Close()
	out := []Team{}
	for rows.Next() {
		var t Team
		var cal sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &t.Kind, &t.Description, &t.Version, &t.MemberCount, &cal); err != nil {
			return nil, apperr.Wrap(err, "identity: list teams")
		}
		if cal.Valid {
			t.CalendarID = &cal.Int64
		}
		out = append(out, t)
	}
	return out, apperr.Wrap(rows.Err(), "identity: list teams")
}

func validateTeam(in *TeamInput) error {
	var f apperr.Fields
	in.Name = f.Text("body.name", in.Name, true, 60)
	in.Description = f.Text("body.description", in.Description, false, 500)
	f.OneOf("body.kind", in.Kind, true, "service", "department")
	return f.Err()
}

// SaveTeam creates a team (id 0) or updates one.
func (s *Service) SaveTeam(ctx context.Context, id int64, in TeamInput, by Actor) (Team, error) {
	if err := validateTeam(&in); err != nil {
		return Team{}, err
	}
	var t Team
	err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
		var err error
		if id == 0 {
			id, err = db.InsertID(ctx, tx, `INSERT INTO teams (name, kind, description, calendar_id, created_at) VALUES ($1, $2, $3, $4, $5)`, in.Name, in.Kind, in.Description, in.CalendarID, db.Millis(s.now()))
		} else {
			var res sql.Result
			res, err = tx.Exec(ctx, `UPDATE teams SET name = $1, kind = $2, description = $3, calendar_id = $4, version = version + 1 WHERE id = $5`, in.Name, in.Kind, in.Description, in.CalendarID, id)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return apperr.NotFoundf("team")
				}
			}
		}
		if db.IsUniqueViolation(err) {
			return apperr.ConflictField("body.name", "err.conflict.name")
		}
		if db.IsForeignKeyViolation(err) {
			return apperr.Field("body.calendar_id", "field.unknown")
		}
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{ActorID: by.ID, ActorName: by.Name, IP: by.IP, Action: audit.TeamChanged, TargetType: "team", TargetID: audit.ID(id), Detail: map[string]any{"name": in.Name, "kind": in.Kind}}); err != nil {
			return err
		}
		var cal sql.NullInt64
		err = tx.QueryRow(ctx, `SELECT id, name, kind, description, version, calendar_id FROM teams WHERE id = $1`, id).Scan(&t.ID, &t.Name, &t.Kind, &t.Description, &t.Version, &cal)
		if cal.Valid {
			t.CalendarID = &cal.Int64
		}
		return err
	})
	return t, apperr.Wrap(err, "identity: save team")
}

// TeamByName finds a team (used by the CLI).
func (s *Service) TeamByName(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM teams WHERE name = $1`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundf("team")
	}
	if err != nil {
		return 0, fmt.Errorf("identity: team %q: %w", name, err)
	}
	return id, nil
}
