import { describe, expect, it } from 'vitest'
import zh from '@/locales/zh-CN'
import en from '@/locales/en'
import { STATUSES, CHANNELS, ROLES, CAUSE_CATEGORIES } from '@/api/types'
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
  it('name every status, channel, role, cause and action', () => {
    for (const locale of [zh, en]) {
      for (const s of STATUSES) expect(locale.status[s]).toBeTruthy()
      for (const c of CHANNELS) expect(locale.channel[c]).toBeTruthy()
      for (const r of ROLES) expect(locale.role[r]).toBeTruthy()
      for (const c of CAUSE_CATEGORIES) expect(locale.cause[c]).toBeTruthy()
      for (const a of Object.keys(TEXT_FIELDS)) expect(locale.action[a as keyof typeof locale.action]).toBeTruthy()
      for (const spec of Object.values(TEXT_FIELDS)) if (spec) expect(locale.actionField[spec.name as keyof typeof locale.actionField]).toBeTruthy()
    }
  })
  it('Chinese is the default language', async () => {
    localStorage.removeItem('kesu.locale')
    const { i18n } = await import('@/i18n')
    expect(i18n.global.fallbackLocale.value).toBe('zh-CN')
  })
})
