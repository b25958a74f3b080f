-- kefu schema 4: suggested service type and contact reason. Models trained on
-- the organisation's own labelled contacts and tickets are stored here so
-- that every node loads the same one; feedback records what was suggested
-- and what the agent saved, for the confirmed share and per-reason accuracy.
CREATE TABLE suggest_models (
  kind TEXT NOT NULL,
  version BIGINT NOT NULL,
  trained_at BIGINT NOT NULL,
  examples INTEGER NOT NULL,
  holdout INTEGER NOT NULL DEFAULT 0,
  holdout_accuracy REAL NOT NULL,
  labelled BIGINT NOT NULL DEFAULT 0,
  train_ms BIGINT NOT NULL DEFAULT 0,
  model BLOB NOT NULL,
  PRIMARY KEY (kind, version)
);

CREATE TABLE suggest_feedback (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  suggested TEXT NOT NULL,
  chosen TEXT NOT NULL,
  confidence REAL NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX suggest_feedback_object ON suggest_feedback(kind, object_type, object_id);
CREATE INDEX suggest_feedback_created ON suggest_feedback(created_at);
