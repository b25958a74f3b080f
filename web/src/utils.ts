import { ref } from 'vue'
import { currentLang } from './i18n'
import { t } from './i18n'

/** browser tab title: "页面 · kefu 客服工作台" */
export function setTitle(page: string) {
  document.title = page ? `${page} · ${t('app.name')}` : t('app.name')
}

/** ticking clock so relative times re-render */
export const now = ref(Date.now())
setInterval(() => (now.value = Date.now()), 30_000)

export function relTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso).getTime()
  if (isNaN(d)) return ''
  const diff = (d - now.value) / 1000
  const abs = Math.abs(diff)
  if (abs < 45) return t('common.justNow')
  const rtf = new Intl.RelativeTimeFormat(currentLang(), { numeric: 'auto' })
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour')
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day')
  return fmtDate(iso)
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (isNaN(d.getTime())) return ''
  return d.toLocaleString(currentLang(), {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  })
}

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (isNaN(d.getTime())) return ''
  return d.toLocaleDateString(currentLang(), { year: 'numeric', month: '2-digit', day: '2-digit' })
}

/** true when the keyboard event target is something the user types into */
export function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null
  if (!el) return false
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}

/** true while an Element Plus dialog / message box is open (page shortcuts pause then) */
export function overlayOpen(): boolean {
  return Array.from(document.querySelectorAll<HTMLElement>('.el-overlay')).some((el) => el.style.display !== 'none' && el.getClientRects().length > 0)
}

export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number) {
  let h: ReturnType<typeof setTimeout> | undefined
  return (...a: A) => {
    if (h) clearTimeout(h)
    h = setTimeout(() => fn(...a), ms)
  }
}

export const STATUSES = ['new', 'open', 'pending_customer', 'pending_internal', 'resolved', 'closed'] as const
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export const CHANNELS = ['phone', 'chat', 'email', 'visit', 'web', 'other'] as const
export const TIERS = ['normal', 'silver', 'gold', 'vip'] as const
export const LEVELS = ['L1', 'L2', 'L3', 'lead', 'manager'] as const
export const ROLES = ['admin', 'supervisor', 'agent', 'qa', 'department', 'readonly'] as const

/** Allowed next statuses (workflow): new→open→pending_*→resolved→closed, reopen to open. */
export const NEXT_STATUS: Record<string, string[]> = {
  new: ['open', 'pending_customer', 'pending_internal', 'resolved', 'closed'],
  open: ['pending_customer', 'pending_internal', 'resolved', 'closed'],
  pending_customer: ['open', 'pending_internal', 'resolved', 'closed'],
  pending_internal: ['open', 'pending_customer', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
}

export const STATUS_TAG: Record<string, 'primary' | 'success' | 'warning' | 'info' | 'danger'> = {
  new: 'primary',
  open: 'primary',
  pending_customer: 'warning',
  pending_internal: 'warning',
  resolved: 'success',
  closed: 'info',
}

export const PRIORITY_TAG: Record<string, 'primary' | 'success' | 'warning' | 'info' | 'danger'> = {
  low: 'info',
  normal: 'info',
  high: 'warning',
  urgent: 'danger',
}

export const TIER_TAG: Record<string, 'primary' | 'success' | 'warning' | 'info' | 'danger'> = {
  normal: 'info',
  silver: 'primary',
  gold: 'warning',
  vip: 'danger',
}

export function fenToYuan(fen: number | null | undefined): string {
  if (fen == null) return ''
  return '¥' + (fen / 100).toLocaleString(currentLang(), { maximumFractionDigits: 2 })
}
