import { defineStore } from 'pinia'
import { ref } from 'vue'
import { notifications } from '@/api/client'

// Unread count for the bell in the header; polled every minute while signed in.
export const useNotifications = defineStore('notifications', () => {
  const unread = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh() {
    try {
      unread.value = (await notifications.list(true)).unread_count
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
  return { unread, refresh, start, stop }
})
