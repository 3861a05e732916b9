// The holiday calendar (节假日与调休): the admin opens it from the header, takes a weekday off
// with a click, saves and finds it through the API; fills in the State Council's arrangement
// of 2026 and discards it; an official of the top district may edit too; the estate's party
// branch sees the page read-only, and a resident (no header link) sees no save button.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Api, startServer, launchBrowser, newPage, loginUI, makeChain, screenshot } from './helpers.mjs'

const RESIDENT = { phone: '13922220001', password: 'Resident12345', name: '居民甲' }
const BRANCH = { phone: '13922220002', password: 'Branch12345', name: '支部书记乙' }
const OFFICIAL = { phone: '13922220003', password: 'Official12345', name: '区干部丙' }

let server
let browser
let api

async function account(who, role, unitId) {
  const a = await api.ok('POST', '/accounts', { phone: who.phone, password: who.password, name: who.name })
  await api.ok('POST', `/accounts/${a.id}/roles`, { role, unit_id: unitId })
  return a
}

const kind = (page, date) => page.getByTestId(`day-${date}`).getAttribute('data-kind')

/** Waits until a day shows `expected` (the grid is drawn after GET /calendar answers). */
async function waitForKind(page, date, expected) {
  const deadline = Date.now() + 10_000
  let now = null
  while (Date.now() < deadline) {
    now = await kind(page, date)
    if (now === expected) return
    await page.waitForTimeout(50)
  }
  assert.fail(`${date} stayed ${now}, expected ${expected}`)
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  api = await Api.login(server.baseURL)
  const { district, community } = await makeChain(api, '江北')
  const estate = await api.ok('POST', '/units', { kind: 'estate', name: '观音桥小区', parent_id: community.id })
  await account(RESIDENT, 'resident', estate.id)
  await account(BRANCH, 'branch', estate.id)
  await account(OFFICIAL, 'official', district.id)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the admin takes a weekday off with a click, saves it, and fills in the official arrangement', async () => {
  const page = await newPage(browser)
  try {
    await loginUI(page, server.baseURL)
    await page.getByTestId('nav-calendar').click()
    await page.waitForURL('**/calendar')
    await page.getByTestId('calendar-title').waitFor()
    await page.goto(`${server.baseURL}/calendar?year=2026`)
    await page.getByTestId('calendar-save').waitFor()
    await page.waitForLoadState('networkidle') // the year is read before a click changes it
    assert.equal(await page.getByTestId('calendar-save').isDisabled(), true, 'nothing to save yet')

    // A Monday: one click takes it off (放), listed below.
    await page.getByTestId('day-2026-03-02').click()
    await waitForKind(page, '2026-03-02', 'holiday')
    assert.match(await page.getByTestId('day-2026-03-02').innerText(), /放/)
    await page.getByTestId('calendar-list-holiday').getByTestId('listed-2026-03-02').waitFor()
    await page.getByTestId('calendar-dirty').waitFor()
    // A Saturday can only be worked (班); a second click undoes it.
    await page.getByTestId('day-2026-03-07').click()
    await waitForKind(page, '2026-03-07', 'workday')
    await page.getByTestId('day-2026-03-07').click()
    await waitForKind(page, '2026-03-07', 'normal')

    await page.getByTestId('calendar-save').click()
    await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
    await page.getByTestId('calendar-dirty').waitFor({ state: 'hidden' })
    const saved = await api.ok('GET', '/calendar/2026')
    assert.deepEqual(saved, { year: 2026, holidays: ['2026-03-02'], workdays: [] })

    // The State Council's 2026 arrangement, with the reminder to check it against the notice.
    await page.getByTestId('calendar-fill').click()
    assert.match(await page.getByTestId('calendar-official-hint').innerText(), /核对/)
    assert.match(await page.getByTestId('calendar-official-hint').innerText(), /国庆节：10月1日至10月7日放假；9月20日（周日）、10月10日（周六）上班/)
    await waitForKind(page, '2026-10-01', 'holiday')
    await waitForKind(page, '2026-09-20', 'workday')
    await waitForKind(page, '2026-02-14', 'workday')
    await waitForKind(page, '2026-03-02', 'normal') // replaced, not merged
    assert.match(await page.getByTestId('calendar-list-workday').innerText(), /6 天/)
    await screenshot(page, 'calendar.png')
    // Not saved until asked: discarding brings back what the server has.
    await page.getByTestId('calendar-revert').click()
    await waitForKind(page, '2026-10-01', 'normal')
    await waitForKind(page, '2026-03-02', 'holiday')
    assert.deepEqual(await api.ok('GET', '/calendar/2026'), saved)
  } finally {
    await page.context().close()
  }
})

test('an official of the top district may edit the calendar', async () => {
  const page = await newPage(browser)
  try {
    await loginUI(page, server.baseURL, OFFICIAL)
    await page.getByTestId('nav-calendar').waitFor()
    await page.goto(`${server.baseURL}/calendar?year=2026`)
    await page.getByTestId('calendar-save').waitFor()
    await page.getByTestId('calendar-fill').waitFor()
  } finally {
    await page.context().close()
  }
})

test('the estate’s branch reads the calendar without changing it; a resident sees no save button', async () => {
  const branch = await newPage(browser)
  try {
    await loginUI(branch, server.baseURL, BRANCH)
    // manageCatalogue on the estate: the link is there, the page read-only (the top decides).
    await branch.getByTestId('nav-calendar').click()
    await branch.getByTestId('calendar-title').waitFor()
    await branch.goto(`${server.baseURL}/calendar?year=2026`)
    await waitForKind(branch, '2026-03-02', 'holiday')
    assert.match(await branch.getByTestId('calendar-mode').innerText(), /仅供查看/)
    assert.equal(await branch.getByTestId('calendar-save').count(), 0)
    assert.equal(await branch.getByTestId('day-2026-03-02').isDisabled(), true)
  } finally {
    await branch.context().close()
  }

  const resident = await newPage(browser)
  try {
    await loginUI(resident, server.baseURL, RESIDENT)
    assert.equal(await resident.getByTestId('nav-calendar').count(), 0, 'no header link')
    await resident.goto(`${server.baseURL}/calendar?year=2026`)
    await resident.getByTestId('calendar-title').waitFor()
    await waitForKind(resident, '2026-03-02', 'holiday')
    await resident.getByTestId('calendar-list-holiday').getByTestId('listed-2026-03-02').waitFor()
    for (const hidden of ['calendar-save', 'calendar-fill', 'calendar-revert']) {
      assert.equal(await resident.getByTestId(hidden).count(), 0, `${hidden} hidden`)
    }
    assert.equal(await resident.getByTestId('day-2026-03-03').isDisabled(), true)
    await screenshot(resident, 'calendar-resident.png')
    // And the server agrees.
    const r = await (await Api.login(server.baseURL, RESIDENT.phone, RESIDENT.password)).call('PUT', '/calendar/2026', { holidays: [], workdays: [] })
    assert.equal(r.status, 403)
  } finally {
    await resident.context().close()
  }
})
