// Package config reads kefu's settings from KEFU_* environment variables and
// command-line flags into one validated struct.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is every setting kefu reads. Flags override environment variables.
type Config struct {
	Addr          string        // KEFU_ADDR: listen address
	DataDir       string        // KEFU_DATA_DIR: SQLite database and other local files
	DatabaseURL   string        // KEFU_DATABASE_URL: postgres://… switches to PostgreSQL
	DBConns       int           // KEFU_DB_CONNS: most connections to PostgreSQL (0: the db package's default)
	BaseURL       string        // KEFU_BASE_URL: public URL, used for secure cookies when https
	MaxBodyBytes  int64         // KEFU_MAX_BODY_BYTES
	SessionTTL    time.Duration // KEFU_SESSION_TTL
	LogLevel      string        // KEFU_LOG_LEVEL: debug, info, warn, error
	LoginAttempts int           // KEFU_LOGIN_ATTEMPTS: failed logins per 15 minutes per address+email
	TimeZone      string        // KEFU_TIMEZONE: default zone for users and reports
	LLMURL        string        // KEFU_LLM_URL: optional OpenAI-compatible endpoint; empty = off
	LLMModel      string        // KEFU_LLM_MODEL
	LLMAPIKey     string        // KEFU_LLM_API_KEY: secret, never printed
	LLMTimeout    time.Duration // KEFU_LLM_TIMEOUT
	HeaderTimeout time.Duration // KEFU_HEADER_TIMEOUT: time to send the request headers (bounds slow-loris clients)
	ReadTimeout   time.Duration // KEFU_READ_TIMEOUT: time to send the whole request, body included
}

// Variables lists every environment variable with its default and meaning,
// used by `kefu serve -h` and kept in step with the README.
var Variables = []struct{ Name, Default, Help string }{
	{"KEFU_ADDR", "127.0.0.1:8080", "listen address"},
	{"KEFU_DATA_DIR", "./data", "directory of the embedded SQLite database"},
	{"KEFU_DATABASE_URL", "", "postgres://user@host/db — use PostgreSQL instead of SQLite"},
	{"KEFU_DB_CONNS", "4 per CPU, at least 8", "most connections kefu opens to PostgreSQL"},
	{"KEFU_BASE_URL", "", "public URL; https:// makes cookies Secure"},
	{"KEFU_MAX_BODY_BYTES", "1048576", "largest accepted request body"},
	{"KEFU_SESSION_TTL", "12h", "how long a console session lasts"},
	{"KEFU_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"KEFU_LOGIN_ATTEMPTS", "10", "failed logins allowed per 15 minutes per address and email"},
	{"KEFU_TIMEZONE", "Asia/Shanghai", "default IANA time zone"},
	{"KEFU_LLM_URL", "", "optional OpenAI-compatible endpoint (…/v1) for summaries and reply drafts; empty = off"},
	{"KEFU_LLM_MODEL", "", "model name served by KEFU_LLM_URL (required with it)"},
	{"KEFU_LLM_API_KEY", "", "bearer token for KEFU_LLM_URL, if it needs one"},
	{"KEFU_LLM_TIMEOUT", "30s", "how long one model call may take"},
	{"KEFU_HEADER_TIMEOUT", "10s", "time a client has to send the request headers"},
	{"KEFU_READ_TIMEOUT", "30s", "time a client has to send the whole request, body included"},
}

// Default returns the configuration with every default applied.
func Default() Config {
	return Config{
		Addr: "127.0.0.1:8080", DataDir: "./data", MaxBodyBytes: 1 << 20,
		SessionTTL: 12 * time.Hour, LogLevel: "info", LoginAttempts: 10, TimeZone: "Asia/Shanghai",
		LLMTimeout: 30 * time.Second, HeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
	}
}

// FromEnv applies KEFU_* variables on top of the defaults.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Default()
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("KEFU_ADDR", &c.Addr)
	str("KEFU_DATA_DIR", &c.DataDir)
	str("KEFU_DATABASE_URL", &c.DatabaseURL)
	str("KEFU_BASE_URL", &c.BaseURL)
	str("KEFU_LOG_LEVEL", &c.LogLevel)
	str("KEFU_TIMEZONE", &c.TimeZone)
	str("KEFU_LLM_URL", &c.LLMURL)
	str("KEFU_LLM_MODEL", &c.LLMModel)
	str("KEFU_LLM_API_KEY", &c.LLMAPIKey)
	for _, d := range []struct {
		name    string
		dst     *time.Duration
		example string
	}{{"KEFU_LLM_TIMEOUT", &c.LLMTimeout, "30s"}, {"KEFU_HEADER_TIMEOUT", &c.HeaderTimeout, "10s"}, {"KEFU_READ_TIMEOUT", &c.ReadTimeout, "30s"}} {
		v := getenv(d.name)
		if v == "" {
			continue
		}
		t, err := time.ParseDuration(v)
		if err != nil || t < time.Second {
			return c, fmt.Errorf("config: %s=%q: want a duration ≥ 1s such as %s", d.name, v, d.example)
		}
		*d.dst = t
	}
	if v := getenv("KEFU_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return c, fmt.Errorf("config: KEFU_MAX_BODY_BYTES=%q: want an integer ≥ 1024", v)
		}
		c.MaxBodyBytes = n
	}
	if v := getenv("KEFU_SESSION_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return c, fmt.Errorf("config: KEFU_SESSION_TTL=%q: want a duration ≥ 1m such as 12h", v)
		}
		c.SessionTTL = d
	}
	if v := getenv("KEFU_DB_CONNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 {
			return c, fmt.Errorf("config: KEFU_DB_CONNS=%q: want an integer ≥ 2", v)
		}
		c.DBConns = n
	}
	if v := getenv("KEFU_LOGIN_ATTEMPTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("config: KEFU_LOGIN_ATTEMPTS=%q: want a positive integer", v)
		}
		c.LoginAttempts = n
	}
	return c, nil
}

// Load reads the environment, then the database flags of fs (already defined by
// BindDB) override it, then validates.
func Load(fs *flag.FlagSet, args []string) (Config, error) {
	c, err := FromEnv(os.Getenv)
	if err != nil {
		return c, err
	}
	addr := fs.String("addr", c.Addr, "listen address (KEFU_ADDR)")
	data := fs.String("data", c.DataDir, "data directory for SQLite (KEFU_DATA_DIR)")
	dbURL := fs.String("database-url", c.DatabaseURL, "PostgreSQL URL (KEFU_DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.Addr, c.DataDir, c.DatabaseURL = *addr, *data, *dbURL
	return c, c.Validate()
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: address %q: %w", c.Addr, err)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("config: KEFU_DATABASE_URL must start with postgres:// (got %q)", redact(c.DatabaseURL))
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		return fmt.Errorf("config: a data directory is required for SQLite")
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		return fmt.Errorf("config: KEFU_TIMEZONE %q: %w", c.TimeZone, err)
	}
	if c.LLMURL != "" {
		u, err := url.Parse(c.LLMURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("config: KEFU_LLM_URL must be an http:// or https:// URL (got %q)", redact(c.LLMURL))
		}
		if c.LLMModel == "" {
			return fmt.Errorf("config: KEFU_LLM_MODEL is required when KEFU_LLM_URL is set")
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config: KEFU_LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel)
	}
	return nil
}

// redact hides a password in a URL for messages.
func redact(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			return u[:j+3] + "…" + u[i:]
		}
	}
	return u
}
