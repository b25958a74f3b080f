// The optional large-model provider: status, summaries, drafts and the call log.
import { api } from './api'

export interface LlmStatus {
  enabled: boolean
  model: string
}
export interface LlmResult {
  text: string
  call_id: number
  model: string
  redactions: number
}
export interface LlmCall {
  id: number
  purpose: 'summary' | 'reply_draft'
  user_id: number
  ticket_id: number
  model: string
  messages: { role: string; content: string }[]
  response: string
  status: 'ok' | 'error' | 'busy'
  error: string
  redactions: number
  prompt_tokens: number
  completion_tokens: number
  latency_ms: number
  created_at: string
}

let status: Promise<LlmStatus> | null = null

export const llm = {
  /** asked once per page load: the provider is configuration, not data */
  status: () => (status ??= api.get<LlmStatus>('/llm/status').catch(() => ({ enabled: false, model: '' }))),
  summary: (ticketId: number) => api.post<LlmResult>(`/tickets/${ticketId}/summary`),
  draft: (ticketId: number, instruction: string, references: string[]) =>
    api.post<LlmResult>(`/tickets/${ticketId}/draft`, { instruction: instruction || undefined, references: references.length ? references : undefined }),
  calls: (q: { cursor?: string; ticket_id?: number; limit?: number }) =>
    api.get<{ items: LlmCall[]; next_cursor: string }>('/llm/calls', q),
}
