package sla

import (
	"context"

	"github.com/kefuhq/kefu/internal/db"
	"github.com/kefuhq/kefu/internal/ticket"
)

// Backfill starts SLA clocks on open tickets that have none — tickets
// written by a bulk load rather than through the ticket service. A ticket
// that already has a public reply counts as answered at its first reply.
func (s *Service) Backfill(ctx context.Context, tickets Tickets) (int, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT t.id FROM tickets t WHERE t.status NOT IN ('resolved', 'closed') AND NOT EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id) ORDER BY t.id`)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	now := s.now()
	for _, id := range ids {
		err := s.db.WriteTx(ctx, func(tx *db.Tx) error {
			if err := tickets.LockTx(ctx, tx, id); err != nil {
				return err
			}
			t, err := tickets.GetTx(ctx, tx, id)
			if err != nil {
				return err
			}
			var firstReply int64
			_ = tx.QueryRow(ctx, `SELECT COALESCE(MIN(created_at), 0) FROM ticket_events WHERE ticket_id = $1 AND kind = 'reply'`, id).Scan(&firstReply)
			if err := s.TicketChanged(ctx, tx, ticket.Change{Kind: "created", After: t, At: now}); err != nil {
				return err
			}
			if firstReply == 0 {
				return nil
			}
			// Answered before the clocks existed: record it, and the next
			// timer is no longer a first-response one.
			if _, err := tx.Exec(ctx, `UPDATE ticket_sla SET first_response_at = $1 WHERE ticket_id = $2`, firstReply, id); err != nil {
				return err
			}
			return s.rearm(ctx, tx, t)
		})
		if err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
