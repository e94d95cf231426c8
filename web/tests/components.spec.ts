import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, type Component } from 'vue'
import VirtualList from '@/components/VirtualList.vue'
import CalendarMonth from '@/components/CalendarMonth.vue'
import ClockList from '@/components/ClockList.vue'
import SnippetText from '@/components/SnippetText.vue'
import { clock } from './fixtures'
import { flush, mountApp } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

function rows(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, label: `row ${i + 1}` }))
}

const Host = defineComponent({
  props: { items: { type: Array, required: true } },
  emits: ['open', 'reach-end'],
  setup(props, { emit }) {
    return () => h(VirtualList as unknown as Component, {
      items: props.items as { id: number; label: string }[], keyOf: (x: { id: number }) => x.id, label: '列表', rowHeight: 40,
      style: 'height: 400px', onOpen: (item: unknown) => emit('open', item), onReachEnd: () => emit('reach-end'),
    }, { row: ({ item }: { item: { label: string } }) => h('span', { class: 'cell' }, item.label) })
  },
})

describe('VirtualList', () => {
  it('renders only a window of 10,000 rows', async () => {
    const wrapper = mountApp(Host, { props: { items: rows(10000) } })
    await flush()
    const rendered = wrapper.findAll('[role=row]')
    expect(rendered.length).toBeGreaterThan(5)
    expect(rendered.length).toBeLessThan(60)
    expect(wrapper.find('[role=grid]').attributes('aria-rowcount')).toBe('10000')
    expect((wrapper.find('.spacer').element as HTMLElement).style.height).toBe('400000px')
  })
  it('moves with the keyboard and opens with Enter', async () => {
    const wrapper = mountApp(Host, { props: { items: rows(50) } })
    const grid = wrapper.find('[role=grid]')
    await grid.trigger('focus')
    await grid.trigger('keydown', { key: 'ArrowDown' })
    await grid.trigger('keydown', { key: 'j' })
    await grid.trigger('keydown', { key: 'k' })
    expect(grid.attributes('aria-activedescendant')).toBe('vrow-1')
    expect(wrapper.find('#vrow-1').attributes('aria-selected')).toBe('true')
    await grid.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('open')?.[0]).toEqual([{ id: 2, label: 'row 2' }])
  })
  it('asks for the next page near the end', async () => {
    const wrapper = mountApp(Host, { props: { items: rows(5) } })
    const grid = wrapper.find('[role=grid]')
    await grid.trigger('keydown', { key: 'End' })
    expect(wrapper.emitted('reach-end')).toBeTruthy()
  })
})

describe('CalendarMonth', () => {
  it('marks holidays 休 and makeup days 班', async () => {
    const hours = [{ start: '09:00', end: '18:00' }]
    const wrapper = mountApp(CalendarMonth, {
      props: {
        calendar: { weekly_hours: [hours, hours, hours, hours, hours, [], []], holidays: [{ date: '2026-10-01', name: '国庆节' }],
          makeup_days: [{ date: '2026-10-10', name: '国庆调休' }] },
        year: 2026, month: 9,
      },
    })
    const holiday = wrapper.find('[data-date="2026-10-01"]')
    expect(holiday.attributes('data-kind')).toBe('holiday')
    expect(holiday.text()).toContain('休')
    expect(holiday.text()).toContain('国庆节')
    const makeup = wrapper.find('[data-date="2026-10-10"]')
    expect(makeup.attributes('data-kind')).toBe('makeup')
    expect(makeup.text()).toContain('班')
    expect(wrapper.find('[data-date="2026-10-11"]').attributes('data-kind')).toBe('weekend')
    expect(wrapper.findAll('th').map((x) => x.text())).toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日'])
    await holiday.find('button').trigger('click')
    expect(wrapper.emitted('select')?.[0]).toEqual(['2026-10-01'])
  })
})

describe('ClockList', () => {
  it('shows time remaining and overdue time', () => {
    const clocks = [
      clock({ target: 'acknowledge', state: 'met', due_at: '2026-01-02T10:00:00Z', remaining_seconds: null }),
      clock({ target: 'solution', remaining_seconds: 2 * 86400 + 3 * 3600 }),
      clock({ target: 'preliminary_investigation', clock_type: 'calendar_time', due_at: '2026-01-03T00:00:00Z', remaining_seconds: -5400 }),
    ]
    const wrapper = mountApp(ClockList, { props: { clocks } })
    const text = wrapper.text()
    expect(text).toContain('受理回执')
    expect(text).toContain('按时完成')
    expect(text).toContain('剩余 2天 3小时')
    expect(text).toContain('已超时 1小时 30分钟')
    expect(wrapper.find('[data-urgency=overdue]').exists()).toBe(true)
  })
})

describe('SnippetText', () => {
  it('renders <mark> and nothing else as HTML', () => {
    const wrapper = mountApp(SnippetText, { props: { html: '<b onclick="x()">粗</b><mark>屏幕</mark>' } })
    expect(wrapper.find('mark').text()).toBe('屏幕')
    expect(wrapper.find('b').exists()).toBe(false)
    expect(wrapper.text()).toContain('<b onclick="x()">粗</b>')
  })
})
