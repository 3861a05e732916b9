// Owners' votes (业主表决, Civil Code art. 278) across the staff console and the phone, on the demo
// world with the server's clock under the test's control: the owners' committee of 南方上格林
// (13800000126) announces a vote limited to 1栋 from the 业主表决 tab (an opening inside the 15-day
// notice refused with the server's sentence; the threshold follows from the matter); an owner of
// 1栋, given an account by the admin with the phone registered on the roll, objects to the roll
// on the phone and the committee answers; the clock moves past the notice period; the owner votes
// 同意 on the phone; staff enter a paper ballot in the console; a paper ballot for the owner who
// voted online is refused and logged; the other ballots come in through the API; the committee
// closes the vote (the result by area and by heads) and publishes it; a visitor without an account
// opens the public result page and the estate's board.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  Api, startServer, setClock, launchBrowser, newPage, loginUI, fillField, screenshot, expectDialogClosed, closeDialogs,
} from './helpers.mjs'

const COMMITTEE = { phone: '13800000126', password: 'Demo12345' }
const OWNER_PASSWORD = 'Owner12345'
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' }
const TITLE = '1栋电梯维修使用维修资金'

let server
let browser
let admin
let committee
let estate
let building // 1栋
let owner // the owner of 1栋 1单元 101, with an account on their roll phone
let desk
let phone
let voteId
let opensDay // the earliest opening day, as the server counted it

// "2026-11-22T18:03:00+08:00" for a Date: the server's clock in Beijing time.
function beijing(date) {
  return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19) + '+08:00'
}

function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

async function phonePage() {
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(10_000)
  const p = await context.newPage()
  p.on('pageerror', (err) => console.error('[page error]', err.message))
  return p
}

async function loginPhone() {
  await phone.goto(server.baseURL + '/m/login')
  await phone.evaluate(() => localStorage.removeItem('linli.token'))
  await phone.goto(server.baseURL + '/m/login')
  await fillField(phone, 'h5-login-phone', owner.phone)
  await fillField(phone, 'h5-login-password', OWNER_PASSWORD)
  await phone.getByTestId('h5-login-submit').click()
  await phone.getByTestId('h5-greeting').waitFor()
}

async function loginDesk() {
  await desk.goto(server.baseURL + '/login')
  await desk.evaluate(() => localStorage.removeItem('linli.token'))
  await loginUI(desk, server.baseURL, COMMITTEE)
}

async function openVoteInConsole() {
  await desk.goto(`${server.baseURL}/estates/${estate.id}/votes`)
  await desk.getByTestId(`vote-open-${voteId}`).click()
  await desk.getByTestId('vote-drawer-phase').waitFor()
}

async function drawerSection(name) {
  await desk.locator('[data-testid=vote-drawer] .el-tabs__item', { hasText: name }).first().click()
}

async function confirmBox() {
  await desk.locator('.el-message-box__btns .el-button--primary').click()
}

async function text(p, testId) {
  return (await p.getByTestId(testId).first().innerText()).trim()
}

/** Waits until `fn()` is truthy. */
async function until(fn, what, timeout = 10_000) {
  const deadline = Date.now() + timeout
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

before(async () => {
  server = await startServer({ demo: true, testClock: true })
  // The server's "now" is the browser's: the console computes the earliest opening from today.
  await setClock(server.baseURL, beijing(new Date()))
  admin = await Api.login(server.baseURL)
  committee = await Api.login(server.baseURL, COMMITTEE.phone, COMMITTEE.password)
  const grant = committee.user.roles.find((g) => g.role === 'committee')
  assert.ok(grant, 'the demo committee account holds the committee role')
  estate = await committee.ok('GET', `/estates/${grant.unit_id}`)
  assert.equal(estate.name, '南方上格林')
  building = (await committee.ok('GET', `/estates/${estate.id}/buildings`)).items.find((b) => b.name === '1栋')
  // The owner of 1栋 1单元 101 as the owners' register has them (the committee reads phones).
  const owners = (await committee.ok('GET', `/estates/${estate.id}/owners?page_size=50`)).items
  owner = owners.find((o) => o.households.some((h) => h.label === '1栋/1单元/101'))
  assert.ok(owner && owner.phone, 'the owner of 1栋 1单元 101 has a phone on the register')
  // The real way an owner gets online: the admin creates their account with the phone on the
  // register, as a resident of the estate.
  const account = await admin.ok('POST', '/accounts', { phone: owner.phone, password: OWNER_PASSWORD, name: owner.name })
  await admin.ok('POST', `/accounts/${account.id}/roles`, { role: 'resident', unit_id: estate.id })
  browser = await launchBrowser()
  desk = await newPage(browser)
  phone = await phonePage()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the committee announces a vote: the matter fixes the threshold, a short notice is refused', async () => {
  await loginDesk()
  await desk.goto(`${server.baseURL}/estates/${estate.id}`)
  await desk.getByTestId('tab-votes').click()
  await desk.getByTestId('votes-table').waitFor()
  await desk.getByTestId('vote-announce').click()
  await desk.getByTestId('vote-announce-dialog').waitFor()

  await fillField(desk, 'vote-title', TITLE)
  await fillField(desk, 'vote-description', '1栋两部电梯主板老化，拟使用维修资金更换，费用按面积分摊。')
  // The threshold follows from the matter and is shown, not edited.
  await desk.getByTestId('vote-matter').click()
  await desk.locator('.el-select-dropdown__item:visible', { hasText: '（六）筹集' }).click()
  assert.match(await text(desk, 'vote-threshold'), /四分之三以上/)
  await desk.getByTestId('vote-matter').click()
  await desk.locator('.el-select-dropdown__item:visible', { hasText: '（五）使用' }).click()
  assert.match(await text(desk, 'vote-threshold'), /过半数.*不能修改/s)
  assert.equal(await desk.getByTestId('vote-threshold').locator('input').count(), 0, 'nothing to type the threshold into')

  // The hint names the earliest opening; an earlier one is refused by the server.
  const hint = await text(desk, 'vote-earliest')
  opensDay = /(\d{4}-\d{2}-\d{2})/.exec(hint)[1]
  await fillField(desk, 'vote-opens-date', addDays(opensDay, -5))
  await desk.keyboard.press('Enter')
  await fillField(desk, 'vote-closes-date', addDays(opensDay, 7))
  await desk.keyboard.press('Enter')
  await desk.getByTestId('vote-buildings').click()
  await desk.locator('.el-select-dropdown__item:visible').filter({ hasText: /^1栋$/ }).click()
  await desk.locator('[data-testid=vote-announce-dialog] .el-dialog__title').click() // closes the dropdown
  await desk.getByTestId('vote-announce-submit').click()
  const refused = desk.locator('[data-testid=vote-announce-dialog] .el-alert--error')
  await refused.waitFor()
  const refusedText = await refused.innerText()
  assert.match(refusedText, /输入有误：开始投票/)
  assert.match(refusedText, /15-day notice/)
  assert.match(await text(desk, 'vote-too-early'), new RegExp(`公告期不足15日.*${opensDay} 00:00`))
  await screenshot(desk, 'votes-announce-refused.png')

  await fillField(desk, 'vote-opens-date', opensDay)
  await desk.keyboard.press('Enter')
  await desk.getByTestId('vote-announce-submit').click()
  await expectDialogClosed(desk, 'vote-announce-submit')

  // The vote opens in the drawer: announced, its roll taken for 1栋 only and open to objections.
  await desk.getByTestId('vote-drawer-phase').waitFor()
  assert.equal(await text(desk, 'vote-drawer-phase'), '公告中')
  const list = (await committee.ok('GET', `/estates/${estate.id}/votes`)).items
  const vote = list.find((v) => v.title === TITLE)
  assert.ok(vote, 'the vote is stored')
  voteId = vote.id
  assert.equal(vote.matter, 5)
  assert.equal(vote.threshold, 'more_than_half')
  assert.deepEqual(vote.building_ids, [building.id])
  assert.equal(vote.earliest_opening.slice(0, 10), opensDay)
  assert.match(await text(desk, 'vote-window'), new RegExp(`${opensDay} 08:00`))
  await drawerSection('业主名册')
  assert.match(await text(desk, 'vote-roll-totals'), new RegExp(`业主总人数 ${vote.total_heads}`))
  assert.match(await text(desk, 'vote-roll-frozen'), /公示中/)
  // The committee reads personal data: the owner's full name, and the rooms of 1栋 only.
  const firstRow = desk.locator('[data-testid=vote-roll-table] .el-table__body tr').first()
  assert.match(await firstRow.innerText(), new RegExp(`${owner.name}[\\s\\S]*1栋 1单元 101`))
  await screenshot(desk, 'votes-roll.png')
})

test('the owner finds the vote on the phone and objects to the roll; the committee answers', async () => {
  await loginPhone()
  await phone.getByTestId('h5-votes-entry').click()
  await phone.getByTestId('h5-vote-card').first().waitFor()
  assert.match(await text(phone, 'h5-vote-card'), new RegExp(TITLE))
  assert.match(await text(phone, 'h5-vote-phase'), /公告中/)
  await phone.getByTestId('h5-vote-card').first().tap()
  await phone.getByTestId('h5-vote-title').waitFor()
  assert.match(await text(phone, 'h5-vote-cast'), /投票尚未开始/)
  assert.equal(await phone.getByTestId('h5-vote-agree').count(), 0, 'no voting before the window')
  await phone.locator('[data-testid=h5-vote-objection] textarea').fill('1栋1单元101实际面积为93.60平方米，请核实')
  await phone.getByTestId('h5-vote-objection-submit').tap()
  await phone.getByText('待答复').waitFor()

  await openVoteInConsole()
  await drawerSection('异议')
  const answer = desk.locator('[data-testid^=objection-answer-]').first()
  await answer.click()
  await fillField(desk, 'objection-answer-text', '已与不动产登记核对，登记面积为92.60平方米，名册无误。')
  await desk.getByTestId('objection-answer-submit').click()
  await expectDialogClosed(desk, 'objection-answer-submit')
  assert.match(await desk.getByTestId('vote-objections').innerText(), /名册无误/)

  await phone.reload()
  await phone.getByText('答复：已与不动产登记核对').waitFor()
})

test('after the notice period the owner votes 同意 on the phone, once', async () => {
  await setClock(server.baseURL, `${opensDay}T09:00:00+08:00`)
  // Sessions last 12 hours of the server's clock: everyone signs in again.
  committee = await Api.login(server.baseURL, COMMITTEE.phone, COMMITTEE.password)
  await loginPhone()
  assert.match(await text(phone, 'h5-votes-entry'), /1 项正在投票/)
  await phone.getByTestId('h5-votes-entry').click()
  assert.match(await text(phone, 'h5-vote-mine'), /您还没有投票/)
  await phone.getByTestId('h5-vote-card').first().tap()
  await phone.getByTestId('h5-vote-agree').waitFor()
  await phone.getByTestId('h5-vote-agree').tap()
  await phone.locator('.van-dialog').getByText('您选择“同意”').waitFor()
  await phone.locator('.van-dialog__confirm').tap()
  await phone.getByTestId('h5-vote-done').waitFor()
  assert.match(await text(phone, 'h5-vote-done'), /您已投票：同意/)
  assert.equal(await phone.getByTestId('h5-vote-agree').count(), 0, 'no second vote offered')
  await screenshot(phone, 'h5-vote-cast.png')
  const mine = (await (await Api.login(server.baseURL, owner.phone, OWNER_PASSWORD)).ok('GET', '/me/votes')).items
  assert.equal(mine.find((v) => v.id === voteId).mine[0].choice, 'agree')
})

test('staff enter a paper ballot; a paper ballot for the owner who voted online is refused and logged', async () => {
  await loginDesk()
  await openVoteInConsole()
  assert.equal(await text(desk, 'vote-drawer-phase'), '投票中')
  await desk.getByTestId('vote-enter-ballot').click()
  await desk.getByTestId('ballot-dialog').waitFor()
  await desk.getByTestId('ballot-owner').click()
  await desk.keyboard.type('1单元 102')
  await desk.locator('.el-select-dropdown__item:visible', { hasText: '1栋 1单元 102' }).click()
  await desk.getByTestId('ballot-choice').getByText('反对').click()
  // Evidence is required for a paper ballot: caught on the form.
  await desk.getByTestId('ballot-submit').click()
  await desk.locator('[data-testid=ballot-dialog] .el-alert--error', { hasText: '请检查：凭证' }).waitFor()
  await fillField(desk, 'ballot-evidence', 'A-0002')
  await desk.getByTestId('ballot-submit').click()
  await expectDialogClosed(desk, 'ballot-submit')
  await drawerSection('选票')
  const ballots = desk.getByTestId('vote-ballots')
  await until(async () => (await ballots.locator('.el-table__body tr').count()) === 2, 'two ballots listed')
  const listed = await ballots.innerText()
  assert.match(listed, /线上/)
  assert.match(listed, /纸质票[\s\S]*A-0002/)

  // The owner of 101 voted online; a paper ballot for them is refused with the reason.
  await desk.getByTestId('vote-enter-ballot').click()
  await desk.getByTestId('ballot-owner').click()
  await desk.keyboard.type('1单元 101')
  const option = desk.locator('.el-select-dropdown__item:visible', { hasText: '1栋 1单元 101' })
  assert.match(await option.innerText(), /已投票/)
  await option.click()
  await fillField(desk, 'ballot-evidence', 'A-0003')
  await desk.getByTestId('ballot-submit').click()
  const refusal = desk.locator('[data-testid=ballot-dialog] .el-alert--error')
  await refusal.waitFor()
  const refusalText = await refusal.innerText()
  assert.match(refusalText, /重复投票，已拒绝并记录/)
  assert.match(refusalText, /already voted \(线上/)
  await screenshot(desk, 'votes-ballot-refused.png')
  await closeDialogs(desk)
  await until(async () => /该业主已投过票/.test(await desk.getByTestId('vote-refusals').innerText()), 'the refusal listed')
  assert.match(await desk.getByTestId('vote-refusals').innerText(), new RegExp(`${owner.name}[\\s\\S]*纸质票`))
})

test('the committee closes the vote, reads the result by area and heads, and publishes it', async () => {
  // The other owners of 1栋 vote through the ballot box, all but three: participation well over
  // two thirds.
  const roll = await committee.ok('GET', `/votes/${voteId}/roll`)
  const cast = new Set((await committee.ok('GET', `/votes/${voteId}/ballots`)).items.map((b) => b.entry_no))
  const rest = roll.entries.filter((e) => e.owner_id && !cast.has(e.entry_no)).slice(0, -3)
  let n = 0
  for (const e of rest) {
    await committee.ok('POST', `/votes/${voteId}/ballots`, {
      owner_id: e.owner_id, household_id: e.household_ids[0], choice: n % 5 === 4 ? 'abstain' : 'agree', channel: 'ballot_box', evidence: `票箱1-${++n}`,
    })
  }

  await openVoteInConsole()
  await desk.getByTestId('vote-close').click()
  await confirmBox()
  await desk.getByTestId('vote-outcome').waitFor()
  const stored = await committee.ok('GET', `/votes/${voteId}/result`)
  assert.equal(stored.outcome, 'passed')
  assert.equal(await text(desk, 'vote-outcome'), '通过')
  for (const key of ['participation_area', 'participation_heads', 'approval_area', 'approval_heads']) {
    assert.equal(await text(desk, `vote-met-${key}`), '达到', key)
  }
  const table = await desk.getByTestId('vote-result-table').innerText()
  assert.match(table, new RegExp(`${stored.participation.heads} 人`))
  assert.match(await text(desk, 'vote-by-channel'), new RegExp(`线上 1，纸质票 1，流动票箱 ${n}`))
  assert.match(await text(desk, 'vote-nonvoter'), /不影响依民法典第二百七十八条的表决结果/)
  assert.match(await text(desk, 'vote-publish-due'), /应于 \d{4}-\d{2}-\d{2} (24:00|\d{2}:\d{2}) 前公布/)
  await screenshot(desk, 'votes-result.png')

  await desk.getByTestId('vote-publish').click()
  await confirmBox()
  await desk.getByTestId('vote-public-link').waitFor()
  assert.equal(await text(desk, 'vote-drawer-phase'), '已公布')
  assert.equal(await desk.getByTestId('vote-publish-late').count(), 0, 'published in time')
})

test('anyone opens the published result without signing in; the owner sees it too', async () => {
  const visitor = await phonePage()
  await visitor.goto(`${server.baseURL}/m/votes/${voteId}/result`)
  await visitor.getByTestId('h5-vote-outcome').waitFor()
  assert.equal(await text(visitor, 'h5-vote-result-title'), TITLE)
  assert.equal(await text(visitor, 'h5-vote-outcome'), '通过')
  assert.match(await text(visitor, 'h5-vote-participation_heads'), /达到/)
  const names = await text(visitor, 'h5-vote-participants')
  const masked = `${[...owner.name][0]}**` // the one masking format
  assert.ok(names.includes(masked), `the participants list shows ${masked}`)
  assert.ok(!names.includes(owner.name), 'no full name on the public page')
  await screenshot(visitor, 'h5-vote-public-result.png')

  // The estate's public board links it.
  await visitor.goto(`${server.baseURL}/m/board/${estate.id}`)
  await visitor.getByTestId('h5-board-vote').first().waitFor()
  assert.match(await text(visitor, 'h5-board-votes'), new RegExp(TITLE))
  await visitor.getByTestId('h5-board-vote').first().tap()
  await visitor.getByTestId('h5-vote-outcome').waitFor()
  await visitor.context().close()

  await phone.goto(`${server.baseURL}/m/votes/${voteId}`)
  await phone.getByTestId('h5-vote-outcome').waitFor()
  assert.match(await text(phone, 'h5-vote-done'), /您已投票：同意/)
})
