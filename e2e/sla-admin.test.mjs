// Browser tests for the SLA admin: 服务时限策略, editing work calendars and importing holidays,
// the 部门工单 queue of a department member, and the breach list on the reports page.
// The server, the test users and the browser come from harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setup, base, bearer, newPage, shot, login, field, pickOption, kefu, log, sleep, dataDir, here, SHOTS, DOCS, PASSWORD, AGENT, RISK, LEAD, ADMIN } from './harness.mjs'

setup({ name: 'sla-admin', customers: 12, tickets: 40, users: [RISK, ADMIN] })

// shared state between the steps below (node:test runs the tests of a file in order)
const S = {}

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
