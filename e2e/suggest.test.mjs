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
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setup, base, bearer, newPage, shot, login, field, pickOption, kefu, log, sleep, dataDir, here, SHOTS, DOCS, PASSWORD, AGENT, RISK, LEAD, ADMIN } from './harness.mjs'

setup({ name: 'suggest', customers: 30, tickets: 400, users: [AGENT, ADMIN] })



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
