// Knowledge base (知识库), scripts (话术) and agent assist: API types, calls
// and the Markdown renderer.
import MarkdownIt from 'markdown-it'
import { api } from './api'
import { i18n } from './i18n'

export interface KbContent {
  title: string
  body: string
  questions: string[]
  tags: string[]
  category_id: number | null
  reason_id: number | null
  lang: 'zh-CN' | 'en'
  visibility: 'internal' | 'public'
}

export interface KbStats {
  views: number
  helpful: number
  not_helpful: number
  helpful_ratio: number | null
}

export interface KbArticle extends KbContent {
  id: number
  status: 'draft' | 'published' | 'archived'
  category_path: string
  number: number
  published_at: string | null
  published_by: string
  draft_changes: boolean
  draft?: KbContent
  stats: KbStats
  version_stats: KbStats
  created_at: string
  updated_at: string
  updated_by: string
  version: number
}

export interface KbSpan {
  text: string
  hit?: boolean
}

export interface KbHit {
  article_id: number
  title: string
  score: number
  coverage: number
  similarity: number
  snippet: string
  highlights: KbSpan[]
  matched_question: string
  lang: string
  visibility: string
  status: string
  category_id: number | null
  category_path: string
}

export interface KbCategory {
  id: number
  kind: 'article' | 'script'
  parent_id: number | null
  name_zh: string
  name_en: string
  sort: number
  path: string
  count: number
  version: number
}

export interface KbVersionInfo {
  number: number
  title: string
  note: string
  restored_from: number
  published_by: string
  published_at: string
  current: boolean
  stats: KbStats
}

export interface KbVersion extends KbVersionInfo {
  article_id: number
  content: KbContent
}

export interface KbFeedback {
  id: number
  number: number
  helpful: boolean
  comment: string
  source: 'agent' | 'customer' | 'bot'
  user_name: string
  ticket_id: number | null
  created_at: string
}

export interface KbReviewItem {
  article_id: number
  title: string
  category_path: string
  lang: string
  visibility: string
  number: number
  published_at: string
  reasons: ('low_ratio' | 'many_not_helpful' | 'stale')[]
  version_stats: KbStats
  stats: KbStats
  draft_changes: boolean
  comments: KbFeedback[]
}

export interface KbScript {
  id: number
  title: string
  text: string
  variables: string[]
  category_id: number | null
  category_path: string
  reason_id: number | null
  lang: 'zh-CN' | 'en'
  tags: string[]
  approved: boolean
  approved_by: string
  approved_at: string | null
  active: boolean
  uses: number
  created_at: string
  updated_at: string
  updated_by: string
  version: number
}

export interface KbVariable {
  name: string
  alias: string
  label_zh: string
  label_en: string
  example: string
}

export interface SimilarTicket {
  id: number
  number: string
  subject: string
  status: string
  reason_id: number | null
  reason_path: string
  same_reason: boolean
  score: number
  resolution: string
  resolved_at: string | null
  owner_name: string
}

export interface AssistResult {
  lang: string
  variables: Record<string, string>
  scripts: (KbScript & { score: number; filled: string; missing: string[] })[]
  articles: (KbHit & { steps: string[] })[]
  similar: SimilarTicket[]
  reply: {
    text: string
    parts: { kind: 'greeting' | 'script' | 'steps' | 'closing'; text: string }[]
    script_id: number | null
    article_id: number | null
    missing: string[]
    drafter: string
  }
}

export const kb = {
  search: (q: Record<string, string | number | undefined>) => api.get<{ items: KbHit[] }>('/kb/search', q),
  categories: (kind?: 'article' | 'script') => api.get<{ items: KbCategory[] }>('/kb/categories', { kind }),
  articles: (q: Record<string, string | number | undefined>) => api.get<{ items: KbArticle[]; next_cursor: string }>('/kb/articles', q),
  article: (id: number) => api.get<KbArticle>(`/kb/articles/${id}`),
  view: (id: number) => api.post<void>(`/kb/articles/${id}/views`),
  feedback: (id: number, helpful: boolean, comment = '', ticketId?: number) =>
    api.post<KbArticle>(`/kb/articles/${id}/feedback`, { helpful, comment: comment || undefined, source: 'agent', ticket_id: ticketId }),
  scripts: (q: Record<string, string | number | boolean | undefined>) => api.get<{ items: KbScript[] }>('/kb/scripts', q as Record<string, string>),
  useScript: (id: number, ticketId?: number) => api.post<void>(`/kb/scripts/${id}/use`, { ticket_id: ticketId }),
  fill: (id: number, ticketId: number) => api.get<{ text: string; missing: string[] }>(`/kb/scripts/${id}/fill`, { ticket_id: ticketId }),
  variables: () => api.get<{ items: KbVariable[] }>('/kb/variables'),
  assist: (ticketId: number) => api.get<AssistResult>(`/tickets/${ticketId}/assist`),
}

// Markdown without raw HTML: markdown-it escapes any HTML in the source
// (html: false) and refuses javascript:, vbscript: and data: links.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false })
const defaultLink = md.renderer.rules.link_open || ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('target', '_blank')
  tokens[idx].attrSet('rel', 'noopener noreferrer')
  return defaultLink(tokens, idx, options, env, self)
}

export function renderMarkdown(src: string): string {
  return md.render(src || '')
}

/** category name in the current language */
export function categoryName(c: Pick<KbCategory, 'name_zh' | 'name_en'>): string {
  return i18n.global.locale.value === 'en' ? c.name_en || c.name_zh : c.name_zh || c.name_en
}

export interface CategoryNode {
  id: number
  label: string
  count: number
  total: number
  children: CategoryNode[]
  cat: KbCategory
}

/** the category list as a tree, with each node's total including its descendants */
export function categoryTree(cats: KbCategory[]): CategoryNode[] {
  const byId = new Map<number, CategoryNode>()
  for (const c of cats) byId.set(c.id, { id: c.id, label: categoryName(c), count: c.count, total: c.count, children: [], cat: c })
  const roots: CategoryNode[] = []
  for (const c of cats) {
    const n = byId.get(c.id)!
    const p = c.parent_id ? byId.get(c.parent_id) : undefined
    if (p) p.children.push(n)
    else roots.push(n)
  }
  const sum = (n: CategoryNode): number => (n.total = n.count + n.children.reduce((a, k) => a + sum(k), 0))
  roots.forEach(sum)
  return roots
}

/** helpful share as a percentage, or '—' */
export function ratioText(s: KbStats): string {
  if (s.helpful_ratio === null || s.helpful_ratio === undefined) return '—'
  return Math.round(s.helpful_ratio * 100) + '%'
}
