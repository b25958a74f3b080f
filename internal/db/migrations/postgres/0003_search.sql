-- kefu schema 3: full-text search over tickets. The text is tokenised in Go
-- (words for Latin script, overlapping bigrams for Chinese) and stored as a
-- 'simple' tsvector, so both engines match the same tokens.
CREATE TABLE ticket_search (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  body tsvector NOT NULL
);
CREATE INDEX ticket_search_body ON ticket_search USING GIN (body);
