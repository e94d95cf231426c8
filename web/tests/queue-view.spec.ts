import { afterEach, describe, expect, it } from 'vitest'
import QueueView from '@/views/QueueView.vue'
import { flush, mockFetch, mountApp } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

// The date picker and the category cascader take seconds to render in happy-dom and play no part here.
function mountWith(incomplete: boolean) {
  mockFetch({
    'GET /api/v1/complaints': () => [200, { items: [], next_cursor: null, total: 0, total_capped: false, incomplete }],
    'GET /api/v1/me/views': () => [200, { items: [] }],
  })
  return mountApp(QueueView, { global: { stubs: { ElDatePicker: true, ElCascader: true } } })
}

describe('QueueView', () => {
  it('says a search may be incomplete when the server says the index had not caught up', async () => {
    const wrapper = mountWith(true)
    await flush(10)
    expect(wrapper.find('[data-testid=search-incomplete]').text()).toContain('结果可能不完整')
  }, 30_000)

  it('shows no notice for a complete answer', async () => {
    const wrapper = mountWith(false)
    await flush(10)
    expect(wrapper.find('[data-testid=search-incomplete]').exists()).toBe(false)
  }, 30_000)
})
