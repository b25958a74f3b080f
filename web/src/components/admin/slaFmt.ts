import { t } from '../../i18n'

/** 90 → 1小时30分 (business minutes; no days) */
export function fmtMins(mins: number | null | undefined): string {
  const n = Math.round(Number(mins) || 0)
  if (!n) return '—'
  const h = Math.floor(n / 60)
  const m = n % 60
  const parts: string[] = []
  if (h) parts.push(t('sla.dur.h', { n: h }))
  if (m) parts.push(t('sla.dur.m', { n: m }))
  return parts.join(t('sla.dur.sep'))
}

/** "90", "1.5h", "1h30m", "1小时30分", "2 小时", "45分钟" → minutes; null when it can't be read */
export function parseMins(s: string): number | null {
  const v = String(s ?? '').trim().toLowerCase().replace(/\s+/g, '')
  if (v === '') return 0
  if (/^\d+$/.test(v)) return parseInt(v, 10)
  const m = /^(?:(\d+(?:\.\d+)?)(?:h|hr|hrs|hours?|小时|时))?(?:(\d+)(?:m|min|mins|minutes?|分钟|分)?)?$/.exec(v)
  if (!m || (m[1] === undefined && m[2] === undefined)) return null
  const mins = Math.round(parseFloat(m[1] || '0') * 60) + parseInt(m[2] || '0', 10)
  return Number.isFinite(mins) ? mins : null
}
