import { computed, reactive } from 'vue'
import { api } from './api'
import { i18n } from './i18n'
import type { Reason, Role, ServiceType, Team, User } from './types'

export const session = reactive({
  user: null as User | null,
  checked: false,
})

export const refdata = reactive({
  teams: [] as Team[],
  users: [] as User[],
  roles: [] as Role[],
  serviceTypes: [] as ServiceType[],
  reasons: [] as Reason[],
  loaded: false,
})

export function can(perm: string): boolean {
  return !!session.user?.permissions?.includes(perm)
}

export const isAdmin = computed(() => can('user:manage') || can('team:manage') || can('taxonomy:manage'))

async function safe<T>(p: Promise<{ items: T[] | null }>): Promise<T[]> {
  try {
    return (await p).items || []
  } catch {
    return []
  }
}

export async function loadTeams() {
  refdata.teams = await safe(api.get<{ items: Team[] }>('/teams'))
}
export async function loadUsers() {
  refdata.users = await safe(api.get<{ items: User[] }>('/users'))
}
export async function loadTaxonomy() {
  const [st, rs] = await Promise.all([
    safe(api.get<{ items: ServiceType[] }>('/service-types')),
    safe(api.get<{ items: Reason[] }>('/reasons')),
  ])
  refdata.serviceTypes = st.sort((a, b) => a.sort - b.sort)
  refdata.reasons = rs
}
export async function loadRefdata() {
  await Promise.all([loadTeams(), loadUsers(), loadTaxonomy()])
  if (can('user:read')) refdata.roles = await safe(api.get<{ items: Role[] }>('/roles'))
  refdata.loaded = true
}

const isEn = () => i18n.global.locale.value === 'en'

export function serviceTypeName(code: string | null | undefined): string {
  if (!code) return ''
  const st = refdata.serviceTypes.find((s) => s.code === code)
  if (!st) return code
  return isEn() ? st.name_en || st.name_zh : st.name_zh || st.name_en
}

export function reasonName(r: Reason): string {
  return isEn() ? r.name_en || r.name_zh : r.name_zh || r.name_en
}

/** Localised path of a reason: 退款 / 课程退款 */
export function reasonPath(id: number | null | undefined, fallback = ''): string {
  if (!id) return fallback
  const parts: string[] = []
  let cur = refdata.reasons.find((r) => r.id === id)
  let guard = 0
  while (cur && guard++ < 10) {
    parts.unshift(reasonName(cur))
    const pid = cur.parent_id
    cur = pid ? refdata.reasons.find((r) => r.id === pid) : undefined
  }
  return parts.length ? parts.join(' / ') : fallback
}

export function teamName(id: number | null | undefined): string {
  if (!id) return ''
  return refdata.teams.find((t) => t.id === id)?.name || `#${id}`
}

export function userName(id: number | null | undefined): string {
  if (!id) return ''
  return refdata.users.find((u) => u.id === id)?.name || `#${id}`
}

export interface ReasonOption {
  value: number
  label: string
  disabled?: boolean
  children?: ReasonOption[]
}

/** Build the cascader tree from the flat reason list. */
export function reasonTree(includeInactive = false): ReasonOption[] {
  const list = refdata.reasons.filter((r) => includeInactive || r.active)
  const byParent = new Map<number | null, Reason[]>()
  for (const r of list) {
    const k = r.parent_id ?? null
    if (!byParent.has(k)) byParent.set(k, [])
    byParent.get(k)!.push(r)
  }
  const ids = new Set(list.map((r) => r.id))
  const build = (pid: number | null): ReasonOption[] =>
    (byParent.get(pid) || [])
      .sort((a, b) => a.sort - b.sort || a.id - b.id)
      .map((r) => {
        const children = build(r.id)
        return { value: r.id, label: reasonName(r), children: children.length ? children : undefined }
      })
  // orphans (parent inactive/missing) become roots
  const roots = build(null)
  for (const [pid] of byParent) {
    if (pid !== null && !ids.has(pid)) roots.push(...build(pid))
  }
  return roots
}
