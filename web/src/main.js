import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n/index.js'
import { setUnauthenticatedHandler } from './lib/api.js'
import { session } from './lib/session.js'
import './style.css'

// Any 401 (an expired or revoked token) ends the session and returns to the login page.
setUnauthenticatedHandler(() => {
  session.user = null
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    router.push({ name: 'login', query: { redirect: current.fullPath } })
  }
})

document.documentElement.lang = i18n.global.locale.value
createApp(App).use(ElementPlus).use(i18n).use(router).mount('#app')
