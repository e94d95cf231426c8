// Server field errors next to the fields they name: `errors.of('complainant.phone')` gives the reason (in the UI
// language) for <el-form-item :error>. Anything not naming a shown field goes into `general`.
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '@/api/http'
import { translateReason } from '@/i18n'

export function useFieldErrors() {
  const { t, locale } = useI18n()
  const fields = reactive<Record<string, string>>({})
  const general = ref('')

  function clear() {
    for (const key of Object.keys(fields)) delete fields[key]
    general.value = ''
  }

  /** Records the error; returns true when it was an ApiError. */
  function take(e: unknown): boolean {
    clear()
    if (!(e instanceof ApiError)) {
      general.value = (e as Error)?.message ?? String(e)
      return false
    }
    for (const [field, reason] of Object.entries(e.fields)) fields[field] = translateReason(reason, locale.value)
    if (e.status === 0) general.value = t('common.networkError')
    else if (e.isStale) general.value = t('common.staleVersion')
    else if (Object.keys(e.fields).length) general.value = t('common.fixFields')
    else general.value = e.problem.detail
    return true
  }

  function of(field: string): string {
    return fields[field] ?? ''
  }

  const hasAny = computed(() => general.value !== '' || Object.keys(fields).length > 0)
  return { fields, general, clear, take, of, hasAny }
}
