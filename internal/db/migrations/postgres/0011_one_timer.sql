-- kefu schema 11: a ticket keeps one pending SLA timer, the next one due
-- (internal/sla syncTimers), instead of one per warning and breach. The
-- per-ticket resync now reads all of a ticket's timers, fired ones too (a
-- warning is announced once), through sla_timers_ticket; the partial index
-- of pending timers per ticket is one more B-tree written per timer that
-- no query needs any more.
DROP INDEX sla_timers_ticket_pending;
