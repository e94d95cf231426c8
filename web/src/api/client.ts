// One function per endpoint the UI uses. Paths, parameters, bodies and answers are typed from the server's OpenAPI
// document (src/api/schema.ts is generated from src/http/openapi.json), so the type check fails when the UI calls a
// route the server does not document or sends a body it would refuse.
import { http, rawBody, unwrap } from './http'
import type * as T from './types'

const id = (value: number) => ({ path: { id: value } })
const idempotency = (key?: string) => (key ? { 'Idempotency-Key': key } : {})

export const auth = {
  login: (username: string, password: string) =>
    unwrap(http.POST('/api/v1/auth/login', { body: { username, password } }), true),
  logout: () => unwrap(http.POST('/api/v1/auth/logout'), true),
  me: () => unwrap(http.GET('/api/v1/auth/me'), true),
  changePassword: (current_password: string, new_password: string) =>
    unwrap(http.POST('/api/v1/auth/password', { body: { current_password, new_password } })),
}

export const complaints = {
  list: (query: T.ListQuery, signal?: AbortSignal) =>
    unwrap(http.GET('/api/v1/complaints', { params: { query }, signal })),
  get: (complaint: number) => unwrap(http.GET('/api/v1/complaints/{id}', { params: id(complaint) })),
  create: (body: T.NewComplaint, idempotencyKey?: string) =>
    unwrap(http.POST('/api/v1/complaints', { body, headers: idempotency(idempotencyKey) })),
  edit: (complaint: number, patch: T.ComplaintPatch) =>
    unwrap(http.PATCH('/api/v1/complaints/{id}', { params: id(complaint), body: patch })),
  repeatCheck: (contact: T.RepeatCheck) => unwrap(http.POST('/api/v1/complaints/repeat-check', { body: contact })),
  /** `body` is built field by field (utils/actions.ts) and may lack required fields on purpose: the server's
   * answer names each one next to its input. */
  action: (complaint: number, action: T.Action, body: Record<string, unknown>) =>
    unwrap(http.POST('/api/v1/complaints/{id}/actions/{action}', {
      params: { path: { id: complaint, action } },
      body: body as T.ActionRequest,
    })),
  reveal: (complaint: number) => unwrap(http.POST('/api/v1/complaints/{id}/reveal', { params: id(complaint) })),
  timeline: (complaint: number) => unwrap(http.GET('/api/v1/complaints/{id}/timeline', { params: id(complaint) })),
  messages: (complaint: number) => unwrap(http.GET('/api/v1/complaints/{id}/messages', { params: id(complaint) })),
  addMessage: (complaint: number, body: string, visibility: T.Visibility) =>
    unwrap(http.POST('/api/v1/complaints/{id}/messages', { params: id(complaint), body: { body, visibility } })),
  attachments: (complaint: number) => unwrap(http.GET('/api/v1/complaints/{id}/attachments', { params: id(complaint) })),
  upload: (complaint: number, file: File, visibility: T.Visibility) =>
    unwrap(http.POST('/api/v1/complaints/{id}/attachments', {
      params: { path: { id: complaint }, query: { filename: file.name, visibility } },
      ...rawBody(file),
    })),
  similar: (complaint: number, limit = 5) =>
    unwrap(http.GET('/api/v1/complaints/{id}/similar', { params: { path: { id: complaint }, query: { limit } } })),
  satisfaction: (complaint: number, body: T.SatisfactionInput) =>
    unwrap(http.POST('/api/v1/complaints/{id}/satisfaction', { params: id(complaint), body })),
  pauseClocks: (complaint: number, body: T.ClockPause) =>
    unwrap(http.POST('/api/v1/complaints/{id}/clocks/pause', { params: id(complaint), body })),
  resumeClocks: (complaint: number, body: T.ClockResume) =>
    unwrap(http.POST('/api/v1/complaints/{id}/clocks/resume', { params: id(complaint), body })),
  extendClock: (complaint: number, target: T.SlaTarget, body: T.ClockExtension) =>
    unwrap(http.POST('/api/v1/complaints/{id}/clocks/{target}/extend', { params: { path: { id: complaint, target } }, body })),
  startEmergency: (complaint: number, body: T.EmergencyOrganisation) =>
    unwrap(http.POST('/api/v1/complaints/{id}/emergency', { params: id(complaint), body })),
  emergencyReport: (complaint: number, body: T.EmergencyReport) =>
    unwrap(http.POST('/api/v1/complaints/{id}/emergency/reports', { params: id(complaint), body })),
}

/** Where the browser downloads an attachment (a link, not a fetch). */
export function attachmentUrl(attachment: number): string {
  return `/api/v1/attachments/${attachment}/content`
}

export const catalog = {
  categories: () => unwrap(http.GET('/api/v1/categories'), true),
  createCategory: (body: T.NewCategory) => unwrap(http.POST('/api/v1/categories', { body })),
  updateCategory: (category: number, body: T.CategoryPatch) =>
    unwrap(http.PATCH('/api/v1/categories/{id}', { params: id(category), body })),
  departments: () => unwrap(http.GET('/api/v1/departments')),
  createDepartment: (body: T.NewDepartment) => unwrap(http.POST('/api/v1/departments', { body })),
  updateDepartment: (department: number, body: T.DepartmentPatch) =>
    unwrap(http.PATCH('/api/v1/departments/{id}', { params: id(department), body })),
  users: () => unwrap(http.GET('/api/v1/users')),
  createUser: (body: T.NewUser) => unwrap(http.POST('/api/v1/users', { body })),
  updateUser: (user: number, body: T.UserPatch) => unwrap(http.PATCH('/api/v1/users/{id}', { params: id(user), body })),
  roles: () => unwrap(http.GET('/api/v1/roles')),
  workflow: () => unwrap(http.GET('/api/v1/workflow')),
  settings: () => unwrap(http.GET('/api/v1/settings/process')),
  updateSettings: (body: T.ProcessSettingsInput) => unwrap(http.PUT('/api/v1/settings/process', { body })),
}

export const notifications = {
  list: (unread?: boolean) => unwrap(http.GET('/api/v1/notifications', { params: { query: { unread } } })),
  read: (notification: number) => unwrap(http.POST('/api/v1/notifications/{id}/read', { params: id(notification) })),
  readAll: () => unwrap(http.POST('/api/v1/notifications/read-all')),
}

export const stats = {
  overview: () => unwrap(http.GET('/api/v1/stats/overview')),
}

export const timeLimits = {
  calendars: () => unwrap(http.GET('/api/v1/calendars')),
  saveCalendar: (calendar: T.CalendarInput & { id: string }) =>
    unwrap(http.PUT('/api/v1/calendars/{id}', { params: { path: { id: calendar.id } }, body: calendar })),
  /** An .ics file, or a holiday-cn .json feed. */
  importCalendar: (calendar: string, file: File) =>
    unwrap(http.POST('/api/v1/calendars/{id}/import', {
      params: { path: { id: calendar } },
      ...rawBody(file, /\.json$/i.test(file.name) ? 'application/json' : 'text/calendar'),
    })),
  slaPolicy: () => unwrap(http.GET('/api/v1/sla/policy')),
  saveSlaPolicy: (policy: T.SlaPolicyInput) => unwrap(http.PUT('/api/v1/sla/policy', { body: policy })),
}

export const templates = {
  list: () => unwrap(http.GET('/api/v1/templates')),
  create: (body: T.NewReplyTemplate) => unwrap(http.POST('/api/v1/templates', { body })),
  update: (template: number, body: T.ReplyTemplatePatch) =>
    unwrap(http.PATCH('/api/v1/templates/{id}', { params: id(template), body })),
  remove: (template: number) => unwrap(http.DELETE('/api/v1/templates/{id}', { params: id(template) })),
}

export const views = {
  list: () => unwrap(http.GET('/api/v1/me/views')),
  create: (name: string, query: T.ListQuery) => unwrap(http.POST('/api/v1/me/views', { body: { name, query } })),
  remove: (view: number) => unwrap(http.DELETE('/api/v1/me/views/{id}', { params: id(view) })),
}

const caseOf = (number: string) => ({ path: { number } })

export const portal = {
  /** Consent is sent as given, even false, so the server's answer names it next to the checkbox. */
  submit: (body: Omit<T.PortalComplaint, 'privacy_consent'> & { privacy_consent: boolean }, idempotencyKey?: string) =>
    unwrap(http.POST('/api/v1/portal/complaints', {
      body: body as T.PortalComplaint,
      headers: idempotency(idempotencyKey),
    }), true),
  track: (number: string, access_code: string) =>
    unwrap(http.POST('/api/v1/portal/track', { body: { number, access_code } }), true),
  message: (number: string, access_code: string, body: string) =>
    unwrap(http.POST('/api/v1/portal/complaints/{number}/messages', { params: caseOf(number), body: { access_code, body } }), true),
  /** `text` is the action's text field ({ comment } or { reason }), left out when empty and optional. */
  action: (number: string, access_code: string, action: T.CustomerAction, text: Record<string, string>) =>
    unwrap(http.POST('/api/v1/portal/complaints/{number}/actions/{action}', {
      params: { path: { number, action } },
      body: { access_code, ...text } as T.PortalActionRequest,
    }), true),
  rate: (number: string, access_code: string, rating: number, comment: string) =>
    unwrap(http.POST('/api/v1/portal/complaints/{number}/satisfaction', {
      params: caseOf(number),
      body: { access_code, rating, comment },
    }), true),
  upload: (number: string, access_code: string, file: File) =>
    unwrap(http.POST('/api/v1/portal/complaints/{number}/attachments', {
      params: { path: { number }, query: { filename: file.name }, header: { 'X-Access-Code': access_code } },
      ...rawBody(file),
    }), true),
}
