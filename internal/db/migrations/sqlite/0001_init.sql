-- kefu schema 1: identity, customers, contacts, tickets, audit, outbox.
-- Times are Unix milliseconds (UTC); JSON is stored as TEXT.

CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'service',
  description TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  level TEXT NOT NULL DEFAULT 'L1',
  team_id BIGINT REFERENCES teams(id),
  locale TEXT NOT NULL DEFAULT 'zh-CN',
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_team ON users(team_id);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL DEFAULT 0,
  revoked_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE service_types (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO service_types (code, name_zh, name_en, sort) VALUES
  ('consultation', '咨询', 'Consultation', 1),
  ('query', '查询', 'Query', 2),
  ('complaint', '投诉', 'Complaint', 3),
  ('suggestion', '建议', 'Suggestion', 4),
  ('help', '求助', 'Help request', 5);

CREATE TABLE reasons (
  id INTEGER PRIMARY KEY,
  parent_id BIGINT REFERENCES reasons(id),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reasons_parent ON reasons(parent_id);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  tier TEXT NOT NULL DEFAULT 'normal',
  value_fen BIGINT NOT NULL DEFAULT 0,
  tags TEXT NOT NULL DEFAULT '[]',
  attributes TEXT NOT NULL DEFAULT '{}',
  note TEXT NOT NULL DEFAULT '',
  merged_into BIGINT REFERENCES customers(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_updated ON customers(updated_at, id);

-- Phones, emails and external ids, one row each, for lookup by any of them.
CREATE TABLE customer_identities (
  id INTEGER PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  system TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL
);
CREATE INDEX customer_identities_lookup ON customer_identities(kind, value);
CREATE INDEX customer_identities_customer ON customer_identities(customer_id);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  customer_id BIGINT REFERENCES customers(id),
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT NOT NULL DEFAULT 0,
  agent_id BIGINT REFERENCES users(id),
  service_type TEXT NOT NULL REFERENCES service_types(code),
  reason_id BIGINT REFERENCES reasons(id),
  summary TEXT NOT NULL DEFAULT '',
  transcript TEXT NOT NULL DEFAULT '[]',
  recording_url TEXT NOT NULL DEFAULT '',
  caller_number TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id, started_at);
CREATE INDEX contacts_agent ON contacts(agent_id, started_at);
CREATE INDEX contacts_started ON contacts(started_at, id);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  customer_id BIGINT REFERENCES customers(id),
  service_type TEXT NOT NULL REFERENCES service_types(code),
  reason_id BIGINT REFERENCES reasons(id),
  priority TEXT NOT NULL,
  priority_rank INTEGER NOT NULL,
  status TEXT NOT NULL,
  team_id BIGINT REFERENCES teams(id),
  owner_id BIGINT REFERENCES users(id),
  custom_fields TEXT NOT NULL DEFAULT '{}',
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_at BIGINT NOT NULL DEFAULT 0,
  closed_at BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_status_updated ON tickets(status, updated_at, id);
CREATE INDEX tickets_team_status ON tickets(team_id, status, updated_at, id);
CREATE INDEX tickets_owner_status ON tickets(owner_id, status, updated_at, id);
CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
CREATE INDEX tickets_updated ON tickets(updated_at, id);
CREATE INDEX tickets_created ON tickets(created_at, id);

CREATE TABLE ticket_watchers (
  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (ticket_id, user_id)
);

CREATE TABLE contact_tickets (
  contact_id BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  PRIMARY KEY (contact_id, ticket_id)
);
CREATE INDEX contact_tickets_ticket ON contact_tickets(ticket_id);

CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  actor_id BIGINT REFERENCES users(id),
  body TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

-- Append-only: the application never updates or deletes these rows.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  target_type TEXT NOT NULL DEFAULT '',
  target_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}',
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_action ON audit_log(action, id);

-- Transactional outbox: rows written in the same transaction as the change,
-- read after commit by every node to feed live consoles.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  topic TEXT NOT NULL,
  user_id BIGINT,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_created ON outbox(created_at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
