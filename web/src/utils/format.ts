// Formatting of times, durations and money for display. Times are shown in the browser's time zone.

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Local date as YYYY-MM-DD (for calendar cells). */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** RFC 3339 with the local offset, as the server requires ("2026-11-22T09:30:00+08:00"). */
export function toRfc3339(d: Date): string {
  const offset = -d.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:` +
    `${pad(d.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}

export interface DurationParts {
  days: number
  hours: number
  minutes: number
}

export function splitDuration(seconds: number): DurationParts {
  const total = Math.floor(Math.abs(seconds) / 60)
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 }
}

/** "2天3小时" / "3 h 5 min": the two largest non-zero units. `t` is vue-i18n's translate. */
export function formatDuration(seconds: number, t: (key: string, values?: Record<string, unknown>) => string): string {
  const { days, hours, minutes } = splitDuration(seconds)
  const parts: string[] = []
  if (days) parts.push(t('duration.d', { n: days }))
  if (hours) parts.push(t('duration.h', { n: hours }))
  if (minutes && parts.length < 2) parts.push(t('duration.m', { n: minutes }))
  if (!parts.length) return t('duration.lessThanMinute')
  return parts.slice(0, 2).join(' ')
}

export type Urgency = 'ok' | 'warn' | 'overdue' | 'stopped'

/** How urgent a deadline is: overdue when past, warn within `warnSeconds` (or after warn_at). */
export function urgencyOf(remainingSeconds: number | null | undefined, now = Date.now(), warnAt?: string | null,
  warnSeconds = 4 * 3600): Urgency {
  if (remainingSeconds === null || remainingSeconds === undefined) return 'stopped'
  if (remainingSeconds < 0) return 'overdue'
  if (warnAt && new Date(warnAt).getTime() <= now) return 'warn'
  if (remainingSeconds <= warnSeconds) return 'warn'
  return 'ok'
}

export function formatMoney(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—'
  const [whole, fraction = '00'] = amount.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `¥${grouped}.${fraction.padEnd(2, '0')}`
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`
  return `${(size / 1024 / 1024).toFixed(1)} MB`
}
