// Browser tests for the SLA admin: 服务时限策略, editing work calendars and importing holidays,
// the 部门工单 queue of a department member, and the breach list on the reports page.
//
// Self-contained: builds a temporary data directory with `kefu demo`, creates the test users
// and a CTI token with the kefu CLI, starts `kefu serve` on a free port, drives the console
// with the system Chromium through playwright-core, and stops the server at the end.
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
const RISK = { email: 'e2e-risk@example.com', name: '风控专员', team: '风控' } // a department member: sees only 风控's work
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
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-e2e-sla-admin-'))
  log('data dir', dataDir)
  kefu(['demo', '--data', dataDir, '--customers', '12', '--tickets', '40'])
  kefu(['user', 'create', '--data', dataDir, '--email', RISK.email, '--name', RISK.name, '--password', PASSWORD, '--role', 'department', '--level', 'L2', '--team', RISK.team])
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

// shared state between the steps below (node:test runs the tests of a file in order)
const S = {}
const DOCS = path.resolve(here, '../docs/images')

/** screenshot of one element (scrolled into view) */
async function shotEl(locator, name) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await locator.scrollIntoViewIfNeeded()
  await locator.page().waitForTimeout(300)
  await locator.screenshot({ path: path.join(SHOTS, name + '.png') })
}
function toDocs(name, as) {
  fs.mkdirSync(DOCS, { recursive: true })
  fs.copyFileSync(path.join(SHOTS, name + '.png'), path.join(DOCS, as + '.png'))
}

const POLICY = 'VIP 客户 30 分钟响应'

test('admin creates an SLA policy, gets a field error, edits it and meets a 409', async () => {
  const page = await newPage('admin')
  S.admin = page
  await login(page, ADMIN)
  await page.goto(base + '/admin/sla-policies')
  const table = page.getByTestId('policy-table')
  await table.getByText('默认服务时限').waitFor()
  // the demo's fallback policy shows "全部工单（兜底）" and its targets as hours
  const fallback = table.locator('.el-table__row', { hasText: '默认服务时限' })
  assert.match(await fallback.getByTestId('policy-match').innerText(), /全部工单/)
  assert.match(await fallback.getByTestId('policy-targets').innerText(), /4小时/)

  await page.getByTestId('policy-create').click()
  const dlg = page.locator('.el-dialog:visible')
  await field(dlg, 'policy-name-input').fill(POLICY)
  await pickOption(page, dlg.getByTestId('policy-tiers'), 'VIP')
  await page.keyboard.press('Escape') // close the multi-select dropdown, not the dialog
  await pickOption(page, dlg.getByTestId('policy-priorities'), '紧急')
  await page.keyboard.press('Escape')
  await field(dlg, 'policy-first_response_mins').fill('30')
  await field(dlg, 'policy-resolution_mins').fill('8h')
  await dlg.getByTestId('policy-resolution_mins-hint').filter({ hasText: '8小时' }).waitFor()
  await field(dlg, 'policy-next_response_mins').fill('1h30m')
  await dlg.getByTestId('policy-next_response_mins-hint').filter({ hasText: '1小时30分' }).waitFor()
  await field(dlg, 'policy-promise_default_mins').fill('xyz')
  await dlg.getByTestId('policy-promise_default_mins-hint').filter({ hasText: '格式不正确' }).waitFor()
  await field(dlg, 'policy-promise_default_mins').fill('2小时')
  await dlg.getByText('提升优先级').click()
  // warn 100 % is rejected by the server; the message lands on the field
  await field(dlg, 'policy-warn').fill('100')
  await dlg.getByTestId('policy-save').click()
  await dlg.locator('.el-form-item__error', { hasText: /1 到 99/ }).waitFor()
  log('422 mapped onto 预警阈值')
  await field(dlg, 'policy-warn').fill('80')
  await shot(page, 'sla-admin-01-policy-dialog')
  await dlg.getByTestId('policy-save').click()
  await dlg.waitFor({ state: 'hidden' })
  const row = table.locator('.el-table__row', { hasText: POLICY })
  await row.waitFor()
  const match = await row.getByTestId('policy-match').innerText()
  assert.match(match, /优先级：紧急/)
  assert.match(match, /客户等级：VIP/)
  const targets = await row.getByTestId('policy-targets').innerText()
  assert.match(targets, /首次响应\s*30分/)
  assert.match(targets, /解决时限\s*8小时/)
  assert.match(await row.innerText(), /80%/)
  assert.match(await row.innerText(), /提升优先级/)
  log('created:', match.replace(/\n/g, ' '))

  // edit: first response 1h15m
  await row.getByTestId('policy-edit').click()
  await field(dlg, 'policy-name-input').waitFor()
  assert.equal(await field(dlg, 'policy-name-input').inputValue(), POLICY)
  await field(dlg, 'policy-first_response_mins').fill('1h15m')
  await dlg.getByTestId('policy-save').click()
  await dlg.waitFor({ state: 'hidden' })
  await row.getByTestId('policy-targets').filter({ hasText: '1小时15分' }).waitFor()
  log('edited: first response 1小时15分')

  // someone else saves in between → 409, offer to load the latest version
  const pols = (await bearer('GET', '/sla-policies')).json.items
  const p = pols.find((x) => x.name === POLICY)
  await row.getByTestId('policy-edit').click()
  await field(dlg, 'policy-name-input').waitFor()
  const { id, ...rest } = p
  const r = await bearer('PUT', `/sla-policies/${id}`, { ...rest, warn_percent: 70 })
  assert.equal(r.status, 200, JSON.stringify(r.json))
  await field(dlg, 'policy-name-input').fill(POLICY + '（改）')
  await dlg.getByTestId('policy-save').click()
  const box = page.locator('.el-message-box:visible')
  await box.getByText('该策略已被他人修改').waitFor()
  await box.getByRole('button', { name: '加载最新版本' }).click()
  await page.waitForFunction((n) => {
    const el = document.querySelector('.el-dialog input[data-testid=policy-name-input]')
    return el && el.value === n
  }, POLICY)
  assert.equal(await field(dlg, 'policy-warn').inputValue(), '70')
  await dlg.getByRole('button', { name: '取消', exact: true }).click()
  await dlg.waitFor({ state: 'hidden' })
  log('409 → loaded the latest version')
  await row.filter({ hasText: '70%' }).waitFor()
  await shot(page, 'sla-admin-02-policies')
  toDocs('sla-admin-02-policies', 'sla-policies')
})

test('admin creates and edits a calendar; a bad hours string shows its error', async () => {
  const page = S.admin
  await page.goto(base + '/admin/calendars')
  await page.getByTestId('calendar-year').waitFor()
  await page.getByTestId('calendar-create').click()
  const dlg = page.locator('.el-dialog:visible')
  await field(dlg, 'cal-name').fill('热线延时班')
  await field(dlg, 'cal-hours').fill('mon-fri 25:00-26:00')
  await dlg.getByTestId('cal-save').click()
  await dlg.locator('.el-form-item__error', { hasText: /格式不正确/ }).waitFor()
  await field(dlg, 'cal-hours').fill('mon-fri 09:00-12:00,13:30-21:00; sat 10:00-14:00')
  await dlg.getByTestId('cal-save').click()
  await dlg.waitFor({ state: 'hidden' })
  await page.getByTestId('calendar-summary').filter({ hasText: 'sat 10:00-14:00' }).waitFor()
  await page.getByTestId('calendar-edit').click()
  await field(dlg, 'cal-name').fill('热线延时班（含周六）')
  await dlg.getByTestId('cal-save').click()
  await dlg.waitFor({ state: 'hidden' })
  await page.getByTestId('calendar-pick').filter({ hasText: '热线延时班（含周六）' }).waitFor()
  const cals = (await bearer('GET', '/calendars')).json.items
  assert.ok(cals.some((c) => c.name === '热线延时班（含周六）' && c.hours.includes('sat 10:00-14:00')))
  log('calendar created and renamed')
})

test('admin imports 2027 holidays; a bad file shows the server error', async () => {
  const page = S.admin
  // back to the standard calendar (uses the cn holiday set)
  await pickOption(page, page.getByTestId('calendar-pick'), '标准工作日历')
  assert.equal(await page.locator('[data-testid=calendar-year] [data-year="2027"]').count(), 0, 'no 2027 before the import')
  await page.getByTestId('holiday-import-open').click()
  const dlg = page.locator('.el-dialog:visible')
  await field(dlg, 'import-content').fill('{"year":2027,"days":[{"name":"元旦","date":"2027-13-01","isOffDay":true}]}')
  await dlg.getByTestId('import-submit').click()
  const err = dlg.getByTestId('import-error')
  await err.waitFor()
  const msg = await err.innerText()
  assert.match(msg, /导入失败.*days\[0\]\.date/, msg)
  log('bad import:', msg.trim())
  await shot(page, 'sla-admin-03-import-error')

  // a file picked from disk
  const file = path.join(os.tmpdir(), `holiday-cn-2027-${process.pid}.json`)
  fs.writeFileSync(file, JSON.stringify({ year: 2027, days: [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '春节', date: '2027-02-06', isOffDay: true },
    { name: '春节', date: '2027-02-07', isOffDay: true },
    { name: '春节', date: '2027-02-08', isOffDay: true },
    { name: '春节', date: '2027-02-20', isOffDay: false },
  ] }))
  await dlg.getByTestId('import-file').setInputFiles(file)
  await page.waitForFunction(() => (document.querySelector('.el-dialog textarea[data-testid=import-content]')?.value || '').includes('2027-02-20'))
  fs.rmSync(file, { force: true })
  await dlg.getByTestId('import-submit').click()
  await dlg.getByTestId('import-result').filter({ hasText: '2027' }).waitFor()
  await shot(page, 'sla-admin-04-import-ok')
  await dlg.getByRole('button', { name: '关闭', exact: true }).click()
  await dlg.waitFor({ state: 'hidden' })
  const y2027 = page.locator('[data-testid=calendar-year] [data-year="2027"]')
  await y2027.waitFor()
  await y2027.click()
  const day = (d) => page.locator(`[data-testid=cal-day][data-date="${d}"]`)
  await day('2027-01-01').and(page.locator('[data-kind=holiday]')).waitFor()
  assert.match(await day('2027-01-01').innerText(), /休/)
  assert.equal(await day('2027-02-20').getAttribute('data-kind'), 'makeup')
  log('2027 imported: 1/1 休, 2/20 班')
  await shot(page, 'sla-admin-05-calendar-2027')
})

test('a 风控 member sees escalated tickets in 部门工单 (live) and completes one', async () => {
  const teams = (await bearer('GET', '/teams')).json.items
  const risk = teams.find((t) => t.name === RISK.team)
  const first = teams.find((t) => t.name === '一线客服')
  const cust = (await bearer('GET', '/customers?limit=5')).json.items[0]
  async function escalated(subject, reason, note, priority) {
    const r = await bearer('POST', '/tickets', { subject, description: subject, customer_id: cust.id, service_type: 'complaint', priority, team_id: first.id })
    assert.equal(r.status, 201, JSON.stringify(r.json))
    const e = await bearer('POST', `/tickets/${r.json.id}/escalations`, { to_team_id: risk.id, reason, handoff_note: note })
    assert.equal(e.status, 201, JSON.stringify(e.json))
    return { id: r.json.id, number: r.json.number, esc: e.json }
  }
  const a = await escalated('退款被拦截，客户要求当天处理', '疑似退款被风控拦截', '客户已核身，订单号 20261123-0087。请核查退款是否被风控规则拦截，如属误判请放行。', 'high')

  const b = await newPage('risk')
  await login(b, RISK)
  await b.getByTestId('nav-queue').click()
  await b.waitForURL(/\/queue/)
  const item = (tk) => b.locator(`[data-testid=queue-item][data-ticket="${tk.id}"]`)
  await item(a).waitFor()
  assert.match(await item(a).getByTestId('queue-reason').innerText(), /疑似退款被风控拦截/)
  assert.match(await item(a).getByTestId('queue-note').innerText(), /订单号 20261123-0087/)
  assert.match(await item(a).innerText(), /一线客服/)
  assert.match(await item(a).getByTestId('queue-ola').innerText(), /剩余|已逾期/)
  await item(a).getByText(a.number).waitFor()

  // a second escalation shows up without reloading
  await b.evaluate(() => (window.__noReload = true))
  const c = await escalated('账户被冻结无法登录', '账户异常冻结', '客户称未做任何异常操作，请核查冻结原因并告知解冻条件。', 'urgent')
  await item(c).waitFor({ timeout: 8000 })
  assert.equal(await b.evaluate(() => window.__noReload), true, 'no page reload')
  log('queue updated live with', c.number)
  await shot(b, 'sla-admin-06-queue')
  toDocs('sla-admin-06-queue', 'department-queue')

  // 打开工单 goes to the ticket
  await item(a).getByTestId('queue-open').click()
  await b.waitForURL(new RegExp(`/tickets/${a.id}$`))
  await b.getByTestId('escalation-banner').waitFor()
  await b.goBack()
  await item(a).waitFor()

  // 完成处理 with a note
  await item(a).getByTestId('queue-complete').click()
  const dlg = b.locator('.el-dialog:visible')
  await dlg.getByTestId('queue-complete-submit').click()
  await dlg.locator('.el-form-item__error').waitFor()
  await field(dlg, 'queue-complete-note').fill('经核查为风控规则误判，已解除拦截，退款将在 1 个工作日内原路退回。')
  await dlg.getByTestId('queue-complete-submit').click()
  await dlg.waitFor({ state: 'hidden' })
  await item(a).waitFor({ state: 'detached' })
  await item(c).waitFor()
  const escs = (await bearer('GET', `/tickets/${a.id}/escalations`)).json.items
  assert.equal(escs[0].status, 'done')
  assert.match(escs[0].done_note, /误判/)
  log('completed', a.number)
})

test('reports list breached tickets with links', async () => {
  const page = S.admin
  await page.getByTestId('nav-reports').click()
  const table = page.getByTestId('report-breaches')
  await table.waitFor()
  await page.getByTestId('report-escalations').getByText(RISK.team).first().waitFor()
  const links = table.getByTestId('breach-link')
  const n = await links.count()
  const api = (await bearer('GET', '/reports/breaches?limit=100')).json.items || []
  assert.equal(n, api.length, 'one row per breached ticket')
  if (n) {
    assert.match(await links.first().getAttribute('href'), /^\/tickets\/\d+$/)
    log(`${n} breached tickets listed`)
  } else log('(no breached tickets in the demo data)')
  await shot(page, 'sla-admin-07-reports')
})
