-- kefu schema 6: customer emotion and abuse (internal/emotion).
-- A contact keeps the strongest emotion of its summary and recent customer
-- turns, and whether any of it was abusive; each customer turn carries its
-- own reading inside the transcript JSON. A ticket keeps the model's
-- suggestion (from its description and linked contacts), the emotion an
-- agent confirmed, and the queue weight of whichever applies (confirmed
-- first), so the queue order stays an index scan.
ALTER TABLE contacts ADD COLUMN emotion TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN abusive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN emotion TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN emotion_suggested TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN abusive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN emotion_weight INTEGER NOT NULL DEFAULT 0;

-- The queue order is priority, then emotion weight, then time: the index of
-- schema 2 is replaced by one with the weight in it (keeping both would cost
-- every ticket write a second index update for nothing).
DROP INDEX tickets_team_priority;
CREATE INDEX tickets_team_priority ON tickets(team_id, priority_rank, emotion_weight, updated_at, id);
