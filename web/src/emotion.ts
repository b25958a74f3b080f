// Customer emotion (calm / anxious / upset / angry) and abuse, read by the
// server from what customers say and write (internal/emotion), with what
// the policy offers the agent (care actions, a lead to hand to).
import { api } from './api'

export type Emotion = 'calm' | 'anxious' | 'upset' | 'angry'
export const EMOTIONS: Emotion[] = ['calm', 'anxious', 'upset', 'angry']

export interface EmotionAdvice {
  reassure: boolean
  care: boolean
  hand_to_lead: boolean
  actions: ('remind_civility' | 'hand_to_lead' | 'end_call')[]
}

export interface EmotionReading {
  emotion: Emotion
  confidence: number
  probs: number[]
  abusive: boolean
  abuse_prob: number
  escalation: boolean
  cues: string[]
  advice?: EmotionAdvice
}

export interface LeadRef {
  id: number
  name: string
  level: string
}

export interface TicketEmotion {
  emotion: Emotion | ''
  suggested: Emotion | ''
  effective: Emotion | ''
  abusive: boolean
  queue_weight: number
  reading: EmotionReading | null
  advice: EmotionAdvice
  leads: LeadRef[]
}

export interface CareRow {
  day: string
  agent_id: number
  agent_name: string
  contacts: number
  angry: number
  abusive: number
}

export function fetchTicketEmotion(id: number): Promise<TicketEmotion> {
  return api.get<TicketEmotion>(`/tickets/${id}/emotion`)
}

export function fetchCareReport(q: { from?: string; to?: string }): Promise<{ items: CareRow[] | null }> {
  return api.get<{ items: CareRow[] | null }>('/reports/emotion', q)
}

/** Element Plus tag type per emotion: calm is quiet, angry stands out. */
export const EMOTION_TAG: Record<string, 'info' | 'warning' | 'danger' | 'primary' | 'success'> = {
  calm: 'info',
  anxious: 'warning',
  upset: 'primary',
  angry: 'danger',
}
