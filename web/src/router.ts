import { createRouter, createWebHistory } from 'vue-router'
import { me, setUnauthenticatedHandler } from './api'
import { loadRefdata, session, isAdmin, can } from './store'
import { startStream, stopStream } from './stream'
import { setLang, t, type Lang } from './i18n'
import { setTitle } from './utils'

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./views/AppLayout.vue'),
      children: [
        { path: '', redirect: '/inbox' },
        { path: 'inbox', name: 'inbox', component: () => import('./views/InboxView.vue') },
        { path: 'tickets/:id', name: 'ticket', component: () => import('./views/TicketView.vue'), props: true },
        { path: 'contacts/new', name: 'contact-new', component: () => import('./views/ContactLogView.vue') },
        { path: 'customers', name: 'customers', component: () => import('./views/CustomersView.vue') },
        { path: 'customers/:id', name: 'customer', component: () => import('./views/CustomerView.vue'), props: true },
        { path: 'reports', name: 'reports', component: () => import('./views/ReportsView.vue') },
        { path: 'queue', name: 'queue', component: () => import('./views/QueueView.vue') },
        { path: 'bot/:tab?', name: 'bot', component: () => import('./views/BotView.vue'), props: true },
        { path: 'kb/edit/:id?', name: 'kb-edit', component: () => import('./views/ArticleEditView.vue'), props: true, meta: { perm: 'kb:manage' } },
        { path: 'kb/:tab?', name: 'kb', component: () => import('./views/KnowledgeView.vue'), props: true },
        { path: 'admin/:tab?', name: 'admin', component: () => import('./views/AdminView.vue'), props: true, meta: { admin: true } },
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: '/inbox' },
  ],
})

/** Called after login or a successful /auth/me. */
export async function startSession(user: NonNullable<typeof session.user>) {
  session.user = user
  session.checked = true
  if (!localStorage.getItem('kefu.lang') && (user.locale === 'en' || user.locale === 'zh-CN')) setLang(user.locale as Lang)
  await loadRefdata()
  startStream()
}

export function endSession() {
  session.user = null
  stopStream()
}

setUnauthenticatedHandler(() => {
  if (!session.user && router.currentRoute.value.name === 'login') return
  endSession()
  const cur = router.currentRoute.value
  if (cur.name !== 'login') router.push({ name: 'login', query: { next: cur.fullPath } })
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.user) {
    try {
      const s = await me()
      await startSession(s.user)
    } catch {
      session.checked = true
      return { name: 'login', query: to.fullPath !== '/' && to.fullPath !== '/inbox' ? { next: to.fullPath } : {} }
    }
  }
  if (to.meta.admin && !isAdmin.value) return { name: 'inbox' }
  if (typeof to.meta.perm === 'string' && !can(to.meta.perm)) return { name: 'kb' }
  return true
})

const TITLES: Record<string, string> = {
  login: 'login.title',
  inbox: 'nav.inbox',
  'contact-new': 'nav.logContact',
  customers: 'nav.customers',
  admin: 'nav.admin',
  reports: 'sla.reports.title',
  queue: 'queue.title',
  bot: 'bot.title',
  kb: 'kb.title',
}
router.afterEach((to) => {
  const key = TITLES[String(to.name)]
  if (key) setTitle(t(key))
})
