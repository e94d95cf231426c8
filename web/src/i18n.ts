import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN'
import en from './locales/en'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
]
export const messages = { 'zh-CN': zhCN, en }

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem('kesu.locale')
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem('kesu.locale', locale)
  } catch {
    /* ignore */
  }
}

/** A server field-error reason in the UI language: exact phrases from the locale's `reason` table, a few
 * patterns, else the server's own text. (Looked up directly: the phrases contain dots and spaces.) */
export function translateReason(reason: string, locale: string = i18n.global.locale.value): string {
  const table = (locale === 'en' ? en : zhCN).reason as Record<string, string>
  if (table[reason]) return table[reason]
  const patterns = (locale === 'en' ? en : zhCN).reasonPattern
  let m = /^is longer than (\d+) characters$/.exec(reason)
  if (m) return patterns.longer.replace('{n}', m[1])
  m = /^must be between (\S+) and (\S+)$/.exec(reason)
  if (m) return patterns.between.replace('{min}', m[1]).replace('{max}', m[2])
  return reason
}
