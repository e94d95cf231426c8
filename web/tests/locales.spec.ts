import { describe, expect, it } from 'vitest'
import zh from '@/locales/zh-CN'
import en from '@/locales/en'
import {
  ACTIONS, CAUSE_CATEGORIES, CHANNELS, CLOCK_STARTS, CLOCK_TYPES, DIFFICULTIES, ESCALATION_ACTIONS, EXTENSION_UNITS, LEVELS, PERMISSIONS,
  REQUEST_KINDS, ROLES, SLA_TARGETS, STATUSES,
} from '@/api/types'
import { TEXT_FIELDS } from '@/utils/actions'

function keys(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [`${prefix}[${value.length}]`]
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
  return [prefix]
}

describe('locales', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
  // The value lists come from the server's OpenAPI document: a new status or action there fails here until named.
  it('name every value of the API\'s enums', () => {
    const named = (table: Record<string, string>, values: readonly string[]) => values.filter((v) => !table[v])
    for (const locale of [zh, en]) {
      expect(named(locale.status, STATUSES)).toEqual([])
      expect(named(locale.channel, CHANNELS)).toEqual([])
      expect(named(locale.kind, REQUEST_KINDS)).toEqual([])
      expect(named(locale.level, LEVELS)).toEqual([])
      expect(named(locale.difficulty, DIFFICULTIES)).toEqual([])
      expect(named(locale.role, ROLES)).toEqual([])
      expect(named(locale.permission, PERMISSIONS)).toEqual([])
      expect(named(locale.cause, CAUSE_CATEGORIES)).toEqual([])
      expect(named(locale.action, ACTIONS)).toEqual([])
      expect(named(locale.clock.target, SLA_TARGETS)).toEqual([])
      expect(named(locale.clock.type, CLOCK_TYPES)).toEqual([])
      expect(named(locale.clock.units, EXTENSION_UNITS)).toEqual([])
      expect(named(locale.admin.startAt, CLOCK_STARTS)).toEqual([])
      expect(named(locale.admin.escalationAction, ESCALATION_ACTIONS)).toEqual([])
      for (const spec of Object.values(TEXT_FIELDS)) if (spec) expect(locale.actionField[spec.name as keyof typeof locale.actionField]).toBeTruthy()
    }
  })
  it('Chinese is the default language', async () => {
    localStorage.removeItem('kesu.locale')
    const { i18n } = await import('@/i18n')
    expect(i18n.global.fallbackLocale.value).toBe('zh-CN')
  })
})
