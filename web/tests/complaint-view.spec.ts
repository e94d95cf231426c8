import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ComplaintView from '@/views/ComplaintView.vue'
import PortalHome from '@/views/portal/PortalHome.vue'
import { useSession } from '@/stores/session'
import type { Complaint } from '@/api/types'
import { clock, complaint, emergency } from './fixtures'
import { flush, mockFetch, mountApp, sleep } from './helpers'

function routes(c: Complaint) {
  return {
    'GET /api/v1/complaints/7': () => [200, c] as [number, unknown],
    'GET /api/v1/complaints/7/timeline': () => [200, { events: [] }] as [number, unknown],
    'GET /api/v1/complaints/7/messages': () => [200, { items: [] }] as [number, unknown],
    'GET /api/v1/complaints/7/attachments': () => [200, { items: [] }] as [number, unknown],
    'GET /api/v1/complaints/7/similar': () => [200, { items: [] }] as [number, unknown],
    'GET /api/v1/templates': () => [200, { items: [] }] as [number, unknown],
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

  it('shows the deadlines, and the emergency once one was started', async () => {
    mockFetch(routes(complaint([])))
    let wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    await flush(10)
    expect(wrapper.find('[data-testid=clocks]').text()).toContain('无')
    expect(wrapper.find('[data-testid=emergency]').exists()).toBe(false)
    wrapper.unmount()
    mockFetch(routes(complaint([], { clocks: [clock()], emergency: emergency() })))
    wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    await flush(10)
    expect(wrapper.find('[data-testid=clocks]').text()).toContain('剩余 2小时')
    expect(wrapper.find('[data-testid=emergency]').text()).toContain('赵总、王芳')
    expect(wrapper.find('[data-testid=emergency]').text()).toContain('已联系客户')
  })

  it('reads the complaint again after an action, whose answer carries no clocks', async () => {
    let reads = 0
    const before = complaint(['implement'], { status: 'plan_approved', clocks: [clock()] })
    const after = complaint([], { status: 'implementing', version: 7, clocks: undefined })
    mockFetch({
      ...routes(before),
      'GET /api/v1/complaints/7': () => [200, reads++ === 0 ? before : { ...after, clocks: [clock({ state: 'met', remaining_seconds: null })] }],
      'POST /api/v1/complaints/7/actions/implement': () => [200, after],
    })
    const wrapper = mountApp(ComplaintView, { props: { id: 7 } })
    await flush(10)
    expect(wrapper.find('[data-testid=clocks]').text()).toContain('剩余 2小时')
    await wrapper.find('[data-testid=action-implement]').trigger('click')
    await flush(5)
    document.querySelector<HTMLButtonElement>('[data-testid=action-submit]')!.click()
    await flush(10)
    expect(reads).toBe(2)
    expect(wrapper.find('[data-testid=complaint-status]').attributes('data-status')).toBe('implementing')
    expect(wrapper.find('[data-testid=clocks]').text()).toContain('按时完成')
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
    expect(calls[0].headers['idempotency-key']).toBeTruthy()

    await wrapper.find('#p-subject').setValue('快递破损')
    await wrapper.find('[data-testid=portal-form]').trigger('submit')
    await flush(10)
    expect(wrapper.find('[data-testid=portal-number]').text()).toBe('TS-20261122-000001')
    expect(wrapper.find('[data-testid=portal-code]').text()).toBe('ABCD2345')
    expect(sessionStorage.getItem('kesu.portal.case.TS-20261122-000001')).toBe('ABCD2345')
  })
})
