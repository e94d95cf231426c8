import { describe, expect, it } from 'vitest'
import { availableQueues, buildListQuery, emptyFilters, filtersFromQuery, queueQuery } from '@/utils/queues'
import { buildActionBody, emptyActionForm, textSpecsFrom, TEXT_FIELDS } from '@/utils/actions'
import type { User } from '@/api/types'

const user: User = { id: 3, display_name: '李强', role: 'specialist', department_id: 2, active: true }

describe('work queues', () => {
  it('offers the department queue only to members of a department', () => {
    expect(availableQueues(user)).toEqual(['mine', 'department', 'unassigned', 'due-soon', 'overdue', 'emergencies', 'all'])
    expect(availableQueues({ ...user, department_id: null })).toEqual(['mine', 'unassigned', 'due-soon', 'overdue', 'emergencies', 'all'])
  })
  it('maps queues to list queries', () => {
    expect(queueQuery('mine', user)).toEqual({ owner_id: 'me', open: true })
    expect(queueQuery('department', user)).toEqual({ department_id: '2', open: true })
    expect(queueQuery('unassigned', user)).toEqual({ owner_id: 'none', open: true })
    expect(queueQuery('overdue', user)).toEqual({ overdue: true, open: true })
    expect(queueQuery('emergencies', user)).toEqual({ emergency: true, open: true })
    const soon = queueQuery('due-soon', user, Date.parse('2026-03-02T00:00:00Z'))
    expect(soon.due_before).toBe('2026-03-03T00:00:00Z')
  })
  it('adds filters, sort and search', () => {
    const f = { ...emptyFilters(), status: 'triaged' as const, level: 'major' as const, department_id: 4, q: '屏幕 -退货' }
    expect(buildListQuery({ owner_id: 'me', open: true }, f)).toEqual({
      owner_id: 'me', status: 'triaged', level: 'major', department_id: '4', q: '屏幕 -退货',
    })
    expect(buildListQuery({}, { ...emptyFilters(), q: '屏幕' })).toEqual({ open: true, q: '屏幕' })
    expect(buildListQuery({ open: true }, { ...emptyFilters(), onlyOpen: false })).toEqual({ sort: 'received_at', order: 'desc' })
  })
  it('restores filters from a saved view, whose values the server returns as strings', () => {
    expect(filtersFromQuery({ level: 'important', sort: 'updated_at', order: 'asc', open: 'true', q: 'x' }))
      .toMatchObject({ level: 'important', sort: 'updated_at', order: 'asc', onlyOpen: true, q: 'x' })
    expect(filtersFromQuery({ open: 'false', category_id: '7', department_id: '2', status: 'closed' }))
      .toMatchObject({ onlyOpen: false, category_id: 7, department_id: 2, status: 'closed' })
  })
  it('drops saved values the list does not know', () => {
    const f = filtersFromQuery({ status: 'lost', level: 'urgent', department_id: 'none', sort: 'relevance' })
    expect(f).toMatchObject({ status: undefined, level: undefined, department_id: undefined, sort: 'received_at' })
  })
})

describe('action bodies', () => {
  it('triage sends classification and assignment, and leaves out empty optional fields', () => {
    const form = { ...emptyActionForm(), category_id: 7, level: 'important' as const, difficulty: 'simple' as const, department_id: 2, owner_id: null, text: '' }
    expect(buildActionBody('triage', form, 4)).toEqual({ version: 4, category_id: 7, level: 'important', difficulty: 'simple', department_id: 2 })
  })
  it('a required text is always sent so the server can name it', () => {
    expect(buildActionBody('reply', emptyActionForm(), 9)).toEqual({ version: 9, message: '' })
    expect(buildActionBody('reject_plan', { ...emptyActionForm(), text: '补偿过高' }, 2)).toEqual({ version: 2, comment: '补偿过高' })
    expect(buildActionBody('approve_plan', emptyActionForm(), 2)).toEqual({ version: 2 })
  })
  it('record_cause nests the cause', () => {
    const form = emptyActionForm()
    form.cause = { category: 'logistics', root_cause: '快递野蛮装卸', analysis_notes: '', responsible_department_id: 5, responsible_person: '', accountability: '' }
    expect(buildActionBody('record_cause', form, 3)).toEqual({
      version: 3, cause: { category: 'logistics', root_cause: '快递野蛮装卸', responsible_department_id: 5 },
    })
  })
  it('submit_plan sends measures with RFC 3339 deadlines and the compensation', () => {
    const form = emptyActionForm()
    form.measures = [{ description: '补发新品', owner: '李强', deadline: new Date(2026, 10, 30, 18, 0), expected_effect: '' }]
    form.compensation = ' 200.00 '
    const body = buildActionBody('submit_plan', form, 5)
    expect(body.compensation).toBe('200.00')
    expect(body.measures).toEqual([{ description: '补发新品', owner: '李强', deadline: expect.stringMatching(/^2026-11-30T18:00:00[+-]\d\d:\d\d$/) }])
  })
  it('merge, recheck and complete_measure send their ids', () => {
    expect(buildActionBody('merge', { ...emptyActionForm(), target_id: 12 }, 1)).toEqual({ version: 1, target_id: 12 })
    expect(buildActionBody('start_recheck', { ...emptyActionForm(), reviewer_id: 4 }, 1)).toEqual({ version: 1, reviewer_id: 4 })
    expect(buildActionBody('complete_measure', { ...emptyActionForm(), measure_index: 0 }, 1)).toEqual({ version: 1, measure_index: 0 })
  })
  it('takes text fields from the server workflow table', () => {
    const specs = textSpecsFrom([{ kind: 'complaint', from: 'closed', action: 'reopen', to: 'investigating', permission: 'reply', text_field: 'why', text_required: false }])
    expect(specs.reopen).toEqual({ name: 'why', required: false })
    expect(specs.reply).toEqual(TEXT_FIELDS.reply)
  })
})
