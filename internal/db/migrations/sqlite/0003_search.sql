-- kefu schema 3: full-text search over tickets. The text is tokenised in Go
-- (words for Latin script, overlapping bigrams for Chinese) and stored here
-- as space-separated tokens; contentless, since the tickets hold the text.
CREATE VIRTUAL TABLE ticket_search USING fts5(body, content='', contentless_delete=1);
