// Routes of the residents' H5 under /m/. Pages with meta.auth need a signed-in user; the public
// board (晒事) and a published vote's or poll's result are open to anyone with the link.
import { createRouter, createWebHistory } from 'vue-router'
import { restoreSession } from '../lib/session.js'
import { getToken } from '../lib/api.js'

export const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue') },
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { auth: true, tabbar: true } },
  { path: '/report', name: 'report', component: () => import('./views/ReportView.vue'), meta: { auth: true } },
  { path: '/appeals/:id(\\d+)', name: 'appeal', component: () => import('./views/AppealView.vue'), meta: { auth: true } },
  { path: '/notifications', name: 'notifications', component: () => import('./views/NotificationsView.vue'), meta: { auth: true } },
  { path: '/me', name: 'me', component: () => import('./views/MeView.vue'), meta: { auth: true, tabbar: true } },
  // 我是党员 (party members in their estate): registration, commitments, record, tasks, pairs.
  { path: '/member', name: 'member', component: () => import('./views/MemberView.vue'), meta: { auth: true } },
  { path: '/member/register', name: 'member-register', component: () => import('./views/MemberRegisterView.vue'), meta: { auth: true } },
  { path: '/member/commitments', name: 'member-commitments', component: () => import('./views/MemberCommitmentsView.vue'), meta: { auth: true } },
  { path: '/member/tasks', name: 'member-tasks', component: () => import('./views/MemberTasksView.vue'), meta: { auth: true } },
  { path: '/member/tasks/:id(\\d+)', name: 'member-task', component: () => import('./views/MemberTaskView.vue'), meta: { auth: true } },
  { path: '/member/pairs', name: 'member-pairs', component: () => import('./views/MemberPairsView.vue'), meta: { auth: true } },
  { path: '/member/record', name: 'member-record', component: () => import('./views/MemberRecordView.vue'), meta: { auth: true } },
  // 议事决定公开: the estate's published meeting decisions (docs/MEETINGS.md).
  { path: '/decisions/:estateId(\\d+)', name: 'decisions', component: () => import('./views/DecisionsView.vue'), meta: { auth: true } },
  // 业主表决 (owners' votes): the owner's votes, one vote, and its published result (no sign-in).
  { path: '/votes', name: 'votes', component: () => import('./views/VotesView.vue'), meta: { auth: true } },
  { path: '/votes/:id(\\d+)', name: 'vote', component: () => import('./views/VoteView.vue'), meta: { auth: true } },
  { path: '/votes/:id(\\d+)/result', name: 'vote-result', component: () => import('./views/VoteResultView.vue') },
  // 意见征集 (simple polls): the resident's polls, answering one, and its published result (no sign-in).
  { path: '/polls', name: 'polls', component: () => import('./views/PollsView.vue'), meta: { auth: true } },
  { path: '/polls/:id(\\d+)', name: 'poll', component: () => import('./views/PollView.vue'), meta: { auth: true } },
  { path: '/polls/:id(\\d+)/result', name: 'poll-result', component: () => import('./views/PollResultView.vue') },
  // 业委会选举: an owner's multi-seat ballot on the phone.
  { path: '/elections/:id(\\d+)', name: 'election', component: () => import('./views/ElectionView.vue'), meta: { auth: true } },
  { path: '/board/:estateId(\\d+)', name: 'board', component: () => import('./views/BoardView.vue'), meta: { tabbar: true } },
  { path: '/:rest(.*)*', redirect: { name: 'home' } },
]

export const router = createRouter({
  history: createWebHistory('/m/'),
  routes,
  scrollBehavior: (to, from, saved) => saved || { top: 0 },
})

router.beforeEach(async (to) => {
  // Signed in already: the login page has nothing to offer.
  if (to.name === 'login') return getToken() && (await restoreSession()) ? { name: 'home' } : true
  if (!to.meta.auth) return true
  if (await restoreSession()) return true
  return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
})
