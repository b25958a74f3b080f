-- kefu schema 9: the optional large-model provider. Every call is logged as
-- it was sent (personal data already replaced by placeholders) with what came
-- back, so an administrator can see exactly what left the building.
CREATE TABLE llm_calls (
  id INTEGER PRIMARY KEY,
  purpose TEXT NOT NULL,
  user_id BIGINT,
  ticket_id BIGINT,
  model TEXT NOT NULL DEFAULT '',
  request TEXT NOT NULL,
  response TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  redactions INTEGER NOT NULL DEFAULT 0,
  prompt_tokens INTEGER NOT NULL DEFAULT 0,
  completion_tokens INTEGER NOT NULL DEFAULT 0,
  latency_ms BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX llm_calls_ticket ON llm_calls(ticket_id);
