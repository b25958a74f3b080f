-- kefu schema 8: the self-service bot (自助服务机器人). A conversation is one
-- customer's session with the bot on a channel; its messages are the
-- customer's turns and the bot's replies, each reply recording the knowledge
-- (article version or script) it used so that the customer's "helpful / not
-- helpful" reaches that article. A hand-off links the conversation to the
-- contact and ticket it created. Knowledge ids are plain columns: the
-- knowledge base may delete or renumber, the record of what was said stays.
CREATE TABLE bot_conversations (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  lang TEXT NOT NULL,
  external_ref TEXT NOT NULL DEFAULT '',
  customer_id BIGINT REFERENCES customers(id),
  customer_name TEXT NOT NULL DEFAULT '',
  customer_phone TEXT NOT NULL DEFAULT '',
  test INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT '',
  handoff_reason TEXT NOT NULL DEFAULT '',
  ticket_id BIGINT REFERENCES tickets(id),
  contact_id BIGINT REFERENCES contacts(id),
  summary TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '{}',
  answers INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  csat INTEGER,
  csat_comment TEXT NOT NULL DEFAULT '',
  started_by BIGINT REFERENCES users(id),
  started_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  ended_at BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX bot_conversations_started ON bot_conversations(started_at);
CREATE INDEX bot_conversations_ticket ON bot_conversations(ticket_id);
CREATE INDEX bot_conversations_open ON bot_conversations(status, last_at);

CREATE TABLE bot_messages (
  id INTEGER PRIMARY KEY,
  conversation_id BIGINT NOT NULL REFERENCES bot_conversations(id),
  role TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  sources TEXT NOT NULL DEFAULT '[]',
  options TEXT NOT NULL DEFAULT '[]',
  confidence REAL NOT NULL DEFAULT 0,
  question TEXT NOT NULL DEFAULT '',
  helpful INTEGER,
  created_at BIGINT NOT NULL
);
CREATE INDEX bot_messages_conversation ON bot_messages(conversation_id, id);
CREATE INDEX bot_messages_unanswered ON bot_messages(kind, created_at);
