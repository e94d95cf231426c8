import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useSession } from '@/stores/session'
import type { Permission } from '@/api/types'

declare module 'vue-router' {
  interface RouteMeta {
    console?: boolean
    /** any one of these permissions opens the page */
    permissions?: Permission[]
    title?: string
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: 'login.title' } },
  {
    path: '/portal',
    component: () => import('@/layouts/PortalLayout.vue'),
    children: [
      { path: '', name: 'portal', component: () => import('@/views/portal/PortalHome.vue'), meta: { title: 'portal.title' } },
      { path: 'case/:number', name: 'portal-case', component: () => import('@/views/portal/PortalCase.vue'),
        props: true, meta: { title: 'portal.progress' } },
    ],
  },
  {
    path: '/',
    component: () => import('@/layouts/ConsoleLayout.vue'),
    meta: { console: true },
    children: [
      { path: '', redirect: { name: 'overview' } },
      { path: 'overview', name: 'overview', component: () => import('@/views/OverviewView.vue'), meta: { console: true, title: 'nav.overview' } },
      { path: 'queues/:queue?', name: 'queues', component: () => import('@/views/QueueView.vue'), meta: { console: true, title: 'nav.queues' } },
      { path: 'complaints/:id(\\d+)', name: 'complaint', component: () => import('@/views/ComplaintView.vue'),
        props: (r) => ({ id: Number(r.params.id) }), meta: { console: true, title: 'nav.queues' } },
      { path: 'register', name: 'register', component: () => import('@/views/RegisterView.vue'),
        meta: { console: true, permissions: ['register'], title: 'nav.register' } },
      { path: 'notifications', name: 'notifications', component: () => import('@/views/NotificationsView.vue'),
        meta: { console: true, title: 'nav.notifications' } },
      { path: 'admin/users', name: 'admin-users', component: () => import('@/views/admin/UsersView.vue'),
        meta: { console: true, permissions: ['manage_users'], title: 'nav.users' } },
      { path: 'admin/roles', name: 'admin-roles', component: () => import('@/views/admin/RolesView.vue'),
        meta: { console: true, permissions: ['manage_users', 'manage_settings'], title: 'nav.roles' } },
      { path: 'admin/departments', name: 'admin-departments', component: () => import('@/views/admin/DepartmentsView.vue'),
        meta: { console: true, permissions: ['manage_users'], title: 'nav.departments' } },
      { path: 'admin/categories', name: 'admin-categories', component: () => import('@/views/admin/CategoriesView.vue'),
        meta: { console: true, permissions: ['manage_settings'], title: 'nav.categories' } },
      { path: 'admin/calendars', name: 'admin-calendars', component: () => import('@/views/admin/CalendarsView.vue'),
        meta: { console: true, permissions: ['manage_settings'], title: 'nav.calendars' } },
      { path: 'admin/sla', name: 'admin-sla', component: () => import('@/views/admin/SlaView.vue'),
        meta: { console: true, permissions: ['manage_settings', 'manage_process'], title: 'nav.sla' } },
      { path: 'admin/templates', name: 'admin-templates', component: () => import('@/views/admin/TemplatesView.vue'),
        meta: { console: true, permissions: ['manage_settings'], title: 'nav.templates' } },
      { path: 'admin/settings', name: 'admin-settings', component: () => import('@/views/admin/SettingsView.vue'),
        meta: { console: true, permissions: ['manage_settings', 'manage_process'], title: 'nav.settings' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!to.matched.some((r) => r.meta.console)) return true
  const session = useSession()
  if (!session.loaded || !session.signedIn) {
    const ok = session.signedIn || (await session.load())
    if (!ok) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  const needed = to.meta.permissions
  if (needed && !needed.some((p) => session.has(p))) return { name: 'overview' }
  return true
})
