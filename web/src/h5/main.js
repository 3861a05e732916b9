// The residents' phone pages (H5), served by the C++ server for every path under /m/. Vant 4
// components, the console's API client and session (src/lib), and messages of its own.
import { createApp } from 'vue'
import {
  ActionSheet, Badge, Button, Cell, CellGroup, Checkbox, CheckboxGroup, ConfigProvider, Dialog, Empty, Field, Form, Grid,
  GridItem, Icon, Image as VanImage, List, Loading, NavBar, NoticeBar, Popup, PullRefresh, Radio,
  RadioGroup, Search, Step, Steps, Switch, Tab, Tabbar, TabbarItem, Tabs, Tag, Uploader,
} from 'vant'
import 'vant/lib/index.css'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n/index.js'
import { setUnauthenticatedHandler } from '../lib/api.js'
import { session } from '../lib/session.js'
import './h5.css'

// Any 401 (an expired or revoked token) ends the session and returns to the login page.
setUnauthenticatedHandler(() => {
  session.user = null
  const current = router.currentRoute.value
  if (current.name !== 'login' && current.meta.auth) {
    router.push({ name: 'login', query: { redirect: current.fullPath } })
  }
})

document.documentElement.lang = i18n.global.locale.value
const app = createApp(App)
for (const c of [
  ActionSheet, Badge, Button, Cell, CellGroup, Checkbox, CheckboxGroup, ConfigProvider, Dialog, Empty, Field, Form, Grid,
  GridItem, Icon, VanImage, List, Loading, NavBar, NoticeBar, Popup, PullRefresh, Radio,
  RadioGroup, Search, Step, Steps, Switch, Tab, Tabbar, TabbarItem, Tabs, Tag, Uploader,
]) {
  app.use(c)
}
app.use(i18n).use(router).mount('#app')
