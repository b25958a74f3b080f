// The shared harness of the browser tests: each test file calls setup(), which
// builds a temporary data directory with `kefu demo`, creates the test users
// and an admin API token with the kefu CLI, starts `kefu serve` on a free port
// and Chromium (through playwright-core), and stops both at the end.
//
//   KEFU_BIN   path to the kefu binary (default ../bin/kefu)
//   CHROMIUM   path to Chromium (default /usr/bin/chromium)
//   HEADFUL=1  show the browser
//   KEEP_DATA=1 keep the data directory
import { before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const here = path.dirname(fileURLToPath(import.meta.url))
export const KEFU_BIN = path.resolve(here, process.env.KEFU_BIN || '../bin/kefu')
export const SHOTS = path.join(here, 'screenshots')
export const PASSWORD = 'E2e-pass-123'
export const AGENT = { email: 'e2e-agent@example.com', name: '测试坐席', team: '一线客服' }
export const RISK = { email: 'e2e-risk@example.com', name: '风控专员', team: '风控' } // a department member: sees only 风控's work
export const LEAD = { email: 'e2e-lead@example.com', name: '一线班长', team: '一线客服' }
export const ADMIN = { email: 'e2e-admin@example.com', name: '测试管理员', team: '一线客服' }

// Progress lines go to stderr: a test file's stdout carries node:test's own
// serialized results, and plain text landing right after one of its frames in
// the same read is misparsed by the parent ("Unable to deserialize cloned data",
// nodejs/node#64061), failing a file whose tests passed.
export const log = (...a) => console.error('  ·', ...a)

export let dataDir, server, base, browser, ctiToken
let serverLog = ''
const contexts = []
export const DOCS = path.resolve(here, '../docs/images')
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export function kefu(args) {
  try {
    return execFileSync(KEFU_BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
  } catch (e) {
    throw new Error(`kefu ${args.join(' ')} failed (exit ${e.status}):\n${e.stdout || ''}${e.stderr || ''}`)
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function waitReady(url, ms = 30_000) {
  const end = Date.now() + ms
  let last = ''
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`kefu serve exited with ${server.exitCode}:\n${serverLog}`)
    try {
      const r = await fetch(url)
      if (r.status === 200) return
      last = `HTTP ${r.status}`
    } catch (e) {
      last = e.message
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`server not ready after ${ms} ms (${last}):\n${serverLog}`)
}

/** API call with the CTI/admin bearer token (no CSRF needed). */
export async function bearer(method, p, body) {
  const r = await fetch(base + '/api/v1' + p, {
    method,
    headers: { Authorization: 'Bearer ' + ctiToken, 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await r.text()
  let json
  try { json = JSON.parse(text) } catch { json = text }
  return { status: r.status, json }
}

export async function newPage(label) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  contexts.push(ctx)
  const page = await ctx.newPage()
  page.setDefaultTimeout(10_000)
  page.on('pageerror', (e) => console.error(`  ! [${label}] page error: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) console.error(`  ! [${label}] console: ${m.text()}`) })
  return page
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true })
  // hide transient toasts and start from the top so the pictures are comparable
  const style = await page.addStyleTag({ content: '.el-message{display:none!important}' })
  await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0))
  await page.waitForTimeout(300) // let transitions settle
  await page.screenshot({ path: path.join(SHOTS, name + '.png') })
  await style.evaluate((el) => el.remove())
}

export async function login(page, user) {
  await page.goto(base + '/login')
  await field(page, 'login-email').fill(user.email)
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/inbox/)
  await page.getByTestId('current-user').waitFor()
}

/** the native input/textarea of an Element Plus input carrying data-testid (EP puts the attribute on the native element) */
export function field(scope, id) {
  return scope.locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`).first()
}

/** choose an option in an Element Plus select (its dropdown is teleported to body) */
export async function pickOption(page, selectLocator, text) {
  await selectLocator.click()
  const opt = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  await opt.waitFor()
  await opt.click()
}

/** Registers the before/after hooks of a test file. users: which of AGENT, RISK, LEAD, ADMIN to create (ADMIN's token is used by bearer()); env: extra variables for kefu serve. */
export function setup({ name, customers, tickets, users, env = {} }) {
  before(async () => {
    assert.ok(fs.existsSync(KEFU_BIN), `kefu binary not found at ${KEFU_BIN} (set KEFU_BIN or run make build)`)
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kefu-e2e-${name}-`))
    log('data dir', dataDir)
    kefu(['demo', '--data', dataDir, '--customers', String(customers), '--tickets', String(tickets)])
    for (const u of users) {
      const extra = ROLES.get(u)
      kefu(['user', 'create', '--data', dataDir, '--email', u.email, '--name', u.name, '--password', PASSWORD, ...extra, '--team', u.team])
    }
    const tok = JSON.parse(kefu(['token', 'create', '--data', dataDir, '--email', ADMIN.email, '--name', 'cti', '--json']))
    ctiToken = tok.token
    assert.ok(ctiToken, 'token create --json returned no token')

    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = spawn(KEFU_BIN, ['serve', '--addr', `127.0.0.1:${port}`, '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
    server.stdout.on('data', (d) => (serverLog += d))
    server.stderr.on('data', (d) => (serverLog += d))
    await waitReady(base + '/readyz')
    log('kefu serving at', base)

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: !process.env.HEADFUL,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    })
  })

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await browser?.close().catch(() => {})
    if (server && server.exitCode === null) {
      server.kill('SIGTERM')
      await new Promise((r) => { const t = setTimeout(() => { server.kill('SIGKILL'); r() }, 5000); server.once('exit', () => { clearTimeout(t); r() }) })
    }
    if (dataDir && !process.env.KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true })
  })
}

// the role and level each test user is created with
const ROLES = new Map([
  [AGENT, ['--role', 'agent']],
  [RISK, ['--role', 'department', '--level', 'L2']],
  [LEAD, ['--role', 'supervisor', '--level', 'lead']],
  [ADMIN, ['--role', 'admin']],
])
