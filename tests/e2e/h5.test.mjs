// The residents' phone pages (H5, /m/) on a 375 px phone: a resident signs in, reports a
// problem with a photo, follows it while staff handle it (through the API), rates it, and the
// estate's public board shows it with the reporter masked. Also: a file that is not an image is
// refused with a clear message, a dissatisfied resident asks for it to be handled again, and the
// language switch.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { writeFile } from 'node:fs/promises'
import zlib from 'node:zlib'
import { Api, CSV_HEADER, startServer, launchBrowser, makeChain, screenshot, fillField } from './helpers.mjs'

const RESIDENT = { phone: '13900000021', password: 'Resident12345', name: '张小明' }
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' }

let server
let browser
let admin
let resident // the resident's API client
let page // the resident's phone
let pngFile
let textFile
const ids = {}

// ---- a small real PNG ----------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

/** A w×h RGB PNG: a blue-to-green gradient with a darker square (something to look at). */
function makePng(w = 48, h = 48) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // truecolour
  const rows = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3)
    for (let x = 0; x < w; x++) {
      const inner = x > w / 4 && x < (3 * w) / 4 && y > h / 4 && y < (3 * h) / 4
      row[1 + x * 3] = inner ? 40 : 30
      row[2 + x * 3] = inner ? 90 : Math.round(120 + (100 * y) / h)
      row[3 + x * 3] = inner ? 60 : Math.round(240 - (120 * x) / w)
    }
    rows.push(row)
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))])
}

// ---- helpers ---------------------------------------------------------------------------------

async function phonePage() {
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(10_000)
  const p = await context.newPage()
  p.on('pageerror', (err) => console.error('[page error]', err.message))
  return p
}

/** A full-page screenshot from the top (fixed bars drawn where they belong). */
async function shot(p, name) {
  await p.locator('.van-toast').first().waitFor({ state: 'hidden', timeout: 4000 }).catch(() => {})
  await p.evaluate(() => window.scrollTo(0, 0))
  return screenshot(p, name)
}

async function loginH5(p) {
  await p.goto(server.baseURL + '/m/login')
  await fillField(p, 'h5-login-phone', RESIDENT.phone)
  await fillField(p, 'h5-login-password', RESIDENT.password)
  await p.getByTestId('h5-login-submit').click()
  await p.getByTestId('h5-greeting').waitFor()
}

/** Opens the report form and waits for the estate's categories. */
async function openReport(p) {
  await p.goto(server.baseURL + '/m/report')
  await p.getByTestId(`h5-category-${ids.category.code}`).waitFor()
}

async function waitForText(locator, re, what) {
  const deadline = Date.now() + 10_000
  let text = ''
  while (Date.now() < deadline) {
    text = await locator.innerText().catch(() => '')
    if (re.test(text)) return text
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`${what}: expected ${re} in ${JSON.stringify(text)}`)
}

// ---- set-up --------------------------------------------------------------------------------

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  admin = await Api.login(server.baseURL)
  const { community } = await makeChain(admin, '碧泉')
  const estate = await admin.ok('POST', '/units', { kind: 'estate', name: '碧泉花园', parent_id: community.id })
  ids.estate = estate.id
  // Households (and with them the buildings 1栋 and 2栋), then a building without any yet.
  const csv = [
    CSV_HEADER,
    `1栋,1单元,3,301,89.45,registry,${RESIDENT.name},${RESIDENT.phone},person,yes`,
    '2栋,1单元,5,502,96.10,registry,李四,13900000022,person,yes',
  ].join('\n') + '\n'
  await admin.ok('POST', `/estates/${estate.id}/households:import`, csv, { contentType: 'text/csv' })
  await admin.ok('POST', `/estates/${estate.id}/buildings`, { name: '3栋' })
  const buildings = (await admin.ok('GET', `/estates/${estate.id}/buildings`)).items
  ids.building1 = buildings.find((b) => b.name === '1栋').id
  const households = (await admin.ok('GET', `/estates/${estate.id}/households`, undefined)).items
  ids.household = households.find((h) => h.building === '1栋' && h.room === '301').id
  // The resident lives in 1栋1单元301: a person with their phone, so that the account is linked
  // to them and /auth/me gives their home.
  await admin.ok('POST', '/people', { name: RESIDENT.name, phone: RESIDENT.phone, unit_id: estate.id, household_id: ids.household })
  const account = await admin.ok('POST', '/accounts', RESIDENT)
  await admin.ok('POST', `/accounts/${account.id}/roles`, { role: 'resident', unit_id: estate.id })
  resident = await Api.login(server.baseURL, RESIDENT.phone, RESIDENT.password)
  const me = await resident.ok('GET', '/auth/me')
  assert.equal(me.home?.household_id, ids.household, `/auth/me gives the home: ${JSON.stringify(me.home)}`)
  const cats = await resident.ok('GET', `/estates/${estate.id}/appeal-categories`)
  const list = Array.isArray(cats) ? cats : cats.items
  ids.category = list.find((c) => c.active !== false)
  assert.ok(ids.category, 'the estate has an active category')

  pngFile = path.join(server.tmp, 'leak.png')
  await writeFile(pngFile, makePng())
  textFile = path.join(server.tmp, 'notes.txt')
  await writeFile(textFile, '这不是图片\n')
  page = await phonePage()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

// ---- the story -----------------------------------------------------------------------------

test('the resident signs in on the phone and sees an empty list', async () => {
  await page.goto(server.baseURL + '/m/')
  await page.waitForURL(/\/m\/login/) // not signed in yet
  await page.getByTestId('h5-login-phone').waitFor()
  await shot(page, 'h5-login.png')
  await loginH5(page)
  assert.match(await page.getByTestId('h5-greeting').innerText(), /张小明/)
  await page.getByTestId('h5-empty').waitFor()
  await shot(page, 'h5-home-empty.png')
})

test('a file that is not an image is refused with a clear message', async () => {
  await openReport(page)
  await page.getByTestId('h5-uploader').locator('input[type=file]').setInputFiles(textFile)
  const error = await waitForText(page.getByTestId('h5-error-photos'), /不是图片/, 'client-side check')
  assert.match(error, /notes\.txt/)
  assert.equal(await page.locator('.van-uploader__preview').count(), 0, 'nothing was added')

  // A file that claims to be a PNG but is not one: the server's refusal is shown.
  await page.getByTestId('h5-uploader').locator('input[type=file]').setInputFiles({
    name: 'fake.png',
    mimeType: 'image/png',
    buffer: Buffer.from('not really a png'),
  })
  await page.locator('.van-uploader__preview .van-uploader__mask').first().waitFor()
  await waitForText(page.getByTestId('h5-error-photos'), /fake\.png：不是图片/, 'server-side refusal')
  await shot(page, 'h5-photo-error.png')
  const direct = await resident.call('POST', '/photos', Buffer.from('not really a png'), { contentType: 'image/png' })
  assert.equal(direct.status, 400, 'the server looks inside the file')
})

test('the resident reports a problem with a photo, once however often they tap', async () => {
  await openReport(page)
  // The only estate is preselected.
  assert.match(await page.getByTestId('h5-estate').innerText(), /碧泉花园/)
  await page.getByTestId(`h5-category-${ids.category.code}`).click()
  // With a home on record, 我家 is offered first (and chosen); this problem is about the building.
  assert.match(await page.getByTestId('h5-place-household').getAttribute('class'), /kind--on/)
  assert.match(await page.getByTestId('h5-home').innerText(), /1栋.*301/)
  await page.getByTestId('h5-place-building').click()
  await page.getByTestId('h5-building').click()
  await page.locator('.van-action-sheet__item', { hasText: '1栋' }).click()
  assert.match(await page.getByTestId('h5-building').locator('input').inputValue(), /1栋/)
  await fillField(page, 'h5-description', '1栋楼道的灯坏了一个星期，晚上上下楼很黑，老人容易摔倒。')
  assert.match(await page.getByTestId('h5-description-count').innerText(), /^\s*\d+\/2000\s*$/)
  await page.getByTestId('h5-uploader').locator('input[type=file]').setInputFiles(pngFile)
  const preview = page.locator('.van-uploader__preview').first()
  await preview.waitFor()
  // Uploaded: the mask (uploading / failed) goes away.
  await page.waitForFunction(() => !document.querySelector('.van-uploader__preview .van-uploader__mask'))
  assert.equal(await page.getByTestId('h5-error-photos').count(), 0)
  await shot(page, 'h5-report.png')

  // A double tap sends one appeal (the form's Idempotency-Key, and the button is busy).
  const keys = []
  const onRequest = (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/v1/appeals') keys.push(req.headers()['idempotency-key'])
  }
  page.on('request', onRequest)
  await page.getByTestId('h5-submit').dblclick()
  await page.waitForURL(/\/m\/appeals\/\d+$/)
  page.off('request', onRequest)
  assert.ok(keys.length >= 1)
  assert.match(keys[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.ok(keys.every((k) => k === keys[0]), 'one key per form')
  ids.appeal = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByTestId('h5-detail-status').waitFor()
  assert.match(await page.getByTestId('h5-detail-status').innerText(), /待受理/)

  const mine = await resident.ok('GET', '/appeals?mine=1')
  assert.equal(mine.total, 1, 'one appeal however often the button was tapped')
  const appeal = await admin.ok('GET', `/appeals/${ids.appeal}`)
  assert.equal(appeal.estate.id, ids.estate)
  assert.equal(appeal.category.code, ids.category.code)
  assert.equal(appeal.place.building_id, ids.building1)
  assert.equal(appeal.photos.length, 1)
  assert.equal(appeal.anonymous, false)
  assert.equal(appeal.status, 'submitted')
  // The photo is shown and its URL answers with the PNG.
  await page.getByTestId('h5-detail-photos').locator('img').first().waitFor()
  const img = await fetch(server.baseURL + appeal.photos[0].url)
  assert.equal(img.status, 200)
  assert.match(img.headers.get('content-type'), /image\/png/)
})

test("the server's objection is shown next to the field it names", async () => {
  // A second category, switched off by the estate while the resident is filling the form.
  const cats = await resident.ok('GET', `/estates/${ids.estate}/appeal-categories`)
  const other = (Array.isArray(cats) ? cats : cats.items).find((c) => c.active !== false && c.code !== ids.category.code)
  await openReport(page)
  await page.getByTestId(`h5-category-${other.code}`).click()
  await page.getByTestId('h5-place-public').click()
  await fillField(page, 'h5-place-text', '北门垃圾桶旁')
  await fillField(page, 'h5-description', '垃圾桶满了没人清。')
  const put = (active) => admin.ok('PUT', `/estates/${ids.estate}/appeal-categories/${other.code}`, {
    name: other.name, name_en: other.name_en, handler: other.handler, respond: other.respond,
    resolve: other.resolve, sort: other.sort, active,
  })
  await put(false)
  try {
    await page.getByTestId('h5-submit').click()
    const text = await waitForText(page.getByTestId('h5-error-category'), /输入有误：.+/, 'error under the category')
    assert.match(text, new RegExp(other.code))
    await shot(page, 'h5-field-error.png')
  } finally {
    await put(true)
  }
  assert.equal((await resident.ok('GET', '/appeals?mine=1')).total, 1, 'nothing filed')
})

test('the list shows the problem with its status', async () => {
  await page.goto(server.baseURL + '/m/')
  const item = page.locator(`[data-testid=h5-appeal-item][data-id="${ids.appeal}"]`)
  await item.waitFor()
  const text = await item.innerText()
  assert.match(text, /待受理/)
  assert.match(text, new RegExp(ids.category.name))
  assert.match(text, /1栋/)
  await shot(page, 'h5-list.png')
})

test('staff handle it; the resident sees 已办结, the timeline and notifications, and rates it', async () => {
  const note = '已更换1栋2-6层楼道感应灯，并检查了线路。'
  await admin.ok('POST', `/appeals/${ids.appeal}/transitions`, { action: 'accept' })
  await admin.ok('POST', `/appeals/${ids.appeal}/transitions`, { action: 'start' })
  await admin.ok('POST', `/appeals/${ids.appeal}/transitions`, { action: 'resolve', note })

  // The bell counts what the resident has not read.
  const unread = (await resident.ok('GET', '/notifications?unread=1')).unread
  await page.goto(server.baseURL + '/m/')
  await page.getByTestId('h5-bell').waitFor()
  if (unread > 0) {
    await waitForText(page.getByTestId('h5-unread'), new RegExp(String(unread)), 'unread badge')
    await page.getByTestId('h5-bell').click()
    await page.getByTestId('h5-notification').first().waitFor()
    await shot(page, 'h5-notifications.png')
    // Opening the page marks them read.
    const deadline = Date.now() + 5000
    let left = unread
    while (left > 0 && Date.now() < deadline) {
      left = (await resident.ok('GET', '/notifications?unread=1')).unread
      if (left > 0) await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(left, 0, 'the notifications page marks them read')
  }

  await page.goto(`${server.baseURL}/m/appeals/${ids.appeal}`)
  await waitForText(page.getByTestId('h5-detail-status'), /已办结/, 'status')
  assert.match(await page.getByTestId('h5-resolution').innerText(), /感应灯/)
  const timeline = await page.getByTestId('h5-timeline').innerText()
  assert.match(timeline, /感应灯/)
  assert.ok((await page.getByTestId('h5-timeline-entry').count()) >= 4, 'submit, accept, start, resolve')
  // Newest first.
  const first = await page.getByTestId('h5-timeline-entry').first().innerText()
  assert.match(first, /办结/)
  assert.match(await page.getByTestId('h5-handler').innerText(), /承办方/)
  await page.getByTestId('h5-rate').waitFor()
  await shot(page, 'h5-detail-resolved.png')

  await page.getByTestId('h5-rate-satisfied').click()
  await fillField(page, 'h5-rate-comment', '修得很快，谢谢物业！')
  await page.getByTestId('h5-rate-submit').click()
  await waitForText(page.getByTestId('h5-rating'), /满意/, 'my rating')
  assert.match(await page.getByTestId('h5-rating').innerText(), /修得很快/)
  assert.equal(await page.getByTestId('h5-rate').count(), 0, 'rated once')
  const appeal = await admin.ok('GET', `/appeals/${ids.appeal}`)
  assert.equal(appeal.rating.result, 'satisfied')
  assert.equal(appeal.rating.comment, '修得很快，谢谢物业！')
  await shot(page, 'h5-detail-rated.png')
})

test('the public board shows it to anyone, with the reporter masked', async () => {
  const visitor = await phonePage() // a fresh context: not signed in
  await visitor.goto(`${server.baseURL}/m/board/${ids.estate}`)
  const item = visitor.locator(`[data-testid=h5-board-item][data-id="${ids.appeal}"]`)
  await item.waitFor()
  assert.match(await visitor.getByTestId('h5-board-title').innerText(), /碧泉花园/)
  const text = await item.innerText()
  assert.match(text, /感应灯/, 'what was done')
  assert.match(text, /张\*\*/, 'masked reporter')
  assert.match(text, /满意/, 'the rating')
  const body = await visitor.locator('body').innerText()
  assert.ok(!body.includes('张小明'), 'no full name on the page')
  assert.match(await visitor.getByTestId('h5-board-resolved').innerText(), /^\s*[1-9]\d*\s*$/)
  assert.match(await visitor.getByTestId('h5-board-rate').innerText(), /%/)
  assert.equal(await visitor.getByTestId('h5-tabbar').count(), 0, 'no tab bar for a visitor')
  await shot(visitor, 'h5-board.png')
  await visitor.context().close()
})

test('a dissatisfied resident asks for the problem to be handled again', async () => {
  const filed = await resident.ok('POST', '/appeals', {
    estate_id: ids.estate,
    category: ids.category.code,
    description: '家门口的地锁坏了，车位被占。',
    place: { household_id: ids.household },
    anonymous: true,
    channel: 'self',
    photo_ids: [],
  })
  for (const action of ['accept', 'start']) await admin.ok('POST', `/appeals/${filed.id}/transitions`, { action })
  await admin.ok('POST', `/appeals/${filed.id}/transitions`, { action: 'resolve', note: '已通知车位业主。' })

  await page.goto(`${server.baseURL}/m/appeals/${filed.id}`)
  await page.getByTestId('h5-rate').waitFor()
  // Rating without a choice asks for one.
  await page.getByTestId('h5-rate-submit').click()
  await waitForText(page.getByTestId('h5-rate-error'), /请选择/, 'choice required')
  await page.getByTestId('h5-rate-dissatisfied').click()
  await fillField(page, 'h5-rate-comment', '地锁还是坏的。')
  await page.getByTestId('h5-rate-submit').click()
  await waitForText(page.getByTestId('h5-rating'), /不满意/, 'dissatisfied shown')
  await page.getByTestId('h5-reopen').click()
  await fillField(page, 'h5-reopen-note', '地锁没有修，车位依然被占。')
  await page.locator('.van-dialog__confirm').click()
  await page.getByTestId('h5-reopen-dialog').waitFor({ state: 'hidden' })
  await waitForText(page.getByTestId('h5-detail-status'), /待受理|已受理|处理中/, 'reopened')
  const appeal = await admin.ok('GET', `/appeals/${filed.id}`)
  assert.equal(appeal.reopen_count, 1)
  assert.ok(appeal.timeline.some((e) => e.action === 'reopen' && /地锁没有修/.test(e.note)), 'reopen in the timeline')
  await shot(page, 'h5-reopened.png')
})

test('the language switch on the login page', async () => {
  const p = await phonePage()
  await p.goto(server.baseURL + '/m/login')
  await p.getByTestId('h5-lang-toggle').click()
  await waitForText(p.getByTestId('h5-login-submit'), /Sign in/, 'English')
  await p.getByTestId('h5-lang-toggle').click()
  await waitForText(p.getByTestId('h5-login-submit'), /登\s*录/, 'back to Chinese')
  await p.context().close()
})
