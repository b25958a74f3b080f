// Browser test for the optional large-model provider: a real HTTP server in
// this process speaks the OpenAI chat-completions shape; kefu is started with
// KEFU_LLM_URL pointing at it. The agent asks for a summary and a reply draft
// on a ticket and inserts the draft; the administrator reads the call log. The
// model must never receive the customer's name or phone number.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { setup, bearer, newPage, shot, login, field, log, base, SHOTS, DOCS, AGENT, ADMIN } from './harness.mjs'

const received = []
const model = http.createServer((req, res) => {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    received.push(body)
    const msgs = JSON.parse(body).messages
    const summary = /总结|Summarise/.test(msgs[0].content)
    const content = summary
      ? '- 客户诉求:[NAME]反映问题尚未解决,希望尽快处理。\n- 已做处理:坐席已记录并转交相关部门。\n- 当前状态:处理中,待回复客户。\n- 客户情绪:着急。'
      : '[NAME]您好,非常理解您着急的心情。您反映的问题我们已加急处理,会在今天下班前给您回电,请保持电话畅通。'
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ model: 'qwen2.5-7b-instruct', choices: [{ message: { role: 'assistant', content } }], usage: { prompt_tokens: 812, completion_tokens: 96 } }))
  })
})
await new Promise((r) => model.listen(0, '127.0.0.1', r))
after(() => model.close())

setup({
  name: 'llm', customers: 20, tickets: 60, users: [AGENT, ADMIN],
  env: { KEFU_LLM_URL: `http://127.0.0.1:${model.address().port}/v1`, KEFU_LLM_MODEL: 'qwen2.5-7b-instruct' },
})

function toDocs(name) {
  fs.mkdirSync(DOCS, { recursive: true })
  fs.copyFileSync(path.join(SHOTS, name + '.png'), path.join(DOCS, name + '.png'))
}

const S = {}

test('an agent gets a summary and a draft without the customer\'s data leaving', async () => {
  const list = (await bearer('GET', '/tickets?view=all&status=open&limit=50')).json.items
  const tk = list.find((x) => x.customer_id)
  assert.ok(tk, 'an open demo ticket with a customer')
  const cust = (await bearer('POST', `/customers/${tk.customer_id}/reveal`, { reason: 'e2e: check what the model receives' })).json
  S.ticket = tk
  const page = await newPage('agent')
  await login(page, AGENT)
  await page.goto(`${base}/tickets/${tk.id}`)
  const actions = page.getByTestId('llm-actions')
  await actions.waitFor()
  await actions.getByTestId('llm-summary').click()
  await page.getByTestId('llm-summary-text').getByText('客户诉求').waitFor()
  assert.match(await page.getByTestId('llm-summary-text').innerText(), new RegExp(cust.name), 'the name comes back in the summary')

  await field(page, 'llm-instruction').fill('语气更诚恳,说明今天回电')
  await actions.getByTestId('llm-draft').click()
  const draft = page.getByTestId('llm-draft-text')
  await draft.getByText('非常理解您着急的心情').waitFor()
  await draft.getByTestId('llm-insert').click()
  const box = field(page, 'composer-body')
  assert.match(await box.inputValue(), new RegExp(`^${cust.name}您好,非常理解`), 'the draft is in the composer, with the name filled in')
  await shot(page, 'llm-ticket-page')
  // the guide shows the assist panel itself, where the model's help appears
  await page.addStyleTag({ content: '.el-message{display:none!important}' })
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.getByTestId('assist-panel').screenshot({ path: path.join(SHOTS, 'llm-ticket.png') })
  toDocs('llm-ticket')

  assert.equal(received.length, 2)
  for (const body of received) {
    assert.ok(!body.includes(cust.name), 'the customer\'s name was not sent')
    for (const p of cust.phones) assert.ok(!body.includes(p), `phone ${p} was not sent`)
  }
  assert.match(received[1], /语气更诚恳/)
  log('model received', received[1].length, 'bytes for the draft, masked')
})

test('the administrator reads exactly what was sent', async () => {
  const page = await newPage('admin')
  await login(page, ADMIN)
  await page.goto(`${base}/admin/llm-calls`)
  const tab = page.getByTestId('admin-llm-calls')
  await tab.getByText('qwen2.5-7b-instruct').first().waitFor()
  assert.equal(await tab.locator('.el-table__row').count(), 2)
  await tab.locator('.el-table__expand-icon').first().click()
  await tab.getByText('发送内容').first().waitFor()
  const sent = await tab.locator('.sent').first().innerText()
  assert.match(sent, /\[NAME\]/, 'the log shows the placeholders that were sent')
  await shot(page, 'llm-calls')
  toDocs('llm-calls')
})
