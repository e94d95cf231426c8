import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ComplaintView from '@/views/ComplaintView.vue'
import PortalHome from '@/views/portal/PortalHome.vue'
import { useSession } from '@/stores/session'
import type { Action, Complaint } from '@/api/types'
import { flush, mockFetch, mountApp, sleep } from './helpers'

function complaint(actions: Action[], extra: Partial<Complaint> = {}): Complaint {
  return {
    id: 7, number: 'TS-20261122-000007', kind: 'complaint', channel: 'portal', status: 'plan_submitted', open: true, version: 6,
    received_at: '2026-11-22T01:00:00Z', created_at: '2026-11-22T01:00:00Z', updated_at: '2026-11-22T02:00:00Z', occurred_at: null,
    subject: '快递破损', description: '外箱破损，屏幕碎裂', product: '手机', order_number: 'A1', customer_request: '换新', business_line: '',
    source_ref: '', amount: '3999.00',
    complainant: { name: '王*', phone: '138****8000', email: '', customer_id: '', id_number: '', address: '', other_contact: '' },
    category_id: null, level: 'general', difficulty: 'simple', owner_id: 3, department_id: 2, reply: '', replied_at: null,
    resolution: '', closed_at: null, merged_into: null, merged_from: [], reopen_count: 0, privacy_consent: true, actions,
    cause: null, recheck: null, satisfaction: null,
    plan: { measures: [{ description: '补发新机', owner: '李强', deadline: '2026-11-30T10:00:00Z', expected_effect: '', done: false }],
      compensation: '200.00', status: 'submitted', revision: 1, submitted_by: 3, decided_by: null, decision_comment: '' },
    ...extra,
  }
}

function routes(c: Complaint) {
  return {
    'GET /api/v1/complaints/7': () => [200, c] as [number, unknown],
    'GET /api/v1/complaints/7/timeline': () => [200, { events: [] }] as [number, unknown],
    'GET /api/v1/complaints/7/messages': () => [200, { items: [] }] as [number, unknown],
    'GET /api/v1/complaints/7/attachments': () => [200, { items: [] }] as [number, unknown],
    'GET /api/v1/workflow': () => [200, { transitions: [] }] as [number, unknown],
    'GET /api/v1/categories': () => [200, { items: [] }] as [number, unknown],
    'GET /api/v1/departments': () => [200, { items: [{ id: 2, name: '投诉处理部', parent_id: null, active: true, version: 1 }] }] as [number, unknown],
    'GET /api/v1/users': () => [200, { items: [{ id: 3, display_name: '李强', role: 'specialist', department_id: 2, active: true }] }] as [number, unknown],
  }
}

beforeEach(() => {
  localStorage.clear()
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('ComplaintView', () => {
  it('offers exactly the actions the server lists: no approve for a specialist', async () => {
    mockFetch(routes(complaint(['reclassify', 'assign'])))
    const wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    await flush(10)
    expect(wrapper.find('[data-testid=complaint-number]').text()).toBe('TS-20261122-000007')
    expect(wrapper.find('[data-testid=action-reclassify]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=action-approve_plan]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=action-reject_plan]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=plan]').text()).toContain('补发新机')
    expect(wrapper.find('[data-testid=complaint-department]').text()).toBe('投诉处理部')
  })

  it('a manager sees approve and reject; a rejection without comment shows the server reason at the field', async () => {
    const c = complaint(['approve_plan', 'reject_plan', 'reclassify', 'assign'])
    const calls = mockFetch({
      ...routes(c),
      'POST /api/v1/complaints/7/actions/reject_plan': () => [400, {
        type: 'https://kesu.dev/problems/invalid_argument', title: 'Invalid request', status: 400,
        detail: 'comment is required', request_id: 'r', errors: [{ field: 'comment', reason: 'is required' }], field: 'comment',
      }],
    })
    const wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    await flush(10)
    expect(wrapper.find('[data-testid=action-approve_plan]').exists()).toBe(true)
    await wrapper.find('[data-testid=action-reject_plan]').trigger('click')
    await flush(5)
    const submit = document.querySelector<HTMLButtonElement>('[data-testid=action-submit]')!
    submit.click()
    await flush(10)
    await sleep(150)
    const post = calls.find((x) => x.method === 'POST')!
    expect(post.body).toEqual({ version: 6, comment: '' })
    const item = document.querySelector('#act-text')!.closest('.el-form-item')!
    expect(item.classList.contains('is-error')).toBe(true)
    expect(item.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('必填')
  })

  it('shows the masked customer and reveals for roles that may', async () => {
    mockFetch({ ...routes(complaint([])), 'POST /api/v1/complaints/7/reveal': () => [200, { complainant: { name: '王小明', phone: '13800138000', email: '', customer_id: '', id_number: '', address: '', other_contact: '' } }] })
    const wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    useSession().mayRevealPii = true
    await flush(10)
    expect(wrapper.find('[data-testid=customer-phone]').text()).toBe('138****8000')
    expect(wrapper.find('[data-testid=no-actions]').exists()).toBe(true)
    await wrapper.find('[data-testid=reveal]').trigger('click')
    await flush(5)
    expect(wrapper.find('[data-testid=customer-phone]').text()).toBe('13800138000')
  })

  it('hides deadline and emergency panels on a server without them, shows them when present', async () => {
    mockFetch(routes(complaint([])))
    let wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    await flush(10)
    expect(wrapper.find('[data-testid=clocks]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=emergency]').exists()).toBe(false)
    wrapper.unmount()
    mockFetch(routes(complaint([], {
      clocks: [{ target: 'solution', clock_type: 'working_days', state: 'running', started_at: '2026-11-22T01:00:00Z', due_at: '2099-01-01T00:00:00Z', warn_at: null, remaining_seconds: 7200 }],
      waiting_on_customer: false,
      emergency: { started_at: '2026-11-22T01:00:00Z', team: ['赵总', '王芳'], contingency_plan: '成立专班', report_interval_minutes: 60,
        next_report_due_at: '2026-11-22T03:00:00Z', reports: [{ at: '2026-11-22T02:00:00Z', text: '已联系客户', author_name: '王芳' }], resolved_at: null },
    })))
    wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    await flush(10)
    expect(wrapper.find('[data-testid=clocks]').text()).toContain('剩余 2小时')
    expect(wrapper.find('[data-testid=emergency]').text()).toContain('赵总、王芳')
    expect(wrapper.find('[data-testid=emergency]').text()).toContain('已联系客户')
  })
})

describe('PortalHome', () => {
  it('shows server field errors next to the fields and the receipt on success', async () => {
    let attempt = 0
    const calls = mockFetch({
      'POST /api/v1/portal/complaints': () => (attempt++ === 0
        ? [400, { type: 'https://kesu.dev/problems/invalid_argument', title: 'Invalid request', status: 400, detail: 'invalid', request_id: 'r',
            errors: [{ field: 'subject', reason: 'is required' }, { field: 'complainant.phone', reason: 'is not a phone number (5 to 20 digits, spaces, + - ( ) allowed)' }] }]
        : [201, { number: 'TS-20261122-000001', access_code: 'ABCD2345', kind: 'complaint', status: 'registered', received_at: '2026-11-22T01:00:00Z' }]),
    })
    const wrapper = mountApp(PortalHome)
    await flush(5)
    await wrapper.find('#p-phone').setValue('12ab')
    await wrapper.find('[data-testid=portal-form]').trigger('submit')
    await flush(10)
    await sleep(150)
    const subject = wrapper.find('#p-subject').element.closest('.el-form-item')!
    expect(subject.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('必填')
    const phone = wrapper.find('#p-phone').element.closest('.el-form-item')!
    expect(phone.querySelector('.el-form-item__error')?.textContent).toContain('不是有效的电话号码')
    expect(calls[0].body).toMatchObject({ privacy_consent: false, complainant: { name: '', phone: '12ab' } })
    expect(calls[0].headers['Idempotency-Key']).toBeTruthy()

    await wrapper.find('#p-subject').setValue('快递破损')
    await wrapper.find('[data-testid=portal-form]').trigger('submit')
    await flush(10)
    expect(wrapper.find('[data-testid=portal-number]').text()).toBe('TS-20261122-000001')
    expect(wrapper.find('[data-testid=portal-code]').text()).toBe('ABCD2345')
    expect(sessionStorage.getItem('kesu.portal.case.TS-20261122-000001')).toBe('ABCD2345')
  })
})
