-- kefu schema 2: work calendars, SLA policies and timers, escalation work orders.

-- Holiday years imported beyond the built-in data (holiday-cn JSON or iCalendar).
CREATE TABLE holiday_days (
  set_name TEXT NOT NULL,
  date TEXT NOT NULL,
  open INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (set_name, date)
);
CREATE TABLE holiday_years (
  set_name TEXT NOT NULL,
  year INTEGER NOT NULL,
  imported_at BIGINT NOT NULL,
  PRIMARY KEY (set_name, year)
);

CREATE TABLE calendars (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  zone TEXT NOT NULL,
  hours TEXT NOT NULL,
  holidays TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE calendar_exceptions (
  id INTEGER PRIMARY KEY,
  calendar_id BIGINT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  open INTEGER NOT NULL,
  name TEXT NOT NULL,
  hours TEXT NOT NULL DEFAULT '',
  UNIQUE (calendar_id, date)
);

ALTER TABLE teams ADD COLUMN calendar_id BIGINT REFERENCES calendars(id);

CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  match TEXT NOT NULL DEFAULT '{}',
  first_response_mins INTEGER NOT NULL DEFAULT 0,
  next_response_mins INTEGER NOT NULL DEFAULT 0,
  resolution_mins INTEGER NOT NULL DEFAULT 0,
  promise_default_mins INTEGER NOT NULL DEFAULT 0,
  promise_max_mins INTEGER NOT NULL DEFAULT 0,
  pause_statuses TEXT NOT NULL DEFAULT '["pending_customer"]',
  warn_percent INTEGER NOT NULL DEFAULT 75,
  on_breach TEXT NOT NULL DEFAULT '{}',
  calendar_id BIGINT REFERENCES calendars(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- One SLA clock set per ticket. A clock runs from running_since with
-- elapsed_secs of business time already spent; paused clocks have
-- running_since = 0 and no due time.
CREATE TABLE ticket_sla (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  policy_id BIGINT REFERENCES sla_policies(id),
  calendar_id BIGINT REFERENCES calendars(id),
  first_response_due BIGINT NOT NULL DEFAULT 0,
  first_response_at BIGINT NOT NULL DEFAULT 0,
  next_response_due BIGINT NOT NULL DEFAULT 0,
  resolution_due BIGINT NOT NULL DEFAULT 0,
  resolution_elapsed_secs BIGINT NOT NULL DEFAULT 0,
  running_since BIGINT NOT NULL DEFAULT 0,
  resolved_at BIGINT NOT NULL DEFAULT 0,
  promised_at BIGINT NOT NULL DEFAULT 0,
  promised_by BIGINT REFERENCES users(id),
  promise_note TEXT NOT NULL DEFAULT '',
  breached TEXT NOT NULL DEFAULT '[]',
  updated_at BIGINT NOT NULL
);
CREATE INDEX ticket_sla_resolution_due ON ticket_sla(resolution_due);

-- Durable timers: each fires once; a restart neither loses nor repeats one
-- because firing marks fired_at in the same transaction as its actions.
CREATE TABLE sla_timers (
  id INTEGER PRIMARY KEY,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  escalation_id BIGINT,
  clock TEXT NOT NULL,
  stage TEXT NOT NULL,
  fire_at BIGINT NOT NULL,
  fired_at BIGINT NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0
);
-- Only pending timers are indexed: the runner and the per-ticket resync
-- never look at fired or cancelled ones, which are most rows over time.
CREATE INDEX sla_timers_pending ON sla_timers(fire_at) WHERE fired_at = 0 AND cancelled = 0;
CREATE INDEX sla_timers_ticket_pending ON sla_timers(ticket_id) WHERE fired_at = 0 AND cancelled = 0;
CREATE INDEX sla_timers_ticket ON sla_timers(ticket_id, clock);

-- Inbox pages sorted by priority within a team read the index in order.
CREATE INDEX tickets_team_priority ON tickets(team_id, priority_rank, updated_at, id);

-- Escalation work orders: the department's own linked work with its own
-- internal target (OLA); the ticket's owner stays accountable.
CREATE TABLE escalations (
  id INTEGER PRIMARY KEY,
  ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  from_team_id BIGINT REFERENCES teams(id),
  to_team_id BIGINT NOT NULL REFERENCES teams(id),
  assignee_id BIGINT REFERENCES users(id),
  reason TEXT NOT NULL,
  handoff_note TEXT NOT NULL,
  status TEXT NOT NULL,
  ola_mins INTEGER NOT NULL,
  ola_due BIGINT NOT NULL,
  calendar_id BIGINT REFERENCES calendars(id),
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  done_at BIGINT NOT NULL DEFAULT 0,
  done_by BIGINT REFERENCES users(id),
  done_note TEXT NOT NULL DEFAULT '',
  business_secs BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX escalations_ticket ON escalations(ticket_id, id);
CREATE INDEX escalations_team_status ON escalations(to_team_id, status);

-- A standard calendar on China's official schedule, and two starting policies
-- (edit them in the admin pages; they exist so that a new centre has targets).
INSERT INTO calendars (name, zone, hours, holidays, created_at, updated_at) VALUES
  ('标准工作日历', 'Asia/Shanghai', 'mon-fri 09:00-12:00,13:30-18:00', 'cn', 0, 0),
  ('7×24 全天候', 'Asia/Shanghai', 'mon-sun 00:00-24:00', '', 0, 0);
INSERT INTO sla_policies (name, position, match, first_response_mins, next_response_mins, resolution_mins, promise_default_mins, promise_max_mins, on_breach, created_at, updated_at) VALUES
  ('投诉 1 小时响应', 1, '{"service_types":["complaint"]}', 60, 120, 960, 240, 2400, '{"notify":true,"raise_priority":true}', 0, 0),
  ('紧急工单', 2, '{"priorities":["urgent"]}', 30, 60, 480, 120, 960, '{"notify":true}', 0, 0),
  ('默认服务时限', 100, '{}', 240, 480, 1440, 480, 2400, '{"notify":true}', 0, 0);
