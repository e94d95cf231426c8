import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { auth, complaints } from '@/api/client'
import { ApiError, setCsrfToken } from '@/api/http'
import { listParameters, loadDocument } from '@/api/capabilities'
import type { Permission, User } from '@/api/types'

/** Which optional list parameters this server understands (probed once after sign-in). */
export interface Capabilities {
  q: boolean
  due_before: boolean
  overdue: boolean
  emergency: boolean
}

const HINT = 'kesu.signedIn'
function hint(): boolean {
  try {
    return localStorage.getItem(HINT) === '1'
  } catch {
    return true
  }
}
function setHint(on: boolean) {
  try {
    if (on) localStorage.setItem(HINT, '1')
    else localStorage.removeItem(HINT)
  } catch {
    /* storage unavailable */
  }
}

export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null)
  const permissions = ref<Permission[]>([])
  const mayRevealPii = ref(false)
  const loaded = ref(false)
  const capabilities = ref<Capabilities>({ q: false, due_before: false, overdue: false, emergency: false })

  const signedIn = computed(() => user.value !== null)
  function has(p: Permission): boolean {
    return permissions.value.includes(p)
  }

  async function load(): Promise<boolean> {
    // Without a sign-in hint there is no session to ask about (saves a 401 on every first visit).
    if (!hint()) {
      loaded.value = true
      return false
    }
    try {
      const me = await auth.me()
      user.value = me.user
      permissions.value = me.permissions
      mayRevealPii.value = me.may_reveal_pii
      setCsrfToken(me.csrf_token)
      void probe()
      return true
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        user.value = null
        setHint(false)
        return false
      }
      throw e
    } finally {
      loaded.value = true
    }
  }

  async function login(username: string, password: string) {
    const result = await auth.login(username, password)
    setCsrfToken(result.csrf_token)
    setHint(true)
    await load()
  }

  async function logout() {
    try {
      await auth.logout()
    } catch {
      /* the session may already be gone */
    }
    user.value = null
    permissions.value = []
    setCsrfToken(null)
    setHint(false)
  }

  /** From the OpenAPI document when it lists the parameters; otherwise one list call with every optional
   * parameter, whose 400 names each one the server does not know. */
  async function probe() {
    await loadDocument()
    const names = listParameters()
    if (names && ['q', 'due_before', 'overdue', 'emergency'].every((n) => names.has(n))) {
      capabilities.value = { q: true, due_before: true, overdue: true, emergency: true }
      return
    }
    const soon = new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z')
    try {
      await complaints.list({ limit: 1, q: 'probe', due_before: soon, overdue: true, emergency: true })
      capabilities.value = { q: true, due_before: true, overdue: true, emergency: true }
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const unknown = (name: string) => name in e.fields && /not a known/.test(e.fields[name])
        capabilities.value = {
          q: !unknown('q'),
          due_before: !unknown('due_before'),
          overdue: !unknown('overdue'),
          emergency: !unknown('emergency'),
        }
      }
    }
  }

  return { user, permissions, mayRevealPii, loaded, capabilities, signedIn, has, load, login, logout, probe }
})
