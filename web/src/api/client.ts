// One function per endpoint the UI uses. Paths and methods here are checked against the server's OpenAPI
// document by tests/openapi-contract.spec.ts (see ENDPOINTS at the bottom).
import { api, optional } from './http'
import type * as T from './types'

type Items<X> = { items: X[] }

export const auth = {
  login: (username: string, password: string) =>
    api<T.LoginResult>('POST', '/auth/login', { body: { username, password }, quiet401: true }),
  logout: () => api<void>('POST', '/auth/logout', { quiet401: true }),
  me: () => api<T.Me>('GET', '/auth/me', { quiet401: true }),
  changePassword: (current_password: string, new_password: string) =>
    api<void>('POST', '/auth/password', { body: { current_password, new_password } }),
}

export interface NewComplaintBody {
  kind?: T.RequestKind
  channel?: T.Channel
  received_at?: string
  occurred_at?: string
  subject: string
  description: string
  product?: string
  order_number?: string
  customer_request?: string
  amount?: string
  business_line?: string
  source_ref?: string
  category_id?: number
  acknowledge?: boolean
  privacy_consent?: boolean
  complainant: Partial<T.Complainant> & { name: string }
}

export const complaints = {
  list: (query: T.ListQuery, signal?: AbortSignal) =>
    api<T.ComplaintPage>('GET', '/complaints', { query: query as Record<string, string>, signal }),
  get: (id: number) => api<T.Complaint>('GET', `/complaints/${id}`),
  create: (body: NewComplaintBody, idempotencyKey?: string) =>
    api<T.FiledComplaint>('POST', '/complaints', {
      body,
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
    }),
  edit: (id: number, patch: Record<string, unknown>) => api<T.Complaint>('PATCH', `/complaints/${id}`, { body: patch }),
  repeatCheck: (contact: { phone?: string; email?: string; customer_id?: string }) =>
    api<Items<T.ComplaintSummary>>('POST', '/complaints/repeat-check', { body: contact }),
  action: (id: number, action: T.Action, body: Record<string, unknown>) =>
    api<T.Complaint>('POST', `/complaints/${id}/actions/${action}`, { body }),
  reveal: (id: number) => api<{ complainant: T.Complainant }>('POST', `/complaints/${id}/reveal`, { body: {} }),
  timeline: (id: number) => api<{ events: T.TimelineEvent[] }>('GET', `/complaints/${id}/timeline`),
  messages: (id: number) => api<Items<T.Message>>('GET', `/complaints/${id}/messages`),
  addMessage: (id: number, body: string, visibility: T.Visibility) =>
    api<T.Message>('POST', `/complaints/${id}/messages`, { body: { body, visibility } }),
  attachments: (id: number) => api<Items<T.Attachment>>('GET', `/complaints/${id}/attachments`),
  upload: (id: number, file: File, visibility: T.Visibility) =>
    api<T.Attachment>('POST', `/complaints/${id}/attachments`, {
      query: { filename: file.name, visibility },
      raw: file,
    }),
  similar: (id: number, limit = 5) =>
    optional(() => api<Items<T.SimilarComplaint>>('GET', `/complaints/${id}/similar`, { query: { limit } }), 'GET', '/api/v1/complaints/{id}/similar'),
  satisfaction: (id: number, version: number, rating: number, comment: string) =>
    api<T.Complaint>('POST', `/complaints/${id}/satisfaction`, { body: { version, rating, comment } }),
  // clocks and emergency (added by the lead; callers check the complaint's fields before offering them)
  pauseClocks: (id: number, version: number, reason: string) =>
    api<T.Complaint>('POST', `/complaints/${id}/clocks/pause`, { body: { version, reason } }),
  resumeClocks: (id: number, version: number) =>
    api<T.Complaint>('POST', `/complaints/${id}/clocks/resume`, { body: { version } }),
  extendClock: (id: number, target: string, body: { version: number; amount: number; unit: string; reason: string }) =>
    api<T.Complaint>('POST', `/complaints/${id}/clocks/${encodeURIComponent(target)}/extend`, { body }),
  startEmergency: (
    id: number,
    body: { version: number; team: string[]; contingency_plan: string; report_interval_minutes: number },
  ) => api<T.Complaint>('POST', `/complaints/${id}/emergency`, { body }),
  emergencyReport: (id: number, version: number, text: string) =>
    api<T.Complaint>('POST', `/complaints/${id}/emergency/reports`, { body: { version, text } }),
}

export function attachmentUrl(id: number): string {
  return `/api/v1/attachments/${id}/content`
}

export const catalog = {
  categories: () => api<Items<T.Category>>('GET', '/categories', { quiet401: true }),
  createCategory: (body: Partial<T.Category>) => api<T.Category>('POST', '/categories', { body }),
  updateCategory: (id: number, body: Partial<T.Category>) => api<T.Category>('PATCH', `/categories/${id}`, { body }),
  departments: () => api<Items<T.Department>>('GET', '/departments'),
  createDepartment: (name: string, parent_id?: number | null) =>
    api<T.Department>('POST', '/departments', { body: parent_id ? { name, parent_id } : { name } }),
  updateDepartment: (id: number, body: { version: number; name?: string; active?: boolean }) =>
    api<T.Department>('PATCH', `/departments/${id}`, { body }),
  users: () => api<Items<T.User>>('GET', '/users'),
  createUser: (body: Record<string, unknown>) => api<T.User>('POST', '/users', { body }),
  updateUser: (id: number, body: Record<string, unknown>) => api<T.User>('PATCH', `/users/${id}`, { body }),
  roles: () => api<Items<T.RoleInfo>>('GET', '/roles'),
  workflow: () => api<{ transitions: T.Transition[] }>('GET', '/workflow'),
  settings: () => api<T.ProcessSettings>('GET', '/settings/process'),
  updateSettings: (body: T.ProcessSettings) => api<T.ProcessSettings>('PUT', '/settings/process', { body }),
}

// Endpoints that may be missing on an older server: each answers undefined on 404.
export const extras = {
  notifications: (unread?: boolean) =>
    optional(() => api<T.NotificationList>('GET', '/notifications', { query: { unread: unread ? 'true' : undefined } }), 'GET', '/api/v1/notifications'),
  readNotification: (id: number) => api<void>('POST', `/notifications/${id}/read`, { body: {} }),
  readAllNotifications: () => api<void>('POST', '/notifications/read-all', { body: {} }),
  overview: () => optional(() => api<T.Overview>('GET', '/stats/overview'), 'GET', '/api/v1/stats/overview'),
  calendars: () => optional(() => api<Items<T.BusinessCalendar>>('GET', '/calendars'), 'GET', '/api/v1/calendars'),
  saveCalendar: (calendar: T.BusinessCalendar) =>
    api<T.BusinessCalendar>('PUT', `/calendars/${encodeURIComponent(calendar.id)}`, { body: calendar }),
  importCalendar: (id: string, file: File) =>
    api<T.BusinessCalendar>('POST', `/calendars/${encodeURIComponent(id)}/import`, {
      raw: file,
      headers: { 'Content-Type': /\.json$/i.test(file.name) ? 'application/json' : 'text/calendar' },
    }),
  slaPolicy: () => optional(() => api<T.SlaPolicy>('GET', '/sla/policy'), 'GET', '/api/v1/sla/policy'),
  saveSlaPolicy: (policy: T.SlaPolicy) => api<T.SlaPolicy>('PUT', '/sla/policy', { body: policy }),
  templates: () => optional(() => api<Items<T.ReplyTemplate>>('GET', '/templates'), 'GET', '/api/v1/templates'),
  createTemplate: (body: Partial<T.ReplyTemplate>) => api<T.ReplyTemplate>('POST', '/templates', { body }),
  updateTemplate: (id: number, body: Partial<T.ReplyTemplate>) =>
    api<T.ReplyTemplate>('PATCH', `/templates/${id}`, { body }),
  deleteTemplate: (id: number) => api<void>('DELETE', `/templates/${id}`),
  views: () => optional(() => api<Items<T.SavedView>>('GET', '/me/views'), 'GET', '/api/v1/me/views'),
  createView: (name: string, query: T.ListQuery) => api<T.SavedView>('POST', '/me/views', { body: { name, query } }),
  deleteView: (id: number) => api<void>('DELETE', `/me/views/${id}`),
}

export const portal = {
  submit: (body: NewComplaintBody & { privacy_consent: boolean }, idempotencyKey?: string) =>
    api<T.PortalReceipt>('POST', '/portal/complaints', {
      body,
      quiet401: true,
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
    }),
  track: (number: string, access_code: string) =>
    api<T.CustomerView>('POST', '/portal/track', { body: { number, access_code }, quiet401: true }),
  message: (number: string, access_code: string, body: string) =>
    api<T.CustomerView>('POST', `/portal/complaints/${encodeURIComponent(number)}/messages`, {
      body: { access_code, body },
      quiet401: true,
    }),
  action: (number: string, access_code: string, action: T.Action, text: Record<string, string>) =>
    api<T.CustomerView>('POST', `/portal/complaints/${encodeURIComponent(number)}/actions/${action}`, {
      body: { access_code, ...text },
      quiet401: true,
    }),
  rate: (number: string, access_code: string, rating: number, comment: string) =>
    api<T.CustomerView>('POST', `/portal/complaints/${encodeURIComponent(number)}/satisfaction`, {
      body: { access_code, rating, comment },
      quiet401: true,
    }),
  upload: (number: string, access_code: string, file: File) =>
    api<{ id: number; filename: string; content_type: string; size: number }>(
      'POST',
      `/portal/complaints/${encodeURIComponent(number)}/attachments`,
      { query: { filename: file.name }, raw: file, headers: { 'X-Access-Code': access_code }, quiet401: true },
    ),
}

/** Every endpoint above as "METHOD /path" in OpenAPI template form, for the contract test. `later` ones may be
 * absent from the document until the server has them. */
export const ENDPOINTS: { method: string; path: string; later?: boolean }[] = [
  { method: 'POST', path: '/api/v1/auth/login' },
  { method: 'POST', path: '/api/v1/auth/logout' },
  { method: 'GET', path: '/api/v1/auth/me' },
  { method: 'POST', path: '/api/v1/auth/password' },
  { method: 'GET', path: '/api/v1/complaints' },
  { method: 'POST', path: '/api/v1/complaints' },
  { method: 'GET', path: '/api/v1/complaints/{id}' },
  { method: 'PATCH', path: '/api/v1/complaints/{id}' },
  { method: 'POST', path: '/api/v1/complaints/repeat-check' },
  { method: 'POST', path: '/api/v1/complaints/{id}/actions/{action}' },
  { method: 'POST', path: '/api/v1/complaints/{id}/reveal' },
  { method: 'GET', path: '/api/v1/complaints/{id}/timeline' },
  { method: 'GET', path: '/api/v1/complaints/{id}/messages' },
  { method: 'POST', path: '/api/v1/complaints/{id}/messages' },
  { method: 'GET', path: '/api/v1/complaints/{id}/attachments' },
  { method: 'POST', path: '/api/v1/complaints/{id}/attachments' },
  { method: 'GET', path: '/api/v1/attachments/{id}/content' },
  { method: 'POST', path: '/api/v1/complaints/{id}/satisfaction' },
  { method: 'GET', path: '/api/v1/complaints/{id}/similar', later: true },
  { method: 'POST', path: '/api/v1/complaints/{id}/clocks/pause', later: true },
  { method: 'POST', path: '/api/v1/complaints/{id}/clocks/resume', later: true },
  { method: 'POST', path: '/api/v1/complaints/{id}/clocks/{target}/extend', later: true },
  { method: 'POST', path: '/api/v1/complaints/{id}/emergency', later: true },
  { method: 'POST', path: '/api/v1/complaints/{id}/emergency/reports', later: true },
  { method: 'GET', path: '/api/v1/categories' },
  { method: 'POST', path: '/api/v1/categories' },
  { method: 'PATCH', path: '/api/v1/categories/{id}' },
  { method: 'GET', path: '/api/v1/departments' },
  { method: 'POST', path: '/api/v1/departments' },
  { method: 'PATCH', path: '/api/v1/departments/{id}' },
  { method: 'GET', path: '/api/v1/users' },
  { method: 'POST', path: '/api/v1/users' },
  { method: 'PATCH', path: '/api/v1/users/{id}' },
  { method: 'GET', path: '/api/v1/roles' },
  { method: 'GET', path: '/api/v1/workflow' },
  { method: 'GET', path: '/api/v1/settings/process' },
  { method: 'PUT', path: '/api/v1/settings/process' },
  { method: 'GET', path: '/api/v1/notifications', later: true },
  { method: 'POST', path: '/api/v1/notifications/{id}/read', later: true },
  { method: 'POST', path: '/api/v1/notifications/read-all', later: true },
  { method: 'GET', path: '/api/v1/stats/overview', later: true },
  { method: 'GET', path: '/api/v1/calendars', later: true },
  { method: 'PUT', path: '/api/v1/calendars/{id}', later: true },
  { method: 'POST', path: '/api/v1/calendars/{id}/import', later: true },
  { method: 'GET', path: '/api/v1/sla/policy', later: true },
  { method: 'PUT', path: '/api/v1/sla/policy', later: true },
  { method: 'GET', path: '/api/v1/templates', later: true },
  { method: 'POST', path: '/api/v1/templates', later: true },
  { method: 'PATCH', path: '/api/v1/templates/{id}', later: true },
  { method: 'DELETE', path: '/api/v1/templates/{id}', later: true },
  { method: 'GET', path: '/api/v1/me/views', later: true },
  { method: 'POST', path: '/api/v1/me/views', later: true },
  { method: 'DELETE', path: '/api/v1/me/views/{id}', later: true },
  { method: 'POST', path: '/api/v1/portal/complaints' },
  { method: 'POST', path: '/api/v1/portal/track' },
  { method: 'POST', path: '/api/v1/portal/complaints/{number}/messages' },
  { method: 'POST', path: '/api/v1/portal/complaints/{number}/actions/{action}' },
  { method: 'POST', path: '/api/v1/portal/complaints/{number}/satisfaction' },
  { method: 'POST', path: '/api/v1/portal/complaints/{number}/attachments' },
]
