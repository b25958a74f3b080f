// API objects as described in docs/api.md

export type Level = 'L1' | 'L2' | 'L3' | 'lead' | 'manager'
export type RoleName = 'admin' | 'supervisor' | 'agent' | 'qa' | 'department' | 'readonly'

export interface User {
  id: number
  email: string
  name: string
  role: RoleName | string
  level: Level | string
  team_id: number | null
  locale?: string
  active: boolean
  permissions: string[]
  version: number
}

export interface Session {
  user: User
  csrf_token: string
}

export interface Team {
  id: number
  name: string
  kind: 'service' | 'department'
  description: string
  member_count: number
  calendar_id?: number | null
}

export interface Role {
  name: string
  label?: string
  label_zh?: string
  label_en?: string
  permissions: string[]
}

export interface ServiceType {
  code: string
  name_zh: string
  name_en: string
  sort: number
  active: boolean
}

export interface Reason {
  id: number
  parent_id: number | null
  name_zh: string
  name_en: string
  sort: number
  active: boolean
}

export type Tier = 'normal' | 'silver' | 'gold' | 'vip'

export interface ExternalId {
  system: string
  value: string
}

export interface Customer {
  id: number
  name: string
  phones: string[]
  emails: string[]
  external_ids: ExternalId[]
  tier: Tier | string
  value_fen: number
  tags: string[]
  attributes: Record<string, unknown>
  note: string
  masked: boolean
  merged_into: number | null
  created_at: string
  updated_at: string
  version: number
}

export type Channel = 'phone' | 'chat' | 'email' | 'visit' | 'web' | 'other'
export type Direction = 'inbound' | 'outbound'

export interface TranscriptLine {
  speaker: 'customer' | 'agent' | 'system'
  offset_ms: number
  text: string
  /** the reading of a customer turn (set by the server) */
  emotion?: string
  abusive?: boolean
  masked?: string
}

export interface Contact {
  id: number
  customer_id: number | null
  customer_name: string
  channel: Channel
  direction: Direction
  started_at: string
  ended_at: string | null
  agent_id: number | null
  agent_name: string
  service_type: string
  reason_id: number | null
  reason_path: string
  summary: string
  transcript: TranscriptLine[] | null
  recording_url: string
  caller_number: string
  ticket_ids: number[] | null
  created_at: string
  /** strongest recent customer emotion ('' when not read) */
  emotion?: string
  abusive?: boolean
  summary_masked?: string
}

export type TicketStatus = 'new' | 'open' | 'pending_customer' | 'pending_internal' | 'resolved' | 'closed'
export type Priority = 'low' | 'normal' | 'high' | 'urgent'

export interface Ticket {
  id: number
  number: string
  subject: string
  description: string
  customer_id: number | null
  customer_name: string
  service_type: string
  reason_id: number | null
  reason_path: string
  priority: Priority
  status: TicketStatus
  team_id: number | null
  team_name: string
  owner_id: number | null
  owner_name: string
  watchers: number[] | null
  custom_fields: Record<string, unknown> | null
  contact_ids: number[] | null
  created_by: number
  created_at: string
  updated_at: string
  resolved_at: string | null
  closed_at: string | null
  version: number
  sla?: SlaStatus | null
  /** confirmed by an agent ('' until then), the model's suggestion, abuse */
  emotion?: string
  emotion_suggested?: string
  abusive?: boolean
  description_masked?: string
}

export type TicketEventKind =
  | 'created' | 'reply' | 'note' | 'status' | 'assignment' | 'field' | 'watcher' | 'contact_linked'

export interface TicketEvent {
  id: number
  ticket_id: number
  kind: TicketEventKind | string
  actor_id: number | null
  actor_name: string
  body: string
  data: Record<string, any> | null
  created_at: string
}

export interface HistoryItem {
  type: 'contact' | 'ticket'
  at: string
  contact?: Contact
  ticket?: Ticket
}

export interface CustomerHistory {
  customer: Customer
  open_tickets: Ticket[] | null
  items: HistoryItem[] | null
}

export interface Page<T> {
  items: T[] | null
  next_cursor?: string | null
}

export interface ScreenPop {
  call_id: string
  event: 'ringing' | 'answered' | 'ended' | string
  caller_number: string
  customer: Customer | null
  new_caller: boolean
  open_tickets: Ticket[] | null
  recent_contacts: Contact[] | null
}

export interface TicketStreamEvent {
  id: number
  number: string
  version: number
  status: TicketStatus
  team_id: number | null
  owner_id: number | null
  kind: 'created' | 'updated' | 'event'
}

export interface ProblemError {
  location: string
  message: string
  value?: unknown
}

export interface Problem {
  status: number
  code: string
  title: string
  detail: string
  errors?: ProblemError[]
  current?: unknown
}

export type SlaClock = 'first_response' | 'next_response' | 'promise' | 'resolution'
export interface SlaHolder {
  escalation_id: number
  team_id: number
  team_name: string
  since: string
  due: string | null
}
export interface SlaStatus {
  estimate?: boolean
  policy: string
  policy_id: number
  first_response_due: string | null
  first_response_at: string | null
  next_response_due: string | null
  resolution_due: string | null
  paused: boolean
  promised_at: string | null
  promise_note: string
  breached: string[] | null
  warned: string[] | null
  business_left_secs: number | null
  next_due: string | null
  next_clock: SlaClock | '' | null
  holder: SlaHolder | null
}
export interface Escalation {
  id: number
  ticket_id: number
  from_team_name: string
  to_team_id: number
  to_team_name: string
  assignee_name: string
  reason: string
  handoff_note: string
  status: 'open' | 'done'
  ola_mins: number | null
  ola_due: string | null
  created_by_name: string
  created_at: string
  done_at: string | null
  done_note: string
  wall_secs: number
  business_secs: number
  overdue: boolean
}
export interface CalendarDay {
  date: string
  workday: boolean
  name: string
  hours: string
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup'
}
export interface WorkCalendar {
  id: number
  name: string
  zone: string
  hours: string
  holidays: string
  exceptions: { date: string; open: boolean; name: string; hours: string }[] | null
  years: number[] | null
}

// ---- SLA policy admin, department queue, breach report ----
export interface SlaMatch {
  service_types?: string[] | null
  priorities?: string[] | null
  tiers?: string[] | null
  channels?: string[] | null
  team_ids?: number[] | null
}
export interface SlaPolicy {
  id: number
  name: string
  position: number
  active: boolean
  match: SlaMatch
  first_response_mins: number
  next_response_mins: number
  resolution_mins: number
  promise_default_mins: number
  promise_max_mins: number
  pause_statuses: string[] | null
  warn_percent: number
  on_breach: { notify: boolean; raise_priority: boolean; move_team_id?: number | null }
  calendar_id: number | null
  version: number
}
export interface QueueItem {
  id: number
  ticket_id: number
  ticket_number?: string
  priority?: Priority
  ticket_status?: TicketStatus
  customer_name?: string
  number?: string
  subject?: string
  from_team_name: string
  to_team_name: string
  assignee_name: string
  reason: string
  handoff_note: string
  status: string
  ola_due: string | null
  created_by_name: string
  created_at: string
  wall_secs: number
  business_secs: number
  overdue: boolean
}
export interface BreachRow {
  ticket_id: number
  number: string
  subject: string
  team_name: string
  clocks: string[] | null
  created_at: string
}
