import { defineStore } from 'pinia'
import { ref } from 'vue'
import { extras } from '@/api/client'

// Unread count for the bell in the header; polled every minute while signed in. Hidden if the server has no
// notifications endpoint.
export const useNotifications = defineStore('notifications', () => {
  const available = ref(false)
  const unread = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh() {
    try {
      const list = await extras.notifications(true)
      available.value = list !== undefined
      unread.value = list?.unread_count ?? 0
    } catch {
      /* keep the last count */
    }
  }
  function start() {
    void refresh()
    if (!timer) timer = setInterval(() => void refresh(), 60000)
  }
  function stop() {
    if (timer) clearInterval(timer)
    timer = null
  }
  return { available, unread, refresh, start, stop }
})
