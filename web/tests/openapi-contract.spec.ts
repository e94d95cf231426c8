// The hand-written API types (src/api/types.ts) and endpoint list (src/api/client.ts) against the server's
// OpenAPI document (src/http/openapi.json, which kesu serves at /api/v1/openapi.json). Fails when the server
// gains, loses or renames a field or an endpoint the UI uses, so the types cannot silently go stale.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import { ENDPOINTS } from '@/api/client'
import * as T from '@/api/types'

type Json = Record<string, unknown>
const docPath = resolvePath(__dirname, '../../src/http/openapi.json')
const doc = JSON.parse(readFileSync(docPath, 'utf8')) as { paths: Record<string, Json>; components?: { schemas?: Record<string, Json> } }
const schemas = doc.components?.schemas ?? {}

/** 1 = the server always sends it, 0 = optional (added by a later server release; the UI copes without it).
 * Checked by the compiler: every key of T must be listed, with 0 exactly for its optional keys. */
type FieldMap<X> = { [K in keyof X]-?: object extends Pick<X, K> ? 0 : 1 }
function fields<X>(map: FieldMap<X>): Record<string, 0 | 1> {
  return map as Record<string, 0 | 1>
}

function resolve(schema: Json | undefined): Json {
  if (!schema) return {}
  if (typeof schema.$ref === 'string') return resolve(schemas[schema.$ref.split('/').pop()!] as Json)
  if (Array.isArray(schema.allOf)) {
    const merged: Json = { properties: {}, required: [] }
    for (const part of schema.allOf as Json[]) {
      const r = resolve(part)
      Object.assign(merged.properties as Json, r.properties ?? {})
      ;(merged.required as string[]).push(...((r.required as string[]) ?? []))
    }
    return merged
  }
  return schema
}

const TYPES: [string, Record<string, 0 | 1>, 'optional'?][] = [
  ['Complaint', fields<T.Complaint>({
    id: 1, number: 1, kind: 1, channel: 1, status: 1, open: 1, version: 1, received_at: 1, created_at: 1, updated_at: 1,
    occurred_at: 1, subject: 1, description: 1, product: 1, order_number: 1, customer_request: 1, business_line: 1,
    source_ref: 1, amount: 1, complainant: 1, category_id: 1, level: 1, difficulty: 1, owner_id: 1, department_id: 1,
    reply: 1, replied_at: 1, resolution: 1, closed_at: 1, merged_into: 1, merged_from: 1, reopen_count: 1,
    privacy_consent: 1, actions: 1, cause: 1, plan: 1, recheck: 1, satisfaction: 1, source: 0, clocks: 0, waiting_on_customer: 0,
    next_due_at: 0, emergency: 0,
  })],
  ['ComplaintListItem', fields<T.ComplaintSummary>({
    id: 1, number: 1, kind: 1, status: 1, open: 1, channel: 1, level: 1, difficulty: 1, subject: 1, complainant_name: 1,
    category_id: 1, department_id: 1, owner_id: 1, received_at: 1, updated_at: 1, version: 1, next_due_at: 0, overdue: 0, emergency: 0, snippet: 0, score: 0,
  }), 'optional'],
  ['ComplaintSummary', fields<T.ComplaintSummary>({
    id: 1, number: 1, kind: 1, status: 1, open: 1, channel: 1, level: 1, difficulty: 1, subject: 1, complainant_name: 1,
    category_id: 1, department_id: 1, owner_id: 1, received_at: 1, updated_at: 1, version: 1, next_due_at: 0, overdue: 0, emergency: 0, snippet: 0, score: 0,
  })],
  ['ComplaintPage', fields<T.ComplaintPage>({ items: 1, next_cursor: 1, total: 0, total_capped: 0 })],
  ['ComplaintCreated', fields<T.FiledComplaint>({ complaint: 1, access_code: 1, open_by_same_person: 1 })],
  ['Complainant', fields<T.Complainant>({ name: 1, phone: 1, email: 1, customer_id: 1, id_number: 1, address: 1, other_contact: 1 })],
  ['Cause', fields<T.Cause>({ category: 1, root_cause: 1, analysis_notes: 1, responsible_department_id: 1, responsible_person: 1, accountability: 1 })],
  ['Measure', fields<T.Measure>({ description: 1, owner: 1, deadline: 1, expected_effect: 1, done: 1 })],
  ['Plan', fields<T.Plan>({ measures: 1, compensation: 1, status: 1, revision: 1, submitted_by: 1, decided_by: 1, decision_comment: 1 })],
  ['Recheck', fields<T.Recheck>({ appeal_reason: 1, appealed_at: 1, reviewer_id: 1, decision: 1, opinion: 1 })],
  ['Satisfaction', fields<T.Satisfaction>({ rating: 1, comment: 1, rated_at: 1 })],
  ['CustomerView', fields<T.CustomerView>({
    number: 1, kind: 1, status: 1, open: 1, subject: 1, description: 1, received_at: 1, reply: 1, replied_at: 1, resolution: 1,
    closed_at: 1, satisfaction: 1, events: 1, messages: 1, attachments: 1, actions: 1, can_rate: 1, can_add_information: 1, clocks: 0,
  })],
  ['PortalReceipt', fields<T.PortalReceipt>({ number: 1, access_code: 1, kind: 1, status: 1, received_at: 1 })],
  ['User', fields<T.User>({ id: 1, display_name: 1, role: 1, department_id: 1, active: 1, username: 0, email: 0, pii_grant: 0, created_at: 0, version: 0 })],
  ['Me', fields<T.Me>({ user: 1, csrf_token: 1, permissions: 1, may_reveal_pii: 1 })],
  ['Session', fields<T.LoginResult>({ user: 1, csrf_token: 1, permissions: 1, expires_at: 1 })],
  ['AuditEvent', fields<T.TimelineEvent>({
    seq: 1, complaint_id: 1, actor_id: 1, actor_name: 1, actor_role: 1, at: 1, action: 1, changes: 1, text: 1, customer_visible: 1, request_id: 1, hash: 1,
  })],
  ['Message', fields<T.Message>({ id: 1, complaint_id: 1, visibility: 1, from_customer: 1, author_id: 1, author_name: 1, body: 1, created_at: 1 })],
  ['Attachment', fields<T.Attachment>({ id: 1, complaint_id: 1, filename: 1, content_type: 1, size: 1, sha256: 1, uploaded_by: 1, visibility: 1, created_at: 1 })],
  ['Department', fields<T.Department>({ id: 1, name: 1, parent_id: 1, active: 1, version: 1 })],
  ['Category', fields<T.Category>({ id: 1, parent_id: 1, code: 1, name_zh: 1, name_en: 1, active: 1, sort_order: 1 })],
  ['RoleInfo', fields<T.RoleInfo>({ role: 1, permissions: 1 })],
  ['ProcessSettings', fields<T.ProcessSettings>({ manager_approval_limit: 1, appeal_window_days: 1 })],
  ['Problem', fields<T.Problem>({ type: 1, title: 1, status: 1, detail: 1, request_id: 1, errors: 0, field: 0 })],
  // Schemas of later server releases: checked once the document has them.
  ['Clock', fields<T.Clock>({ target: 1, clock_type: 1, state: 1, started_at: 1, due_at: 1, warn_at: 1, remaining_seconds: 1,
    id: 0, rule_name: 0, limit: 0, stopped_at: 0, breaches: 0, extensions: 0, pauses: 0 }), 'optional'],
  ['Emergency', fields<T.Emergency>({ started_at: 1, team: 1, contingency_plan: 1, report_interval_minutes: 1, next_report_due_at: 1,
    reports: 1, resolved_at: 1, trigger: 0, organised_at: 0 }), 'optional'],
  ['Notification', fields<T.Notification>({ id: 1, kind: 1, complaint_id: 1, complaint_number: 1, title: 1, body: 1, created_at: 1, read_at: 1 }), 'optional'],
  ['NotificationList', fields<T.NotificationList>({ items: 1, unread_count: 1 }), 'optional'],
  ['Overview', fields<T.Overview>({ received_today: 1, closed_today: 1, open_total: 1, overdue_open: 1, due_today: 1, emergencies_open: 1,
    open_by_status: 1, received_last_14_days: 1 }), 'optional'],
  ['ReplyTemplate', fields<T.ReplyTemplate>({ id: 1, name: 1, body: 1, category_id: 1, active: 1, version: 1 }), 'optional'],
  ['SavedView', fields<T.SavedView>({ id: 1, name: 1, query: 1, created_at: 0 }), 'optional'],
  ['Calendar', fields<T.BusinessCalendar>({ id: 1, name: 1, time_zone: 1, utc_offset_minutes: 1, weekly_hours: 1, holidays: 1, makeup_days: 1, version: 0 }), 'optional'],
  ['MakeupDay', fields<T.NamedDay>({ date: 1, name: 1, hours: 0 }), 'optional'],
  ['SlaPolicy', fields<T.SlaPolicy>({ id: 1, name: 1, calendar_id: 1, rules: 1, escalation: 1 }), 'optional'],
  ['SlaRule', fields<T.SlaRule>({ name: 1, target: 1, start: 1, limit: 1, match: 1, extension: 1 }), 'optional'],
  ['SlaLimit', fields<T.SlaLimit>({ clock: 1, amount: 1 }), 'optional'],
  ['SimilarComplaint', fields<T.SimilarComplaint>({
    id: 1, number: 1, kind: 1, status: 1, open: 1, channel: 1, level: 1, difficulty: 1, subject: 1, complainant_name: 1,
    category_id: 1, department_id: 1, owner_id: 1, received_at: 1, updated_at: 1, version: 1, next_due_at: 0, overdue: 0, emergency: 0,
    snippet: 0, score: 0, similarity: 1, same_customer: 1,
  }), 'optional'],
]

const ENUMS: [string, readonly string[]][] = [
  ['Status', T.STATUSES],
  ['Channel', T.CHANNELS],
  ['Level', T.LEVELS],
  ['Difficulty', T.DIFFICULTIES],
  ['CauseCategory', T.CAUSE_CATEGORIES],
  ['Role', T.ROLES],
]

describe('OpenAPI contract', () => {
  it('the document is a real one', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20)
  })

  it('every endpoint the UI calls exists with its method', () => {
    const missing = ENDPOINTS.filter((e) => !e.later).filter((e) => !(doc.paths[e.path] && e.method.toLowerCase() in doc.paths[e.path]))
    expect(missing).toEqual([])
  })

  it('endpoints of later releases, when documented, have the method the UI uses', () => {
    const wrong = ENDPOINTS.filter((e) => e.later && doc.paths[e.path] && !(e.method.toLowerCase() in doc.paths[e.path]))
    expect(wrong).toEqual([])
  })

  for (const [name, map, later] of TYPES) {
    it(`types.ts matches schema ${name}`, () => {
      if (later && !schemas[name]) return // not documented yet
      const schema = resolve(schemas[name] as Json)
      expect(schema.properties, `schema ${name} is missing from the document`).toBeTruthy()
      const properties = Object.keys(schema.properties as Json)
      const required = (schema.required as string[]) ?? []
      const unknownToUi = properties.filter((p) => !(p in map))
      const absentFromServer = Object.entries(map).filter(([k, always]) => always === 1 && !properties.includes(k)).map(([k]) => k)
      const optionalButRequired = Object.entries(map).filter(([k, always]) => always === 0 && required.includes(k)).map(([k]) => k)
      expect({ unknownToUi, absentFromServer }).toEqual({ unknownToUi: [], absentFromServer: [] })
      // Fields of newer servers stay optional in the UI (it must work with older ones too); others must agree.
      const NEWER = ['source', 'clocks', 'waiting_on_customer', 'emergency', 'next_due_at', 'overdue', 'snippet', 'score', 'trigger',
        'organised_at', 'id', 'rule_name', 'limit', 'stopped_at', 'breaches', 'extensions', 'pauses', 'created_at']
      expect(optionalButRequired.filter((k) => !NEWER.includes(k))).toEqual([])
    })
  }

  for (const [name, values] of ENUMS) {
    it(`enum ${name} has the same values`, () => {
      expect([...((schemas[name] as Json)?.enum as string[])].sort()).toEqual([...values].sort())
    })
  }

  it('actions and permissions have the same values', () => {
    expect(((schemas.Action as Json).enum as string[]).sort()).toEqual(Object.keys(T.ACTION_NAMES).sort())
    expect(((schemas.Permission as Json).enum as string[]).sort()).toEqual(Object.keys(T.PERMISSION_NAMES).sort())
  })
})
