// Party members in their estate (在职党员回小区报到), across the phone H5 and the staff console,
// on the demo world with the server's clock under the test's control: the demo resident of
// 人社局家属院 registers on the phone (their home filled in, the employer picked from a search);
// the admin confirms it from the estate's 党员报到 tab; the phone shows 已报到 with the same
// receipt number and opens the receipt PDF; the member makes this year's commitments (one too
// short is refused with the server's sentence; no report before January); staff add a record
// entry on the member's page (its PDF downloads); the member sees it in the yearly record and
// downloads the PDF; in
// January the member reports on a commitment and the branch reviews it; the employer's figures
// and their Excel export; the rules of the estate changed.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  Api, ExcelJS, ARTIFACTS, startServer, setClock, launchBrowser, newPage, loginUI, fillField, screenshot,
  expectDialogClosed, closeDialogs,
} from './helpers.mjs'

const RESIDENT = { phone: '13800000103', password: 'Demo12345' }
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', acceptDownloads: true }
const EMPLOYER = { name: '璧山区人力资源和社会保障局', party_org_name: '区人社局机关党支部', member_count: 2 }

let server
let browser
let admin
let resident
let phone // the resident's phone
let desk // the admin's console
let home // the resident's home from /auth/me
let employer
let reg // the registration, as the console confirmed it
const OWN = '每月为楼里老人义务测一次血压'
const ENTRY = '组织楼道清洁志愿服务'

async function phonePage() {
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(10_000)
  const p = await context.newPage()
  p.on('pageerror', (err) => console.error('[page error]', err.message))
  return p
}

async function loginPhone() {
  await phone.goto(server.baseURL + '/m/login')
  await fillField(phone, 'h5-login-phone', RESIDENT.phone)
  await fillField(phone, 'h5-login-password', RESIDENT.password)
  await phone.getByTestId('h5-login-submit').click()
  await phone.getByTestId('h5-greeting').waitFor()
}

async function shot(p, name) {
  await p.locator('.van-toast').first().waitFor({ state: 'hidden', timeout: 4000 }).catch(() => {})
  await p.evaluate(() => window.scrollTo(0, 0))
  return screenshot(p, name)
}

/** The first bytes of a blob: or same-origin URL, read inside the page that may read it. */
async function headOf(p, url) {
  return p.evaluate(async (u) => {
    const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer())
    return String.fromCharCode(...bytes.slice(0, 5))
  }, url)
}

/** Waits until `locator` matches exactly `n` elements (lists that reload after a search). */
async function waitForCount(locator, n, timeout = 10_000) {
  const deadline = Date.now() + timeout
  let count = -1
  while (Date.now() < deadline) {
    count = await locator.count()
    if (count === n) return
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`expected ${n} matches, found ${count}`)
}

async function text(p, testId) {
  return (await p.getByTestId(testId).first().innerText()).trim()
}

before(async () => {
  server = await startServer({ demo: true, testClock: true })
  await setClock(server.baseURL, '2026-11-20T10:00:00+08:00')
  browser = await launchBrowser()
  admin = await Api.login(server.baseURL)
  resident = await Api.login(server.baseURL, RESIDENT.phone, RESIDENT.password)
  home = (await resident.ok('GET', '/auth/me')).home
  assert.ok(home && home.household_id, 'the demo resident has a home')
  assert.equal(home.estate_name, '人社局家属院')
  employer = await admin.ok('POST', '/employers', EMPLOYER)
  await admin.ok('POST', '/employers', { name: '璧山区教育委员会', party_org_name: '区教委机关党委', member_count: 30 })
  phone = await phonePage()
  desk = await newPage(browser)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a resident registers on the phone with their home filled in and an employer searched for', async () => {
  await loginPhone()
  await phone.getByTestId('h5-member-entry').click()
  await phone.getByTestId('h5-member-register').waitFor()
  assert.match(await phone.locator('.van-nav-bar__title').innerText(), /我是党员/)
  await phone.getByTestId('h5-member-register').click()

  assert.match(await text(phone, 'h5-reg-home'), new RegExp(`人社局家属院.*${home.label.replace(/[()]/g, '.')}`))
  // Submitting without an employer is caught on the form.
  await phone.getByTestId('h5-reg-submit').click()
  await phone.getByText('请选择或填写工作单位').waitFor()

  await phone.getByTestId('h5-reg-employer').click()
  await phone.getByTestId('h5-employer-picker').waitFor()
  await phone.locator('[data-testid=h5-employer-search] input').first().fill('人力资源')
  await waitForCount(phone.getByTestId('h5-employer-option'), 1) // the search narrows the list
  assert.match(await text(phone, 'h5-employer-option'), new RegExp(EMPLOYER.name))
  await phone.getByTestId('h5-employer-option').first().tap()
  await phone.getByTestId('h5-reg-employer').locator('input').evaluate((e) => e.value).then((v) => assert.equal(v, EMPLOYER.name))
  // The employer's party organisation comes with it.
  assert.equal(await phone.getByTestId('h5-reg-org').locator('input').inputValue(), EMPLOYER.party_org_name)
  await phone.getByTestId('h5-reg-skills').locator('input').fill('医疗护理')
  await phone.getByTestId('h5-reg-services').locator('textarea').fill('周末为老人测血压')
  await shot(phone, 'h5-member-register.png')
  await phone.getByTestId('h5-reg-submit').click()

  await phone.getByTestId('h5-member-status').waitFor()
  assert.equal(await text(phone, 'h5-member-status'), '待支部确认')
  assert.match(await text(phone, 'h5-member-card'), /人社局家属院小区党支部/)
  await shot(phone, 'h5-member-pending.png')
})

test('the branch confirms it in the console and the receipt is numbered', async () => {
  await loginUI(desk, server.baseURL)
  await desk.goto(`${server.baseURL}/estates/${home.estate_id}/members`)
  const pending = desk.getByTestId('members-pending')
  await pending.getByText(EMPLOYER.name).waitFor()
  const [waiting] = await admin.ok('GET', `/estates/${home.estate_id}/member-registrations?status=pending`)
  assert.ok(waiting, 'one registration waiting')
  await screenshot(desk, 'members-pending.png')

  await desk.getByTestId(`member-confirm-${waiting.id}`).click()
  await desk.getByTestId('member-action-dialog').waitFor()
  await desk.getByTestId('member-action-submit').click()
  await expectDialogClosed(desk, 'member-action-note')
  await desk.getByText(/已确认，回执编号 BD2026-\d{6}/).waitFor()
  await desk.getByTestId(`member-status-${waiting.id}`).waitFor()
  assert.equal(await text(desk, `member-status-${waiting.id}`), '已报到')
  const receiptNo = await text(desk, `member-receipt-${waiting.id}`)
  assert.match(receiptNo, /^BD2026-\d{6}$/)
  assert.match(await desk.getByTestId('members-pending').innerText(), /没有待确认的报到/)
  reg = { ...waiting, receipt_no: receiptNo }
  await screenshot(desk, 'members-tab.png')
})

test('the member sees 已报到 with the receipt number and opens the receipt PDF', async () => {
  await phone.goto(server.baseURL + '/m/member')
  await phone.getByTestId('h5-member-receipt').waitFor()
  assert.equal(await text(phone, 'h5-member-status'), '已报到')
  assert.equal(await text(phone, 'h5-member-receipt'), reg.receipt_no)
  await shot(phone, 'h5-member-confirmed.png')

  const [tab] = await Promise.all([
    phone.context().waitForEvent('page'),
    phone.getByTestId('h5-member-receipt-open').tap(),
  ])
  await tab.waitForURL(/^blob:/, { timeout: 10_000 })
  assert.equal(await headOf(phone, tab.url()), '%PDF-', 'the receipt opened is a PDF')
  await tab.close()
  // And the same document as the API gives it to the member.
  const res = await fetch(`${server.baseURL}/api/v1/member-registrations/${reg.id}/receipt?format=pdf`, { headers: { Authorization: `Bearer ${resident.token}` } })
  assert.equal(res.headers.get('content-type'), 'application/pdf')
  assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), '%PDF-')
})

test('the member makes this year\'s commitments (the server\'s refusal shown); reports wait for January', async () => {
  await phone.getByTestId('h5-member-commitments').tap()
  await phone.getByTestId('h5-commit-form').waitFor()
  const form = await text(phone, 'h5-commit-form')
  const rules = await resident.ok('GET', `/units/${home.estate_id}/member-rules`)
  for (const r of rules.required) assert.ok(form.includes(r), `required commitment shown: ${r}`)
  // At least one of their own.
  await phone.getByTestId('h5-commit-submit').tap()
  await phone.getByTestId('h5-commit-error').waitFor()
  assert.match(await text(phone, 'h5-commit-error'), /请至少写一条自选承诺/)
  // Too short for the server: its sentence is shown under the headline.
  await phone.getByTestId('h5-commit-own-0').locator('textarea').fill('好')
  await phone.getByTestId('h5-commit-submit').tap()
  await phone.getByTestId('h5-commit-error').getByText('输入有误：each commitment must be 2 to 200 characters').waitFor()
  await phone.getByTestId('h5-commit-own-0').locator('textarea').fill(OWN)
  await shot(phone, 'h5-member-commit-form.png')
  await phone.getByTestId('h5-commit-submit').tap()
  await phone.getByTestId('h5-commit-set-2026').waitFor()
  assert.equal(await phone.getByTestId('h5-commit-item').count(), rules.required.length + 1)
  assert.match(await text(phone, 'h5-commit-set-2026'), new RegExp(OWN))

  // November: the report period (January 2027) has not begun; the page says when it does
  // and offers no report yet (the server would refuse it).
  assert.equal(await text(phone, 'h5-commit-later'), '2027-01-01 起可以在这里报告践诺情况')
  assert.match(await text(phone, 'h5-commit-set-2026'), /践诺报告时间：2027-01-01 至 2027-01-31/)
  assert.equal(await phone.getByTestId('h5-commit-report').count(), 0)
  const early = await resident.call('POST', `/commitments/${(await resident.ok('GET', `/member-registrations/${reg.id}/commitments`)).items[0].id}/report`, { report: '已做' })
  assert.equal(early.status, 409)
  await shot(phone, 'h5-member-commitments.png')
})

test('staff add a record entry on the member page, and the yearly record PDF downloads', async () => {
  await desk.goto(`${server.baseURL}/estates/${home.estate_id}/members`)
  await desk.getByTestId(`member-open-${reg.id}`).click()
  await desk.getByTestId('member-record').waitFor()
  assert.equal(await text(desk, 'member-status'), '已报到')
  assert.match(await text(desk, 'member-commitments'), new RegExp(OWN))

  await desk.getByTestId('entry-add').click()
  await desk.getByTestId('entry-dialog').waitFor()
  await fillField(desk, 'entry-date', '2026-11-15')
  await desk.keyboard.press('Enter')
  await fillField(desk, 'entry-minutes', '150')
  await fillField(desk, 'entry-points', '5')
  await fillField(desk, 'entry-note', ENTRY)
  await desk.getByTestId('entry-submit').click()
  await expectDialogClosed(desk, 'entry-note')
  await desk.getByTestId('record-items').getByText(ENTRY).waitFor()
  assert.match(await text(desk, 'record-card-hours'), /2\.5/)
  assert.match(await text(desk, 'record-card-points'), /5/)
  assert.match(await text(desk, 'record-card-entries'), /1/)
  await screenshot(desk, 'member-detail.png')

  const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByTestId('record-pdf').click()])
  assert.match(download.suggestedFilename(), /\.pdf$/)
  const file = path.join(ARTIFACTS, 'member-record.pdf')
  await download.saveAs(file)
  assert.equal((await readFile(file)).subarray(0, 5).toString(), '%PDF-')
})

test('the member sees the entry in their yearly record and downloads its PDF', async () => {
  await phone.goto(server.baseURL + '/m/member')
  await phone.getByTestId('h5-member-record').tap()
  await phone.getByTestId('h5-rec-summary').waitFor()
  assert.equal(await text(phone, 'h5-rec-year'), '2026年')
  assert.equal(await text(phone, 'h5-rec-hours'), '2.5')
  assert.equal(await text(phone, 'h5-rec-points'), '5')
  const item = phone.getByTestId('h5-rec-item').filter({ hasText: ENTRY })
  await item.waitFor()
  assert.match(await item.innerText(), /支部记录[\s\S]*2026-11-15[\s\S]*2\.5 小时 · 5 积分/)
  assert.equal(await text(phone, 'h5-rec-target'), '未达标')
  await shot(phone, 'h5-member-record.png')

  const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByTestId('h5-rec-pdf').tap()])
  const file = path.join(ARTIFACTS, 'h5-member-record.pdf')
  await download.saveAs(file)
  assert.equal((await readFile(file)).subarray(0, 5).toString(), '%PDF-')
})

test('in January the member reports on a commitment and the branch reviews it', async () => {
  await setClock(server.baseURL, '2027-01-10T09:00:00+08:00')
  // Sessions last 12 hours: seven weeks later everyone signs in again.
  admin = await Api.login(server.baseURL)
  resident = await Api.login(server.baseURL, RESIDENT.phone, RESIDENT.password)
  await loginPhone()
  await loginUI(desk, server.baseURL)
  await phone.goto(server.baseURL + '/m/member/commitments')
  const last = phone.getByTestId('h5-commit-set-2026')
  await last.waitFor()
  assert.match(await last.innerText(), /2026年的承诺（请报告践诺情况）[\s\S]*现在可以报告践诺情况/)
  const mine = last.getByTestId('h5-commit-item').filter({ hasText: OWN })
  await mine.getByTestId('h5-commit-report').locator('textarea').fill('全年为12位老人测了血压')
  await mine.getByTestId('h5-commit-report-send').tap()
  await mine.getByText('我的报告：全年为12位老人测了血压').waitFor()

  await desk.goto(`${server.baseURL}/estates/${home.estate_id}/commitments`)
  await desk.getByTestId('commitments-year').click()
  await desk.locator('.el-select-dropdown__item:visible', { hasText: '2026' }).first().click()
  await desk.getByTestId(`commitment-state-${reg.id}`).waitFor()
  // Five required commitments not yet reported: the line is flagged.
  assert.equal(await text(desk, `commitment-state-${reg.id}`), '未报告践诺')
  await screenshot(desk, 'members-commitments.png')
  await desk.getByTestId(`commitment-open-${reg.id}`).click()
  const set = await resident.ok('GET', `/member-registrations/${reg.id}/commitments?year=2026`)
  const own = set.items.find((c) => c.text === OWN)
  await desk.getByTestId(`review-${own.id}`).click()
  await desk.getByTestId('review-dialog').waitFor()
  await fillField(desk, 'review-note', '坚持得好')
  await desk.getByTestId('review-submit').click()
  await expectDialogClosed(desk, 'review-note')
  await desk.getByTestId('member-commitments').getByText('已践诺').waitFor()

  await phone.reload()
  const reviewed = phone.getByTestId('h5-commit-set-2026').getByTestId('h5-commit-item').filter({ hasText: OWN })
  assert.match(await reviewed.getByTestId('h5-commit-review').innerText(), /支部评议：已践诺 · 坚持得好/)
  await shot(phone, 'h5-member-report.png')
})

test('the employer\'s figures, with the Excel export', async () => {
  await desk.goto(`${server.baseURL}/employers`)
  await desk.getByTestId('employers-table').getByText(EMPLOYER.name).waitFor()
  await desk.getByTestId(`employer-figures-${employer.id}`).click()
  await desk.getByTestId('figures-year').click()
  await desk.locator('.el-select-dropdown__item:visible', { hasText: '2026' }).first().click()
  await desk.getByTestId('figures-members').getByText('人社局家属院').waitFor()
  assert.match(await text(desk, 'figures-card-registered'), /已报到\s*1/)
  assert.match(await text(desk, 'figures-card-registrationRate'), /报到率\s*50%/)
  await screenshot(desk, 'employer-figures.png')

  const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByTestId('figures-export').click()])
  const file = path.join(ARTIFACTS, 'employer-figures.xlsx')
  await download.saveAs(file)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file)
  const totals = wb.worksheets[0]
  assert.equal(totals.getRow(2).getCell(2).value, EMPLOYER.name)
  const members = wb.worksheets[1]
  assert.equal(members.getRow(2).getCell(2).value, '人社局家属院')
  assert.equal(members.getRow(2).getCell(4).value, 2.5) // hours
})

test('an official links the employer\'s own account by phone; it finds its members in the nav', async () => {
  const hr = { phone: '13966660001', password: 'Passw0rd!', name: '示例局组织部' }
  await admin.ok('POST', '/accounts', hr)
  await desk.goto(`${server.baseURL}/employers`)
  await desk.getByTestId(`employer-link-${employer.id}`).click()
  await fillField(desk, 'employer-link-phone', '1396666')
  await desk.getByTestId('employer-link-save').click()
  await desk.getByTestId('employer-link-dialog').getByText('11位手机号').waitFor()
  await fillField(desk, 'employer-link-phone', hr.phone)
  await desk.getByTestId('employer-link-save').click()
  await desk.getByTestId('employer-link-dialog').waitFor({ state: 'hidden' })

  const own = await newPage(browser)
  await loginUI(own, server.baseURL, { phone: hr.phone, password: hr.password })
  await own.getByTestId(`nav-employer-${employer.id}`).click()
  await own.getByTestId('figures-members').getByText('人社局家属院').waitFor()
  assert.match(await text(own, 'figures-card-registered'), /已报到\s*1/)
  await own.close()
})

test('the estate\'s rules: defaults shown, a change saved as the estate\'s own', async () => {
  await closeDialogs(desk)
  await desk.goto(`${server.baseURL}/units/${home.estate_id}/member-rules`)
  await desk.getByTestId('rules-from').waitFor()
  assert.match(await text(desk, 'rules-from'), /系统默认规则/)
  await fillField(desk, 'rules-report_to', '02-30')
  await desk.getByTestId('rules-save').click()
  await desk.getByText('请检查：践诺报告截止（月-日）').waitFor()
  await fillField(desk, 'rules-report_to', '02-28')
  await fillField(desk, 'rules-target_hours', '40')
  await desk.keyboard.press('Tab')
  await desk.getByTestId('rules-save').click()
  await desk.getByText('以下为本区域自己的规则').waitFor()
  const rules = await admin.ok('GET', `/units/${home.estate_id}/member-rules`)
  assert.equal(rules.target_minutes, 2400)
  assert.equal(rules.report_to, '02-28')
  await screenshot(desk, 'member-rules.png')
})

// ---- the task list (认领任务单) and door-knocking, in January 2027 ----------------------------

const TASK = { title: '检查3号楼电梯维保记录', description: '逐台核对维保记录和年检标志，拍照上报' }
// A 1×1 PNG: the server sniffs the bytes, so it must be a real image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
let task // as the API gives it after publishing

async function openTaskOnPhone() {
  await phone.goto(server.baseURL + '/m/member')
  await phone.getByTestId('h5-member-tasks').tap()
  await phone.getByTestId('h5-tasks-open').waitFor()
}

test('the branch publishes a task from the estate\'s 任务单 tab', async () => {
  await closeDialogs(desk)
  await desk.goto(`${server.baseURL}/estates/${home.estate_id}/tasks`)
  await desk.getByTestId('task-publish').click()
  await desk.getByTestId('task-publish-dialog').waitFor()
  // A one-character title is caught on the form, naming the field.
  await fillField(desk, 'task-title', '查')
  await desk.getByTestId('task-publish-submit').click()
  await desk.getByText('请检查：任务名称').waitFor()
  await fillField(desk, 'task-title', TASK.title)
  await fillField(desk, 'task-description', TASK.description)
  await fillField(desk, 'task-due-date', '2027-01-31')
  await desk.keyboard.press('Enter')
  await fillField(desk, 'task-points', '8')
  await screenshot(desk, 'member-task-publish.png')
  await desk.getByTestId('task-publish-submit').click()
  await expectDialogClosed(desk, 'task-title')
  await desk.getByTestId('task-drawer-status').waitFor()
  assert.equal(await text(desk, 'task-drawer-status'), '进行中')
  const list = await admin.ok('GET', `/estates/${home.estate_id}/member-tasks?status=open`)
  task = list.items.find((x) => x.title === TASK.title)
  assert.ok(task, 'the task is listed')
  assert.equal(task.hours_minutes, 120) // 2 hours by default on the form
  assert.equal(task.points, 8)
  assert.equal(task.due_at, '2027-01-31T18:00:00+08:00')
  assert.match(await desk.getByTestId('task-claims').innerText(), /还没有党员认领/)
  await closeDialogs(desk)
  await desk.keyboard.press('Escape')
})

test('the member claims it on the phone, reports progress and submits with a photo', async () => {
  await openTaskOnPhone()
  const card = phone.getByTestId('h5-task-card').filter({ hasText: TASK.title })
  assert.match(await card.innerText(), /截止 2027-01-31 18:00 · 已认领 0\/1[\s\S]*2小时 · 8积分/)
  await shot(phone, 'h5-member-tasks.png')
  await card.tap()
  await phone.getByTestId('h5-task-claim').tap()
  await phone.getByTestId('h5-my-claim-status').waitFor()
  assert.equal(await text(phone, 'h5-my-claim-status'), '进行中')

  await phone.getByTestId('h5-task-progress').locator('textarea').fill('已检查2部电梯')
  await phone.getByTestId('h5-task-progress-send').tap()
  await phone.getByTestId('h5-my-claim').getByText('已检查2部电梯').waitFor()

  // Submitting needs a report.
  await phone.getByTestId('h5-task-submit').tap()
  assert.equal(await text(phone, 'h5-task-error'), '请填写完成情况')
  await phone.getByTestId('h5-task-report').locator('textarea').fill('3号楼4部电梯维保记录齐全，年检标志在有效期内')
  await phone.getByTestId('h5-task-uploader').locator('input[type=file]').setInputFiles({ name: 'lift.png', mimeType: 'image/png', buffer: PNG })
  await phone.locator('[data-testid=h5-task-uploader] .van-uploader__preview').waitFor()
  await waitForCount(phone.locator('[data-testid=h5-task-uploader] .van-uploader__mask'), 0)
  await phone.getByTestId('h5-task-submit').tap()
  await phone.getByTestId('h5-my-claim-status').getByText('待验收').waitFor()
  assert.equal(await phone.getByTestId('h5-my-claim').locator('.van-image').count(), 1, 'the photo is attached')
  await shot(phone, 'h5-member-task-submitted.png')
})

test('the branch sends the result back with a reason, the member puts it right, and it is accepted', async () => {
  const detail = await admin.ok('GET', `/member-tasks/${task.id}`)
  const claim = detail.claims[0]
  assert.equal(claim.status, 'submitted')
  assert.equal(claim.photos.length, 1)

  await desk.goto(`${server.baseURL}/estates/${home.estate_id}/tasks`)
  await desk.getByTestId(`task-open-${task.id}`).click()
  await desk.getByTestId(`claim-report-${claim.id}`).waitFor()
  assert.equal(await text(desk, `claim-status-${claim.id}`), '待验收')
  await desk.getByTestId(`claim-return-${claim.id}`).click()
  await desk.getByTestId('task-decision-dialog').waitFor()
  await desk.getByTestId('task-decision-submit').click()
  await desk.getByText('请写明退回原因').waitFor() // a reason is required
  await fillField(desk, 'task-decision-note', '请补拍年检标志')
  await desk.getByTestId('task-decision-submit').click()
  await expectDialogClosed(desk, 'task-decision-note')
  await desk.getByTestId(`claim-status-${claim.id}`).getByText('退回整改').waitFor()

  // The phone shows why; the member submits again.
  await phone.reload()
  await phone.getByTestId('h5-my-claim-decision').waitFor()
  assert.equal(await text(phone, 'h5-my-claim-status'), '退回整改')
  assert.match(await text(phone, 'h5-my-claim-decision'), /请补拍年检标志/)
  await phone.getByTestId('h5-task-report').locator('textarea').fill('已补拍4部电梯的年检标志')
  await phone.getByTestId('h5-task-submit').tap()
  await phone.getByTestId('h5-my-claim-status').getByText('待验收').waitFor()

  await desk.getByTestId('task-refresh').click()
  await desk.getByTestId(`claim-accept-${claim.id}`).click()
  await desk.getByTestId('task-decision-dialog').waitFor()
  await fillField(desk, 'task-decision-note', '记录齐全')
  await desk.getByTestId('task-decision-submit').click()
  await expectDialogClosed(desk, 'task-decision-note')
  await desk.getByTestId(`claim-status-${claim.id}`).getByText('已验收').waitFor()
  assert.match(await desk.getByTestId('task-timeline').innerText(), /退回整改：请补拍年检标志[\s\S]*验收通过：记录齐全/)
  await screenshot(desk, 'member-task-drawer.png')
  // The branch marks the task done.
  await desk.getByTestId('task-close').click()
  await desk.getByTestId('task-decision-submit').click()
  await desk.getByTestId('task-drawer-status').getByText('已完成').waitFor()
})

test('the member\'s yearly record shows the task\'s hours and points', async () => {
  await openTaskOnPhone()
  await phone.locator('.van-tab', { hasText: '我的任务' }).tap()
  const mine = phone.getByTestId('h5-claim-card').filter({ hasText: TASK.title })
  assert.equal(await mine.getByTestId('h5-claim-status').innerText(), '已验收')

  await phone.goto(server.baseURL + '/m/member/record')
  await phone.getByTestId('h5-rec-summary').waitFor()
  assert.equal(await text(phone, 'h5-rec-year'), '2027年')
  assert.equal(await text(phone, 'h5-rec-hours'), '2')
  assert.equal(await text(phone, 'h5-rec-points'), '8')
  const item = phone.getByTestId('h5-rec-item').filter({ hasText: TASK.title })
  assert.match(await item.innerText(), /认领任务[\s\S]*2 小时 · 8 积分/)
  await shot(phone, 'h5-member-record-task.png')
  const record = await resident.ok('GET', `/member-registrations/${reg.id}/record?year=2027`)
  assert.equal(record.summary.tasks, 1)
  assert.equal(record.summary.minutes, 120)
})

test('the branch pairs a household as suggested; the member records a visit and passes a problem on', async () => {
  await desk.goto(`${server.baseURL}/estates/${home.estate_id}/visits`)
  const unpaired = desk.getByTestId('pairing-unpaired')
  await unpaired.locator('tbody tr').first().waitFor()
  const first = unpaired.locator('tbody tr').first()
  const label = (await first.locator('td').nth(1).innerText()).trim()
  await first.locator('.el-checkbox').click()
  await desk.getByTestId('pairing-batch').click()
  await desk.getByText('已结对 1 户').waitFor()
  await desk.getByTestId('pairing-current').getByText(label).waitFor()
  await screenshot(desk, 'member-pairing.png')

  await phone.goto(server.baseURL + '/m/member')
  await phone.getByTestId('h5-member-pairs').tap()
  const pair = phone.getByTestId('h5-pair').filter({ hasText: label })
  await pair.waitFor()
  await pair.getByRole('button').tap()
  await phone.getByTestId('h5-visit-form').waitFor()
  await phone.getByTestId('h5-visit-heard').locator('textarea').fill('老人独居，希望有人定期探望')
  await phone.getByTestId('h5-visit-add-problem').tap()
  await phone.getByTestId('h5-visit-category').tap()
  await phone.locator('.van-action-sheet__item').first().tap()
  await phone.getByTestId('h5-visit-problem-text').locator('textarea').fill('楼道灯坏了，晚上看不见')
  await shot(phone, 'h5-member-visit.png')
  await phone.getByTestId('h5-visit-save').tap()
  const visit = phone.getByTestId('h5-visit-item').filter({ hasText: '老人独居' })
  await visit.waitFor()
  assert.match(await visit.innerText(), /已转为1件诉求/)

  const visits = await admin.ok('GET', `/estates/${home.estate_id}/visits`)
  assert.equal(visits.items[0].appeal_ids.length, 1)
  await desk.getByTestId('visits-part').getByText('走访记录').click()
  await desk.getByTestId('visits-table').getByText('老人独居，希望有人定期探望').waitFor()
  await desk.getByTestId('visits-part').getByText('敲门行动').click()
  await desk.getByTestId('coverage-total').waitFor()
  assert.match(await text(desk, 'coverage-total'), /已走访1户/)
  await screenshot(desk, 'member-visits.png')
})

test('the branch names the member 党员中心户 of an entrance; on the phone they pick a household of it and record a visit', async () => {
  // The dialog offers the entrances with households nobody looks after, the first chosen.
  const unpaired = await admin.ok('GET', `/estates/${home.estate_id}/pairings/unpaired`)
  const group = unpaired.groups.find((g) => g.households.length)
  assert.ok(group, 'an entrance with unpaired households')
  const entranceLabel = group.building_name + group.entrance_name
  await desk.goto(`${server.baseURL}/estates/${home.estate_id}/visits`)
  await desk.getByTestId('pairing-centre').click()
  await desk.getByTestId('centre-dialog').waitFor()
  assert.match(await desk.getByTestId('centre-entrance').innerText(), new RegExp(`${entranceLabel}（\\d+户无人联系）`))
  // Submitting without a member is caught in the dialog.
  await desk.getByTestId('centre-submit').click()
  await desk.getByTestId('centre-dialog').getByText('请选择单元和党员').waitFor()
  await desk.getByTestId('centre-member').click()
  const me = (await admin.ok('GET', `/estates/${home.estate_id}/pairings`)).members.find((m) => m.registration_id === reg.id)
  await desk.locator('.el-select-dropdown__item:visible', { hasText: me.home }).filter({ hasText: me.member_name }).first().click()
  await desk.getByTestId('centre-submit').click()
  await desk.getByText(`的党员中心户`).first().waitFor()
  await desk.getByTestId('pairing-current').getByText('党员中心户').waitFor()
  const board = await admin.ok('GET', `/estates/${home.estate_id}/pairings`)
  const centre = board.pairings.find((p) => p.kind === 'entrance' && !p.ended_at)
  assert.equal(centre.registration_id, reg.id)
  assert.equal(centre.label, entranceLabel)

  await phone.goto(server.baseURL + '/m/member')
  await phone.getByTestId('h5-member-pairs').tap()
  const pair = phone.getByTestId('h5-pair').filter({ hasText: entranceLabel })
  await pair.getByText('党员中心户').first().waitFor()
  await phone.getByTestId(`h5-visit-entrance-${centre.entrance_id}`).tap()
  const sheet = phone.getByTestId('h5-visit-households')
  await sheet.getByText('走访了本单元哪一户？').waitFor()
  // A household not visited yet (no 上次走访 under it).
  const first = sheet.locator('.van-action-sheet__item').filter({ hasNot: phone.locator('.van-action-sheet__subname') }).first()
  const household = (await first.locator('.van-action-sheet__name').innerText()).trim()
  assert.ok(household.startsWith(entranceLabel), `${household} is in ${entranceLabel}`)
  assert.notEqual(household, me.home, 'the member\'s own home is not offered')
  await shot(phone, 'h5-member-centre-pick.png')
  await first.tap()
  await phone.getByTestId('h5-visit-form').getByText(`走访 ${household}`).waitFor()
  await phone.getByTestId('h5-visit-heard').locator('textarea').fill('单元门禁坏了，快递进不来')
  await phone.getByTestId('h5-visit-save').tap()
  const visit = phone.getByTestId('h5-visit-item').filter({ hasText: '单元门禁坏了' })
  await visit.waitFor()
  assert.match(await visit.innerText(), new RegExp(household))
  // Next time the picker shows when the household was last visited.
  await phone.getByTestId(`h5-visit-entrance-${centre.entrance_id}`).tap()
  await sheet.locator('.van-action-sheet__item').filter({ hasText: household }).getByText(/上次走访 \d{4}-\d{2}-\d{2}/).waitFor()
  await phone.getByText('取消').last().tap()
})
