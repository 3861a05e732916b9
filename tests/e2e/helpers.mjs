// Shared helpers for the browser tests: start the real linli server on a free port against a
// fresh SQLite database, call its API, and drive Debian's Chromium through playwright-core.
//
// Environment: LINLI_BIN (default build/linli) and WEB_DIST (default web/dist), both relative
// to the repository root; E2E_KEEP=1 keeps the temporary folder (database, server log).
import { spawn, execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { createWriteStream } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// The browser tests use web/'s node_modules (one lockfile): playwright-core and exceljs.
const requireFromWeb = createRequire(path.join(REPO_ROOT, 'web', 'package.json'))
export const { chromium } = requireFromWeb('playwright-core')
export const ExcelJS = requireFromWeb('exceljs')

export const LINLI_BIN = path.resolve(REPO_ROOT, process.env.LINLI_BIN || 'build/linli')
export const WEB_DIST = path.resolve(REPO_ROOT, process.env.WEB_DIST || 'web/dist')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const ARTIFACTS = path.join(REPO_ROOT, 'tests', 'e2e', 'artifacts')
export const ADMIN = { phone: '13800000000', password: 'Admin12345' }

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function run(args) {
  return new Promise((resolve, reject) => {
    execFile(LINLI_BIN, args, { timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(LINLI_BIN)} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`))
      else resolve(stdout)
    })
  })
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Starts `linli serve` on a free port with a migrated database and one admin account.
 * Options: `demo` loads the demo world (`linli demo`: accounts with password Demo12345),
 * `testClock` serves with --test-clock (POST /api/v1/test/clock moves time; see setClock).
 * Returns { baseURL, tmp, stop() }; stop() ends the server and removes the temp folder.
 */
export async function startServer({ demo = false, testClock = false } = {}) {
  if (!existsSync(LINLI_BIN)) throw new Error(`server binary not found: ${LINLI_BIN} (build it or set LINLI_BIN)`)
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`web build not found: ${WEB_DIST}/index.html (run "npm run build" in web/ or set WEB_DIST)`)
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'linli-e2e-'))
  const db = `sqlite:${path.join(tmp, 't.db')}`
  await run(['migrate', '--db', db])
  await run(['admin', 'create', '--db', db, '--phone', ADMIN.phone, '--password', ADMIN.password])
  if (demo) await run(['demo', '--db', db])
  const port = await freePort()
  const log = createWriteStream(path.join(tmp, 'server.log'))
  const args = ['serve', '--db', db, '--port', String(port), '--web', WEB_DIST]
  if (testClock) args.push('--test-clock')
  const child = spawn(LINLI_BIN, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000)
    log.write(chunk)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited = null
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))))

  const baseURL = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (exited) throw new Error(`server exited early (${JSON.stringify(exited)}):\n${output}`)
    try {
      const res = await fetch(`${baseURL}/healthz`)
      if (res.ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not answer /healthz within 20 s:\n${output}`)
    }
    await delay(50)
  }

  return {
    baseURL,
    tmp,
    output: () => output,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exitPromise
        clearTimeout(timer)
      }
      log.end()
      if (!process.env.E2E_KEEP) await rm(tmp, { recursive: true, force: true })
      else console.log(`kept ${tmp}`)
    },
  }
}

/** Moves the server's clock (served with testClock) to an RFC 3339 time with its zone. */
export async function setClock(baseURL, now) {
  const res = await fetch(baseURL + '/api/v1/test/clock', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ now }),
  })
  if (!res.ok) throw new Error(`setting the test clock to ${now}: ${res.status} ${await res.text()}`)
  return res.json()
}

/** A small API client for setting up data and checking what the UI did. */
export class Api {
  constructor(baseURL, token = null) {
    this.baseURL = baseURL
    this.token = token
  }

  async call(method, urlPath, body, { contentType } = {}) {
    const headers = { Accept: 'application/json' }
    if (this.token) headers.Authorization = `Bearer ${this.token}`
    let payload
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json'
      payload = contentType ? body : JSON.stringify(body)
    }
    const res = await fetch(this.baseURL + '/api/v1' + urlPath, { method, headers, body: payload })
    const text = await res.text()
    let json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = { raw: text }
    }
    return { status: res.status, body: json }
  }

  /** Like call() but throws unless the answer is 2xx; returns the body. */
  async ok(method, urlPath, body, opts) {
    const r = await this.call(method, urlPath, body, opts)
    if (r.status < 200 || r.status > 299) {
      throw new Error(`${method} ${urlPath} → ${r.status} ${JSON.stringify(r.body)}`)
    }
    return r.body
  }

  static async login(baseURL, phone = ADMIN.phone, password = ADMIN.password) {
    const api = new Api(baseURL)
    const body = await api.ok('POST', '/auth/login', { phone, password })
    api.token = body.token
    api.user = body.user
    return api
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** A fresh page (own storage) in Chinese, desktop-sized unless a viewport is given. */
export async function newPage(browser, { viewport = { width: 1366, height: 860 }, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport, locale, acceptDownloads: true })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('[page error]', err.message))
  return page
}

/** Signs in through the login form and waits for the console. */
export async function loginUI(page, baseURL, { phone = ADMIN.phone, password = ADMIN.password } = {}) {
  await page.goto(baseURL + '/login')
  await fillField(page, 'login-phone', phone)
  await fillField(page, 'login-password', password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('user-name').waitFor()
}

export async function saveArtifact(name, data) {
  await mkdir(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, name)
  await writeFile(file, data)
  return file
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, name)
  // Let lazy loads finish, and end CSS transitions (tree expansion, dialogs) at once.
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' })
  return file
}

/** Builds the administrative chain district → street → community through the API. */
export async function makeChain(api, prefix) {
  const district = await api.ok('POST', '/units', { kind: 'district', name: `${prefix}区`, parent_id: null })
  const street = await api.ok('POST', '/units', { kind: 'street', name: `${prefix}街道`, parent_id: district.id })
  const community = await api.ok('POST', '/units', { kind: 'community', name: `${prefix}社区`, parent_id: street.id })
  return { district, street, community }
}

export const CSV_HEADER = 'building,unit,floor,room,area_m2,area_source,owner_name,owner_phone,owner_kind,delivered'

/**
 * Fills a text field by test id, whether the id sits on the <input>/<textarea> itself (as
 * Element Plus's el-input does) or on a wrapper around it.
 */
export async function fillField(page, testId, value) {
  const el = page.getByTestId(testId)
  const tag = await el.evaluate((e) => e.tagName)
  const target = tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input, textarea').first()
  await target.fill(value)
}

/** Opens an el-select by test id and clicks the option whose text matches. */
export async function pickOption(page, testId, text) {
  await page.getByTestId(testId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/**
 * Waits for a dialog (by the test id of something inside it) to close after a submit; if it
 * stays open, fails with the error the dialog shows (usually the server's message).
 */
export async function expectDialogClosed(page, testId) {
  try {
    await page.getByTestId(testId).waitFor({ state: 'hidden' })
  } catch (e) {
    const errors = await page.locator('.el-dialog .el-alert--error:visible').allInnerTexts()
    throw new Error(`dialog ${testId} stayed open: ${errors.join(' | ') || e.message}`)
  }
}

/** Closes any dialog left open by a failed step, so one failure does not hide the next tests. */
export async function closeDialogs(page) {
  // The dialog's own close button: Escape is swallowed while a select inside has the focus.
  for (let i = 0; i < 3 && (await page.locator('.el-overlay-dialog:visible').count()) > 0; i++) {
    const dialog = page.locator('.el-overlay-dialog:visible').first()
    await dialog.locator('.el-dialog__headerbtn').first().click({ timeout: 2000 }).catch(() => page.keyboard.press('Escape'))
    await dialog.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {})
  }
}
