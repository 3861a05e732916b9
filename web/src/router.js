import { createRouter, createWebHistory } from 'vue-router'
import { restoreSession } from './lib/session.js'
import LoginView from './views/LoginView.vue'
import LayoutView from './views/LayoutView.vue'
import HomeView from './views/HomeView.vue'
import UnitView from './views/UnitView.vue'
import EstateView from './views/EstateView.vue'
import AuditView from './views/AuditView.vue'
import CalendarView from './views/CalendarView.vue'
import SupervisionView from './views/SupervisionView.vue'
import AppealsView from './views/appeals/AppealsView.vue'
import AppealView from './views/appeals/AppealView.vue'
import IntakeView from './views/appeals/IntakeView.vue'
import MemberView from './views/members/MemberView.vue'
import RulesView from './views/members/RulesView.vue'
import EmployersView from './views/members/EmployersView.vue'
import EmployerFiguresView from './views/members/EmployerFiguresView.vue'
// The dashboard carries ECharts: its own chunk, loaded when opened.
const StatsView = () => import('./views/appeals/StatsView.vue')

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', name: 'login', component: LoginView },
    {
      path: '/',
      component: LayoutView,
      children: [
        { path: '', name: 'home', component: HomeView },
        { path: 'units/:id', name: 'unit', component: UnitView, props: true },
        { path: 'units/:id/member-rules', name: 'member-rules', component: RulesView, props: true },
        { path: 'estates/:id/intake', name: 'intake', component: IntakeView, props: true },
        { path: 'estates/:id/:tab?', name: 'estate', component: EstateView, props: true },
        { path: 'appeals', name: 'appeals', component: AppealsView },
        { path: 'appeals/stats', name: 'appeal-stats', component: StatsView },
        { path: 'appeals/:id(\\d+)', name: 'appeal', component: AppealView, props: true },
        // Party members in their estate (在职党员回小区报到); the estate's tabs 党员报到, 承诺践诺.
        // Tasks (认领任务) and visits (入户走访) will get their estate tabs and pages beside these.
        { path: 'members/:id(\\d+)', name: 'member', component: MemberView, props: true },
        { path: 'employers', name: 'employers', component: EmployersView },
        { path: 'employers/:id(\\d+)', name: 'employer-figures', component: EmployerFiguresView, props: true },
        // 四必监督 across the estates below a unit (officials above the estates).
        { path: 'units/:id(\\d+)/four-musts', name: 'four-musts', component: SupervisionView, props: true },
        { path: 'audit', name: 'audit', component: AuditView },
        { path: 'calendar', name: 'calendar', component: CalendarView },
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  if (to.name === 'login') return true
  if (await restoreSession()) return true
  return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
})
