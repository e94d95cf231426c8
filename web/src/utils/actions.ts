// What each workflow action's form holds and sends. The text field of each action (name and whether it is
// required) mirrors ActionTextField in src/domain/workflow.cpp; GET /api/v1/workflow overrides it at run time.
import type { Action, CauseCategory, Difficulty, Level, Transition } from '@/api/types'
import { toRfc3339 } from './format'

export interface TextSpec {
  name: string
  required: boolean
}

export const TEXT_FIELDS: Record<Action, TextSpec | null> = {
  acknowledge: { name: 'message', required: false },
  triage: { name: 'comment', required: false },
  reclassify: { name: 'reason', required: true },
  assign: { name: 'comment', required: false },
  start_investigation: { name: 'comment', required: false },
  record_cause: null,
  submit_plan: { name: 'comment', required: false },
  approve_plan: { name: 'comment', required: false },
  reject_plan: { name: 'comment', required: true },
  implement: { name: 'comment', required: false },
  complete_measure: { name: 'comment', required: false },
  reply: { name: 'message', required: true },
  confirm: { name: 'comment', required: false },
  dispute: { name: 'reason', required: true },
  close: { name: 'summary', required: true },
  reopen: { name: 'reason', required: true },
  appeal: { name: 'reason', required: true },
  start_recheck: { name: 'comment', required: false },
  uphold_recheck: { name: 'opinion', required: true },
  revise_recheck: { name: 'opinion', required: true },
  reject_invalid: { name: 'reason', required: true },
  merge: { name: 'comment', required: false },
  archive: null,
  answer: { name: 'answer', required: true },
  transfer: { name: 'comment', required: false },
  department_answer: { name: 'answer', required: true },
}

/** Applies the server's workflow table (text_field / text_required) over the built-in one. */
export function textSpecsFrom(transitions: Transition[]): Record<Action, TextSpec | null> {
  const specs = { ...TEXT_FIELDS }
  for (const row of transitions) specs[row.action] = row.text_field ? { name: row.text_field, required: row.text_required } : null
  return specs
}

/** Button style: the main forward step is primary; refusals and rejections are danger. */
export function actionTone(action: Action): 'primary' | 'danger' | 'warning' | 'default' | 'success' {
  switch (action) {
    case 'reject_plan': case 'reject_invalid': case 'dispute': return 'danger'
    case 'approve_plan': case 'reply': case 'answer': case 'department_answer': case 'confirm': return 'success'
    case 'reopen': case 'appeal': case 'merge': case 'reclassify': case 'transfer': case 'assign': return 'default'
    case 'archive': case 'close': return 'warning'
    default: return 'primary'
  }
}

/** Actions that change nothing but the status and need no form beyond an optional comment. */
export const SIMPLE_ACTIONS: Action[] = ['acknowledge', 'start_investigation', 'implement', 'approve_plan', 'confirm', 'archive']

export interface MeasureDraft {
  description: string
  owner: string
  deadline: Date | null
  expected_effect: string
}

export interface ActionForm {
  text: string
  category_id?: number | null
  level?: Level | null
  difficulty?: Difficulty | null
  department_id?: number | null
  owner_id?: number | null
  business_line?: string
  cause: {
    category: CauseCategory | null
    root_cause: string
    analysis_notes: string
    responsible_department_id: number | null
    responsible_person: string
    accountability: string
  }
  measures: MeasureDraft[]
  compensation: string
  measure_index: number | null
  reviewer_id: number | null
  target_id: number | null
}

export function emptyActionForm(): ActionForm {
  return {
    text: '',
    category_id: null,
    level: null,
    difficulty: null,
    department_id: null,
    owner_id: null,
    business_line: '',
    cause: { category: null, root_cause: '', analysis_notes: '', responsible_department_id: null, responsible_person: '', accountability: '' },
    measures: [{ description: '', owner: '', deadline: null, expected_effect: '' }],
    compensation: '',
    measure_index: null,
    reviewer_id: null,
    target_id: null,
  }
}

function present<T>(value: T | null | undefined | ''): value is T {
  return value !== null && value !== undefined && value !== ''
}

/** The JSON body of POST /complaints/{id}/actions/{action}. Empty optional fields are left out so the server's
 * own "is required" messages name what is missing. */
export function buildActionBody(action: Action, form: ActionForm, version: number,
  specs: Record<Action, TextSpec | null> = TEXT_FIELDS): Record<string, unknown> {
  const body: Record<string, unknown> = { version }
  const spec = specs[action]
  if (spec && (form.text.trim() || spec.required)) body[spec.name] = form.text
  const put = (key: string, value: unknown) => {
    if (present(value)) body[key] = value
  }
  switch (action) {
    case 'triage':
    case 'reclassify':
      put('category_id', form.category_id)
      put('level', form.level)
      put('difficulty', form.difficulty)
      put('business_line', form.business_line?.trim())
      if (action === 'triage') {
        put('department_id', form.department_id)
        put('owner_id', form.owner_id)
      }
      break
    case 'assign':
      put('department_id', form.department_id)
      put('owner_id', form.owner_id)
      break
    case 'transfer':
      put('department_id', form.department_id)
      break
    case 'record_cause': {
      const c = form.cause
      const cause: Record<string, unknown> = { category: c.category ?? 'other', root_cause: c.root_cause }
      if (c.analysis_notes.trim()) cause.analysis_notes = c.analysis_notes
      if (c.responsible_department_id) cause.responsible_department_id = c.responsible_department_id
      if (c.responsible_person.trim()) cause.responsible_person = c.responsible_person
      if (c.accountability.trim()) cause.accountability = c.accountability
      body.cause = cause
      break
    }
    case 'submit_plan':
      body.measures = form.measures.map((m) => {
        const out: Record<string, unknown> = { description: m.description, owner: m.owner }
        if (m.deadline) out.deadline = toRfc3339(m.deadline)
        if (m.expected_effect.trim()) out.expected_effect = m.expected_effect
        return out
      })
      if (form.compensation.trim()) body.compensation = form.compensation.trim()
      break
    case 'complete_measure':
      put('measure_index', form.measure_index)
      break
    case 'start_recheck':
      put('reviewer_id', form.reviewer_id)
      break
    case 'merge':
      put('target_id', form.target_id)
      break
    default:
      break
  }
  return body
}
