import { reactive } from 'vue'

export interface NewTicketPrefill {
  subject?: string
  description?: string
  customer_id?: number | null
  customer_name?: string
  contact_id?: number | null
  service_type?: string
  reason_id?: number | null
  priority?: string
}

export const newTicketState = reactive({ open: false, prefill: {} as NewTicketPrefill })

export function openNewTicket(prefill: NewTicketPrefill = {}) {
  newTicketState.prefill = prefill
  newTicketState.open = true
}
