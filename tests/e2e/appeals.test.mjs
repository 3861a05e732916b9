// Residents' problems (诉求) in the staff console: a resident files a problem through the API;
// the estate's party branch opens it from the estate's 诉求 tab and accepts, starts and
// resolves it with the buttons of the detail page; staff enter two problems heard on a
// door-knocking visit; the branch changes a category's limits; an official of the district
// reads the figures (数据看板) with their charts and exports them to Excel.
import { test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {
  Api, CSV_HEADER, ExcelJS, startServer, launchBrowser, newPage, loginUI, fillField, pickOption, makeChain,
  screenshot, expectDialogClosed, closeDialogs, saveArtifact, ARTIFACTS,
} from './helpers.mjs'

// A 1×1 PNG, for the photo of the result.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

const BRANCH = { phone: '13911110001', password: 'Branch12345', name: '支部书记甲' }
const RESIDENT = { phone: '13911110002', password: 'Resident12345', name: '居民乙' }
const OFFICIAL = { phone: '13911110003', password: 'Official12345', name: '区干部丙' }

let server
let browser
let api
let page
let district
let estate
let building
let category
let appeal

async function account(who, role, unitId) {
  const a = await api.ok('POST', '/accounts', { phone: who.phone, password: who.password, name: who.name })
  await api.ok('POST', `/accounts/${a.id}/roles`, { role, unit_id: unitId })
  return a
}

async function statusText() {
  return (await page.getByTestId('appeal-status').first().innerText()).trim()
}

async function waitForStatus(text) {
  const deadline = Date.now() + 10_000
  let now = ''
  while (Date.now() < deadline) {
    now = await statusText()
    if (now === text) return
    await page.waitForTimeout(100)
  }
  assert.fail(`status stayed ${now}, expected ${text}`)
}

/** Picks an option and waits for the dropdown to close, so the next pick finds its own. */
async function pick(testId, text) {
  await pickOption(page, testId, text)
  const open = page.locator('.el-select__popper:visible')
  const deadline = Date.now() + 3000
  while ((await open.count()) > 0 && Date.now() < deadline) await page.waitForTimeout(50)
}

/** Clicks an action button of the detail page, fills its dialog and submits it. */
async function act(action, fill = async () => {}) {
  await page.getByTestId(`action-${action}`).click()
  await page.getByTestId('action-dialog').waitFor()
  await fill()
  await page.getByTestId('action-submit').click()
  await expectDialogClosed(page, 'action-dialog')
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  api = await Api.login(server.baseURL)
  let community
  ;({ district, community } = await makeChain(api, '渝北'))
  estate = await api.ok('POST', '/units', { kind: 'estate', name: '龙塔小区', parent_id: community.id })
  await api.ok('POST', `/estates/${estate.id}/households:import`, [
    CSV_HEADER,
    '1栋,1单元,3,301,88.00,registry,居民乙,13911110002,person,yes',
    '1栋,1单元,3,302,88.00,registry,邻居丁,13911110004,person,yes',
  ].join('\n') + '\n', { contentType: 'text/csv' })
  building = (await api.ok('GET', `/estates/${estate.id}/buildings`)).items[0]
  await account(BRANCH, 'branch', estate.id)
  await account(RESIDENT, 'resident', estate.id)
  await account(OFFICIAL, 'official', district.id)
  const categories = await api.ok('GET', `/estates/${estate.id}/appeal-categories`)
  const list = Array.isArray(categories) ? categories : categories.items
  category = list.find((c) => c.active !== false)
  const resident = await Api.login(server.baseURL, RESIDENT.phone, RESIDENT.password)
  appeal = await resident.ok('POST', '/appeals', {
    estate_id: estate.id,
    category: category.code,
    description: '1栋楼道灯坏了一个星期，晚上上楼看不见',
    place: { building_id: building.id },
    anonymous: false,
    channel: 'self',
    photo_ids: [],
  })
  page = await newPage(browser)
})

beforeEach(async () => {
  if (page) await closeDialogs(page)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the branch opens the estate’s problems and accepts, starts and resolves one', async () => {
  await loginUI(page, server.baseURL, BRANCH)
  await page.goto(`${server.baseURL}/estates/${estate.id}`)
  await page.getByTestId('estate-title').waitFor()
  await page.getByTestId('tab-appeals').click()
  const row = page.getByTestId('appeals-table').locator('.el-table__body-wrapper tbody tr', { hasText: '楼道灯' })
  await row.waitFor()
  assert.match(await row.innerText(), /待受理/)
  assert.match(await row.innerText(), new RegExp(category.name))
  await screenshot(page, 'appeals-list.png')

  await page.getByTestId(`appeal-link-${appeal.id}`).click()
  await page.waitForURL(`**/appeals/${appeal.id}`)
  await page.getByTestId('appeal-title').waitFor()
  assert.equal(await statusText(), '待受理')
  assert.match(await page.getByTestId('appeal-description').innerText(), /楼道灯坏了/)
  // The reporter as the server sends them (the branch may read personal data: unmasked).
  assert.match(await page.getByTestId('appeal-reporter').innerText(), /居民/)
  // Only what the state allows: no 办结 before accepting.
  assert.equal(await page.getByTestId('action-resolve').count(), 0)

  await act('accept')
  await waitForStatus('已受理')
  await act('start')
  await waitForStatus('处理中')

  // 办结 needs what was done: the dialog says so before sending.
  await page.getByTestId('action-resolve').click()
  await page.getByTestId('action-dialog').waitFor()
  await page.getByTestId('action-submit').click()
  await page.locator('.el-dialog .el-alert--error', { hasText: '请填写办理结果' }).waitFor()
  await fillField(page, 'transition-note', '已更换 1 栋 3 楼楼道灯，亮了')
  // A photo of the result, posted as it is to POST /photos.
  await page.getByTestId('transition-photos-input').setInputFiles({ name: 'light.png', mimeType: 'image/png', buffer: PNG })
  await page.getByTestId('action-dialog').locator('.thumb img').waitFor()
  await page.getByTestId('action-submit').click()
  await expectDialogClosed(page, 'action-dialog')
  await waitForStatus('已办结')
  await page.getByTestId('appeal-resolution').getByText('已更换 1 栋 3 楼楼道灯').waitFor()

  const entries = page.getByTestId('appeal-timeline').getByTestId('timeline-entry')
  const deadline = Date.now() + 5000
  while ((await entries.count()) < 4 && Date.now() < deadline) await page.waitForTimeout(100)
  const texts = await entries.allInnerTexts()
  assert.ok(texts.length >= 4, `timeline: ${JSON.stringify(texts)}`)
  const all = texts.join('\n')
  for (const word of ['受理', '开始办理', '办结', '已更换 1 栋 3 楼楼道灯']) assert.match(all, new RegExp(word))

  const stored = await api.ok('GET', `/appeals/${appeal.id}`)
  assert.equal(stored.status, 'resolved')
  assert.match(stored.resolution_note, /楼道灯/)
  assert.equal(stored.photos.filter((p) => p.stage === 'resolve').length, 1)
  await page.getByTestId('appeal-photos').locator('img').first().waitFor()
  await screenshot(page, 'appeal-resolved.png')
  await page.getByTestId('appeal-timeline').screenshot({ path: path.join(ARTIFACTS, 'appeal-timeline.png') })
})

test('the branch records the callback (回访)', async () => {
  await page.getByTestId('callback-section').waitFor()
  await page.getByTestId('callback-result').getByText('基本满意').click()
  await fillField(page, 'callback-note', '电话回访，居民说灯亮了')
  await page.getByTestId('callback-submit').click()
  await page.getByTestId('appeal-callback').waitFor()
  assert.match(await page.getByTestId('appeal-callback').innerText(), /基本满意/)
  const stored = await api.ok('GET', `/appeals/${appeal.id}`)
  assert.deepEqual({ ...stored.callback, at: undefined }, { contacted: true, solved: true, result: 'basically', at: undefined })
  assert.equal(stored.status, 'resolved')
})

test('a 409 names the current state when an action is no longer allowed', async () => {
  // The page still offers 重新办理 and 关闭; another user closes it first.
  await api.ok('POST', `/appeals/${appeal.id}/transitions`, { action: 'close', note: '居民确认已解决' })
  await page.getByTestId('action-close').click()
  await page.getByTestId('action-dialog').waitFor()
  await fillField(page, 'transition-note', '已解决')
  await page.getByTestId('action-submit').click()
  const alert = page.locator('.el-dialog .el-alert--error:visible')
  await alert.waitFor()
  const text = await alert.innerText()
  assert.match(text, /当前状态不允许/)
  assert.match(text, /closed/)
  await screenshot(page, 'appeal-409.png')
})

test('staff enter two problems heard on a door-knocking visit', async () => {
  await page.goto(`${server.baseURL}/estates/${estate.id}/appeals`)
  await page.getByTestId('estate-intake-link').click()
  await page.getByTestId('intake-title').waitFor()
  await fillField(page, 'intake-contact-name', '邻居丁')
  await fillField(page, 'intake-contact-phone', '13911110004')
  await page.getByTestId('intake-place-kind').getByText('公共区域').click()
  await fillField(page, 'intake-place-text', '南门停车场')
  await pick('intake-category-0', category.name)
  await fillField(page, 'intake-description-0', '南门停车场晚上没有照明')
  await page.getByTestId('intake-add-problem').click()
  await pick('intake-category-1', category.name)
  await fillField(page, 'intake-description-1', '停车场地面有坑')
  await page.getByTestId('intake-submit').click()
  await page.getByTestId('intake-result').waitFor()
  assert.match(await page.getByTestId('intake-result').innerText(), /已登记 2 条诉求/)
  await screenshot(page, 'appeal-intake.png')
  const listed = await api.ok('GET', `/appeals?unit_id=${estate.id}`)
  assert.equal(listed.total, 3, JSON.stringify(listed.items.map((a) => a.description)))
  assert.ok(listed.items.some((a) => a.channel === 'door_knock' && /有坑/.test(a.description)))
})

test('the branch changes a category’s limits', async () => {
  await page.goto(`${server.baseURL}/estates/${estate.id}/categories`)
  await page.getByTestId(`category-edit-${category.code}`).click()
  await page.getByTestId('category-dialog').waitFor()
  await fillField(page, 'category-respond-value', '3')
  await pick('category-respond-unit', '小时')
  await fillField(page, 'category-resolve-value', '4')
  await pick('category-resolve-unit', '个工作日')
  await page.getByTestId('category-submit').click()
  await expectDialogClosed(page, 'category-dialog')
  const row = page.getByTestId('categories-table').locator('.el-table__body-wrapper tbody tr', { hasText: category.name }).first()
  await row.getByText('4 个工作日').waitFor()
  await row.getByText('本小区调整').waitFor()
  const list = await api.ok('GET', `/estates/${estate.id}/appeal-categories`)
  const changed = (Array.isArray(list) ? list : list.items).find((c) => c.code === category.code)
  assert.deepEqual(changed.respond, { value: 3, unit: 'hours' })
  assert.deepEqual(changed.resolve, { value: 4, unit: 'working_days' })
  assert.equal(changed.custom, true)
  await screenshot(page, 'appeal-categories.png')
})

test('an official of the district reads the figures and exports them to Excel', async () => {
  const official = await newPage(browser)
  try {
    await loginUI(official, server.baseURL, OFFICIAL)
    await official.getByTestId('nav-stats').click()
    await official.getByTestId('stats-title').waitFor()
    await official.getByTestId('stats-unit').getByText(district.name).waitFor()
    const received = official.getByTestId('kpi-received').getByTestId('kpi-value')
    await received.waitFor()
    const deadline = Date.now() + 10_000
    while ((await received.innerText()).trim() !== '3' && Date.now() < deadline) await official.waitForTimeout(100)
    assert.equal((await received.innerText()).trim(), '3')
    await official.getByTestId('chart-trend').locator('canvas').first().waitFor()
    await official.getByTestId('chart-category').locator('canvas').first().waitFor()
    await official.getByTestId('stats-definitions').getByText('回复率').first().waitFor()
    await screenshot(official, 'appeal-stats.png')

    const [download] = await Promise.all([official.waitForEvent('download'), official.getByTestId('stats-export').click()])
    assert.match(download.suggestedFilename(), /\.xlsx$/)
    const file = await saveArtifact('appeal-stats.xlsx', Buffer.alloc(0))
    await download.saveAs(file)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const first = wb.worksheets[0]
    let found = null
    first.eachRow((row) => {
      if (row.getCell(1).value === '登记数') found = row.getCell(2).value
    })
    assert.equal(found, 3, `first sheet ${first.name}`)
    assert.deepEqual(wb.worksheets.map((s) => s.name).slice(0, 3), ['总体', '按类别', '按月份'])
  } finally {
    await official.context().close()
  }
})
