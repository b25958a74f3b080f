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
