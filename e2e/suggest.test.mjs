// Browser test for the suggested service type and contact reason.
//
// Self-contained like sla.test.mjs: `kefu demo --customers 30 --tickets 400` gives well over a
// thousand contacts and tickets saved with a reason, so the server trains its suggestion models
// in the background at start. The agent types a summary that clearly describes a course refund,
// sees the suggestion, accepts it with Alt+Enter and saves; the contact is stored with that reason
// and the feedback shows in GET /suggest/report.
//
//   KEFU_BIN   path to the kefu binary (default ../bin/kefu)
//   CHROMIUM   path to Chromium (default /usr/bin/chromium)
//   HEADFUL=1  show the browser
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const KEFU_BIN = path.resolve(here, process.env.KEFU_BIN || '../bin/kefu')
const SHOTS = path.join(here, 'screenshots')
const PASSWORD = 'E2e-pass-123'
const AGENT = { email: 'e2e-agent@example.com', name: '测试坐席', team: '一线客服' }
const ADMIN = { email: 'e2e-admin@example.com', name: '测试管理员', team: '一线客服' }

const log = (...a) => console.log('  ·', ...a)

let dataDir, server, serverLog = '', base, browser, ctiToken
const contexts = []

function kefu(args) {
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
async function bearer(method, p, body) {
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

async function newPage(label) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  contexts.push(ctx)
  const page = await ctx.newPage()
  page.setDefaultTimeout(10_000)
  page.on('pageerror', (e) => console.log(`  ! [${label}] page error: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) console.log(`  ! [${label}] console: ${m.text()}`) })
  return page
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true })
  // hide transient toasts and start from the top so the pictures are comparable
  const style = await page.addStyleTag({ content: '.el-message{display:none!important}' })
  await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0))
  await page.waitForTimeout(300) // let transitions settle
  await page.screenshot({ path: path.join(SHOTS, name + '.png') })
  await style.evaluate((el) => el.remove())
}

async function login(page, user) {
  await page.goto(base + '/login')
  await field(page, 'login-email').fill(user.email)
  await field(page, 'login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/inbox/)
  await page.getByTestId('current-user').waitFor()
}

/** the native input/textarea of an Element Plus input carrying data-testid (EP puts the attribute on the native element) */
function field(scope, id) {
  return scope.locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`).first()
}

/** choose an option in an Element Plus select (its dropdown is teleported to body) */
async function pickOption(page, selectLocator, text) {
  await selectLocator.click()
  const opt = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  await opt.waitFor()
  await opt.click()
}

before(async () => {
  assert.ok(fs.existsSync(KEFU_BIN), `kefu binary not found at ${KEFU_BIN} (set KEFU_BIN or run make build)`)
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-e2e-suggest-'))
  log('data dir', dataDir)
  kefu(['demo', '--data', dataDir, '--customers', '30', '--tickets', '400'])
  kefu(['user', 'create', '--data', dataDir, '--email', AGENT.email, '--name', AGENT.name, '--password', PASSWORD, '--role', 'agent', '--team', AGENT.team])
  kefu(['user', 'create', '--data', dataDir, '--email', ADMIN.email, '--name', ADMIN.name, '--password', PASSWORD, '--role', 'admin', '--team', ADMIN.team])
  const tok = JSON.parse(kefu(['token', 'create', '--data', dataDir, '--email', ADMIN.email, '--name', 'cti', '--json']))
  ctiToken = tok.token
  assert.ok(ctiToken, 'token create --json returned no token')

  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  server = spawn(KEFU_BIN, ['serve', '--addr', `127.0.0.1:${port}`, '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
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


const DOCS = path.resolve(here, '../docs/images')
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

test('the suggestion models train from the demo history', async () => {
  // trained in the background at start; if not there yet, train now and wait
  let rep
  for (let i = 0; i < 100; i++) {
    rep = await bearer('GET', '/suggest/report')
    assert.equal(rep.status, 200, JSON.stringify(rep.json))
    if (rep.json.models?.reason) break
    if (i === 40) {
      const r = await bearer('POST', '/suggest/retrain?wait=true')
      assert.equal(r.status, 202, JSON.stringify(r.json))
    } else await sleep(250)
  }
  const m = rep.json.models?.reason
  assert.ok(m, 'a reason model exists: ' + JSON.stringify(rep.json))
  log(`reason model v${m.version}: ${m.examples} examples, ${m.labels} reasons, held-back accuracy ${m.holdout_accuracy}, ${m.bytes} bytes, ${m.train_ms} ms`)
  assert.ok(m.holdout_accuracy > 0.6)
})

test('the agent accepts the suggested reason with Alt+Enter and saves', async () => {
  const reasons = (await bearer('GET', '/reasons')).json.items
  const refund = reasons.find((r) => r.name_zh === '课程退款')
  assert.ok(refund, 'demo reason 课程退款 exists')

  const page = await newPage('agent')
  await login(page, AGENT)
  await page.goto(base + '/contacts/new')
  await field(page, 'contact-summary').waitFor()
  const summary = '家长来电：上月给孩子报了《少儿英语启蒙》，交了3980元，上了两节课孩子实在不喜欢，申请退订课程并退款。'
  await field(page, 'contact-summary').click()
  await field(page, 'contact-summary').pressSequentially(summary.slice(0, 12), { delay: 20 })
  await field(page, 'contact-summary').fill(summary)
  const bar = page.getByTestId('suggestion-bar')
  await page.getByTestId('suggestion-reason').waitFor()
  const shown = (await page.getByTestId('suggestion-reason').innerText()).trim()
  log('suggested:', (await page.getByTestId('suggestion').innerText()).trim())
  assert.match(shown, /课程退款/)
  const st = (await page.getByTestId('suggestion-service-type').count()) ? (await page.getByTestId('suggestion-service-type').innerText()).trim() : ''

  // the key hint is shown; Alt+Enter accepts both suggestions into the form
  await bar.getByText('Alt+Enter').waitFor()
  await field(page, 'contact-summary').press('Alt+Enter')
  await bar.getByText('已采纳建议').waitFor()
  // the summary did not get a new line from the key
  assert.equal(await field(page, 'contact-summary').inputValue(), summary)
  const cascader = page.locator('[data-testid=contact-reason] input').first()
  await page.waitForFunction(() => /课程退款/.test(document.querySelector('[data-testid=contact-reason] input')?.value || ''))
  log('reason field after Alt+Enter:', await cascader.inputValue())
  const code = await page.locator('[data-testid=contact-service-type] .el-radio-button.is-active').getAttribute('data-code')
  log('service type after Alt+Enter:', code, st ? `(suggested ${st})` : '(no service type suggested)')

  fs.mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300)
  await page.locator('.contact-page').screenshot({ path: path.join(SHOTS, 'suggest.png') })
  fs.mkdirSync(DOCS, { recursive: true })
  fs.copyFileSync(path.join(SHOTS, 'suggest.png'), path.join(DOCS, 'suggest.png'))

  await page.getByTestId('contact-save').click()
  const msg = page.locator('.el-message--success', { hasText: '已保存' })
  await msg.waitFor()
  const id = Number((await msg.innerText()).match(/#(\d+)/)[1])
  const c = await bearer('GET', `/contacts/${id}`)
  assert.equal(c.status, 200)
  assert.equal(c.json.reason_id, refund.id, 'saved with the accepted reason: ' + JSON.stringify(c.json))
  assert.equal(c.json.service_type, code)
  assert.equal(c.json.summary, summary)
  log(`contact #${id} saved with reason ${c.json.reason_path}, service type ${c.json.service_type}`)

  // the console sent what was suggested and what was saved
  let rep
  for (let i = 0; i < 40; i++) {
    rep = (await bearer('GET', '/suggest/report')).json
    if (rep.by_reason?.some((r) => r.reason_id === refund.id)) break
    await sleep(150)
  }
  const row = rep.by_reason.find((r) => r.reason_id === refund.id)
  assert.ok(row, 'feedback recorded: ' + JSON.stringify(rep))
  assert.equal(row.accepted, 1)
  assert.equal(row.accuracy, 1)
  assert.ok(rep.confirmed_share > 0)
  log(`report: confirmed share ${rep.confirmed_share}, ${row.path} ${row.accepted}/${row.suggested}`)
})

test('the reports page shows how the suggestions do', async () => {
  const page = await newPage('admin')
  await login(page, ADMIN)
  await page.goto(base + '/reports')
  const panel = page.getByTestId('suggest-report')
  await panel.waitFor()
  await panel.getByText('课程退款').first().waitFor()
  const share = await page.getByTestId('suggest-confirmed').innerText()
  assert.match(share, /%/)
  log(`reports page: accepted ${share}`)
  await shot(page, 'suggest-report')
})
