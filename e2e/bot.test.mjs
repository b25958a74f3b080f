// Browser test for the self-service bot (自助机器人).
//
// `kefu demo` loads the demo knowledge base and 300 web-chat conversations. A supervisor opens
// the bot page: the test chat answers a refund question from a published article with the source
// and confidence shown, asks which article is meant for a bare "退款" and answers the pick, and
// hands a complaint to a person. An agent then finds the handed-off ticket in the team's inbox
// and reads the bot's summary and the whole conversation on the ticket. The report shows
// containment, hand-off reasons, CSAT and the questions the bot could not answer.
//
//   KEFU_BIN   path to the kefu binary (default ../bin/kefu)
//   CHROMIUM   path to Chromium (default /usr/bin/chromium)
//   HEADFUL=1  show the browser
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { setup, base, bearer, newPage, shot, login, field, log, kefu, dataDir, SHOTS, DOCS, AGENT, LEAD, ADMIN } from './harness.mjs'

setup({ name: 'bot', customers: 20, tickets: 60, users: [AGENT, LEAD, ADMIN] })

function docShot(name) {
  fs.mkdirSync(DOCS, { recursive: true })
  fs.copyFileSync(path.join(SHOTS, name + '.png'), path.join(DOCS, name + '.png'))
}

async function ask(page, text) {
  const before = await page.getByTestId('bot-message').count()
  await field(page, 'bot-input').fill(text)
  await field(page, 'bot-input').press('Enter')
  // the customer's message and the bot's reply
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=bot-message]').length >= n + 2, before)
  return page.getByTestId('bot-message').last()
}

let ticketNumber = ''
let ticketId = 0

test('the test chat answers from an article with the source shown, and asks when two are close', async () => {
  const page = await newPage('lead')
  await login(page, LEAD)
  await page.getByTestId('nav-bot').click()
  await page.waitForURL(/\/bot/)
  await page.getByTestId('bot-message').first().waitFor() // the welcome
  const reply = await ask(page, '退款审核通过好几天了,钱还没到账,一般要多久?')
  assert.equal(await reply.getAttribute('data-kind'), 'answer', await reply.innerText())
  const source = (await reply.getByTestId('bot-source').innerText()).trim()
  log('answer source:', source.replace(/\s+/g, ' '))
  assert.ok(source.includes('《退款多久到账?》'), source)
  assert.match(await reply.getByTestId('bot-confidence').innerText(), /\d\.\d\d/)
  assert.equal((await page.getByTestId('bot-decision').innerText()).trim(), '回答')
  await reply.getByTestId('bot-helpful').click()
  await reply.getByText('客户认为有帮助').waitFor()

  // a bare topic: the bot asks which article is meant; the pick is answered
  const clarify = await ask(page, '发票')
  assert.equal(await clarify.getAttribute('data-kind'), 'clarify', await clarify.innerText())
  assert.match(await clarify.innerText(), /您想咨询的是/)
  const options = clarify.getByTestId('bot-option')
  assert.ok((await options.count()) >= 2, 'two or more options')
  const picked = (await options.nth(1).innerText()).trim()
  await options.nth(1).click()
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=bot-message]')].pop()?.dataset.kind === 'answer')
  const answer = page.getByTestId('bot-message').last()
  log('picked', picked, '→', (await answer.getByTestId('bot-source').innerText()).replace(/\s+/g, ' '))
  assert.ok((await answer.getByTestId('bot-source').innerText()).includes(picked.replace(/^[①②③]\s*/, '')))
  await shot(page, 'bot-chat')
  docShot('bot-chat')

  // a question it does not know: it says so plainly
  const unknown = await ask(page, '你们公司的股票代码是多少')
  assert.equal(await unknown.getAttribute('data-kind'), 'unknown', await unknown.innerText())
  assert.match(await unknown.innerText(), /暂时回答不了/)
})

test('a complaint is handed off: the ticket appears for agents with the conversation and summary', async () => {
  const page = await newPage('lead-2')
  await login(page, LEAD)
  await page.goto(base + '/bot/chat')
  await page.getByTestId('bot-message').first().waitFor()
  const first = await ask(page, '新买的外套接缝开线了')
  assert.equal(await first.getAttribute('data-kind'), 'answer', await first.innerText())
  const handoff = await ask(page, '我要投诉,你们的快递员把包裹直接扔在门口')
  assert.equal(await handoff.getAttribute('data-kind'), 'handoff', await handoff.innerText())
  const text = await handoff.locator('.text').innerText()
  log('hand-off message:', text)
  assert.match(text, /投诉/)
  const m = text.match(/服务单号是 (\d{6})/)
  assert.ok(m, 'the customer is told the ticket number: ' + text)
  ticketNumber = m[1]
  assert.match(text, /前回复您/, 'the promised reply time is told')
  await page.getByTestId('bot-closed').waitFor()
  assert.equal((await page.getByTestId('bot-decision').innerText()).trim(), '转人工')
  await shot(page, 'bot-handoff')
  const href = await page.getByTestId('bot-ticket-link').getAttribute('href')
  ticketId = Number(href.split('/').pop())
  await page.locator('[data-testid=bot-rate] .el-rate__item').nth(3).click()
  await page.getByText('感谢您的评价').waitFor()

  // the agent's team inbox lists it; the ticket carries the bot's summary and transcript
  const agent = await newPage('agent')
  await login(agent, AGENT)
  await agent.getByTestId('view-team').click()
  const row = agent.getByTestId('inbox-table').locator('tr', { hasText: ticketNumber })
  await row.waitFor()
  assert.match(await row.innerText(), /自助机器人转人工/)
  await row.click()
  await agent.waitForURL(/\/tickets\//)
  const panel = agent.getByTestId('ticket-bot-panel')
  await panel.waitFor()
  const summary = await agent.getByTestId('ticket-bot-summary').innerText()
  log('summary on the ticket:\n    ' + summary.replace(/\n/g, '\n    '))
  assert.ok(summary.includes('客户问题:新买的外套接缝开线了'), summary)
  assert.ok(summary.includes('机器人回答:《商品有做工瑕疵(开线、跳线)怎么处理》'), summary)
  assert.match(summary, /转人工原因:客户投诉/)
  await agent.getByTestId('ticket-bot-toggle').click()
  await panel.getByTestId('bot-transcript').waitFor()
  assert.ok((await panel.getByTestId('bot-message').count()) >= 5)
  assert.ok((await agent.getByTestId('timeline').innerText()).includes('自助机器人转人工(投诉)'))
  await shot(agent, 'bot-ticket')
  docShot('bot-ticket')
})

test('the report shows containment, hand-off reasons, CSAT and unanswered questions', async () => {
  const rep = await bearer('GET', '/reports/bot')
  assert.equal(rep.status, 200, JSON.stringify(rep.json))
  const r = rep.json
  log(`report: ${r.conversations} conversations, containment ${(r.containment_rate * 100).toFixed(1)}%, CSAT ${r.csat.average} (${r.csat.count}), ${r.unanswered.length} unanswered questions`)
  assert.ok(r.conversations >= 250, 'the demo conversations are counted, the test chats are not')
  assert.ok(r.containment_rate > 0.3 && r.containment_rate < 0.95)
  assert.ok(r.handoff_reasons.length >= 4 && r.csat.count > 20 && r.unanswered.length >= 5)

  const page = await newPage('lead-3')
  await login(page, LEAD)
  await page.goto(base + '/bot/report')
  await page.getByTestId('bot-kpi-containment').waitFor()
  assert.match(await page.getByTestId('bot-kpi-containment').innerText(), /\d+\.\d%/)
  await page.getByTestId('bot-unanswered').locator('tbody tr').first().waitFor()
  assert.ok((await page.getByTestId('bot-days').locator('.day').count()) >= 20)
  await shot(page, 'bot-report')
  docShot('bot-report')

  // an unanswered question opens the article editor with it as the title
  const question = (await page.getByTestId('bot-unanswered').locator('tbody tr').first().locator('td').nth(1).innerText()).trim()
  await page.getByTestId('bot-write-article').first().click()
  await page.waitForURL(/\/kb\/edit/)
  await page.waitForFunction((q) => document.querySelector('input[data-testid=editor-title]')?.value === q, question)
  log('write an article for:', question)

  await page.goto(base + '/bot/transcripts')
  await page.getByTestId('bot-conversations').locator('tbody tr').first().waitFor()
  await page.getByTestId('bot-conversations').locator('tbody tr').first().click()
  await page.locator('.el-drawer [data-testid=bot-transcript]').waitFor()
  await shot(page, 'bot-transcripts')
})

test('integration API: bad input names the field in the caller language; others cannot read transcripts', async () => {
  const tok = JSON.parse(kefu(['token', 'create', '--data', dataDir, '--email', 'webchat@kefu.local', '--name', 'widget', '--json'])).token
  const call = async (method, p, body, lang = 'en') => {
    const res = await fetch(base + '/api/v1' + p, { method, headers: { Authorization: 'Bearer ' + tok, 'Content-Type': 'application/json', 'Accept-Language': lang }, body: body ? JSON.stringify(body) : undefined })
    return { status: res.status, json: await res.json() }
  }
  const start = await call('POST', '/bot/conversations', { channel: 'web' })
  assert.equal(start.status, 201, JSON.stringify(start.json))
  const id = start.json.conversation.id
  const bad = await call('POST', `/bot/conversations/${id}/messages`, { text: '' })
  assert.equal(bad.status, 422)
  assert.equal(bad.json.errors[0].location, 'body.text')
  assert.equal(bad.json.errors[0].message, 'is required')
  const ok = await call('POST', `/bot/conversations/${id}/messages`, { text: '怎么开电子发票' }, 'zh-CN')
  assert.equal(ok.json.message.kind, 'answer', JSON.stringify(ok.json))
  const list = await call('GET', '/bot/conversations')
  assert.equal(list.status, 403)
  assert.ok(ticketId > 0)
})
