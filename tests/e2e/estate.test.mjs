// The path through the console: build district → street → community → estate, import
// households (first a file with mistakes, then good ones), and see buildings and households.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import {
  Api, CSV_HEADER, ExcelJS, startServer, launchBrowser, newPage, loginUI, fillField, screenshot,
} from './helpers.mjs'

let server
let browser
let api
let page
const ids = {}

const BAD_CSV = [
  CSV_HEADER,
  '1栋,1单元,3,301,89.45,registry,张三,13812340001,person,yes',
  '1栋,1单元,3,302,abc,registry,李四,13812340002,person,yes',
  '1栋,1单元,3,303,90.00,moon,王五,13812340003,person,yes',
].join('\n') + '\n'

// 5 rows, 4 households (301 has two co-owners), 2 buildings, 3 entrances.
const GOOD_CSV = [
  CSV_HEADER,
  '1栋,1单元,3,301,89.45,registry,张三,13812340001,person,yes',
  '1栋,1单元,3,301,89.45,registry,李梅,13812340005,person,yes',
  '1栋,1单元,3,302,90.12,survey,李四,13812340002,person,yes',
  '1栋,2单元,5,501,120.00,contract,王五,13812340003,person,no',
  '2栋,1单元,1,101,75.30,registry,碧泉置业有限公司,13812340009,developer,no',
].join('\n') + '\n'

async function tableRows(testId) {
  const rows = page.getByTestId(testId).locator('.el-table__body-wrapper tbody tr')
  return rows.allInnerTexts()
}

async function waitForRows(testId, predicate, what) {
  const deadline = Date.now() + 10_000
  let rows = []
  while (Date.now() < deadline) {
    rows = await tableRows(testId)
    if (predicate(rows)) return rows
    await page.waitForTimeout(100)
  }
  assert.fail(`${what}: table ${testId} shows ${JSON.stringify(rows)}`)
}

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  api = await Api.login(server.baseURL)
  page = await newPage(browser)
  await loginUI(page, server.baseURL)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the admin creates a district through the console', async () => {
  await page.goto(server.baseURL + '/')
  await page.getByTestId('new-root-unit').click()
  const dialog = page.getByTestId('unit-dialog')
  await dialog.waitFor()
  assert.match(await page.getByTestId('unit-kind-district').getAttribute('class'), /is-active/)
  await fillField(page, 'unit-name', '碧泉区')
  await page.getByTestId('unit-submit').click()
  await page.waitForURL(/\/units\/\d+$/)
  ids.district = Number(new URL(page.url()).pathname.split('/').pop())
  assert.equal((await page.getByTestId('unit-title').innerText()).trim(), '碧泉区')
  await page.getByTestId('unit-tree').getByText('碧泉区').waitFor()
  const unit = await api.ok('GET', `/units/${ids.district}`)
  assert.equal(unit.kind, 'district')
  assert.equal(unit.name, '碧泉区')
})

test('street and community made through the API, the estate through the new-child dialog', async () => {
  const street = await api.ok('POST', '/units', { kind: 'street', name: '碧泉街道', parent_id: ids.district })
  const community = await api.ok('POST', '/units', { kind: 'community', name: '碧泉社区', parent_id: street.id })
  ids.street = street.id
  ids.community = community.id

  await page.goto(`${server.baseURL}/units/${community.id}`)
  await page.getByTestId('unit-title').getByText('碧泉社区').waitFor()
  await page.getByTestId('new-child-unit').click()
  await page.getByTestId('unit-dialog').waitFor()
  // The kind is preset to the next level down.
  assert.match(await page.getByTestId('unit-kind-estate').getAttribute('class'), /is-active/)
  await fillField(page, 'unit-name', '碧泉花园')
  await page.getByTestId('unit-submit').click()
  await waitForRows('children-table', (rows) => rows.some((r) => r.includes('碧泉花园')), 'new estate listed')
  await page.getByTestId('children-table').getByText('碧泉花园').click()
  await page.waitForURL(/\/estates\/\d+/)
  ids.estate = Number(new URL(page.url()).pathname.split('/')[2])
  assert.equal((await page.getByTestId('estate-title').innerText()).trim(), '碧泉花园')
  const estate = await api.ok('GET', `/estates/${ids.estate}`)
  assert.equal(estate.kind, 'estate')
  assert.deepEqual(estate.path.map((p) => p.name), ['碧泉区', '碧泉街道', '碧泉社区', '碧泉花园'])
})

test('the tree loads children lazily down to the estate', async () => {
  await page.goto(server.baseURL + '/')
  const tree = page.getByTestId('unit-tree')
  const chain = [ids.district, ids.street, ids.community, ids.estate]
  for (let i = 0; i < chain.length - 1; i++) {
    const node = tree.locator('.el-tree-node__content', { has: page.getByTestId(`tree-node-${chain[i]}`) })
    const child = page.getByTestId(`tree-node-${chain[i + 1]}`)
    // Open the node unless it is open already; try again if its children did not show.
    for (let attempt = 0; ; attempt++) {
      if ((await node.locator('xpath=..').getAttribute('aria-expanded')) !== 'true') {
        await node.locator('.el-tree-node__expand-icon').click()
      }
      try {
        await child.waitFor({ timeout: 3000 })
        break
      } catch (e) {
        if (attempt >= 2) throw e
      }
    }
  }
  // A single-page navigation: wait for the path itself (not a 'load' event), and click again
  // if the first click landed while the tree was still settling.
  const target = `/estates/${ids.estate}`
  for (let attempt = 0; ; attempt++) {
    await page.getByTestId(`tree-node-${ids.estate}`).click()
    try {
      await page.waitForFunction((t) => location.pathname.startsWith(t), target, { timeout: 4000 })
      break
    } catch (e) {
      if (attempt >= 2) throw e
    }
  }
  await page.getByTestId('estate-title').waitFor()
  assert.equal((await page.getByTestId('estate-title').innerText()).trim(), '碧泉花园')
})

test('an import with mistakes lists every problem with line and column and imports nothing', async () => {
  await page.goto(`${server.baseURL}/estates/${ids.estate}/import`)
  await page.getByTestId('import-source-paste').click()
  await fillField(page, 'import-text', BAD_CSV)
  await page.getByTestId('import-submit').click()
  await page.getByTestId('import-errors').waitFor()
  const rows = await tableRows('import-errors')
  const cells = rows.map((r) => r.split('\t').map((c) => c.trim()))
  // Columns are named in Chinese (with the CSV header's name beside), problems as the server says.
  assert.ok(cells.some((c) => c[0] === '3' && /^面积\(㎡\)\s*area_m2$/.test(c[1])), `line 3 area_m2 in ${JSON.stringify(cells)}`)
  assert.ok(cells.some((c) => c[0] === '4' && /^面积来源\s*area_source$/.test(c[1])), `line 4 area_source in ${JSON.stringify(cells)}`)
  assert.ok(cells.every((c) => c[2] && c[2].length > 0), 'every problem is described')
  // The alert has a Chinese headline over the server's message.
  const direct = await api.call('POST', `/estates/${ids.estate}/households:import`, BAD_CSV, { contentType: 'text/csv' })
  assert.equal(direct.status, 400)
  assert.equal(direct.body.error.code, 'invalid_argument')
  const alert = page.getByTestId('import-error-message')
  assert.equal((await alert.locator('.el-alert__title').innerText()).trim(), '输入有误')
  assert.match(await alert.innerText(), new RegExp(escapeRe(direct.body.error.message)))
  assert.equal(direct.body.error.rows.length, rows.length)
  for (const r of direct.body.error.rows) assert.ok(cells.some((c) => c[2] === r.problem), `problem kept: ${r.problem}`)
  const households = await api.ok('GET', `/estates/${ids.estate}/households`)
  assert.equal(households.total, 0, 'nothing imported')
  await screenshot(page, 'import-errors.png')
})

test('the template download is a CSV with the header row', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
  assert.match(download.suggestedFilename(), /\.csv$/)
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '')
  assert.equal(text.trim(), CSV_HEADER + ',use')  // use (home/shop/parking) may be left out
})

test('a good CSV file imports and the counts are shown', async () => {
  await page.getByTestId('import-source-file').click()
  await page.getByTestId('import-file').setInputFiles({
    name: '房屋清单.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('\uFEFF' + GOOD_CSV, 'utf8'),
  })
  await page.getByTestId('import-file-info').getByText('5').waitFor()
  await page.getByTestId('import-submit').click()
  await page.getByTestId('import-result').waitFor()
  const count = async (key) => Number((await page.getByTestId(`import-${key}`).innerText()).replace(/\D+/g, ' ').trim().split(' ').pop())
  assert.equal(await count('households_created'), 4)
  assert.equal(await count('households_updated'), 0)
  assert.equal(await count('owners_created'), 5)
  assert.equal(await count('buildings_created'), 2)
  assert.equal(await count('entrances_created'), 3)
  assert.equal(await count('rows'), 5)
})

test('the buildings and households tables show what was imported', async () => {
  await page.getByTestId('tab-buildings').click()
  const buildings = await waitForRows('buildings-table', (rows) => rows.length === 2, 'two buildings')
  assert.ok(buildings.some((r) => r.startsWith('1栋')), JSON.stringify(buildings))
  assert.ok(buildings.some((r) => r.startsWith('2栋')), JSON.stringify(buildings))
  const b1 = buildings.find((r) => r.startsWith('1栋')).split('\t').map((c) => c.trim())
  assert.deepEqual(b1.slice(0, 4), ['1栋', '2', '3', '299.57'])

  await page.getByTestId('tab-households').click()
  const households = await waitForRows('households-table', (rows) => rows.length === 4, 'four households')
  const r301 = households.find((r) => r.includes('301'))
  assert.ok(r301, JSON.stringify(households))
  assert.match(r301, /89\.45/)
  assert.match(r301, /张(三|\*)/)
  assert.match(r301, /李(梅|\*)/)

  // Search narrows the list.
  await fillField(page, 'households-search', '501')
  await page.getByTestId('households-search-btn').click()
  const found = await waitForRows('households-table', (rows) => rows.length === 1, 'search for 501')
  assert.match(found[0], /501/)
  await fillField(page, 'households-search', '')
  await page.getByTestId('households-search-btn').click()
  await waitForRows('households-table', (rows) => rows.length === 4, 'all households again')

  // The overview's figures follow the import.
  const estate = await api.ok('GET', `/estates/${ids.estate}`)
  assert.equal(estate.stats.households, 4)
  assert.equal(estate.stats.buildings, 2)

  await screenshot(page, 'households.png')
})

test('building filter from the buildings tab', async () => {
  await page.getByTestId('tab-buildings').click()
  const row = page.getByTestId('buildings-table').locator('tbody tr', { hasText: '2栋' })
  await row.getByRole('button').click()
  await page.waitForURL(/households\?building=/)
  const rows = await waitForRows('households-table', (r) => r.length === 1, 'households of 2栋')
  assert.match(rows[0], /101/)
})

test('an .xlsx file goes through the same import', async () => {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('房屋')
  ws.addRow(CSV_HEADER.split(','))
  ws.addRow(['1栋', '1单元', 3, '302', 91.5, 'survey', '李四', 13812340002, 'person', 'yes'])
  ws.addRow(['2栋', '1单元', 1, '102', 75.3, 'registry', '赵六', '13812340006', 'person', 'yes'])
  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  await page.goto(`${server.baseURL}/estates/${ids.estate}/import`)
  await page.getByTestId('import-file').setInputFiles({
    name: 'households.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  })
  await page.getByTestId('import-preview').getByText('赵六').waitFor()
  await page.getByTestId('import-submit').click()
  await page.getByTestId('import-result').waitFor()
  const text = async (key) => (await page.getByTestId(`import-${key}`).innerText()).trim()
  assert.match(await text('households_created'), /1$/)
  assert.match(await text('households_updated'), /1$/)
  const list = await api.ok('GET', `/estates/${ids.estate}/households?q=302`)
  assert.equal(list.items[0].area_m2, 91.5)
})

test('the households page on a phone-sized screen', async () => {
  const phone = await newPage(browser, { viewport: { width: 390, height: 844 } })
  await phone.goto(server.baseURL + '/login')
  await phone.evaluate((token) => localStorage.setItem('linli.token', token), api.token)
  await phone.goto(`${server.baseURL}/estates/${ids.estate}/households`)
  await phone.getByTestId('households-table').getByText('301').first().waitFor()
  // The tree is a drawer behind the menu button on a narrow screen.
  assert.equal(await phone.getByTestId('unit-tree').isVisible(), false)
  await screenshot(phone, 'households-phone.png')
  await phone.getByTestId('menu-toggle').click()
  await phone.getByTestId('unit-tree').waitFor({ state: 'visible' })
  await phone.context().close()
})

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
