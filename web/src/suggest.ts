// Suggested service type and contact reason (POST /suggest) and the feedback
// sent after a contact or ticket is saved (POST /suggest/feedback).
import { api } from './api'
import type { EmotionReading } from './emotion'

export interface SuggestChoice {
  code?: string
  id?: number
  path?: string
  confidence: number
}
export interface SuggestGuess extends SuggestChoice {
  alternatives: SuggestChoice[]
}
export interface SuggestModel {
  version: number
  trained_at: string
  examples: number
  holdout_accuracy: number
}
export interface Suggestion {
  service_type: SuggestGuess | null
  reason: SuggestGuess | null
  model: SuggestModel | null
  no_model?: string
  detail?: string
  /** the emotion of the same text (null for an empty text) */
  emotion?: EmotionReading | null
}

export function fetchSuggestion(text: string): Promise<Suggestion> {
  return api.post<Suggestion>('/suggest', { text })
}

/**
 * Tells the server what was suggested for a saved object and what the agent
 * chose, once per kind that had a suggestion. Best effort: a failure is ignored.
 */
export function sendSuggestFeedback(
  objectType: 'contact' | 'ticket',
  objectId: number,
  shown: Suggestion | null,
  chosen: { service_type: string; reason_id: number | null },
) {
  if (!shown) return
  const items: Record<string, unknown>[] = []
  if (shown.service_type?.code)
    items.push({ kind: 'service_type', suggested: shown.service_type.code, chosen: chosen.service_type || '', confidence: shown.service_type.confidence })
  if (shown.reason?.id)
    items.push({ kind: 'reason', suggested: String(shown.reason.id), chosen: chosen.reason_id ? String(chosen.reason_id) : '', confidence: shown.reason.confidence })
  for (const it of items) {
    api.post('/suggest/feedback', { object_type: objectType, object_id: objectId, ...it }).catch(() => {})
  }
}
