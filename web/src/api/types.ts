// Types of the kesu REST API (/api/v1), written from the server's handlers and json_output.cpp and
// checked against the OpenAPI document by tests/openapi-contract.spec.ts. Fields marked optional (`?`) are
// ones the server adds in a later release: the UI hides the parts that need them when they are absent.

export type RequestKind = 'complaint' | 'consultation'
export type Channel =
  | 'phone' | 'web' | 'portal' | 'app' | 'wechat' | 'mini_program' | 'email' | 'walk_in'
  | 'platform_12315' | 'consumer_association' | 'heimao' | 'other_platform'
export type Status =
  | 'registered' | 'acknowledged' | 'triaged' | 'investigating' | 'analysed' | 'plan_submitted'
  | 'plan_approved' | 'implementing' | 'replied' | 'confirmed' | 'disputed' | 'closed' | 'appealed'
  | 'rechecking' | 'archived' | 'rejected' | 'merged' | 'transferred' | 'answered'
export type Level = 'major' | 'important' | 'general'
export type Difficulty = 'simple' | 'complex'
export type CauseCategory =
  | 'design_defect' | 'production' | 'operating_error' | 'communication' | 'policy' | 'logistics'
  | 'third_party' | 'customer_misunderstanding' | 'other'
export type Action =
  | 'acknowledge' | 'triage' | 'reclassify' | 'assign' | 'start_investigation' | 'record_cause'
  | 'submit_plan' | 'approve_plan' | 'reject_plan' | 'implement' | 'complete_measure' | 'reply'
  | 'confirm' | 'dispute' | 'close' | 'reopen' | 'appeal' | 'start_recheck' | 'uphold_recheck'
  | 'revise_recheck' | 'reject_invalid' | 'merge' | 'archive' | 'answer' | 'transfer' | 'department_answer'
export type Role = 'agent' | 'specialist' | 'manager' | 'department' | 'leader' | 'auditor' | 'admin'
export type Permission =
  | 'register' | 'view_intake' | 'view_department' | 'view_all' | 'acknowledge' | 'triage' | 'investigate'
  | 'draft_plan' | 'approve_plan' | 'reply' | 'reject_invalid' | 'recheck' | 'archive' | 'answer_consultation'
  | 'department_answer' | 'add_note' | 'edit_facts' | 'reveal_pii' | 'attach' | 'read_audit' | 'manage_users'
  | 'manage_settings' | 'manage_process' | 'customer_respond'
export type Visibility = 'internal' | 'customer'

export const STATUSES: Status[] = [
  'registered', 'acknowledged', 'triaged', 'investigating', 'analysed', 'plan_submitted', 'plan_approved',
  'implementing', 'replied', 'confirmed', 'disputed', 'closed', 'appealed', 'rechecking', 'archived',
  'rejected', 'merged', 'transferred', 'answered',
]
export const CHANNELS: Channel[] = [
  'phone', 'web', 'portal', 'app', 'wechat', 'mini_program', 'email', 'walk_in', 'platform_12315',
  'consumer_association', 'heimao', 'other_platform',
]
export const LEVELS: Level[] = ['major', 'important', 'general']
export const DIFFICULTIES: Difficulty[] = ['simple', 'complex']
export const CAUSE_CATEGORIES: CauseCategory[] = [
  'design_defect', 'production', 'operating_error', 'communication', 'policy', 'logistics', 'third_party',
  'customer_misunderstanding', 'other',
]
export const ROLES: Role[] = ['agent', 'specialist', 'manager', 'department', 'leader', 'auditor', 'admin']

/** application/problem+json */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  request_id: string
  errors?: { field: string; reason: string }[]
  field?: string
}

export interface User {
  id: number
  display_name: string
  role: Role
  department_id: number | null
  active: boolean
  username?: string
  email?: string
  pii_grant?: boolean
  created_at?: string
  version?: number
}

export interface Me {
  user: User
  csrf_token: string | null
  permissions: Permission[]
  may_reveal_pii: boolean
}

export interface LoginResult {
  user: User
  csrf_token: string
  permissions: Permission[]
  expires_at: string
}

export interface Complainant {
  name: string
  phone: string
  email: string
  customer_id: string
  id_number: string
  address: string
  other_contact: string
}

export interface Cause {
  category: CauseCategory
  root_cause: string
  analysis_notes: string
  responsible_department_id: number | null
  responsible_person: string
  accountability: string
}

export interface Measure {
  description: string
  owner: string
  deadline: string
  expected_effect: string
  done: boolean
}

export interface Plan {
  measures: Measure[]
  compensation: string
  status: 'submitted' | 'approved' | 'rejected'
  revision: number
  submitted_by: number
  decided_by: number | null
  decision_comment: string
}

export interface Recheck {
  appeal_reason: string
  appealed_at: string
  reviewer_id: number | null
  decision: 'uphold' | 'revise' | null
  opinion: string
}

export interface Satisfaction {
  rating: number
  comment: string
  rated_at: string
}

export type ClockState = 'running' | 'paused' | 'met' | 'missed' | 'withdrawn'
export interface Clock {
  target: string
  clock_type: string
  state: ClockState
  started_at: string
  due_at: string | null
  warn_at: string | null
  remaining_seconds: number | null
  id?: number
  rule_name?: string
  limit?: number
  stopped_at?: string | null
  breaches?: unknown[]
  extensions?: unknown[]
  pauses?: { paused_at: string; resumed_at: string | null; reason: string }[]
}

export interface EmergencyReport {
  at: string
  text: string
  author_name: string
}
export interface Emergency {
  started_at: string
  /** level_major (automatic), manual or escalation */
  trigger?: string
  /** when the team and plan were recorded; null while the emergency still has to be organised */
  organised_at?: string | null
  team: string[]
  contingency_plan: string
  report_interval_minutes: number
  next_report_due_at: string | null
  reports: EmergencyReport[]
  resolved_at: string | null
}

export interface Complaint {
  id: number
  number: string
  kind: RequestKind
  channel: Channel
  status: Status
  open: boolean
  version: number
  received_at: string
  created_at: string
  updated_at: string
  occurred_at: string | null
  subject: string
  description: string
  product: string
  order_number: string
  customer_request: string
  business_line: string
  source_ref: string
  amount: string | null
  complainant: Complainant
  category_id: number | null
  level: Level
  difficulty: Difficulty
  owner_id: number | null
  department_id: number | null
  reply: string
  replied_at: string | null
  resolution: string
  closed_at: string | null
  merged_into: number | null
  merged_from: number[]
  reopen_count: number
  privacy_consent: boolean
  actions: Action[]
  cause: Cause | null
  plan: Plan | null
  recheck: Recheck | null
  satisfaction: Satisfaction | null
  /** where it came from beyond the channel (e.g. 12315); selects SLA rules */
  source?: string
  clocks?: Clock[]
  waiting_on_customer?: boolean
  next_due_at?: string | null
  emergency?: Emergency | null
}

export interface ComplaintSummary {
  id: number
  number: string
  kind: RequestKind
  status: Status
  open: boolean
  channel: Channel
  level: Level
  difficulty: Difficulty
  subject: string
  complainant_name: string
  category_id: number | null
  department_id: number | null
  owner_id: number | null
  received_at: string
  updated_at: string
  version: number
  next_due_at?: string | null
  overdue?: boolean
  /** true while an emergency process runs */
  emergency?: boolean
  snippet?: string
  score?: number
}

/** GET /complaints/{id}/similar */
export interface SimilarComplaint extends ComplaintSummary {
  similarity: number
  same_customer: boolean
}

export interface ComplaintPage {
  items: ComplaintSummary[]
  next_cursor: string | null
  /** only with q: matches counted up to a cap */
  total?: number
  total_capped?: boolean
}

/** Query parameters of GET /api/v1/complaints. */
export interface ListQuery {
  status?: Status
  kind?: RequestKind
  level?: Level
  channel?: Channel
  category_id?: number
  department_id?: number | 'none'
  owner_id?: number | 'me' | 'none'
  open?: boolean
  received_from?: string
  received_to?: string
  sort?: 'received_at' | 'updated_at'
  order?: 'asc' | 'desc'
  limit?: number
  cursor?: string
  q?: string
  due_before?: string
  overdue?: boolean
  emergency?: boolean
}

export interface FiledComplaint {
  complaint: Complaint
  access_code: string
  open_by_same_person: ComplaintSummary[]
}

export interface TimelineEvent {
  seq: number
  complaint_id: number | null
  actor_id: number
  actor_name: string
  actor_role: string
  at: string
  action: string
  changes: { field: string; before: string; after: string }[]
  text: string
  customer_visible: boolean
  request_id: string
  hash: string
}

export interface Message {
  id: number
  complaint_id: number
  visibility: Visibility
  from_customer: boolean
  author_id: number
  author_name: string
  body: string
  created_at: string
}

export interface Attachment {
  id: number
  complaint_id: number
  filename: string
  content_type: string
  size: number
  sha256: string
  uploaded_by: number
  visibility: Visibility
  created_at: string
}

export interface Department {
  id: number
  name: string
  parent_id: number | null
  active: boolean
  version: number
}

export interface Category {
  id: number
  parent_id: number | null
  code: string
  name_zh: string
  name_en: string
  active: boolean
  sort_order: number
}

export interface RoleInfo {
  role: Role
  permissions: Permission[]
}

export interface Transition {
  kind: RequestKind
  from: Status
  action: Action
  to: Status
  permission: Permission
  text_field: string | null
  text_required: boolean
}

export interface ProcessSettings {
  manager_approval_limit: string
  appeal_window_days: number
}

// ---- portal ----
export interface PortalReceipt {
  number: string
  access_code: string
  kind: RequestKind
  status: Status
  received_at: string
}

export interface CustomerView {
  number: string
  kind: RequestKind
  status: Status
  open: boolean
  subject: string
  description: string
  received_at: string
  reply: string
  replied_at: string | null
  resolution: string | null
  closed_at: string | null
  satisfaction: { rating: number; comment: string } | null
  events: { action: string; at: string; text: string; status: Status | null }[]
  messages: { id: number; from_customer: boolean; body: string; created_at: string }[]
  attachments: { id: number; filename: string; content_type: string; size: number; created_at: string }[]
  actions: Action[]
  can_rate: boolean
  can_add_information: boolean
  clocks?: Clock[]
}

// ---- endpoints the lead adds (hidden while absent) ----
export interface Notification {
  id: number
  kind: string
  complaint_id: number | null
  complaint_number: string | null
  title: string
  body: string
  created_at: string
  read_at: string | null
}
export interface NotificationList {
  items: Notification[]
  unread_count: number
}

export interface Overview {
  received_today: number
  closed_today: number
  open_total: number
  overdue_open: number
  due_today: number
  emergencies_open: number
  open_by_status: Partial<Record<Status, number>>
  received_last_14_days: { date: string; count: number }[]
}

export interface TimeRange {
  start: string
  end: string
}
export interface NamedDay {
  date: string
  name: string
  /** a makeup day's own hours (else the standard Monday hours) */
  hours?: TimeRange[]
}
export interface BusinessCalendar {
  id: string
  name: string
  time_zone: string
  utc_offset_minutes: number
  weekly_hours: TimeRange[][]
  holidays: NamedDay[]
  makeup_days: NamedDay[]
  version?: number
}

/** An SLA limit: minutes for calendar_time / working_time, days for working_days / calendar_days. */
export interface SlaLimit {
  clock: string
  amount: number
}
export interface SlaRule {
  name: string
  target: string
  start: string
  limit: SlaLimit
  match: {
    kind: RequestKind | null
    difficulty: Difficulty | null
    levels: Level[]
    channels: Channel[]
    category_prefixes: string[]
    sources: string[]
  }
  extension: { approver_roles: Role[]; max_amount: SlaLimit; max_count: number; customer_notice_required: boolean }
}
export interface SlaPolicy {
  id: string
  name: string
  calendar_id: string
  rules: SlaRule[]
  escalation: { warn_at_percent: number[]; repeat_breach_every_percent: number; steps: { actions: string[] }[] }
}

export interface ReplyTemplate {
  id: number
  name: string
  body: string
  category_id: number | null
  active: boolean
  version: number
}

export interface SavedView {
  id: number
  name: string
  /** the server keeps it as a query string: values come back as strings */
  query: Record<string, string | number | boolean>
  created_at?: string
}

/** Every action and permission, as records so the compiler checks them against the unions. */
export const ACTION_NAMES: Record<Action, true> = {
  acknowledge: true, triage: true, reclassify: true, assign: true, start_investigation: true, record_cause: true,
  submit_plan: true, approve_plan: true, reject_plan: true, implement: true, complete_measure: true, reply: true,
  confirm: true, dispute: true, close: true, reopen: true, appeal: true, start_recheck: true, uphold_recheck: true,
  revise_recheck: true, reject_invalid: true, merge: true, archive: true, answer: true, transfer: true, department_answer: true,
}
export const PERMISSION_NAMES: Record<Permission, true> = {
  register: true, view_intake: true, view_department: true, view_all: true, acknowledge: true, triage: true,
  investigate: true, draft_plan: true, approve_plan: true, reply: true, reject_invalid: true, recheck: true,
  archive: true, answer_consultation: true, department_answer: true, add_note: true, edit_facts: true,
  reveal_pii: true, attach: true, read_audit: true, manage_users: true, manage_settings: true, manage_process: true,
  customer_respond: true,
}
