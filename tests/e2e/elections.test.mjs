// The owners' committee election (业委会选举) across the staff console and the phone, on the demo
// world with the server's clock under the test's control: the committee of 南方上格林 announces
// a 5-seat election (API), forms the preparatory group — the composition check shown red until
// the street representative leads it (added in the console) —, lists 6 candidates (API); the
// clock moves into the window; an owner ticks candidates on the phone and casts; staff enter a
// paper ballot in the console; the other ballots come in through the API; the committee closes
// the election in the console: who is elected, and the reminders, red once the first meeting is
// late.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Api, startServer, setClock, launchBrowser, newPage, loginUI, fillField, screenshot, expectDialogClosed } from './helpers.mjs'

const COMMITTEE = { phone: '13800000126', password: 'Demo12345' }
const OWNER_PASSWORD = 'Owner12345'
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' }
const DAY = 86400 * 1000

let server
let browser
let admin
let committee
let estate
let owner // the owner of 1栋 1单元 101, with an account on their roll phone
let desk
let phone
let election
let roll
let candidates // [{id, name, owner_id}]
let start // the test's "now"

function beijing(date) {
  return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19) + '+08:00'
}

async function text(p, testId) {
  return (await p.getByTestId(testId).first().innerText()).trim()
}

async function until(fn, what, timeout = 10_000) {
  const deadline = Date.now() + timeout
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function loginDesk() {
  await desk.goto(server.baseURL + '/login')
  await desk.evaluate(() => localStorage.removeItem('linli.token'))
  await loginUI(desk, server.baseURL, COMMITTEE)
}

async function openInConsole() {
  await desk.goto(`${server.baseURL}/estates/${estate.id}/elections`)
  await desk.getByTestId(`election-open-${election.id}`).click()
  await desk.getByTestId('election-drawer-status').waitFor()
}

// Sessions last 12 hours of the server's clock: after a jump, sign in again.
async function moveClock(days) {
  await setClock(server.baseURL, beijing(new Date(start.getTime() + days * DAY)))
  committee = await Api.login(server.baseURL, COMMITTEE.phone, COMMITTEE.password)
}

async function drawerSection(name) {
  await desk.locator('[data-testid=election-drawer] .el-tabs__item', { hasText: name }).first().click()
}

before(async () => {
  server = await startServer({ demo: true, testClock: true })
  start = new Date()
  await setClock(server.baseURL, beijing(start))
  admin = await Api.login(server.baseURL)
  committee = await Api.login(server.baseURL, COMMITTEE.phone, COMMITTEE.password)
  const grant = committee.user.roles.find((g) => g.role === 'committee')
  estate = await committee.ok('GET', `/estates/${grant.unit_id}`)
  const owners = (await committee.ok('GET', `/estates/${estate.id}/owners?page_size=50`)).items
  owner = owners.find((o) => o.households.some((h) => h.label === '1栋/1单元/101'))
  assert.ok(owner && owner.phone, 'the owner of 1栋 1单元 101 has a phone on the register')
  const account = await admin.ok('POST', '/accounts', { phone: owner.phone, password: OWNER_PASSWORD, name: owner.name })
  await admin.ok('POST', `/accounts/${account.id}/roles`, { role: 'resident', unit_id: estate.id })

  // Announced with 25 days' notice (past any holiday the demo calendar may add to the 15).
  election = await committee.ok('POST', `/estates/${estate.id}/elections`, {
    title: '第二届业主委员会换届选举', seats: 5, term_years: 5,
    opens_at: beijing(new Date(start.getTime() + 25 * DAY)), closes_at: beijing(new Date(start.getTime() + 32 * DAY)),
  })
  roll = await committee.ok('GET', `/votes/${election.vote_id}/roll`)
  browser = await launchBrowser()
  desk = await newPage(browser)
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(10_000)
  phone = await context.newPage()
  phone.on('pageerror', (err) => console.error('[page error]', err.message))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the preparatory group is checked in the console; six candidates stand', async () => {
  for (const [name, side] of [['社区党委书记', 'community_party'], ['业主代表甲', 'owner'], ['业主代表乙', 'owner'], ['业主代表丙', 'owner']])
    await committee.ok('POST', `/elections/${election.id}/prep-members`, { name, side })
  await loginDesk()
  await desk.goto(`${server.baseURL}/estates/${estate.id}`)
  await desk.getByTestId('tab-elections').click()
  await desk.getByTestId('elections-table').waitFor()
  await desk.getByTestId(`election-open-${election.id}`).click()
  await desk.getByTestId('election-drawer-status').waitFor()
  assert.equal(await text(desk, 'election-drawer-status'), '公告中')
  // Four members, nobody leads: red, with the reasons.
  const check = desk.getByTestId('prep-check')
  assert.match(await check.innerText(), /尚不符合规定[\s\S]*单数[\s\S]*组长/)
  // The street representative joins as leader: five, three owners, led by the street.
  await desk.getByTestId('prep-add').click()
  await fillField(desk, 'prep-name', '街道办刘科长')
  await desk.getByTestId('prep-side').click()
  await desk.locator('.el-select-dropdown__item:visible', { hasText: '街道（乡镇）' }).click()
  await desk.getByTestId('prep-leader').click()
  await desk.getByTestId('prep-save').click()
  await expectDialogClosed(desk, 'prep-save')
  await until(async () => /符合规定：5 人/.test(await check.innerText()), 'the composition check turns green')
  await screenshot(desk, 'elections-prep-group.png')

  // Six candidates from the roll (API), one of them the owner who votes on the phone.
  const people = roll.entries.filter((e) => e.owner_id && e.kind === 'buyer')
  const mine = people.find((e) => e.owner_ids.includes(owner.id))
  const picked = [mine, ...people.filter((e) => e !== mine).slice(0, 5)]
  const nominations = ['party_organisation', 'residents_committee', 'self', 'self', 'self', 'self']
  for (const [i, e] of picked.entries())
    await committee.ok('POST', `/elections/${election.id}/candidates`, {
      owner_id: e.owner_id, nomination: nominations[i], full_capacity: true, no_property_interest: true, not_defaulter: true,
    })
  // An ineligible owner cannot stand.
  const refused = await committee.call('POST', `/elections/${election.id}/candidates`, {
    owner_id: people[7].owner_id, nomination: 'self', full_capacity: true, no_property_interest: false, not_defaulter: true,
  })
  assert.equal(refused.status, 409)
  assert.equal(refused.body.error.field, 'no_property_interest')
  election = await committee.ok('GET', `/elections/${election.id}`)
  candidates = election.candidates
  assert.equal(candidates.length, 6)
  await desk.getByRole('button', { name: '刷新' }).last().click()
  await drawerSection('候选人')
  const rows = desk.locator('[data-testid=candidates-table] .el-table__body tr')
  await until(async () => (await rows.count()) === 6, 'six candidates listed')
  assert.match(await desk.getByTestId('candidates-table').innerText(), /党组织推荐[\s\S]*居委会推荐/)
  await screenshot(desk, 'elections-candidates.png')
})

test('the owner ticks candidates on the phone and casts the ballot', async () => {
  await moveClock(26)
  await phone.goto(server.baseURL + '/m/login')
  await phone.evaluate(() => localStorage.removeItem('linli.token'))
  await phone.goto(server.baseURL + '/m/login')
  await fillField(phone, 'h5-login-phone', owner.phone)
  await fillField(phone, 'h5-login-password', OWNER_PASSWORD)
  await phone.getByTestId('h5-login-submit').click()
  await phone.getByTestId('h5-greeting').waitFor()
  await phone.getByTestId('h5-votes-entry').click()
  await phone.locator('[data-testid=h5-vote-card]', { hasText: '第二届业主委员会换届选举' }).tap()
  await phone.getByTestId('h5-election-title').waitFor()
  for (const c of candidates.slice(0, 3)) await phone.getByTestId(`h5-candidate-${c.id}`).tap()
  assert.match(await text(phone, 'h5-election-cast'), /已选 3 \/ 5 人/)
  await screenshot(phone, 'elections-h5-ballot.png')
  await phone.getByTestId('h5-election-submit').tap()
  await phone.locator('.van-dialog').getByText(candidates[0].name).waitFor()
  await phone.locator('.van-dialog__confirm').tap()
  await phone.getByTestId('h5-election-done').waitFor()
  const ballots = await committee.ok('GET', `/elections/${election.id}/ballots`)
  assert.equal(ballots.items.length, 1)
  assert.equal(ballots.items[0].channel, 'online')
  assert.deepEqual(ballots.items[0].marks.map((m) => m.candidate_id).sort(), candidates.slice(0, 3).map((c) => c.id).sort())
})

test('staff enter a paper ballot; the rest come in; the result and the reminders', async () => {
  await loginDesk()
  await openInConsole()
  assert.equal(await text(desk, 'election-drawer-status'), '投票中')
  const voter = roll.entries.find((e) => e.owner_id && e.kind === 'buyer' && !e.owner_ids.includes(owner.id))
  await desk.getByTestId('election-enter-ballot').click()
  await desk.getByTestId('election-ballot-dialog').waitFor()
  await desk.getByTestId('election-ballot-owner').click()
  await desk.keyboard.type(voter.name)
  await desk.locator('.el-select-dropdown__item:visible', { hasText: voter.name }).first().click()
  await fillField(desk, 'election-ballot-evidence', 'XJ-0001')
  for (const c of candidates.slice(0, 5)) await desk.getByTestId(`mark-${c.id}`).getByText('同意').click()
  assert.match(await text(desk, 'election-ballot-count'), /已选同意 5 人/)
  await desk.getByTestId('election-ballot-submit').click()
  await expectDialogClosed(desk, 'election-ballot-submit')

  // The rest of the roll agrees to the first five through the API, leaving a few out.
  const done = new Set([owner.id, voter.owner_id])
  const rest = roll.entries.filter((e) => e.owner_id && !e.owner_ids.some((o) => done.has(o)))
  const cast = rest.slice(0, Math.max(0, rest.length - 2))
  for (const [i, e] of cast.entries())
    await committee.ok('POST', `/elections/${election.id}/ballots`, {
      owner_id: e.owner_id, household_id: e.household_ids[0], channel: 'paper', evidence: `XJ-${String(i + 2).padStart(4, '0')}`,
      marks: candidates.slice(0, 5).map((c) => ({ candidate_id: c.id, choice: 'agree' })),
    })

  await moveClock(33)
  await loginDesk()
  await openInConsole()
  await desk.getByTestId('election-close').click()
  await desk.locator('.el-message-box__btns .el-button--primary').click()
  await drawerSection('选举结果')
  await desk.getByTestId('election-outcome').waitFor()
  assert.equal(await text(desk, 'election-outcome'), '选举有效，席位已满')
  for (const c of candidates.slice(0, 5)) await desk.getByTestId(`elected-${c.id}`).waitFor()
  assert.equal(await desk.getByTestId(`elected-${candidates[5].id}`).count(), 0)
  assert.equal(await text(desk, 'reminder-first_meeting'), '待办')
  await screenshot(desk, 'elections-result.png')

  // Ten days on without a first meeting: late, in red.
  await moveClock(43)
  await loginDesk()
  await openInConsole()
  await drawerSection('选举结果')
  await until(async () => (await text(desk, 'reminder-first_meeting')) === '已逾期', 'the first meeting shows late')
  assert.match(await desk.getByTestId('reminder-first_meeting').getAttribute('class'), /danger/)
  await screenshot(desk, 'elections-reminders-late.png')
})
