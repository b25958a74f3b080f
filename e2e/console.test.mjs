// Browser tests for the kefu agent console.
// The server, the test users and the browser come from harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setup, base, bearer, newPage, shot, login, field, pickOption, kefu, log, sleep, dataDir, here, SHOTS, DOCS, PASSWORD, AGENT, RISK, LEAD, ADMIN } from './harness.mjs'

setup({ name: 'console', customers: 30, tickets: 120, users: [AGENT, RISK, LEAD, ADMIN] })

// shared state between the steps below (node:test runs the tests of a file in order)
const S = {}

test('login page is branded and rejects a wrong password', async () => {
  const page = await newPage('agent')
  S.agent = page
  await page.goto(base + '/')
  await page.waitForURL(/\/login/)
  await assert.doesNotReject(page.getByText('kefu').first().waitFor())
  await shot(page, '01-login')
  await field(page, 'login-email').fill(AGENT.email)
  await field(page, 'login-password').fill('wrong-password')
  await page.getByTestId('login-submit').click()
  await page.getByTestId('login-error').waitFor()
  log('wrong password →', (await page.getByTestId('login-error').innerText()).trim())
})

test('agent signs in and sees the inbox with keyboard navigation', async () => {
  const page = S.agent
  await login(page, AGENT)
  await page.getByTestId('view-all').click()
  const rows = page.locator('.inbox-table .el-table__body tr.el-table__row')
  await rows.first().waitFor()
  const n = await rows.count()
  assert.ok(n > 5, `expected demo tickets in the "all" view, got ${n}`)
  log(`inbox "全部" shows ${n} tickets`)
  await page.locator('body').click({ position: { x: 5, y: 300 } }).catch(() => {})
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  await assert.doesNotReject(page.locator('.inbox-table tr.kb-cursor').nth(0).waitFor())
  const idx = await rows.evaluateAll((els) => els.findIndex((e) => e.classList.contains('kb-cursor')))
  assert.equal(idx, 2, 'j moves the highlighted row down')
  await page.keyboard.press('k')
  await page.keyboard.press('/')
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid=inbox-search]') !== null), true, '/ focuses the search box')
  await page.keyboard.press('Escape')
  await shot(page, '02-inbox')
})

test('other users open their consoles (风控 department member, 一线 team lead)', async () => {
  S.risk = await newPage('risk')
  await login(S.risk, RISK)
  await S.risk.getByTestId('view-team').click()
  S.lead = await newPage('lead')
  await login(S.lead, LEAD)
})

test('agent logs a phone contact by number and creates a ticket from it', async () => {
  const page = S.agent
  // find a demo customer and its full phone number (the API masks phones unless revealed)
  const list = await bearer('GET', '/customers?limit=10')
  assert.equal(list.status, 200, 'GET /customers with bearer token: ' + JSON.stringify(list.json))
  const cust = list.json.items.find((c) => (c.phones || []).length) || list.json.items[0]
  const rev = await bearer('POST', `/customers/${cust.id}/reveal`, { reason: 'e2e 测试核对号码' })
  assert.equal(rev.status, 200, 'reveal: ' + JSON.stringify(rev.json))
  S.customer = rev.json
  S.phone = rev.json.phones[0]
  log(`customer #${cust.id} ${cust.name}, phone ${S.phone}`)

  const reasons = await bearer('GET', '/reasons')
  const active = reasons.json.items.filter((r) => r.active)
  const parents = new Set(active.map((r) => r.parent_id).filter(Boolean))
  const leaf = active.find((r) => r.parent_id && !parents.has(r.id)) || active[0]
  S.reason = leaf
  log(`reason "${leaf.name_zh}"`)

  // "c" from the inbox opens the contact form
  await page.goto(base + '/inbox')
  await page.locator('.inbox-table tr.el-table__row').first().waitFor()
  await page.keyboard.press('c')
  await page.waitForURL(/\/contacts\/new/)
  await field(page, 'contact-phone').fill(S.phone)
  await page.getByTestId('matched-customer').waitFor()
  assert.equal((await page.getByTestId('matched-customer').innerText()).trim(), cust.name)
  await page.getByTestId('customer-360').getByText(cust.name).first().waitFor()
  // service type by keyboard: Alt+3 = third service type (投诉)
  await page.keyboard.press('Alt+3')
  const checked = await page.locator('[data-testid=contact-service-type] .el-radio-button.is-active').getAttribute('data-code')
  log('service type after Alt+3:', checked)
  // reason via the filterable cascader
  await page.locator('[data-testid=contact-reason] input').first().click()
  await page.locator('[data-testid=contact-reason] input').first().fill(leaf.name_zh)
  const sugg = page.locator('.el-cascader__suggestion-item:visible').first()
  await sugg.waitFor()
  await sugg.click()
  S.summary = `客户来电反映订单退款迟迟未到账，已核实订单信息，需要风控核查 e2e-${Date.now()}`
  await field(page, 'contact-summary').fill(S.summary)
  await shot(page, '04-contact-form')
  await page.getByTestId('contact-save-ticket').click()

  const dlg = page.locator('.el-dialog:visible')
  await dlg.getByTestId('nt-subject').waitFor()
  const subject = await field(dlg, 'nt-subject').inputValue()
  assert.ok(subject.length > 5, 'subject is prefilled from the summary')
  await page.waitForTimeout(300)
  await shot(page, '05-new-ticket')
  await dlg.getByTestId('nt-submit').click()
  await page.waitForURL(/\/tickets\/\d+/)
  S.ticketUrl = page.url()
  S.ticketId = Number(S.ticketUrl.match(/tickets\/(\d+)/)[1])
  S.number = (await page.getByTestId('ticket-number').innerText()).trim()
  log(`ticket ${S.number} (#${S.ticketId}) created`)
  const t = await bearer('GET', `/tickets/${S.ticketId}`)
  assert.equal(t.json.customer_id, cust.id, 'ticket is linked to the customer')
  assert.ok((t.json.contact_ids || []).length >= 1, 'ticket is linked to the contact: ' + JSON.stringify(t.json.contact_ids))
})

test('agent replies on the ticket (Ctrl+Enter)', async () => {
  const page = S.agent
  await page.getByTestId('composer-reply').click()
  S.reply = '您好，您反映的退款问题我们已受理，预计 1 个工作日内给您答复。'
  await field(page, 'composer-body').fill(S.reply)
  await field(page, 'composer-body').press('Control+Enter')
  await page.locator('[data-testid=timeline-message][data-kind=reply]', { hasText: S.reply }).waitFor()
  log('public reply shown in the timeline')
})

test('agent hands the ticket to 风控; the lead watching it and the 风控 member see it live, without reloading', async () => {
  const a = S.agent
  const lead = S.lead
  const b = S.risk
  // the team lead has the same ticket open
  await lead.goto(S.ticketUrl)
  await lead.getByTestId('ticket-team').filter({ hasText: AGENT.team }).waitFor()
  // the 风控 member cannot see the ticket yet (department members only see their team's work) …
  await b.goto(S.ticketUrl)
  await b.getByText('工单不存在或无权查看').waitFor()
  // … and has the team inbox open in a second tab
  const bInbox = await b.context().newPage()
  bInbox.setDefaultTimeout(10_000)
  await bInbox.goto(base + '/inbox')
  await bInbox.getByTestId('view-team').click()
  await bInbox.waitForTimeout(600)
  assert.equal(await bInbox.locator('.inbox-table tr.el-table__row', { hasText: S.number }).count(), 0, 'not yet in the 风控 team inbox')
  for (const p of [lead, b, bInbox]) await p.evaluate(() => (window.__noReload = true))

  await pickOption(a, a.getByTestId('prop-team'), RISK.team)
  await field(a, 'handoff-note').fill('请风控同事核查该笔退款是否被拦截。')
  await a.getByTestId('handoff-apply').click()
  await a.getByTestId('ticket-team').filter({ hasText: RISK.team }).waitFor()
  const t0 = Date.now()
  log('agent handed off to', RISK.team)

  await lead.getByTestId('ticket-team').filter({ hasText: RISK.team }).waitFor({ timeout: 5000 })
  await lead.locator('[data-testid=timeline-system][data-kind=assignment]', { hasText: RISK.team }).waitFor()
  await lead.locator('[data-testid=timeline-message][data-kind=note]', { hasText: '请风控同事核查' }).waitFor()
  log(`team lead's open ticket updated live after ${Date.now() - t0} ms`)

  await b.getByTestId('ticket-team').filter({ hasText: RISK.team }).waitFor({ timeout: 5000 })
  await b.locator('[data-testid=timeline-message][data-kind=reply]', { hasText: S.reply }).waitFor()
  log(`风控 member's ticket tab loaded the handed-off ticket live after ${Date.now() - t0} ms`)
  await bInbox.locator('.inbox-table tr.el-table__row', { hasText: S.number }).waitFor({ timeout: 5000 })
  log(`ticket ${S.number} appeared live in the 风控 team inbox`)
  for (const p of [lead, b, bInbox]) assert.equal(await p.evaluate(() => window.__noReload), true, 'page was not reloaded')

  await shot(a, '03-ticket')
  await shot(lead, '06-ticket-live-second-user')
  await shot(bInbox, '07-team-inbox-live')
  await bInbox.close()
})

test('language switch shows the English UI and sends Accept-Language: en', async () => {
  const page = S.agent
  await page.getByTestId('lang-button').click()
  const req = page.waitForRequest((r) => r.url().includes('/api/v1/') && r.headers()['accept-language'] === 'en', { timeout: 10_000 })
  await page.locator('[data-testid="lang-en"]:visible').click()
  await page.getByTestId('nav-inbox').filter({ hasText: 'Ticket inbox' }).waitFor()
  await page.getByText('Properties').first().waitFor()
  await page.reload() // preference survives a reload (localStorage)
  await page.getByTestId('nav-inbox').filter({ hasText: 'Ticket inbox' }).waitFor()
  await req
  await shot(page, '08-ticket-en')
  await page.goto(base + '/inbox')
  await page.getByText('My tickets').first().waitFor()
  await shot(page, '09-inbox-en')
  // back to Chinese
  await page.getByTestId('lang-button').click()
  await page.locator('[data-testid="lang-zh-CN"]:visible').click()
  await page.getByTestId('nav-inbox').filter({ hasText: '工单收件箱' }).waitFor()
  log('English UI verified, switched back to 中文')
})

test('screen pop: a CTI ringing event shows the caller card in the open console', async () => {
  const page = S.agent
  await page.goto(base + '/inbox')
  await page.locator('.inbox-table tr.el-table__row').first().waitFor()
  await page.waitForTimeout(800) // EventSource connected
  const t0 = Date.now()
  const r = await bearer('POST', '/cti/events', { event: 'ringing', call_id: 'e2e-call-1', caller_number: S.phone, agent_email: AGENT.email })
  assert.ok(r.status === 202 || r.status === 200, 'POST /cti/events: ' + r.status + ' ' + JSON.stringify(r.json))
  await page.getByTestId('screen-pop').waitFor({ timeout: 3000 })
  const ms = Date.now() - t0
  log(`screen pop shown ${ms} ms after the CTI event`)
  assert.ok(ms < 2000, `screen pop took ${ms} ms`)
  await page.getByTestId('screen-pop-customer').filter({ hasText: S.customer.name }).waitFor()
  await shot(page, '10-screen-pop')
  await page.getByTestId('screen-pop-log').click()
  await page.waitForURL(/\/contacts\/new/)
  await page.getByTestId('matched-customer').filter({ hasText: S.customer.name }).waitFor()
  log('"记录接触" from the screen pop prefills the contact form')

  // an unknown number pops as 新来电客户
  const r2 = await bearer('POST', '/cti/events', { event: 'ringing', call_id: 'e2e-call-2', caller_number: '13900001111', agent_email: AGENT.email })
  assert.ok(r2.status < 300, JSON.stringify(r2.json))
  await page.getByTestId('screen-pop-new').waitFor({ timeout: 3000 })
  log('unknown number shows 新来电客户')

  // log the new caller: the number creates the customer, Ctrl+Enter saves
  // the pop carries the full number to the agent on the call: it is prefilled
  await page.getByTestId('screen-pop-log').click()
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="contact-phone"] input, input[data-testid="contact-phone"]')].some((i) => i.value === '13900001111'))
  await page.getByTestId('new-caller').waitFor()
  await field(page, 'contact-customer-name').fill('王女士')
  await page.keyboard.press('Alt+1')
  await field(page, 'contact-summary').fill('新客户咨询课程退费规则，已告知可在 App 内提交申请。')
  await field(page, 'contact-summary').press('Control+Enter')
  await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
  const found = await bearer('GET', '/customers?phone=13900001111')
  assert.equal(found.json.items?.[0]?.name, '王女士', 'the new caller became a customer: ' + JSON.stringify(found.json))
  log('new caller logged with Ctrl+Enter → customer 王女士 created')
})

test('a busy demo ticket renders its whole timeline', async () => {
  const page = S.agent
  const list = (await bearer('GET', '/tickets?view=all&status=open,pending_internal,pending_customer&limit=40')).json.items
  let best = list[0], most = 0
  for (const t of list.slice(0, 20)) {
    const n = (await bearer('GET', `/tickets/${t.id}/events`)).json.items.length
    if (n > most) { most = n; best = t }
  }
  await page.goto(base + '/tickets/' + best.id)
  await page.getByTestId('ticket-number').filter({ hasText: best.number }).waitFor()
  const shown = await page.locator('[data-testid=timeline-message], [data-testid=timeline-system]').count()
  assert.equal(shown, most, 'every event is in the timeline')
  log(`ticket ${best.number}: ${most} events rendered`)
  await shot(page, '03b-ticket-demo')
})

test('customer page shows the masked profile and 360 history', async () => {
  const page = S.agent
  await page.goto(base + '/customers')
  await page.locator('.el-table__row').first().waitFor()
  await shot(page, '11-customers')
  await page.goto(base + '/customers/' + S.customer.id)
  await page.getByTestId('customer-name').waitFor()
  await page.getByTestId('customer-history').getByText(S.number).first().waitFor()
  const phones = await page.getByTestId('customer-phones').innerText()
  assert.ok(phones.includes('*'), 'phones are masked: ' + phones)
  await shot(page, '12-customer')
})

test('admin sees the admin pages', async () => {
  const page = await newPage('admin')
  await login(page, ADMIN)
  await page.getByTestId('nav-admin').click()
  await page.getByTestId('users-table').locator('.el-table__row').first().waitFor()
  await shot(page, '13-admin-users')
  await page.goto(base + '/admin/teams')
  await page.getByTestId('teams-table').getByText(RISK.team).first().waitFor()
  await shot(page, '14-admin-teams')
  await page.goto(base + '/admin/reasons')
  await page.getByTestId('reason-tree').locator('.el-tree-node').first().waitFor()
  await shot(page, '15-admin-reasons')
  // an agent has no 管理 entry
  assert.equal(await S.agent.getByTestId('nav-admin').count(), 0, 'agent does not see 管理')
})

test('inbox "n" opens the new-ticket dialog; server field errors land on the field', async () => {
  const page = S.agent
  await page.goto(base + '/inbox')
  await page.locator('.inbox-table tr.el-table__row').first().waitFor()
  await page.keyboard.press('n')
  const dlg = page.locator('.el-dialog:visible')
  await field(dlg, 'nt-subject').waitFor()
  await field(dlg, 'nt-subject').fill('e2e 字段错误测试')
  // the server answers 422 problem+json; the console maps body.subject to the subject field
  await page.route('**/api/v1/tickets', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 422, contentType: 'application/problem+json', body: JSON.stringify({ status: 422, code: 'invalid', title: 'Unprocessable Entity', detail: '请求内容有误', errors: [{ location: 'body.subject', message: '标题含有敏感词' }] }) })
      : route.continue(),
  )
  await dlg.getByTestId('nt-submit').click()
  await dlg.locator('.el-form-item__error', { hasText: '标题含有敏感词' }).waitFor()
  await page.unroute('**/api/v1/tickets')
  await page.keyboard.press('Escape')
  log('422 field error shown under 标题')
})

test('a stale save (409) offers to load the latest version', async () => {
  const page = S.agent
  await page.goto(S.ticketUrl)
  await page.getByTestId('ticket-number').waitFor()
  const cur = (await bearer('GET', `/tickets/${S.ticketId}`)).json
  // answer the next PATCH with the server's 409 and the current ticket (as the API does when stale)
  await page.route(`**/api/v1/tickets/${S.ticketId}`, (route) =>
    route.request().method() === 'PATCH'
      ? route.fulfill({ status: 409, contentType: 'application/problem+json', body: JSON.stringify({ status: 409, code: 'conflict', title: 'Conflict', detail: '数据已被他人修改,请刷新后再试', current: cur }) })
      : route.continue(),
  )
  await pickOption(page, page.getByTestId('prop-priority'), '紧急')
  const box = page.locator('.el-message-box:visible')
  await box.getByText('该工单已被他人修改').waitFor()
  await page.unroute(`**/api/v1/tickets/${S.ticketId}`)
  await box.getByRole('button', { name: '加载最新版本' }).click()
  await box.waitFor({ state: 'hidden' })
  await page.getByTestId('ticket-number').waitFor()
  log('409 → "该工单已被他人修改" → 加载最新版本')
})

test('admin reveals a customer (audited) and creates a user', async () => {
  const page = await newPage('admin2')
  await login(page, ADMIN)
  await page.goto(base + '/customers/' + S.customer.id)
  await page.getByTestId('customer-name').waitFor()
  await page.getByTestId('reveal').click()
  const box = page.locator('.el-message-box:visible')
  await box.locator('input').fill('客户来电要求核对预留手机号')
  await box.getByRole('button', { name: '确定' }).click()
  await page.getByTestId('customer-phones').filter({ hasText: S.phone }).waitFor()
  log('查看完整信息 shows', S.phone)

  await page.goto(base + '/admin/users')
  await page.getByTestId('user-create').click()
  const dlg = page.locator('.el-dialog:visible')
  const inputs = dlg.locator('.el-form-item')
  await inputs.nth(0).locator('input').fill('e2e-new@example.com')
  await inputs.nth(1).locator('input').fill('新入职坐席')
  await dlg.locator('.el-form-item', { hasText: '密码' }).locator('input').fill('New-pass-12345')
  await shot(page, '16-admin-user-dialog')
  await dlg.getByRole('button', { name: '保存' }).click()
  await page.getByTestId('users-table').getByText('e2e-new@example.com').waitFor()
  log('admin created user 新入职坐席')
})
