import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { setUnauthorizedHandler } from './api/http'
import { useSession } from './stores/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
app.use(i18n)
app.use(ElementPlus)

// A 401 from any console call (session expired) sends the user to the sign-in page.
setUnauthorizedHandler(() => {
  const session = useSession(pinia)
  session.user = null
  const current = router.currentRoute.value
  if (current.name !== 'login' && !current.path.startsWith('/portal'))
    void router.push({ name: 'login', query: { redirect: current.fullPath } })
})

document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
