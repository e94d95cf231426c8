// Complete API objects for component tests, typed by the generated schema so they stay what the server sends.
import type { Action, Clock, Complaint, Emergency } from '@/api/types'

export function clock(extra: Partial<Clock> = {}): Clock {
  return {
    id: 1, target: 'solution', rule_name: 'solution_default', clock_type: 'working_days', limit: 5, state: 'running',
    started_at: '2026-01-01T00:00:00Z', due_at: '2099-01-01T00:00:00Z', stopped_at: null, warn_at: null, remaining_seconds: 7200,
    breaches: [], extensions: [], pauses: [], ...extra,
  }
}

export function emergency(extra: Partial<NonNullable<Emergency>> = {}): Emergency {
  return {
    started_at: '2026-11-22T01:00:00Z', trigger: 'manual', team: ['赵总', '王芳'], contingency_plan: '成立专班', organised_at: '2026-11-22T01:00:00Z',
    report_interval_minutes: 60, next_report_due_at: '2026-11-22T03:00:00Z',
    reports: [{ at: '2026-11-22T02:00:00Z', text: '已联系客户', author_name: '王芳' }], resolved_at: null, ...extra,
  }
}

export function complaint(actions: Action[], extra: Partial<Complaint> = {}): Complaint {
  return {
    id: 7, number: 'TS-20261122-000007', kind: 'complaint', channel: 'portal', status: 'plan_submitted', open: true, version: 6,
    received_at: '2026-11-22T01:00:00Z', created_at: '2026-11-22T01:00:00Z', updated_at: '2026-11-22T02:00:00Z', occurred_at: null,
    subject: '快递破损', description: '外箱破损，屏幕碎裂', product: '手机', order_number: 'A1', customer_request: '换新', business_line: '',
    source_ref: '', source: '', amount: '3999.00',
    complainant: { name: '王*', phone: '138****8000', email: '', customer_id: '', id_number: '', address: '', other_contact: '' },
    category_id: null, level: 'general', difficulty: 'simple', owner_id: 3, department_id: 2, reply: '', replied_at: null,
    resolution: '', closed_at: null, merged_into: null, merged_from: [], reopen_count: 0, privacy_consent: true, actions,
    cause: null, recheck: null, satisfaction: null, waiting_on_customer: false, next_due_at: null, emergency: null, clocks: [],
    plan: { measures: [{ description: '补发新机', owner: '李强', deadline: '2026-11-30T10:00:00Z', expected_effect: '', done: false }],
      compensation: '200.00', status: 'submitted', revision: 1, submitted_by: 3, decided_by: null, decision_comment: '' },
    ...extra,
  }
}
