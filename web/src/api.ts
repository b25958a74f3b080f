import { ElMessage, ElMessageBox } from 'element-plus'
import { currentLang, t } from './i18n'
import type { Problem, Session } from './types'

const BASE = '/api/v1'

let csrfToken = ''
let onUnauthenticated: (() => void) | null = null

export function setCsrf(token: string) {
  csrfToken = token || ''
}
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn
}

function cookie(name: string): string {
  const m = document.cookie.split('; ').find((c) => c.startsWith(name + '='))
  return m ? decodeURIComponent(m.slice(name.length + 1)) : ''
}

export class ApiError extends Error {
  status: number
  problem: Problem
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`)
    this.status = problem.status
    this.problem = problem
  }
  /** field errors keyed by the last part of the location: body.subject → subject */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem.errors || []) {
      const loc = (e.location || '').replace(/^(body|query|path)\./, '')
      const key = loc.split(/[.[]/)[0] || loc
      if (key && !out[key]) out[key] = e.message
    }
    return out
  }
}

type Query = Record<string, string | number | boolean | null | undefined | (string | number)[]>

export function qs(q?: Query): string {
  if (!q) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','))
    } else p.set(k, String(v))
  }
  const s = p.toString()
  return s ? '?' + s : ''
}

export interface RequestOptions {
  query?: Query
  /** do not redirect to the login page on 401 */
  quiet401?: boolean
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLang(),
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken || cookie('kefu_csrf')
    if (token) headers['X-CSRF-Token'] = token
  }
  let res: Response
  try {
    res = await fetch(BASE + path + qs(opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError({ status: 0, code: 'network', title: 'Network', detail: t('errors.network') })
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: any = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }
  if (!res.ok) {
    const problem: Problem =
      data && typeof data === 'object'
        ? { status: res.status, code: data.code || '', title: data.title || res.statusText, detail: data.detail || data.title || '', errors: data.errors, current: data.current }
        : { status: res.status, code: '', title: res.statusText, detail: text || res.statusText }
    const err = new ApiError(problem)
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated()
    throw err
  }
  return data as T
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: RequestOptions) => request<T>('GET', path, undefined, { ...opts, query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
}

export async function login(email: string, password: string): Promise<Session> {
  const s = await request<Session>('POST', '/auth/login', { email, password }, { quiet401: true })
  setCsrf(s.csrf_token)
  return s
}

export async function me(): Promise<Session> {
  const s = await request<Session>('GET', '/auth/me', undefined, { quiet401: true })
  setCsrf(s.csrf_token)
  return s
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/auth/logout', {}, { quiet401: true })
  } finally {
    setCsrf('')
  }
}

/** Show an API error to the user: detail plus per-field messages. */
export function showError(e: unknown) {
  if (e instanceof ApiError) {
    if (e.status === 401) return // handled by redirect
    const fields = (e.problem.errors || []).map((x) => `${x.location.replace(/^body\./, '')}: ${x.message}`)
    const msg = [e.problem.detail || e.problem.title || t('errors.unknown'), ...fields].join('；')
    ElMessage({ type: 'error', message: msg, duration: 5000, showClose: true, grouping: true })
  } else {
    ElMessage({ type: 'error', message: (e as Error)?.message || t('errors.unknown'), grouping: true })
  }
}

/** 409 on a versioned save: explain and offer to load the latest version. Resolves true when the user wants it. */
export async function confirmConflict(): Promise<boolean> {
  try {
    await ElMessageBox.confirm(t('errors.conflictBody'), t('errors.conflictTitle'), {
      confirmButtonText: t('errors.loadLatest'),
      cancelButtonText: t('common.cancel'),
      type: 'warning',
    })
    return true
  } catch {
    return false
  }
}
