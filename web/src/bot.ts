// The self-service bot: types and calls shared by the bot page, the
// transcript component and the ticket view.
import { api } from './api'

export interface BotSource { kind: 'article' | 'script'; id: number; number?: number; title: string; confidence: number; matched?: string }
export interface BotOption { n: number; kind: string; id: number; title: string }
export interface BotMessage {
  id: number
  role: 'customer' | 'bot'
  kind: string
  text: string
  sources: BotSource[]
  options: BotOption[]
  confidence: number
  helpful: boolean | null
  created_at: string
}
export interface BotConversation {
  id: number
  channel: string
  lang: string
  customer_name: string
  test: boolean
  status: 'open' | 'closed'
  outcome: '' | 'contained' | 'handed_off' | 'abandoned'
  handoff_reason: string
  ticket_id: number | null
  ticket_number: string
  summary: string
  first_message: string
  answers: number
  failures: number
  csat: number | null
  csat_comment: string
  started_at: string
  last_at: string
  messages?: BotMessage[]
}
export interface BotReply { message: BotMessage; reason?: string; conversation: BotConversation }
export interface BotDay { date: string; conversations: number; contained: number; handed_off: number; abandoned: number; containment_rate: number }
export interface BotReport {
  conversations: number
  contained: number
  handed_off: number
  abandoned: number
  open: number
  containment_rate: number
  handoff_reasons: { reason: string; count: number }[]
  csat: { count: number; average: number; distribution: number[] }
  answers: { given: number; helpful: number; not_helpful: number }
  unanswered: { question: string; count: number; last: string }[]
  days: BotDay[]
}

const conv = (id: number) => `/bot/conversations/${id}`

export const botApi = {
  start: (body: { lang?: string; test?: boolean; channel?: string }) => api.post<BotReply>('/bot/conversations', body),
  send: (id: number, text: string) => api.post<BotReply>(conv(id) + '/messages', { text }),
  pick: (id: number, option: number) => api.post<BotReply>(conv(id) + '/pick', { option }),
  handoff: (id: number) => api.post<BotReply>(conv(id) + '/handoff', {}),
  rate: (id: number, score: number, comment = '') => api.post<BotReply>(conv(id) + '/rating', { score, comment }),
  feedback: (id: number, messageId: number, helpful: boolean) => api.post<BotReply>(conv(id) + '/feedback', { message_id: messageId, helpful }),
  end: (id: number) => api.post<BotReply>(conv(id) + '/end', {}),
  get: (id: number) => api.get<BotConversation>(conv(id)),
  list: (q: Record<string, string | number | undefined>) => api.get<{ items: BotConversation[]; next_cursor: string }>('/bot/conversations', q),
  ofTicket: (ticketId: number) => api.get<{ items: BotConversation[] }>(`/tickets/${ticketId}/bot-conversations`),
  report: (q: Record<string, string | boolean | undefined>) => api.get<BotReport>('/reports/bot', q),
}

export const HANDOFF_REASONS = ['requested', 'repeated_failure', 'emotion', 'abuse', 'complaint', 'sensitive'] as const
