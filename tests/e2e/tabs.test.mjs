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

async function rowsOf(testId) {
  return page.getByTestId(testId).locator('.el-table__body-wrapper tbody tr').allInnerTexts()
}

async function waitForRow(testId, text) {
  await page.getByTestId(testId).locator('.el-table__body-wrapper tbody tr', { hasText: text }).first().waitFor()
}

async function openTab(name) {
  await page.getByTestId(`tab-${name}`).click()
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  api = await Api.login(server.baseURL)
  const { community } = await makeChain(api, '江北')
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

test('committees: create an owners\' committee and add members by post', async () => {
  await openTab('committees')
  await page.getByTestId('new-committee').click()
  await page.getByTestId('committee-dialog').waitFor()
  await fillField(page, 'committee-name', '观音桥小区第一届业委会')
  await page.getByTestId('committee-submit').click()
  await expectDialogClosed(page, 'committee-dialog')
  const card = page.getByTestId('committee-card').filter({ hasText: '观音桥小区第一届业委会' })
  await card.waitFor()
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
