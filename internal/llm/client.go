package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Config is where the optional OpenAI-compatible endpoint is. An empty URL
// turns the provider off, which is the default: kefu is complete without it.
type Config struct {
	URL           string        // base URL, e.g. http://10.1.2.3:8000/v1 (…/chat/completions is appended)
	Model         string        // model name the endpoint serves
	APIKey        string        // sent as a bearer token; from configuration only, never logged
	Timeout       time.Duration // per call
	MaxConcurrent int           // calls in flight at once; more are refused, not queued
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// Answer is what the endpoint returned.
type Answer struct {
	Content          string
	Model            string
	PromptTokens     int
	CompletionTokens int
}

// Errors a caller can tell apart.
var (
	ErrBusy     = errors.New("llm: too many calls in flight")
	ErrDisabled = errors.New("llm: no provider configured")
)

// UpstreamError is a non-2xx answer or an unusable body from the endpoint.
type UpstreamError struct {
	Status int
	Body   string // the start of the body, for the call log
}

func (e *UpstreamError) Error() string {
	return fmt.Sprintf("llm: endpoint answered %d: %s", e.Status, e.Body)
}

// Client calls an OpenAI-compatible chat-completions endpoint.
type Client struct {
	cfg  Config
	http *http.Client
	slot chan struct{}
}

// NewClient returns a client for cfg; nil when cfg has no URL.
func NewClient(cfg Config) *Client {
	if cfg.URL == "" {
		return nil
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 4
	}
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	return &Client{cfg: cfg, http: &http.Client{Timeout: cfg.Timeout}, slot: make(chan struct{}, cfg.MaxConcurrent)}
}

// maxAnswerBytes bounds what is read of an answer.
const maxAnswerBytes = 1 << 20

// Chat sends messages and returns the first choice's content.
func (c *Client) Chat(ctx context.Context, msgs []Message, maxTokens int) (Answer, error) {
	if c == nil {
		return Answer{}, ErrDisabled
	}
	select {
	case c.slot <- struct{}{}:
		defer func() { <-c.slot }()
	default:
		return Answer{}, ErrBusy
	}
	body, err := json.Marshal(map[string]any{
		"model": c.cfg.Model, "messages": msgs, "max_tokens": maxTokens, "temperature": 0.3, "stream": false,
	})
	if err != nil {
		return Answer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.URL+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return Answer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("llm: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return Answer{}, fmt.Errorf("llm: read answer: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return Answer{}, &UpstreamError{Status: resp.StatusCode, Body: clip(string(raw), 500)}
	}
	var out struct {
		Model   string `json:"model"`
		Choices []struct {
			Message Message `json:"message"`
		} `json:"choices"`
		Usage struct {
			PromptTokens     int `json:"prompt_tokens"`
			CompletionTokens int `json:"completion_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Choices) == 0 || strings.TrimSpace(out.Choices[0].Message.Content) == "" {
		return Answer{}, &UpstreamError{Status: resp.StatusCode, Body: clip(string(raw), 500)}
	}
	model := out.Model
	if model == "" {
		model = c.cfg.Model
	}
	return Answer{Content: strings.TrimSpace(out.Choices[0].Message.Content), Model: model,
		PromptTokens: out.Usage.PromptTokens, CompletionTokens: out.Usage.CompletionTokens}, nil
}

// clip returns at most n bytes of s, cut at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
