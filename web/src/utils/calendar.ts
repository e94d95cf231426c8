// The month grid of the calendar admin page: weeks starting on Monday, each day marked as holiday (休),
// makeup working day (班, 调休), weekend or working day according to the business calendar.
import type { Calendar } from '@/api/types'
import { isoDay } from './format'

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup'

export interface CalendarCell {
  date: string // YYYY-MM-DD
  day: number
  inMonth: boolean
  kind: DayKind
  label: string // holiday or makeup name
  weekday: number // 0 = Monday … 6 = Sunday
}

export type CalendarDays = Pick<Calendar, 'weekly_hours' | 'holidays' | 'makeup_days'>

export function dayKind(calendar: CalendarDays, date: string,
  weekday: number): { kind: DayKind; label: string } {
  const holiday = calendar.holidays.find((h) => h.date === date)
  if (holiday) return { kind: 'holiday', label: holiday.name ?? '' }
  const makeup = calendar.makeup_days.find((h) => h.date === date)
  if (makeup) return { kind: 'makeup', label: makeup.name ?? '' }
  const hours = calendar.weekly_hours[weekday] ?? []
  return { kind: hours.length > 0 ? 'workday' : 'weekend', label: '' }
}

/** 6 × 7 cells (or fewer full weeks) covering `month` (0-based) of `year`. */
export function monthGrid(calendar: CalendarDays, year: number, month: number): CalendarCell[][] {
  const first = new Date(year, month, 1)
  const offset = (first.getDay() + 6) % 7 // Monday = 0
  const start = new Date(year, month, 1 - offset)
  const weeks: CalendarCell[][] = []
  const cursor = new Date(start)
  for (let w = 0; w < 6; w++) {
    const week: CalendarCell[] = []
    for (let d = 0; d < 7; d++) {
      const date = isoDay(cursor)
      const { kind, label } = dayKind(calendar, date, d)
      week.push({ date, day: cursor.getDate(), inMonth: cursor.getMonth() === month, kind, label, weekday: d })
      cursor.setDate(cursor.getDate() + 1)
    }
    if (w >= 4 && !week.some((c) => c.inMonth)) break
    weeks.push(week)
  }
  return weeks
}
