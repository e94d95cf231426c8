import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { auth } from '@/api/client'
import { ApiError, setCsrfToken } from '@/api/http'
import type { Permission, User } from '@/api/types'

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

  return { user, permissions, mayRevealPii, loaded, signedIn, has, load, login, logout }
})
