// Browser tests for SLA, promised reply times, escalations and work calendars.
// The server, the test users and the browser come from harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setup, base, bearer, newPage, shot, login, field, pickOption, kefu, log, sleep, dataDir, here, SHOTS, DOCS, PASSWORD, AGENT, RISK, LEAD, ADMIN } from './harness.mjs'

setup({ name: 'sla', customers: 12, tickets: 40, users: [AGENT, RISK, LEAD, ADMIN] })

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

test('agent opens a complaint ticket and sees its SLA countdown', async () => {
  const users = (await bearer('GET', '/users')).json.items
  const agent = users.find((u) => u.email === AGENT.email)
  const teams = (await bearer('GET', '/teams')).json.items
  S.risk = teams.find((t) => t.name === RISK.team)
  const first = teams.find((t) => t.name === AGENT.team)
  const cust = (await bearer('GET', '/customers?limit=5')).json.items[0]
  const r = await bearer('POST', '/tickets', {
    subject: '客户投诉退款被拦截，要求尽快处理', description: '客户来电投诉：申请退款后一直显示“风控审核中”，已等待三天。',
    customer_id: cust.id, service_type: 'complaint', priority: 'high', team_id: first.id, owner_id: agent.id,
  })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  S.ticketId = r.json.id
  S.number = r.json.number
  S.url = `${base}/tickets/${S.ticketId}`
  // the SLA timers are attached right after creation
  let sla = null
  for (let i = 0; i < 40 && !sla; i++) {
    sla = (await bearer('GET', `/tickets/${S.ticketId}`)).json.sla
    if (!sla) await new Promise((res) => setTimeout(res, 150))
  }
  assert.ok(sla, 'the ticket got an SLA')
  log(`ticket ${S.number}: policy ${sla.policy}, ${sla.business_left_secs}s business time left on ${sla.next_clock}`)

  const page = await newPage('agent')
  S.agent = page
  await login(page, AGENT)
  // inbox: SLA column and the 服务时限 filter
  await page.getByTestId('view-mine').click().catch(() => {})
  const row = page.locator('.inbox-table tr.el-table__row', { hasText: S.number })
  await row.getByTestId('sla-badge').filter({ hasText: /剩余|已超时|已暂停/ }).waitFor()
  await pickOption(page, page.getByTestId('filter-sla'), '即将超时')
  await page.waitForTimeout(500)
  await pickOption(page, page.getByTestId('filter-sla'), '已超时')
  await page.waitForTimeout(300)
  await page.goto(base + '/inbox') // filters start empty again
  await row.getByTestId('sla-badge').waitFor()
  await shot(page, 'sla-01-inbox')

  await page.goto(S.url)
  const panel = page.getByTestId('sla-panel')
  await panel.getByTestId('sla-policy').filter({ hasText: sla.policy }).waitFor()
  const badge = (await panel.getByTestId('sla-badge').innerText()).trim()
  assert.match(badge, /首次响应.*(剩余 .*（工作时间）|已超时)/, 'countdown: ' + badge)
  log('SLA panel:', badge)

  // 记录承诺: the suggested time is prefilled
  await panel.getByTestId('promise-open').click()
  const dlg = page.locator('.el-dialog:visible')
  await field(dlg, 'promise-at').waitFor()
  await page.waitForFunction(() => document.querySelector('.el-dialog input[data-testid=promise-at], .el-dialog [data-testid=promise-at] input')?.value)
  await field(dlg, 'promise-note').fill('已告知客户：我们会在承诺时间前回电答复')
  await dlg.getByTestId('promise-save').click()
  await panel.getByTestId('sla-promise').filter({ hasText: '我们会在' }).waitFor()
  await page.locator('[data-testid=timeline-system][data-kind=promise]').waitFor()
  log('promise recorded:', (await panel.getByTestId('sla-promise').innerText()).split('\n')[1])
  await shot(page, 'sla-02-ticket')
  toDocs('sla-02-ticket', 'sla-ticket')
})

test('agent escalates the ticket to 风控; the chain shows the hop and its due time', async () => {
  const page = S.agent
  await page.getByTestId('escalate').click()
  const dlg = page.locator('.el-dialog:visible')
  await dlg.getByTestId('esc-team').waitFor()
  // the handoff note is required
  await field(dlg, 'esc-reason').fill('疑似退款被风控拦截')
  await dlg.getByTestId('esc-submit').click()
  await dlg.locator('.el-form-item__error', { hasText: '请填写此项' }).waitFor()
  await pickOption(page, dlg.getByTestId('esc-team'), RISK.team)
  await field(dlg, 'esc-note').fill('客户已核身，订单号见描述。请核查退款是否被风控规则拦截，如属误判请放行。')
  await dlg.getByTestId('esc-submit').click()
  await dlg.waitFor({ state: 'hidden' })
  const hop = page.getByTestId('escalation-hop').filter({ hasText: RISK.team })
  await hop.waitFor()
  assert.equal(await hop.getAttribute('data-status'), 'open')
  await page.getByTestId('escalation-banner').filter({ hasText: `当前由 ${RISK.team} 处理` }).waitFor()
  assert.match(await page.getByTestId('escalation-banner').innerText(), /须在 .* 前完成/)
  await page.locator('[data-testid=timeline-system][data-kind=escalation]', { hasText: RISK.team }).waitFor()
  await page.getByTestId('ticket-status').filter({ hasText: /待内部|内部/ }).waitFor().catch(() => {})
  const escs = (await bearer('GET', `/tickets/${S.ticketId}/escalations`)).json.items
  assert.equal(escs.length, 1)
  assert.equal(escs[0].ola_mins, 900, 'OLA defaults to 15 business hours')
  log(`escalated to ${escs[0].to_team_name}, due ${escs[0].ola_due}`)
})

test('a 风控 department member sees the work order and completes it; the agent is notified live', async () => {
  const b = await newPage('risk')
  await login(b, RISK)
  const q = await b.evaluate(async () => (await fetch('/api/v1/escalations')).json())
  assert.ok((q.items || []).some((e) => e.ticket_id === S.ticketId), '风控 queue lists the open escalation: ' + JSON.stringify(q).slice(0, 300))
  await b.goto(S.url)
  const banner = b.getByTestId('escalation-banner')
  await banner.waitFor()
  await S.agent.evaluate(() => (window.__noReload = true))
  await banner.getByTestId('escalation-complete').click()
  const dlg = b.locator('.el-dialog:visible')
  await field(dlg, 'complete-note').fill('经核查为风控规则误判，已解除拦截，退款将在 1 个工作日内原路退回。')
  await dlg.getByTestId('complete-submit').click()
  await b.getByTestId('escalation-hop').filter({ hasText: '已完成' }).waitFor()
  log('风控 completed the escalation')

  const a = S.agent
  const notif = a.locator('.kf-notif-escalation_done')
  await notif.waitFor({ timeout: 8000 })
  assert.match(await notif.innerText(), new RegExp(`${RISK.team} 已完成处理 ${S.number}`))
  const hop = a.getByTestId('escalation-hop').filter({ hasText: RISK.team })
  await hop.and(a.locator('[data-status=done]')).waitFor({ timeout: 8000 })
  const spent = await hop.getByTestId('hop-spent').innerText()
  assert.match(spent, /工作时间/, spent)
  await a.locator('[data-testid=timeline-system][data-kind=escalation_done]').waitFor()
  await a.getByTestId('escalation-banner').waitFor({ state: 'detached' }).catch(() => {})
  assert.equal(await a.evaluate(() => window.__noReload), true, 'no page reload')
  log('agent got the notification; time spent:', spent)
  await shot(a, 'sla-03-chain-done')
  await shotEl(a.getByTestId('escalation-chain'), 'sla-03-chain')
  toDocs('sla-03-chain-done', 'escalation-chain')
})

test('admin sees 2026 in 工作日历 with the make-up workdays and National Day', async () => {
  const page = await newPage('admin')
  S.admin = page
  await login(page, ADMIN)
  await page.goto(base + '/admin/calendars')
  await page.getByTestId('calendar-year').waitFor()
  await page.locator('[data-testid=calendar-year] [data-year="2026"]').click()
  const day = (d) => page.locator(`[data-testid=cal-day][data-date="${d}"]`)
  await day('2026-01-04').and(page.locator('[data-kind=makeup]')).waitFor()
  assert.match(await day('2026-01-04').innerText(), /班/)
  assert.equal(await day('2026-02-14').getAttribute('data-kind'), 'makeup')
  assert.equal(await day('2026-10-01').getAttribute('data-kind'), 'holiday')
  assert.match(await day('2026-10-01').innerText(), /休/)
  await day('2026-10-01').hover()
  await page.locator('.el-popper:visible', { hasText: '国庆' }).waitFor().catch(() => log('(no 国庆 name in the tooltip)'))
  await shot(page, 'sla-04-calendar')
  toDocs('sla-04-calendar', 'calendar-year')
  log('2026-01-04 / 2026-02-14 调休上班, 2026-10-01 法定节假日')
  await page.goto(base + '/admin/teams')
  await page.getByTestId('team-calendar').first().waitFor()
})

test('reports: SLA attainment and time per department', async () => {
  const page = S.admin
  await page.getByTestId('nav-reports').click()
  await page.getByTestId('report-escalations').getByText(RISK.team).first().waitFor()
  await page.getByTestId('report-sla').locator('.el-table__row').first().waitFor().catch(() => log('(no SLA report rows yet)'))
  await shot(page, 'sla-05-reports')
  toDocs('sla-05-reports', 'reports')
  assert.equal(await S.agent.getByTestId('nav-reports').count(), 0, 'an agent has no 报表')
})
