package ticket

// Statuses in workflow order.
var Statuses = []string{"new", "open", "pending_customer", "pending_internal", "resolved", "closed"}

// Priorities, lowest first; the index is the stored rank used for sorting.
var Priorities = []string{"low", "normal", "high", "urgent"}

// transitions lists where each status may go. Reopening (resolved or closed
// back to open) is allowed: a customer who calls back is not a new ticket.
var transitions = map[string][]string{
	"new":              {"open", "pending_customer", "pending_internal", "resolved", "closed"},
	"open":             {"pending_customer", "pending_internal", "resolved", "closed"},
	"pending_customer": {"open", "pending_internal", "resolved", "closed"},
	"pending_internal": {"open", "pending_customer", "resolved", "closed"},
	"resolved":         {"open", "closed"},
	"closed":           {"open"},
}

// CanMove reports whether a ticket may move from one status to another.
func CanMove(from, to string) bool {
	if from == to {
		return true
	}
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// PriorityRank returns the sort rank of a priority (-1 when unknown).
func PriorityRank(p string) int {
	for i, x := range Priorities {
		if x == p {
			return i
		}
	}
	return -1
}
