import { describe, expect, it } from 'vitest'
import { formatDuration, formatMoney, splitDuration, toRfc3339, urgencyOf } from '@/utils/format'
import { sanitizeSnippet } from '@/utils/snippet'
import { monthGrid, dayKind } from '@/utils/calendar'
import { portalStep } from '@/utils/portal'
import { i18n, translateReason } from '@/i18n'

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {})

describe('durations and deadlines', () => {
  it('splits and formats the two largest units', () => {
    expect(splitDuration(90061)).toEqual({ days: 1, hours: 1, minutes: 1 })
    i18n.global.locale.value = 'zh-CN'
    expect(formatDuration(3 * 3600 + 20 * 60, t)).toBe('3小时 20分钟')
    expect(formatDuration(-(2 * 86400 + 5 * 3600 + 7 * 60), t)).toBe('2天 5小时')
    expect(formatDuration(30, t)).toBe('不到1分钟')
    i18n.global.locale.value = 'en'
    expect(formatDuration(3600, t)).toBe('1 h')
    i18n.global.locale.value = 'zh-CN'
  })
  it('grades urgency', () => {
    expect(urgencyOf(-1)).toBe('overdue')
    expect(urgencyOf(null)).toBe('stopped')
    expect(urgencyOf(3600)).toBe('warn')
    expect(urgencyOf(86400)).toBe('ok')
    expect(urgencyOf(86400, Date.parse('2026-01-02T00:00:00Z'), '2026-01-01T00:00:00Z')).toBe('warn')
  })
  it('writes RFC 3339 with the local offset', () => {
    expect(toRfc3339(new Date(2026, 10, 22, 9, 30, 5))).toMatch(/^2026-11-22T09:30:05[+-]\d\d:\d\d$/)
  })
  it('formats yuan', () => {
    expect(formatMoney('1234567.5')).toBe('¥1,234,567.50')
    expect(formatMoney(null)).toBe('—')
  })
})

describe('search snippets', () => {
  it('keeps <mark> and escapes everything else', () => {
    expect(sanitizeSnippet('手机<mark>屏幕</mark>碎了')).toBe('手机<mark>屏幕</mark>碎了')
    expect(sanitizeSnippet('<img src=x onerror=alert(1)><mark>a</mark>')).toBe('&lt;img src=x onerror=alert(1)&gt;<mark>a</mark>')
    expect(sanitizeSnippet('<MARK>x</MARK><script>bad()</script>')).toBe('<mark>x</mark>&lt;script&gt;bad()&lt;/script&gt;')
  })
  it('balances unclosed marks and drops stray closers', () => {
    expect(sanitizeSnippet('</mark>a<mark>b')).toBe('a<mark>b</mark>')
  })
  it('does not double-escape entities from the server', () => {
    expect(sanitizeSnippet('a &amp; b &lt;c&gt;')).toBe('a &amp; b &lt;c&gt;')
  })
})

describe('calendar month grid', () => {
  const hours = [{ start: '09:00', end: '18:00' }]
  const calendar = {
    weekly_hours: [hours, hours, hours, hours, hours, [], []],
    holidays: [{ date: '2026-02-16', name: '春节' }, { date: '2026-02-17', name: '春节' }],
    makeup_days: [{ date: '2026-02-14', name: '春节调休' }],
  }
  it('starts weeks on Monday and marks holidays, 调休 and weekends', () => {
    const weeks = monthGrid(calendar, 2026, 1)
    expect(weeks[0][0].date).toBe('2026-01-26') // Feb 1st 2026 is a Sunday
    expect(weeks[0][6].date).toBe('2026-02-01')
    const cells = weeks.flat()
    expect(cells.find((c) => c.date === '2026-02-14')).toMatchObject({ kind: 'makeup', label: '春节调休', weekday: 5 })
    expect(cells.find((c) => c.date === '2026-02-16')).toMatchObject({ kind: 'holiday', label: '春节' })
    expect(cells.find((c) => c.date === '2026-02-15')?.kind).toBe('weekend')
    expect(cells.find((c) => c.date === '2026-02-18')?.kind).toBe('workday')
    expect(weeks.every((w) => w.length === 7)).toBe(true)
  })
  it('a holiday wins over the weekly hours', () => {
    expect(dayKind(calendar, '2026-02-16', 0).kind).toBe('holiday')
  })
})

describe('portal progress', () => {
  it('maps statuses to the five steps', () => {
    expect(portalStep('registered')).toBe(0)
    expect(portalStep('triaged')).toBe(1)
    expect(portalStep('plan_submitted')).toBe(2)
    expect(portalStep('replied')).toBe(3)
    expect(portalStep('closed')).toBe(4)
  })
})

describe('server reasons in the UI language', () => {
  it('translates known phrases and patterns, keeps the rest', () => {
    expect(translateReason('is required', 'zh-CN')).toBe('必填')
    expect(translateReason('is not a phone number (5 to 20 digits, spaces, + - ( ) allowed)', 'zh-CN')).toContain('不是有效的电话号码')
    expect(translateReason('is longer than 200 characters', 'zh-CN')).toBe('不能超过 200 个字符')
    expect(translateReason('must be between 1 and 5', 'en')).toBe('must be between 1 and 5')
    expect(translateReason('something new', 'zh-CN')).toBe('something new')
  })
})
