/**
 * Live prompts end to end in Chromium: practice lines typed on the call screen
 * go through the real core (segments → coach → events) to the overlay page.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { typePracticeLines } from '../helpers/practice-lines'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { startHost, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results')
const PROMPT_VISIBLE_MS = 8000

describe('live prompts in the overlay', () => {
  let host: RunningHost
  let browser: Browser
  let main: Page
  let overlay: Page

  beforeAll(async () => {
    host = await startHost()
    browser = await launchChromium()
    main = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    overlay = await browser.newPage({ viewport: { width: 380, height: 230 } })
    await main.goto(host.url)
    await overlay.goto(`${host.url}overlay.html`)
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  const say = (text: string) => typePracticeLines(main, text)
  const currentKind = () => overlay.getByTestId('current-prompt').getAttribute('data-kind')

  it('shows asking-before-giving, then closing-too-early, lets a prompt expire and stores a dismissal', async () => {
    // Quick-add the prospect, then a typed script check.
    await main.getByLabel('Prospect').selectOption('__new')
    await main.getByLabel('Prospect name').fill('Dana Reyes')
    await main.getByLabel('Company').fill('Northpeak Logistics')
    await main.getByRole('button', { name: 'Add', exact: true }).click()
    await main.getByRole('button', { name: 'Script check' }).click()
    await main.getByLabel('Practice line').waitFor()
    await expect.poll(() => overlay.getByLabel('Elapsed time').innerText(), { timeout: 5000 }).toMatch(/^\d\d:\d\d$/)

    await say("Hi Dana, it's Sam from Brightline Mobile.")
    await say('What kind of mobile campaigns are you running right now?')
    await expect.poll(currentKind, { timeout: 5000 }).toBe('asking-before-giving')
    const probePrompt = await overlay.locator('.prompt .text').innerText()
    expect(probePrompt.length).toBeLessThanOrEqual(60)
    await overlay.screenshot({ path: path.join(SHOTS, 'overlay-asking-before-giving.png') })

    await say('Great. Can we set up a time for a demo next week?')
    await expect.poll(currentKind, { timeout: 5000 }).toBe('closing-too-early')
    // The flags also show inline on the call screen, under their lines.
    await expect.poll(() => main.getByTestId('flag').count()).toBeGreaterThanOrEqual(2)
    await main.screenshot({ path: path.join(SHOTS, 'call-screen-live.png') })
    await overlay.screenshot({ path: path.join(SHOTS, 'overlay-closing-too-early.png') })
    expect(await overlay.locator('.history li').count()).toBeGreaterThanOrEqual(1)

    // Unless a new flag arrives, the prompt fades after PROMPT_VISIBLE_MS (waited for, not slept through).
    await expect.poll(currentKind, { timeout: PROMPT_VISIBLE_MS + 30_000 }).toBe('')
    expect(await overlay.getByTestId('current-prompt').innerText()).toMatch(/Listening/)

    // A new flag, dismissed as not relevant: stored.
    await say("What's your budget for this next quarter?")
    await expect.poll(currentKind, { timeout: 5000 }).toBe('asking-before-giving')
    await overlay.getByRole('button', { name: 'Not relevant' }).click()
    await expect.poll(currentKind).toBe('')
    const db = new Database(path.join(host.dataDir, 'calldesk.sqlite'), { readonly: true })
    try {
      const rows = db.prepare('SELECT kind, dismissed_at FROM flags ORDER BY created_at').all() as Array<{ kind: string; dismissed_at: number | null }>
      expect(rows.filter((r) => r.dismissed_at !== null)).toHaveLength(1)
      expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['asking-before-giving', 'closing-too-early']))
    } finally {
      db.close()
    }

    await main.getByRole('button', { name: /Stop script check/ }).click()
    await expect.poll(() => overlay.getByLabel('Elapsed time').innerText()).toBe('No call')
  }, 120_000)
})
