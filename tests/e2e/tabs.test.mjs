// The other estate tabs, driven through the console: overview (profile and service mode),
// party organisations, committees and members, property company and contract, people and
// posts with the cross-appointment figures, accounts and roles, and the audit log.
import { test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import {
  Api, CSV_HEADER, startServer, launchBrowser, newPage, loginUI, fillField, pickOption, makeChain, screenshot,
  expectDialogClosed, closeDialogs,
} from './helpers.mjs'

let server
let browser
let api
let page
let estate
let community

async function rowsOf(testId) {
  return page.getByTestId(testId).locator('.el-table__body-wrapper tbody tr').allInnerTexts()
}

async function waitForRow(testId, text) {
  await page.getByTestId(testId).locator('.el-table__body-wrapper tbody tr', { hasText: text }).first().waitFor()
}

// Dates as the console computes them (Asia/Shanghai).
function shanghaiToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}
function shiftDate(date, { years = 0, days = 0 }) {
  const [y, m, d] = date.split('-').map(Number)
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate()
  return new Date(Date.UTC(y + years, m - 1, Math.min(d, last) + days)).toISOString().slice(0, 10)
}

async function setDate(testId, value) {
  await fillField(page, testId, value)
  await page.keyboard.press('Enter')
}

async function openTab(name) {
  await page.getByTestId(`tab-${name}`).click()
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  api = await Api.login(server.baseURL)
  ;({ community } = await makeChain(api, '江北'))
  estate = await api.ok('POST', '/units', { kind: 'estate', name: '观音桥小区', parent_id: community.id })
  await api.ok('POST', `/estates/${estate.id}/households:import`, [
    CSV_HEADER,
    '1栋,1单元,1,101,88.00,registry,陈一,13900000001,person,yes',
    '1栋,1单元,2,201,88.00,registry,陈二,13900000002,person,yes',
  ].join('\n') + '\n', { contentType: 'text/csv' })
  page = await newPage(browser)
  await loginUI(page, server.baseURL)
  await page.goto(`${server.baseURL}/estates/${estate.id}`)
  await page.getByTestId('estate-title').waitFor()
})

beforeEach(async () => {
  if (page) await closeDialogs(page)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('overview: stats and profile editing with the service mode', async () => {
  assert.match(await page.getByTestId('stat-households').innerText(), /2/)
  await page.getByTestId('edit-profile').click()
  await fillField(page, 'profile-address', '重庆市江北区观音桥街道 1 号')
  await pickOption(page, 'profile-service-mode', '整体委托')
  await page.getByTestId('profile-submit').click()
  await expectDialogClosed(page, 'profile-dialog')
  await page.getByTestId('estate-profile').getByText('重庆市江北区观音桥街道 1 号').waitFor()
  await page.getByTestId('estate-service-mode').getByText('整体委托').waitFor()
  const e = await api.ok('GET', `/estates/${estate.id}`)
  assert.equal(e.profile.service_mode, 'whole')
  await screenshot(page, 'overview.png')
})

test('party organisations: add a branch and a party group under it', async () => {
  await openTab('party')
  await page.getByTestId('new-party-org').click()
  await page.getByTestId('party-org-dialog').waitFor()
  await fillField(page, 'party-org-name', '观音桥小区党支部')
  await page.getByTestId('party-org-submit').click()
  await expectDialogClosed(page, 'party-org-dialog')
  await waitForRow('party-orgs-table', '观音桥小区党支部')
  await page.getByTestId('new-party-org').click()
  await pickOption(page, 'party-org-kind', '党小组')
  await fillField(page, 'party-org-name', '1栋党小组')
  await pickOption(page, 'party-org-parent', '观音桥小区党支部')
  await page.getByTestId('party-org-submit').click()
  await expectDialogClosed(page, 'party-org-dialog')
  await waitForRow('party-orgs-table', '1栋党小组')
  const orgs = await api.ok('GET', `/units/${estate.id}/party-orgs`)
  const branch = orgs.items.find((o) => o.name === '观音桥小区党支部')
  const group = orgs.items.find((o) => o.name === '1栋党小组')
  assert.equal(branch.kind, 'branch')
  assert.equal(branch.function, 'estate')
  assert.equal(group.parent_id, branch.id)
})

test('people and posts: add people, assign posts, see who holds what', async () => {
  await openTab('people')
  for (const [name, phone, member] of [['陈一', '13900000001', true], ['刘二', '13900000003', false]]) {
    await page.getByTestId('new-person').click()
    await page.getByTestId('person-dialog').waitFor()
    await fillField(page, 'person-name', name)
    await fillField(page, 'person-phone', phone)
    if (member) await page.getByTestId('person-party-member').click()
    await page.getByTestId('person-submit').click()
    await expectDialogClosed(page, 'person-dialog')
    await waitForRow('people-table', name)
  }
  await page.getByTestId('assign-post').click()
  await pickOption(page, 'post-person', '陈一')
  await pickOption(page, 'post-kind', '支部书记')
  await pickOption(page, 'post-org', '观音桥小区党支部')
  await page.getByTestId('post-submit').click()
  await expectDialogClosed(page, 'post-dialog')
  await waitForRow('posts-table', '支部书记')
  await page.getByTestId('assign-post').click()
  await pickOption(page, 'post-person', '陈一')
  await pickOption(page, 'post-kind', '楼栋长')
  await pickOption(page, 'post-building', '1栋')
  await page.getByTestId('post-submit').click()
  await expectDialogClosed(page, 'post-dialog')
  await waitForRow('posts-table', '楼栋长')
  const posts = await api.ok('GET', `/estates/${estate.id}/posts`)
  assert.equal(posts.items.length, 2)
})

test('posts for party members say so and grey out people not recorded as members', async () => {
  await page.getByTestId('assign-post').click()
  await page.getByTestId('post-dialog').waitFor()
  await pickOption(page, 'post-kind', '楼栋长')
  assert.equal(await page.getByTestId('post-member-hint').count(), 0)
  await pickOption(page, 'post-kind', '支部委员')
  assert.match(await page.getByTestId('post-member-hint').innerText(), /须由党员担任/)
  await page.getByTestId('post-person').click()
  const option = (name) => page.locator('.el-select-dropdown__item:visible', { hasText: name })
  await option('刘二').waitFor()
  assert.match(await option('刘二').getAttribute('class'), /is-disabled/)
  assert.match(await option('刘二').innerText(), /非党员/)
  assert.doesNotMatch(await option('陈一').getAttribute('class'), /is-disabled/)
  await page.keyboard.press('Escape')
  await closeDialogs(page)
})

test('the community party secretary is appointed at the estate\'s community', async () => {
  await page.getByTestId('assign-post').click()
  await pickOption(page, 'post-kind', '社区党委书记')
  assert.match(await page.getByTestId('post-unit').innerText(), /江北社区/)
  await pickOption(page, 'post-person', '陈一')
  await page.getByTestId('post-submit').click()
  await expectDialogClosed(page, 'post-dialog')
  await page.locator('.el-message', { hasText: '江北社区' }).first().waitFor()
  // The post was created at the community (the audit log has the request), and 陈一 now holds
  // a post there as well as in the estate.
  const audit = await api.ok('GET', '/audit?entity=post&page=1&page_size=50')
  const created = audit.items.map((a) => (typeof a.after === 'string' ? JSON.parse(a.after) : a.after))
    .find((a) => a && a.post === 'community_party_secretary')
  assert.ok(created, JSON.stringify(audit.items))
  assert.equal(created.unit_id, community.id)
  const cross = await api.ok('GET', `/estates/${estate.id}/cross-appointments`)
  const chen = cross.people_with_several_posts.find((p) => p.name === '陈一')
  assert.ok(chen && chen.posts.includes('community_party_secretary'), JSON.stringify(cross))
})

test('a server error shows a Chinese headline with the field\'s label and the server\'s sentence', async () => {
  await page.getByTestId('new-person').click()
  await page.getByTestId('person-dialog').waitFor()
  await fillField(page, 'person-name', '王五')
  await fillField(page, 'person-phone', '12345')
  await page.getByTestId('person-submit').click()
  const alert = page.getByTestId('person-error')
  await alert.waitFor()
  assert.equal((await alert.locator('.el-alert__title').innerText()).trim(), '输入有误：手机号')
  const direct = await api.call('POST', '/people', { name: '王五', phone: '12345', unit_id: estate.id })
  assert.equal(direct.status, 400)
  assert.equal(direct.body.error.field, 'phone')
  assert.equal((await alert.getByTestId('error-detail').innerText()).trim(), direct.body.error.message)
  await screenshot(page, 'error-chinese.png')
})

test('committees: the term is required, defaults to five years, and is checked before sending', async () => {
  await openTab('committees')
  await page.getByTestId('new-committee').click()
  await page.getByTestId('committee-dialog').waitFor()
  // Default term: today up to the day before the fifth anniversary.
  const today = shanghaiToday()
  const value = (testId) => page.getByTestId(testId).locator('input').inputValue()
  assert.equal(await value('committee-term-start'), today)
  assert.equal(await value('committee-term-end'), shiftDate(today, { years: 5, days: -1 }))
  await fillField(page, 'committee-name', '观音桥小区第一届业委会')
  // Moving the start moves the default end along; a term longer than five years is refused here.
  await setDate('committee-term-start', '2025-03-01')
  assert.equal(await value('committee-term-end'), '2030-02-28')
  await setDate('committee-term-end', '2030-03-02')
  await page.getByTestId('committee-submit').click()
  const message = page.getByTestId('committee-term-end').locator('.el-form-item__error')
  await message.waitFor()
  assert.match(await message.innerText(), /任期最长 5 年.*2030-03-01/)
  // An empty end date is refused too.
  await page.getByTestId('committee-term-end').locator('input').fill('')
  await page.keyboard.press('Enter')
  await page.getByTestId('committee-submit').click()
  await page.getByTestId('committee-term-end').locator('.el-form-item__error', { hasText: '请填写任期结束' }).waitFor()
  await setDate('committee-term-end', '2030-02-28')
  await page.getByTestId('committee-submit').click()
  await expectDialogClosed(page, 'committee-dialog')
  const card = page.getByTestId('committee-card').filter({ hasText: '观音桥小区第一届业委会' })
  await card.waitFor()
  assert.match(await card.getByTestId('committee-term').innerText(), /2025-03-01 至 2030-02-28/)
  const committees = await api.ok('GET', `/estates/${estate.id}/committees`)
  assert.equal(committees.items[0].term_start, '2025-03-01')
  assert.equal(committees.items[0].term_end, '2030-02-28')
})

test('committees: add members by post', async () => {
  const card = page.getByTestId('committee-card').filter({ hasText: '观音桥小区第一届业委会' })
  for (const [name, post] of [['陈一', '委员会主任'], ['刘二', '委员会委员']]) {
    await card.getByRole('button').first().click()
    await pickOption(page, 'member-person', name)
    await pickOption(page, 'member-post', post)
    await page.getByTestId('member-submit').click()
    await expectDialogClosed(page, 'member-person')
    await card.locator('tbody tr', { hasText: name }).waitFor()
  }
  const committees = await api.ok('GET', `/estates/${estate.id}/committees`)
  assert.equal(committees.items[0].members.length, 2)
})

test('cross-appointment figures count committee members and party members', async () => {
  await openTab('people')
  // The people tab loaded before the committee existed: reload the page to refresh it.
  await page.reload()
  await page.getByTestId('cross-card').waitFor()
  const direct = await api.ok('GET', `/estates/${estate.id}/cross-appointments`)
  assert.equal(direct.committee_members, 2)
  assert.equal(direct.committee_party_members, 1)
  await page.getByTestId('cross-committee_members').getByText('2').waitFor()
  await page.getByTestId('cross-committee_party_members').getByText('1').waitFor()
  assert.ok(direct.people_with_several_posts.some((p) => p.name === '陈一'))
  await page.getByTestId('cross-card').locator('xpath=..').getByText(/陈一/).first().waitFor()
  await screenshot(page, 'people.png')
})

test('property: add a company and a contract', async () => {
  await openTab('property')
  await page.getByTestId('new-company').click()
  await fillField(page, 'company-name', '重庆红岩物业服务有限公司')
  await fillField(page, 'company-credit-code', '91500105MA5U00000A')
  await fillField(page, 'company-phone', '02367000000')
  await page.getByTestId('company-submit').click()
  await expectDialogClosed(page, 'company-dialog')
  await waitForRow('companies-table', '重庆红岩物业服务有限公司')
  await page.getByTestId('new-contract').click()
  await pickOption(page, 'contract-company', '重庆红岩物业服务有限公司')
  await pickOption(page, 'contract-scope', '保洁')
  await fillField(page, 'contract-start', '2025-01-01')
  await page.keyboard.press('Enter')
  await fillField(page, 'contract-end', '2027-12-31')
  await page.keyboard.press('Enter')
  await page.getByTestId('contract-submit').click()
  await expectDialogClosed(page, 'contract-dialog')
  await waitForRow('contracts-table', '重庆红岩物业服务有限公司')
  const contracts = await api.ok('GET', `/estates/${estate.id}/property-contracts`)
  assert.equal(contracts.items[0].scope, 'cleaning')
  assert.equal(contracts.items[0].start_date, '2025-01-01')
  assert.equal(contracts.items[0].end_date, '2027-12-31')
})

test('accounts: create an account and grant it a role on the estate', async () => {
  await openTab('accounts')
  await page.getByTestId('new-account').click()
  await fillField(page, 'account-name', '陈一')
  await fillField(page, 'account-phone', '13900000001')
  await fillField(page, 'account-password', 'Branch12345')
  await page.getByTestId('account-submit').click()
  await expectDialogClosed(page, 'account-dialog')
  await page.getByTestId('grant-dialog').waitFor()
  await pickOption(page, 'grant-role', '党支部')
  await page.getByTestId('grant-submit').click()
  await expectDialogClosed(page, 'grant-dialog')
  await waitForRow('accounts-table', '13900000001')
  assert.match((await rowsOf('accounts-table')).join('\n'), /党支部/)
  // The new account can sign in and sees its role.
  const branch = await Api.login(server.baseURL, '13900000001', 'Branch12345')
  assert.ok(branch.user.roles.some((r) => r.role === 'branch' && r.unit_id === estate.id))
})

test('the audit log lists what was done', async () => {
  await page.getByTestId('nav-audit').click()
  await page.waitForURL(/\/audit$/)
  await page.getByTestId('audit-table').locator('.el-table__body-wrapper tbody tr').first().waitFor()
  const direct = await api.ok('GET', '/audit?page=1&page_size=50')
  assert.ok(direct.total > 0)
  const rows = await rowsOf('audit-table')
  assert.equal(rows.length, Math.min(50, direct.items.length))
  await screenshot(page, 'audit.png')
})

test('a resident sees the estate without the tabs and buttons their role cannot use', async () => {
  const account = await api.ok('POST', '/accounts', { phone: '13900000009', password: 'Resident12345', name: '居民甲' })
  await api.ok('POST', `/accounts/${account.id}/roles`, { role: 'resident', unit_id: estate.id })
  const resident = await newPage(browser)
  await loginUI(resident, server.baseURL, { phone: '13900000009', password: 'Resident12345' })
  await resident.goto(`${server.baseURL}/estates/${estate.id}/people`)
  await resident.getByTestId('posts-table').locator('tbody tr').first().waitFor()
  // Names are masked "陈**" (first character and two stars) and the hint says why.
  assert.match(await resident.getByTestId('posts-table').innerText(), /陈\*\*/)
  await resident.getByTestId('masked-hint').waitFor()
  for (const hidden of ['tab-households', 'tab-import', 'tab-owners', 'tab-accounts', 'assign-post', 'new-person', 'people-table', 'nav-audit']) {
    assert.equal(await resident.getByTestId(hidden).count(), 0, `${hidden} hidden`)
  }
  await resident.getByTestId('tab-committees').click()
  await resident.getByTestId('committee-card').first().waitFor()
  assert.equal(await resident.getByTestId('new-committee').count(), 0)
  await resident.getByTestId('tab-overview').click()
  await resident.getByTestId('estate-profile').waitFor()
  assert.equal(await resident.getByTestId('edit-profile').count(), 0)
  await screenshot(resident, 'resident.png')
  await resident.context().close()
})
