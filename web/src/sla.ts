import { t } from './i18n'
import type { SlaStatus } from './types'

/** 2小时15分 / 2h 15m from business seconds (absolute value) */
export function fmtDur(secs: number): string {
  const s = Math.abs(Math.round(secs))
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  const parts: string[] = []
  if (d) parts.push(t('sla.dur.d', { n: d }))
  if (h) parts.push(t('sla.dur.h', { n: h }))
  if (m && !d) parts.push(t('sla.dur.m', { n: m }))
  if (!parts.length) return t('sla.dur.m', { n: 0 })
  return parts.join(t('sla.dur.sep'))
}

/** business hours only (business time has no "days" of 24 h) */
export function fmtBizDur(secs: number): string {
  const s = Math.abs(Math.round(secs))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const parts: string[] = []
  if (h) parts.push(t('sla.dur.h', { n: h }))
  if (m || !h) parts.push(t('sla.dur.m', { n: m }))
  return parts.join(t('sla.dur.sep'))
}

export type SlaLevel = 'paused' | 'ok' | 'warn' | 'breach' | 'none'

export function slaLevel(s: SlaStatus | null | undefined): SlaLevel {
  if (!s) return 'none'
  if ((s.breached || []).length || (s.business_left_secs != null && s.business_left_secs < 0)) return 'breach'
  if (s.paused) return 'paused'
  if (s.business_left_secs == null) return 'none'
  if ((s.warned || []).length || s.business_left_secs < 3600) return 'warn'
  return 'ok'
}

export function slaText(s: SlaStatus | null | undefined): string {
  if (!s) return ''
  if (s.paused) return t('sla.paused')
  const left = s.business_left_secs
  if (left == null) return (s.breached || []).length ? t('sla.breached') : t('sla.met')
  const text = left < 0 ? t('sla.overdue', { d: fmtBizDur(left) }) : t('sla.left', { d: fmtBizDur(left) })
  // past the years with holiday data the deadline comes from weekly hours alone: say so
  return s.estimate ? text + t('sla.estimate') : text
}

export function clockName(c: string | null | undefined): string {
  return c ? t('sla.clock.' + c) : ''
}
