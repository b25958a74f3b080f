package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/kefuhq/kefu/internal/events"
	"github.com/kefuhq/kefu/internal/identity"
)

// stream serves Server-Sent Events: ticket changes (for tickets the user may
// see) and screen pops addressed to the user.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// The stream outlives the server's write timeout.
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n\n")
	flusher.Flush()
	sub := s.Hub.Subscribe(p.ID)
	defer sub.Close()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			fmt.Fprint(w, "event: ping\ndata: {}\n\n")
		case e := <-sub.C:
			if !mayReceive(p, e) {
				continue
			}
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Topic, e.Payload)
		}
		flusher.Flush()
	}
}

// mayReceive filters broadcast ticket events for users who see only their
// team's work.
func mayReceive(p *identity.Principal, e events.Event) bool {
	if e.Topic != "ticket" || p.Can(identity.TicketReadAll) {
		return true
	}
	var t struct {
		TeamID  *int64 `json:"team_id"`
		OwnerID *int64 `json:"owner_id"`
	}
	if json.Unmarshal(e.Payload, &t) != nil {
		return false
	}
	return (t.OwnerID != nil && *t.OwnerID == p.ID) || (t.TeamID != nil && p.TeamID != nil && *t.TeamID == *p.TeamID)
}
