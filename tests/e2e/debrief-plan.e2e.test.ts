/**
 * After the call, end to end in Chromium through the test host: a typed
 * practice call → its debrief with flags and figures → schedule the next call
 * with the recap → the schedule lists it → starting it shows the plan in the
 * overlay; then export and the prospect page.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { typePracticeLines } from '../helpers/practice-lines'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { connectApi, startHost, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results')

/** datetime-local value in this machine's zone (the browser runs here too). */
function localInput(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

describe('debrief → plan → schedule → overlay', () => {
  let host: RunningHost
  let browser: Browser
  let main: Page
  let overlay: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    host = await startHost()
    browser = await launchChromium()
    main = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    // The overlay as a rep would size it for a plan (the default 380×230 scrolls the plan).
    overlay = await browser.newPage({ viewport: { width: 380, height: 440 } })
    for (const p of [main, overlay]) p.on('pageerror', (e) => pageErrors.push(e.message))
    await main.goto(host.url)
    await overlay.goto(`${host.url}overlay.html`)
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  const say = (text: string) => typePracticeLines(main, text)
  const db = () => new Database(path.join(host.dataDir, 'calldesk.sqlite'), { readonly: true })

  it('runs from a practice call to the plan in the overlay', async () => {
    // 1. A practice call: probe before giving, then an early demo ask, then a give.
    await main.getByLabel('Prospect').selectOption('__new')
    await main.getByLabel('Prospect name').fill('Dana Reyes')
    await main.getByLabel('Company').fill('Northpeak Logistics')
    await main.getByRole('button', { name: 'Add', exact: true }).click()
    await main.getByRole('button', { name: 'Script check' }).click()
    await main.getByLabel('Practice line').waitFor()
    await say("Hi Dana, it's Sam from Brightline Mobile.")
    await say('What kind of mobile campaigns are you running right now?')
    await expect.poll(() => overlay.getByTestId('current-prompt').getAttribute('data-kind'), { timeout: 5000 }).toBe('asking-before-giving')
    await overlay.getByRole('button', { name: 'Not relevant' }).click() // counted in the debrief
    await say('Can we set up a time for a demo next week?')
    await expect.poll(() => overlay.getByTestId('current-prompt').getAttribute('data-kind'), { timeout: 5000 }).toBe('closing-too-early')
    await say('A logistics client in your market added $20k of new revenue in six weeks by texting past customers.')
    await expect.poll(() => main.getByTestId('live-transcript').getByTestId('segment').count()).toBe(4)
    await main.getByRole('button', { name: /Stop script check/ }).click()

    // 2. The debrief opens by itself, with the flags at their moments and the figures.
    const debrief = main.getByTestId('call-detail')
    await debrief.getByText('Debrief ·').waitFor()
    await expect.poll(() => debrief.getByTestId('debrief-flag').count()).toBe(2)
    expect(await debrief.getByTestId('debrief-flag').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
      'asking-before-giving',
      'closing-too-early',
    ])
    expect(await debrief.getByTestId('debrief-flag').first().innerText()).toMatch(/Instead:/)
    expect(await debrief.getByTestId('probes-before-give').innerText()).toMatch(/^1\n/)
    expect(await debrief.getByTestId('first-give').innerText()).toMatch(/^\d\d:\d\d\n/)
    expect(await debrief.getByTestId('first-ask').innerText()).toMatch(/^\d\d:\d\d\n/)
    expect(await debrief.getByTestId('dismissed').innerText()).toMatch(/^1 of 2\n/)
    // Both flags are on the chart (flags close together share one marker that carries their count).
    const markerCounts = await debrief.getByTestId('timeline-flag').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))
    expect(markerCounts.reduce((a, b) => a + b, 0)).toBe(2)
    expect(await debrief.getByTestId('transcript').getByTestId('segment').count()).toBe(4)
    await main.screenshot({ path: path.join(SHOTS, 'debrief.png'), fullPage: true })

    // 3. The rep's debrief, then plan the next call from it.
    await main.getByLabel('What went well').fill('Opened with a clear reason for calling')
    await main.getByLabel('What to change').fill('Give the client story before asking anything')
    await main.getByLabel('Why they did not buy').fill('No budget until Q3')
    await main.getByLabel('Agreed next step').fill('Send the Northpeak case study, call back next week')
    await main.getByRole('button', { name: 'Save debrief' }).click()
    await debrief.getByText('Saved', { exact: true }).waitFor()
    await main.getByRole('button', { name: /Plan the next call/ }).click()
    const planBox = main.getByLabel('Plan notes')
    await expect.poll(() => planBox.inputValue(), { timeout: 5000 }).toMatch(/^Opener\n- Ask what has changed/)
    const draft = await planBox.inputValue()
    expect(draft).toContain('What I gave:\n  · A logistics client in your market added $20k')
    expect(draft).toContain('What I asked:\n  · What kind of mobile campaigns')
    expect(draft).toContain('What we agreed:\n  · Send the Northpeak case study')
    expect(draft).toContain('Plan around why they haven’t bought: No budget until Q3.')
    expect(await main.getByLabel('Next call with').inputValue()).not.toBe('')
    const at = Date.now() + 2 * 3_600_000
    await main.getByLabel('Date and time').fill(localInput(at))
    await main.getByLabel('Rehearsal notes').fill('- Lead with the $20k story in one breath')
    await main.screenshot({ path: path.join(SHOTS, 'plan-next-call.png'), fullPage: true })
    await main.getByRole('button', { name: 'Schedule call' }).click()
    await main.getByRole('button', { name: /Start this call/ }).waitFor()

    // 4. The schedule lists it.
    await main.getByRole('button', { name: 'Schedule', exact: true }).click()
    const item = main.getByTestId('schedule-item').filter({ hasText: 'Dana Reyes' })
    await expect.poll(() => item.count()).toBe(1)
    expect(await item.innerText()).toMatch(/Ask what has changed/)
    await main.screenshot({ path: path.join(SHOTS, 'schedule.png') })

    // 5. Starting it links the recording and puts the plan in the overlay as a checklist.
    await item.getByRole('button', { name: 'Start call' }).click()
    await main.getByRole('button', { name: /Stop call/ }).waitFor()
    await main.getByTestId('scheduled-banner').waitFor()
    const plan = overlay.getByTestId('overlay-plan')
    await plan.waitFor({ timeout: 5000 })
    expect(await plan.textContent()).toMatch(/Plan · Dana Reyes/)
    const items = plan.locator('.checklist:not(.reminders) li')
    expect(await items.first().innerText()).toMatch(/^Ask what has changed since we spoke on /)
    expect(await plan.innerText()).toContain('Send the Northpeak case study')
    expect(await plan.locator('.reminders li').allInnerTexts()).toEqual(['Lead with the $20k story in one breath'])
    await items.first().getByRole('checkbox').check()
    expect(await items.first().getAttribute('class')).toBe('done')
    await overlay.screenshot({ path: path.join(SHOTS, 'overlay-plan.png') })
    await overlay.setViewportSize({ width: 380, height: 230 })
    await overlay.screenshot({ path: path.join(SHOTS, 'overlay-plan-default-size.png') })
    await main.screenshot({ path: path.join(SHOTS, 'scheduled-call-live.png') })

    const d = db()
    try {
      const rows = d.prepare('SELECT c.kind, c.scheduled_call_id, c.prospect_id, s.prospect_id AS sp FROM calls c LEFT JOIN scheduled_calls s ON s.id = c.scheduled_call_id ORDER BY c.started_at').all() as Array<{
        kind: string
        scheduled_call_id: string | null
        prospect_id: string
        sp: string | null
      }>
      expect(rows.map((r) => r.kind)).toEqual(['rehearsal', 'live'])
      expect(rows[1]!.scheduled_call_id).not.toBeNull()
      expect(rows[1]!.prospect_id).toBe(rows[1]!.sp)
    } finally {
      d.close()
    }

    await main.getByRole('button', { name: /Stop call/ }).click()
    await expect.poll(() => overlay.getByTestId('overlay-plan').count()).toBe(0)
    const d2 = db()
    try {
      expect(d2.prepare('SELECT status FROM scheduled_calls').pluck().all()).toEqual(['done'])
    } finally {
      d2.close()
    }
    expect(pageErrors).toEqual([])
  }, 180_000)

  it('exports the debrief as Markdown and shows the prospect’s history in time order', async () => {
    // Open the practice call's debrief from history (the oldest of the two calls).
    await main.getByTestId('call-item').last().click()
    await main.getByText('Debrief ·').waitFor()
    await main.getByText('Export', { exact: true }).click()
    const [download] = await Promise.all([main.waitForEvent('download'), main.getByRole('menuitem', { name: 'Debrief (.md)' }).click()])
    expect(download.suggestedFilename()).toMatch(/^Dana-Reyes-\d{4}-\d\d-\d\d-debrief\.md$/)
    const file = path.join(SHOTS, 'debrief-export.md')
    await download.saveAs(file)
    const md = fs.readFileSync(file, 'utf8')
    expect(md).toContain('| Probing questions before the first give | 1 |')
    expect(md).toContain('## Why they did not buy\n\n> No budget until Q3')
    expect(md).toMatch(/⚑ \*\*Asking before giving\*\* at \d\d:\d\d \(dismissed as not relevant\)/)

    await main.getByTestId('call-detail').getByRole('button', { name: 'Dana Reyes' }).click()
    const history = main.getByTestId('history-item')
    await expect.poll(() => history.count()).toBe(3)
    expect(await history.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))).toEqual(['call', 'debrief', 'call'])
    await main.getByLabel('Status').selectOption('not-now')
    await main.getByLabel('Reason').fill('Budget frozen until Q3')
    await main.getByRole('button', { name: 'Save status' }).click()
    await expect.poll(() => main.getByTestId('prospect').locator('h2').innerText()).toMatch(/Not now/)
    // The call screen's picker follows without a reload: Dana (still picked) moves to the "Not now" group.
    const picker = main.getByLabel('Prospect', { exact: true })
    await expect.poll(() => picker.locator('optgroup[label="Not now"] option').allInnerTexts()).toEqual(['Dana Reyes · Northpeak Logistics'])
    expect(await picker.locator(':scope > option').allInnerTexts()).toEqual(['No prospect', '+ New prospect…'])
    // A prospect added elsewhere (here through the API, as an import would) shows up too.
    const api = await connectApi(host)
    try {
      await api.createProspect({ name: 'Avery Cole', company: 'Tidewater Foods' })
    } finally {
      api.close()
    }
    await expect.poll(() => picker.locator(':scope > option').allInnerTexts()).toEqual(['No prospect', 'Avery Cole · Tidewater Foods', '+ New prospect…'])
    // Headless Chromium does not paint an open native dropdown: show the options as a list for the screenshot.
    await picker.evaluate((el: HTMLSelectElement) => (el.size = 6))
    await main.locator('.recorder').screenshot({ path: path.join(SHOTS, 'prospect-picker-groups.png') })
    await picker.evaluate((el: HTMLSelectElement) => (el.size = 0))
    await main.getByLabel('New note').fill('Decides with her CFO, Priya')
    await main.getByRole('button', { name: 'Add note' }).click()
    await expect.poll(() => history.count()).toBe(4)
    await main.screenshot({ path: path.join(SHOTS, 'prospect-page.png'), fullPage: true })
    expect(pageErrors).toEqual([])
  }, 60_000)
})
