// Signing in and out, the server's own error message under a Chinese headline, the language switch, and the return to
// the login page on 401.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Api, ADMIN, startServer, launchBrowser, newPage, loginUI, fillField, screenshot } from './helpers.mjs'

let server
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a wrong password shows the message the server sends', async () => {
  const page = await newPage(browser)
  await page.goto(server.baseURL + '/')
  // Not signed in: the console sends us to the login page.
  await page.waitForURL(/\/login/)
  await fillField(page, 'login-phone', ADMIN.phone)
  await fillField(page, 'login-password', 'wrong-password')
  await page.getByTestId('login-submit').click()
  const alert = page.getByTestId('login-error')
  await alert.waitFor()
  // A Chinese headline, and below it the server's own sentence, verbatim.
  assert.equal((await alert.locator('.el-alert__title').innerText()).trim(), '登录失败')
  const shown = (await alert.getByTestId('error-detail').innerText()).trim()
  const direct = await new Api(server.baseURL).call('POST', '/auth/login', { phone: ADMIN.phone, password: 'wrong-password' })
  assert.equal(direct.status, 401)
  assert.ok(direct.body?.error?.message, 'server sends error.message')
  assert.equal(shown, direct.body.error.message)
  await page.context().close()
})

test('the admin signs in, sees name and roles, stays signed in on reload, and signs out', async () => {
  const page = await newPage(browser)
  await loginUI(page, server.baseURL)
  const me = await (await Api.login(server.baseURL)).ok('GET', '/auth/me')
  assert.equal((await page.getByTestId('user-name').innerText()).trim(), me.name || me.phone)
  assert.match(await page.getByTestId('user-roles').innerText(), /系统管理员/)
  assert.ok(await page.evaluate(() => localStorage.getItem('linli.token')), 'token kept in localStorage')
  await page.getByTestId('unit-tree').waitFor()
  await page.reload()
  await page.getByTestId('user-name').waitFor()
  await page.getByTestId('logout').click()
  await page.waitForURL(/\/login/)
  assert.equal(await page.evaluate(() => localStorage.getItem('linli.token')), null)
  await page.context().close()
})

test('the language switch shows English and back', async () => {
  const page = await newPage(browser)
  await loginUI(page, server.baseURL)
  assert.match(await page.getByTestId('logout').innerText(), /退出登录/)
  await page.getByTestId('lang-switch').click()
  await page.getByText('Sign out').waitFor()
  assert.match(await page.getByTestId('logout').innerText(), /Sign out/)
  assert.match(await page.locator('.unit-tree').innerText(), /Administrative areas/)
  assert.match(await page.getByTestId('user-roles').innerText(), /Administrator/)
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await screenshot(page, 'english.png')
  // The choice survives a reload.
  await page.reload()
  await page.getByText('Sign out').waitFor()
  await page.getByTestId('lang-switch').click()
  await page.getByText('退出登录').waitFor()
  await page.context().close()
})

test('a token the server no longer accepts leads back to the login page', async () => {
  const page = await newPage(browser)
  await page.goto(server.baseURL + '/login')
  await page.evaluate(() => localStorage.setItem('linli.token', 'not-a-valid-token'))
  await page.goto(server.baseURL + '/audit')
  await page.waitForURL(/\/login\?redirect=/)
  await page.getByTestId('login-submit').waitFor()
  // Signing in returns to the page that was asked for.
  await fillField(page, 'login-phone', ADMIN.phone)
  await fillField(page, 'login-password', ADMIN.password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/audit$/)
  await page.getByTestId('audit-table').waitFor()
  await page.context().close()
})
