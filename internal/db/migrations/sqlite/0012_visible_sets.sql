-- kefu schema 12: the tickets a user created and the tickets a user
-- watches, by user. A search for a viewer who sees only some tickets (a
-- department) lists those tickets by index — owned, created, watched, the
-- team's, escalated to the team — and checks each one's text, where
-- walking the word's matches read every one of them (a second for 退款 at
-- a million tickets). See ticket.visibleConds.
CREATE INDEX tickets_created_by ON tickets(created_by);
CREATE INDEX ticket_watchers_user ON ticket_watchers(user_id, ticket_id);
