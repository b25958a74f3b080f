package config

import (
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	env := map[string]string{"KEFU_ADDR": "0.0.0.0:9000", "KEFU_SESSION_TTL": "2h", "KEFU_MAX_BODY_BYTES": "2048"}
	c, err := FromEnv(func(k string) string { return env[k] })
	if err != nil || c.Addr != "0.0.0.0:9000" || c.SessionTTL.Hours() != 2 || c.MaxBodyBytes != 2048 {
		t.Fatalf("%+v %v", c, err)
	}
	for k, v := range map[string]string{"KEFU_SESSION_TTL": "soon", "KEFU_MAX_BODY_BYTES": "10", "KEFU_LOGIN_ATTEMPTS": "0", "KEFU_LLM_TIMEOUT": "fast", "KEFU_HEADER_TIMEOUT": "0s", "KEFU_READ_TIMEOUT": "soon", "KEFU_DB_CONNS": "1"} {
		if _, err := FromEnv(func(n string) string { return map[string]string{k: v}[n] }); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: err %v", k, v, err)
		}
	}
}

func TestValidate(t *testing.T) {
	bad := []func(*Config){
		func(c *Config) { c.Addr = "nope" },
		func(c *Config) { c.DatabaseURL = "mysql://x" },
		func(c *Config) { c.TimeZone = "Mars/Olympus" },
		func(c *Config) { c.LogLevel = "loud" },
		func(c *Config) { c.LLMURL = "ftp://models.local/v1"; c.LLMModel = "qwen" },
		func(c *Config) { c.LLMURL = "http://models.local/v1" }, // no model
	}
	for i, f := range bad {
		c := Default()
		f(&c)
		if c.Validate() == nil {
			t.Errorf("case %d accepted", i)
		}
	}
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
	c := Default()
	c.DatabaseURL = "postgres://u:secret@h/db"
	c.Addr = "x"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("err %v", err)
	}
}

func TestEveryVariableIsDocumented(t *testing.T) {
	names := map[string]bool{}
	for _, v := range Variables {
		names[v.Name] = true
	}
	for _, n := range []string{"KEFU_ADDR", "KEFU_DATA_DIR", "KEFU_DATABASE_URL", "KEFU_BASE_URL", "KEFU_MAX_BODY_BYTES", "KEFU_SESSION_TTL", "KEFU_LOG_LEVEL", "KEFU_LOGIN_ATTEMPTS", "KEFU_TIMEZONE", "KEFU_LLM_URL", "KEFU_LLM_MODEL", "KEFU_LLM_API_KEY", "KEFU_LLM_TIMEOUT", "KEFU_HEADER_TIMEOUT", "KEFU_READ_TIMEOUT", "KEFU_DB_CONNS"} {
		if !names[n] {
			t.Errorf("%s missing from Variables", n)
		}
	}
}
