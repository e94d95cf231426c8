import type { Status } from '@/api/types'

/** The customer's five-step progress bar. */
export function portalStep(status: Status): number {
  switch (status) {
    case 'registered': return 0
    case 'acknowledged': case 'triaged': return 1
    case 'replied': case 'answered': case 'confirmed': return 3
    case 'closed': case 'archived': case 'rejected': case 'merged': return 4
    default: return 2
  }
}

const KEY = 'kesu.portal.case'

/** The access code is kept for this browser tab only (sessionStorage), never in the URL. */
export function rememberCase(number: string, code: string) {
  try {
    sessionStorage.setItem(`${KEY}.${number}`, code)
  } catch {
    /* private mode */
  }
}
export function recallCode(number: string): string | null {
  try {
    return sessionStorage.getItem(`${KEY}.${number}`)
  } catch {
    return null
  }
}
export function forgetCase(number: string) {
  try {
    sessionStorage.removeItem(`${KEY}.${number}`)
  } catch {
    /* ignore */
  }
}
