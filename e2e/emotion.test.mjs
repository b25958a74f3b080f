// Browser test for customer emotion and agent care (internal/emotion).
//
// An L1 agent logs a phone contact whose summary reads angry: the emotion shows
// under the summary with the reassurance tip, from the same POST /suggest as the
// reason suggestion. The summary then quotes abuse: the care banner offers the
// approved line, a hand-over to the lead and ending the call per policy. Saved
// with a ticket, the ticket shows the suggested emotion as a badge, the agent
// confirms it with E, the abusive words in the description are hidden, and the
// ticket is handed to the team lead. The inbox row carries the badge, the next
// call from the customer pops "上次来电情绪：愤怒", and the lead's report counts
// the abusive contact for the agent.
//
//   KEFU_BIN   path to the kefu binary (default ../bin/kefu)
//   CHROMIUM   path to Chromium (default /usr/bin/chromium)
//   HEADFUL=1  show the browser
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { setup, base, bearer, newPage, shot, login, field, log, sleep, SHOTS, DOCS, AGENT, LEAD, ADMIN } from './harness.mjs'

setup({ name: 'emotion', customers: 10, tickets: 20, users: [AGENT, LEAD, ADMIN] })

const PHONE = '13911112222'
const ANGRY = '客户第三次来电，退款一个月还没到账，非常愤怒，说今天再不处理就去12315投诉，还要找媒体曝光。'
const ABUSE = '客户原话：“你是不是傻逼？听不懂人话吗？”'

async function doc(page, name, locator) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(300)
  const file = path.join(SHOTS, name + '.png')
  if (locator) await locator.screenshot({ path: file })
  else await shot(page, name)
  fs.mkdirSync(DOCS, { recursive: true })
  fs.copyFileSync(file, path.join(DOCS, name + '.png'))
}

test('the emotion model is built at start', async () => {
  let r
  for (let i = 0; i < 120; i++) {
    r = await bearer('POST', '/emotion/score', { text: '你们就是骗子！今天不退钱我就去12315投诉！' })
    assert.equal(r.status, 200, JSON.stringify(r.json))
    if (r.json.source === 'model') break
    await sleep(250)
  }
  assert.equal(r.json.source, 'model', 'the model is ready: ' + JSON.stringify(r.json))
  assert.equal(r.json.emotion, 'angry')
  assert.equal(r.json.escalation, true)
  log(`model reading: ${r.json.emotion} ${r.json.confidence}, cues ${r.json.cues.join(' ')}`)
})

let ticketId
test('an L1 agent logs an angry, then abusive contact: emotion, reassurance and the care banner', async () => {
  const page = await newPage('agent')
  await login(page, AGENT)
  await page.goto(base + '/contacts/new')
  await field(page, 'contact-phone').fill(PHONE)
  await field(page, 'contact-summary').click() // leaves the phone field: the lookup runs
  await page.getByTestId('new-caller').waitFor()
  await field(page, 'contact-customer-name').fill('赵女士')
  await page.locator('[data-testid=contact-service-type] [data-code=complaint]').click()

  // angry, not abusive: the emotion and the reassurance tip
  await field(page, 'contact-summary').fill(ANGRY)
  const hint = page.getByTestId('emotion-hint')
  await hint.locator('[data-emotion=angry]').waitFor()
  await hint.getByText('先处理情绪，再处理问题').waitFor()
  await hint.getByText('有投诉升级风险').waitFor()
  assert.equal(await page.getByTestId('care-banner').count(), 0, 'no care banner without abuse')
  log('summary reads:', (await hint.innerText()).split('\n')[0])
  await doc(page, 'emotion-contact', page.locator('.contact-page .panel.main'))

  // the customer turns abusive: the care banner with what the policy allows
  await field(page, 'contact-summary').fill(ANGRY + '\n' + ABUSE)
  const care = page.getByTestId('care-banner')
  await care.waitFor()
  await hint.locator('[data-abusive="1"]').waitFor()
  await care.getByText('这不是您的错').waitFor()
  await page.getByTestId('care-remind').click()
  await page.getByTestId('care-script').getByText('请您文明用语').waitFor()
  await doc(page, 'emotion-care', page.locator('.contact-page .panel.main'))
  await page.getByTestId('care-end-call').click()
  await page.waitForFunction(() => /按规范结束通话/.test(document.querySelector('textarea[data-testid=contact-summary]')?.value || ''))

  // save with a ticket: the dialog opens prefilled, submit goes to the ticket
  await page.getByTestId('contact-save-ticket').click()
  await page.getByTestId('new-ticket-dialog').waitFor()
  await page.getByTestId('nt-submit').click()
  await page.waitForURL(/\/tickets\/\d+/)
  ticketId = Number(page.url().match(/tickets\/(\d+)/)[1])

  // the header badge shows the suggestion; the panel offers confirmation with E
  const badge = page.locator('[data-testid=ticket-emotion][data-emotion=angry]')
  await badge.waitFor()
  assert.match(await badge.innerText(), /愤怒 · 建议/)
  assert.match(await badge.innerText(), /不文明用语/)
  const panel = page.getByTestId('emotion-panel')
  await panel.getByTestId('emotion-accept').waitFor()
  await panel.getByTestId('care-banner').waitFor()
  // the abusive words in the description are hidden until asked for
  const masked = page.locator('.desc [data-testid=masked-text]')
  await masked.waitFor()
  assert.doesNotMatch(await masked.innerText(), /傻逼/)
  await doc(page, 'emotion-ticket')
  await masked.getByTestId('masked-toggle').click()
  assert.match(await masked.innerText(), /傻逼/)
  await masked.getByTestId('masked-toggle').click()

  await page.locator('body').press('e')
  await panel.getByText('已确认').waitFor()
  assert.doesNotMatch(await badge.innerText(), /建议/)
  await page.getByTestId('timeline').getByText(/客户情绪/).waitFor()
  const tk = await bearer('GET', `/tickets/${ticketId}`)
  assert.equal(tk.json.emotion, 'angry', 'confirmed: ' + JSON.stringify(tk.json))
  assert.equal(tk.json.abusive, true)
  log(`ticket ${tk.json.number}: emotion ${tk.json.emotion} (suggested ${tk.json.emotion_suggested}), abusive ${tk.json.abusive}`)

  // an L1 agent facing abuse hands the ticket to the team lead
  await panel.getByTestId('care-hand-to-lead').click()
  await page.getByTestId('ticket-owner').filter({ hasText: LEAD.name }).waitFor()
  log('handed to', LEAD.name)

  // the inbox row carries the badge; the queue order puts it first within its priority
  await page.goto(base + '/inbox')
  await page.getByTestId('view-team').click()
  await page.getByTestId('inbox-sort').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '排序：队列顺序' }).click()
  const row = page.locator('[data-testid=inbox-table] .el-table__row', { has: page.locator('[data-emotion=angry]') }).first()
  await row.waitFor()
  await doc(page, 'emotion-inbox')
})

test('the next call pops the last emotion; the lead sees the care report', async () => {
  const page = await newPage('agent-2')
  await login(page, AGENT)
  const r = await bearer('POST', '/cti/events', { event: 'ringing', call_id: 'e2e-emotion-1', caller_number: PHONE, agent_email: AGENT.email })
  assert.ok(r.status < 300, JSON.stringify(r.json))
  const pop = page.getByTestId('screen-pop-emotion')
  await pop.waitFor()
  assert.match(await pop.innerText(), /上次来电情绪：愤怒/)
  await doc(page, 'emotion-screen-pop', page.getByTestId('screen-pop'))

  const lead = await newPage('lead')
  await login(lead, LEAD)
  await lead.goto(base + '/reports')
  const rep = lead.getByTestId('report-emotion')
  const agentRow = rep.locator('.el-table__row', { hasText: AGENT.name }).first()
  await agentRow.waitFor()
  assert.equal((await agentRow.getByTestId('care-abusive').innerText()).trim(), '1')
  log('care report row:', (await agentRow.innerText()).replace(/\s+/g, ' '))
  await doc(lead, 'emotion-report', rep.locator('xpath=..'))
})
