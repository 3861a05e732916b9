// Simple polls (意见征集, outside Civil Code art. 278) across the staff console and the phone, on
// the demo world: the owners' committee of 南方上格林 (13800000126) starts a multiple-choice poll
// from the 意见征集 tab (one per household, at most two options); an owner of 1栋 1单元 101, given
// an account with the phone on the register, answers on the phone with checkboxes; a second
// answer from the same household is refused with 409; the committee closes the poll and publishes
// it (the counts as bars); a visitor without an account opens the public result page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Api, startServer, launchBrowser, newPage, loginUI, fillField, screenshot, expectDialogClosed } from './helpers.mjs'

const COMMITTEE = { phone: '13800000126', password: 'Demo12345' }
const OWNER_PASSWORD = 'Owner12345'
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' }
const TITLE = '小区八景命名'
const OPTIONS = ['翠湖春晓', '银杏秋韵', '松风听涛']

let server
let browser
let admin
let committee
let estate
let owner
let ownerApi
let desk
let phone
let pollId

async function phonePage() {
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(10_000)
  const p = await context.newPage()
  p.on('pageerror', (err) => console.error('[page error]', err.message))
  return p
}

async function text(p, testId) {
  return (await p.getByTestId(testId).first().innerText()).trim()
}

async function confirmBox() {
  await desk.locator('.el-message-box__btns .el-button--primary').click()
}

before(async () => {
  server = await startServer({ demo: true })
  admin = await Api.login(server.baseURL)
  committee = await Api.login(server.baseURL, COMMITTEE.phone, COMMITTEE.password)
  const grant = committee.user.roles.find((g) => g.role === 'committee')
  assert.ok(grant, 'the demo committee account holds the committee role')
  estate = await committee.ok('GET', `/estates/${grant.unit_id}`)
  const owners = (await committee.ok('GET', `/estates/${estate.id}/owners?page_size=50`)).items
  owner = owners.find((o) => o.households.some((h) => h.label === '1栋/1单元/101'))
  assert.ok(owner && owner.phone, 'the owner of 1栋 1单元 101 has a phone on the register')
  const account = await admin.ok('POST', '/accounts', { phone: owner.phone, password: OWNER_PASSWORD, name: owner.name })
  await admin.ok('POST', `/accounts/${account.id}/roles`, { role: 'resident', unit_id: estate.id })
  ownerApi = await Api.login(server.baseURL, owner.phone, OWNER_PASSWORD)
  browser = await launchBrowser()
  desk = await newPage(browser)
  phone = await phonePage()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the committee starts a multiple-choice poll from the 意见征集 tab', async () => {
  await loginUI(desk, server.baseURL, COMMITTEE)
  await desk.goto(`${server.baseURL}/estates/${estate.id}`)
  await desk.getByTestId('tab-polls').click()
  await desk.getByTestId('polls-table').waitFor()
  await desk.getByTestId('poll-create').click()
  await desk.getByTestId('poll-create-dialog').waitFor()
  await fillField(desk, 'poll-title', TITLE)
  await fillField(desk, 'poll-description', '从候选名称中选出小区景点的名字，每户一票，最多选两项。')
  await desk.getByTestId('poll-option-add').click()
  for (let i = 0; i < OPTIONS.length; i++) await fillField(desk, `poll-option-${i}`, OPTIONS[i])
  await desk.getByTestId('poll-multiple').click()
  await desk.getByTestId('poll-create-submit').click()
  await expectDialogClosed(desk, 'poll-create-submit')
  await desk.getByTestId('poll-phase').waitFor()
  assert.equal(await text(desk, 'poll-phase'), '进行中')
  const poll = (await committee.ok('GET', `/estates/${estate.id}/polls`)).items.find((p) => p.title === TITLE)
  assert.ok(poll, 'the poll is stored')
  pollId = poll.id
  assert.equal(poll.max_choices, 2)
  assert.equal(poll.counting, 'household')
  assert.deepEqual(poll.options.map((o) => o.label), OPTIONS)
  await screenshot(desk, 'polls-created.png')
})

test('the owner answers on the phone; a second answer from the household is refused', async () => {
  await phone.goto(server.baseURL + '/m/login')
  await fillField(phone, 'h5-login-phone', owner.phone)
  await fillField(phone, 'h5-login-password', OWNER_PASSWORD)
  await phone.getByTestId('h5-login-submit').click()
  await phone.getByTestId('h5-greeting').waitFor()
  await phone.getByTestId('h5-polls-entry').tap()
  await phone.getByTestId('h5-poll-card').first().waitFor()
  assert.match(await text(phone, 'h5-poll-card'), new RegExp(TITLE))
  await phone.getByTestId('h5-poll-card').first().tap()
  await phone.getByTestId('h5-poll-title').waitFor()
  assert.ok(await phone.getByTestId('h5-poll-submit').isDisabled(), 'nothing chosen yet')
  // An owner of several flats says which household answers.
  if (await phone.getByTestId('h5-poll-households').count()) {
    await phone.locator('[data-testid=h5-poll-households] .van-radio').first().tap()
  }
  await phone.getByTestId('h5-poll-option-1').tap()
  await phone.getByTestId('h5-poll-option-3').tap()
  await screenshot(phone, 'polls-answer-phone.png')
  await phone.getByTestId('h5-poll-submit').tap()
  await phone.locator('.van-dialog__confirm').tap()
  await phone.getByTestId('h5-poll-done').waitFor()
  assert.match(await text(phone, 'h5-poll-done'), /翠湖春晓、松风听涛/)
  await screenshot(phone, 'polls-answered-phone.png')

  const mine = await ownerApi.ok('GET', `/polls/${pollId}`)
  assert.equal(mine.me.responses.length, 1)
  const household = mine.me.responses[0].household_id
  const again = await ownerApi.call('POST', `/polls/${pollId}/responses`, { choices: [2], household_id: household })
  assert.equal(again.status, 409)
  assert.equal(again.body.error.code, 'already_exists')
  assert.match(again.body.error.message, /already answered/)
  // The result is not public yet.
  const early = await new Api(server.baseURL).call('GET', `/polls/${pollId}/results`)
  assert.equal(early.status, 401)
})

test('the committee closes and publishes; anyone sees the result', async () => {
  await desk.goto(`${server.baseURL}/estates/${estate.id}/polls`)
  await desk.getByTestId(`poll-open-${pollId}`).click()
  await desk.getByTestId('poll-close').click()
  await confirmBox()
  await desk.getByTestId('poll-publish').click()
  await confirmBox()
  await desk.getByTestId('poll-public-link').waitFor()
  assert.equal(await text(desk, 'poll-phase'), '已公布')
  assert.match(await text(desk, 'poll-bar-1'), /1 票 · 100\.0%/)
  assert.match(await text(desk, 'poll-bar-2'), /0 票 · 0\.0%/)
  await screenshot(desk, 'polls-published.png')

  const visitor = await phonePage()
  await visitor.goto(`${server.baseURL}/m/polls/${pollId}/result`)
  await visitor.getByTestId('h5-poll-result').waitFor()
  assert.equal(await text(visitor, 'h5-poll-result-title'), TITLE)
  assert.match(await text(visitor, 'h5-poll-result-responses'), /共 1 份参与/)
  assert.match(await text(visitor, 'h5-poll-bar-3'), /松风听涛[\s\S]*1 票 · 100\.0%/)
  await screenshot(visitor, 'polls-result-public.png')
})
