// Browser tests for the knowledge base (知识库), scripts (话术) and agent assist.
// The server, the test users and the browser come from harness.mjs; the demo
// data includes the demo knowledge base (internal/demo/kb_content.go).
//
//   an editor (team lead) writes an article in Markdown with similar questions and publishes it;
//   an agent finds it with a Chinese question in the customer's words and marks it helpful;
//   the agent opens a ticket, sees the assist suggestions, inserts the suggested reply and sends it;
//   the scripts page, the needs-review list and the English console.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { setup, base, bearer, newPage, shot, login, field, log, SHOTS, DOCS, AGENT, LEAD, ADMIN } from './harness.mjs'

setup({ name: 'kb', customers: 30, tickets: 200, users: [AGENT, LEAD, ADMIN] })

const S = {}
const TITLE = '电子发票多久能收到?'
const QUESTION = '我的发票怎么还没发到邮箱'

function toDocs(name, as = name) {
  fs.mkdirSync(DOCS, { recursive: true })
  fs.copyFileSync(path.join(SHOTS, name + '.png'), path.join(DOCS, as + '.png'))
}

test('an editor writes an article with similar questions and publishes it', async () => {
  const page = await newPage('lead')
  S.lead = page
  await login(page, LEAD)
  await page.getByTestId('nav-kb').click()
  await page.waitForURL(/\/kb/)
  await page.getByTestId('kb-category-tree').getByText('支付与发票').first().waitFor()
  await page.getByTestId('kb-new').click()
  await page.waitForURL(/\/kb\/edit/)
  await field(page, 'editor-title').fill(TITLE)
  // category: a node of the tree select
  await page.locator('.el-select[data-testid=editor-category]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^发票$/ }).first().click()
  await page.getByTestId('editor-visibility').getByText('公开').click()
  const qs = page.locator('input[data-testid=editor-question], [data-testid=editor-question] input')
  await qs.last().fill(QUESTION)
  await qs.last().fill('电子发票一般几天到')
  assert.equal(await qs.count(), 3, 'a new empty line appears for the next phrasing')
  await field(page, 'editor-body').fill(
    '电子发票在申请后 **3 个工作日内** 发送到您填写的邮箱。\n\n## 没收到怎么办\n\n1. 检查邮箱的垃圾邮件箱\n2. 在订单详情点击 **下载发票**\n3. 仍找不到,联系客服重新发送\n\n> 注意:<script>alert(1)</script> 这样的内容只会显示为文字',
  )
  const preview = page.getByTestId('editor-preview')
  await preview.locator('ol li').nth(2).waitFor()
  assert.equal(await preview.locator('script').count(), 0, 'no raw HTML in the preview')
  assert.match(await preview.innerText(), /<script>alert\(1\)<\/script>/)
  await shot(page, 'kb-01-editor')
  toDocs('kb-01-editor', 'kb-editor')

  await page.getByTestId('editor-publish').click()
  const dlg = page.getByTestId('publish-dialog')
  await field(dlg, 'publish-note').fill('新增:发票到账时效')
  await dlg.getByTestId('publish-confirm').click()
  await page.getByTestId('editor-status').filter({ hasText: '已发布' }).waitFor()
  S.articleId = Number(page.url().match(/\/kb\/edit\/(\d+)/)[1])
  const a = (await bearer('GET', `/kb/articles/${S.articleId}`)).json
  assert.equal(a.status, 'published')
  assert.equal(a.number, 1)
  assert.equal(a.visibility, 'public')
  assert.deepEqual(a.questions, [QUESTION, '电子发票一般几天到'])
  log(`article #${a.id} published as version ${a.number} by ${a.published_by}`)

  // history: version 1 is the current one
  await page.getByTestId('editor-history').click()
  await page.getByTestId('history-version').first().waitFor()
  assert.match(await page.getByTestId('history-drawer').innerText(), /v1[\s\S]*当前发布[\s\S]*新增:发票到账时效/)
  await page.keyboard.press('Escape')
})

test('an agent finds it with the customer\'s words and marks it helpful', async () => {
  const page = await newPage('agent')
  S.agent = page
  await login(page, AGENT)
  await page.goto(base + '/kb')
  await field(page, 'kb-search').fill('发票怎么还没收到邮箱里')
  const first = page.getByTestId('kb-hit').first()
  await first.filter({ hasText: TITLE }).waitFor()
  const hitText = await first.innerText()
  assert.match(hitText, /匹配问法「我的发票怎么还没发到邮箱」/)
  log('first hit:', hitText.replace(/\s+/g, ' ').slice(0, 120))
  await first.click()
  const reader = page.getByTestId('kb-reader')
  await reader.getByTestId('kb-article-title').filter({ hasText: TITLE }).waitFor()
  assert.equal(await reader.locator('.md script').count(), 0)
  await reader.getByTestId('kb-helpful').click()
  await reader.getByText('感谢反馈').first().waitFor()
  await shot(page, 'kb-02-search')
  toDocs('kb-02-search', 'kb')
  let a
  for (let i = 0; i < 20; i++) {
    a = (await bearer('GET', `/kb/articles/${S.articleId}`)).json
    if (a.stats.helpful === 1 && a.stats.views >= 1) break
    await page.waitForTimeout(150)
  }
  assert.equal(a.stats.helpful, 1, JSON.stringify(a.stats))
  assert.ok(a.stats.views >= 1)
  // agents have no editing buttons
  assert.equal(await page.getByTestId('kb-new').count(), 0)
  assert.equal(await reader.getByTestId('kb-edit').count(), 0)
})

test('the agent opens a ticket, inserts the suggested reply and sends it', async () => {
  const reasons = (await bearer('GET', '/reasons')).json.items
  const reason = reasons.find((r) => r.name_zh === '账户被限制/风控误判')
  const cust = (await bearer('POST', '/customers', { name: '周晓梅', phones: ['13912345678'], attributes: { gender: '女' } })).json
  const r = await bearer('POST', '/tickets', {
    subject: '账户被风控限制无法登录,客户称是误判', description: '客户出差时在外地登录后账户被限制交易,情绪着急,要求尽快解除限制。',
    customer_id: cust.id, service_type: 'help', reason_id: reason.id, priority: 'high',
  })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  const t = r.json
  const pr = await bearer('POST', `/tickets/${t.id}/promise`, {})
  assert.equal(pr.status, 200, JSON.stringify(pr.json))

  const page = S.agent
  await page.goto(`${base}/tickets/${t.id}`)
  const panel = page.getByTestId('assist-panel')
  const reply = panel.getByTestId('assist-reply')
  await reply.filter({ hasText: '周女士您好' }).waitFor()
  const suggested = (await reply.locator('.r-text').innerText()).trim()
  log('suggested reply:', suggested.replace(/\n/g, ' ⏎ '))
  assert.match(suggested, /^周女士您好,/)
  assert.match(suggested, /复核/)
  assert.match(suggested, /(今天|明天|\d+月\d+日)/, 'the promised reply time is in the reply')
  await panel.getByTestId('assist-script').first().waitFor()
  await panel.getByText(/相似工单 [1-9]/).click()
  await panel.getByTestId('assist-similar').first().waitFor()
  const sim = await panel.getByTestId('assist-similar').first().innerText()
  assert.match(sim, /同来电原因/)
  assert.match(sim, /当时的答复/)
  await panel.getByText(/文章 [1-9]/).click()
  const art = panel.getByTestId('assist-article').first()
  await art.waitFor()
  await art.getByTestId('assist-article-helpful').click()
  await page.getByText('感谢反馈').first().waitFor()
  await panel.getByText(/话术 [1-9]/).click()

  const assist = (await bearer('GET', `/tickets/${t.id}/assist`)).json
  const scriptId = assist.reply.script_id
  assert.ok(scriptId, 'the reply uses a script: ' + JSON.stringify(assist.reply))
  const usesBefore = (await bearer('GET', `/kb/scripts/${scriptId}`)).json.uses

  await panel.getByTestId('assist-insert-reply').click()
  const box = field(page, 'composer-body')
  await page.waitForFunction(() => (document.querySelector('[data-testid=composer-body] textarea, textarea[data-testid=composer-body]')?.value || '').startsWith('周女士您好'))
  // the agent edits before sending
  await box.press('End')
  await box.pressSequentially('(我是本次为您服务的客服)', { delay: 5 })
  await shot(page, 'kb-03-assist')
  await panel.screenshot({ path: path.join(SHOTS, 'kb-04-assist-panel.png') })
  toDocs('kb-04-assist-panel', 'assist')
  await box.press('Control+Enter')
  await page.locator('.el-message--success', { hasText: '已发送' }).waitFor().catch(() => {})
  let evs
  for (let i = 0; i < 30; i++) {
    evs = (await bearer('GET', `/tickets/${t.id}/events`)).json.items
    if (evs.some((e) => e.kind === 'reply')) break
    await page.waitForTimeout(150)
  }
  const sent = evs.find((e) => e.kind === 'reply')
  assert.ok(sent, 'the reply was sent')
  assert.ok(sent.body.startsWith('周女士您好,'), sent.body)
  assert.ok(sent.body.endsWith('(我是本次为您服务的客服)'), sent.body)
  const usesAfter = (await bearer('GET', `/kb/scripts/${scriptId}`)).json.uses
  assert.equal(usesAfter, usesBefore + 1, 'inserting counted as a use of the script')
  log(`reply sent (${sent.body.length} characters); script #${scriptId} used ${usesAfter} times`)
})

test('scripts, the needs-review list and the console in English', async () => {
  const page = S.lead
  await page.goto(base + '/kb/scripts')
  const scripts = page.getByTestId('kb-scripts')
  await scripts.getByText('风控限制安抚与复核').waitFor()
  // an unknown variable is refused with the field named
  await page.getByTestId('script-new').click()
  const dlg = page.getByTestId('script-dialog')
  await field(dlg, 'script-title').fill('发票补发')
  await field(dlg, 'script-text').fill('{客户称乎}您好,发票已重新发送。')
  await dlg.getByTestId('script-save').click()
  await dlg.getByTestId('script-text-error').filter({ hasText: '未知变量 {客户称乎}' }).waitFor()
  await field(dlg, 'script-text').fill('')
  await dlg.getByRole('button', { name: '客户称呼' }).click()
  await field(dlg, 'script-text').pressSequentially('您好,发票已重新发送到您的邮箱,工单号 ', { delay: 5 })
  await dlg.getByRole('button', { name: '工单号' }).click()
  await dlg.getByText('示例效果').waitFor()
  await shot(page, 'kb-05-script-dialog')
  await dlg.getByTestId('script-save').click()
  await dlg.waitFor({ state: 'hidden' })
  const row = scripts.locator('.el-table__row', { hasText: '发票补发' })
  await row.getByTestId('script-pending').waitFor()
  await row.getByTestId('script-approve').click()
  await row.getByText('已审核').waitFor()
  await shot(page, 'kb-06-scripts')
  toDocs('kb-06-scripts', 'kb-scripts')

  await page.goto(base + '/kb/review')
  const review = page.getByTestId('kb-review')
  await review.getByText('物流延误的催件与补偿标准(内部)').waitFor()
  await review.getByTestId('review-reason').first().waitFor()
  await shot(page, 'kb-07-review')
  toDocs('kb-07-review', 'kb-review')

  // English console: the same page, every string translated
  await page.getByTestId('lang-button').click()
  await page.locator('[data-testid="lang-en"]:visible').click()
  await page.getByTestId('nav-kb').filter({ hasText: 'Knowledge base' }).waitFor()
  await page.goto(base + '/kb?q=refund')
  await page.getByText('Knowledge base').first().waitFor()
  await page.getByTestId('kb-hit').first().waitFor()
  await shot(page, 'kb-08-english')
  const text = await page.locator('.kb-page').innerText()
  assert.doesNotMatch(text.replace(/[\u4e00-\u9fff].*/g, ''), /kb\.[a-z]/, 'no untranslated keys')
})
