-- kefu schema 5: knowledge base (知识库) and scripts (话术).
--
-- An article row holds the working copy that editors change; publishing
-- copies it into kb_article_versions as the next numbered version, and
-- readers, search and the bot see that published version. Every change to an
-- article, script or category bumps kb_state.generation in its transaction
-- and stamps the changed row with it, so each node's in-process search index
-- reloads exactly the rows changed since the generation it last saw.

CREATE TABLE kb_state (
  id INTEGER PRIMARY KEY,
  generation BIGINT NOT NULL
);
INSERT INTO kb_state (id, generation) VALUES (1, 0);

CREATE TABLE kb_categories (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  parent_id BIGINT REFERENCES kb_categories(id),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kb_categories_parent ON kb_categories(kind, parent_id);

CREATE TABLE kb_articles (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  questions TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  category_id BIGINT REFERENCES kb_categories(id),
  reason_id BIGINT REFERENCES reasons(id),
  lang TEXT NOT NULL,
  visibility TEXT NOT NULL,
  status TEXT NOT NULL,
  published_number INTEGER NOT NULL DEFAULT 0,
  draft_changes INTEGER NOT NULL DEFAULT 1,
  restored_from INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  updated_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  helpful BIGINT NOT NULL DEFAULT 0,
  not_helpful BIGINT NOT NULL DEFAULT 0,
  generation BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kb_articles_generation ON kb_articles(generation);
CREATE INDEX kb_articles_updated ON kb_articles(updated_at, id);
CREATE INDEX kb_articles_category ON kb_articles(category_id);

-- Immutable snapshots; counters are per version so that a rewrite starts
-- with a clean record.
CREATE TABLE kb_article_versions (
  article_id BIGINT NOT NULL REFERENCES kb_articles(id),
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  questions TEXT NOT NULL,
  tags TEXT NOT NULL,
  category_id BIGINT REFERENCES kb_categories(id),
  reason_id BIGINT REFERENCES reasons(id),
  lang TEXT NOT NULL,
  visibility TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  restored_from INTEGER NOT NULL DEFAULT 0,
  published_by BIGINT REFERENCES users(id),
  published_at BIGINT NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  helpful BIGINT NOT NULL DEFAULT 0,
  not_helpful BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, number)
);

CREATE TABLE kb_feedback (
  id INTEGER PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES kb_articles(id),
  number INTEGER NOT NULL,
  helpful INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  ticket_id BIGINT REFERENCES tickets(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX kb_feedback_article ON kb_feedback(article_id, id);
-- One vote per agent per version: voting again changes the vote.
CREATE UNIQUE INDEX kb_feedback_agent ON kb_feedback(article_id, number, user_id) WHERE source = 'agent';

CREATE TABLE kb_scripts (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  category_id BIGINT REFERENCES kb_categories(id),
  reason_id BIGINT REFERENCES reasons(id),
  lang TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  approved INTEGER NOT NULL DEFAULT 0,
  approved_by BIGINT REFERENCES users(id),
  approved_at BIGINT NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  uses BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  updated_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  generation BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kb_scripts_generation ON kb_scripts(generation);

CREATE TABLE kb_script_uses (
  id INTEGER PRIMARY KEY,
  script_id BIGINT NOT NULL REFERENCES kb_scripts(id),
  user_id BIGINT REFERENCES users(id),
  ticket_id BIGINT REFERENCES tickets(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX kb_script_uses_script ON kb_script_uses(script_id, created_at);

-- Agent assist looks for resolved tickets with the same contact reason.
CREATE INDEX tickets_reason ON tickets(reason_id, id);
