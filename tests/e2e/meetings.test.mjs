// Meetings in the console (docs/MEETINGS.md), with the server's clock under the test's control:
// the admin schedules a 说事议事会 from the estate's 会议 tab, the clock moves past it, the minutes
// are recorded in the meeting's drawer (an attendee, the discussion, a decision), the decisions
// are published and show on the residents' list with names masked; the 四必监督 tab lists the
// missed spot-check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  Api, startServer, setClock, launchBrowser, newPage, loginUI, fillField, pickOption, screenshot,
  expectDialogClosed,
} from './helpers.mjs'

let server
let browser
let api
let page
let estate

before(async () => {
  server = await startServer({ testClock: true })
  await setClock(server.baseURL, '2026-03-02T09:00:00+08:00')
  api = await Api.login(server.baseURL)
  const district = await api.ok('POST', '/units', { kind: 'district', name: '会议区', parent_id: null })
  const street = await api.ok('POST', '/units', { kind: 'street', name: '会议街道', parent_id: district.id })
  const community = await api.ok('POST', '/units', { kind: 'community', name: '会议社区', parent_id: street.id })
  estate = await api.ok('POST', '/units', { kind: 'estate', name: '秋实学府', parent_id: community.id })
  browser = await launchBrowser()
  page = await newPage(browser)
  await loginUI(page, server.baseURL)
})

after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

test('schedule a meeting and record its minutes in the console', async () => {
  await page.goto(`${server.baseURL}/estates/${estate.id}/meetings`)
  await page.getByTestId('meeting-schedule').click()
  await pickOption(page, 'meeting-form-kind', '说事议事会')
  await fillField(page, 'meeting-form-title', '三月说事议事会')
  await fillField(page, 'meeting-form-location', '党群服务站')
  await fillField(page, 'meeting-form-starts', '2026-03-05T19:30')
  await fillField(page, 'meeting-form-items', '电梯维修\n停车秩序')
  await page.getByTestId('meeting-form-submit').click()
  await expectDialogClosed(page, 'meeting-schedule-form')
  const table = page.getByTestId('meetings-table')
  await table.getByText('三月说事议事会').waitFor()
  const list = await api.ok('GET', `/units/${estate.id}/meetings`)
  assert.equal(list.total, 1)
  const meeting = list.items[0]
  assert.equal(meeting.kind, 'deliberation')
  assert.equal(meeting.starts_at, '2026-03-05T19:30:00+08:00')

  // After the meeting: the minutes.
  await setClock(server.baseURL, '2026-03-05T21:30:00+08:00')
  await loginUI(page, server.baseURL)
  api = await Api.login(server.baseURL)
  await page.goto(`${server.baseURL}/estates/${estate.id}/meetings`)
  await page.getByTestId(`meeting-open-${meeting.id}`).click()
  const detail = page.getByTestId('meeting-detail')
  await detail.getByText('电梯维修').waitFor()
  await page.getByTestId('attendee-add').click()
  await fillField(page, 'attendee-name-0', '王书记')
  await page.getByTestId('attendee-add').click()
  await fillField(page, 'attendee-name-1', '周书记')
  await pickOption(page, 'attendee-side-1', '社区党组织')
  await fillField(page, 'minutes-discussion', '居民反映电梯经常停运，物业说明维修计划')
  await page.getByTestId('decision-add').click()
  await fillField(page, 'decision-text-0', '物业两周内完成2号楼电梯维修')
  await page.getByTestId('minutes-save').click()
  await page.getByTestId('meeting-detail-status').getByText('已召开').waitFor()
  await detail.getByText('物业两周内完成2号楼电梯维修').waitFor()
  await screenshot(page, 'meetings-minutes.png')

  const held = await api.ok('GET', `/meetings/${meeting.id}`)
  assert.equal(held.status, 'held')
  assert.equal(held.attendance.length, 2)
  assert.equal(held.attendance[1].side, 'community_party')
  assert.equal(held.decisions.length, 1)
  assert.equal(held.publish_by, '2026-03-10T00:00:00+08:00')

  // An action item, then publication to the owners.
  const decision = held.decisions[0]
  await fillField(page, `action-owner-${decision.id}`, '张经理')
  await fillField(page, `action-due-${decision.id}`, '2026-03-19T18:00')
  await page.getByTestId(`action-add-${decision.id}`).click()
  await detail.getByText('张经理').waitFor()
  await page.getByTestId('meeting-publish').click()
  await page.getByTestId('meeting-published').waitFor()
  const board = await api.ok('GET', `/estates/${estate.id}/published-decisions`)
  assert.equal(board.total, 1)
  assert.equal(board.items[0].decisions[0].actions[0].owner.name, '张**')
  assert.equal(board.items[0].late, false)

  // 四必监督: no spot-check this quarter.
  await page.goto(`${server.baseURL}/estates/${estate.id}/supervision`)
  await page.getByTestId(`must-${estate.id}-spot_check`).getByText('未落实').waitFor()
  await screenshot(page, 'meetings-four-musts.png')
})
