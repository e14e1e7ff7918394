/**
 * A retracted flag in the debrief, in Chromium through the test host: a flag
 * the coach withdrew (the whole utterance or its final text did not support
 * it) stays listed, struck through and marked "retracted", is not counted in
 * the flag total, and has no chip under its line of the transcript. The
 * retraction itself is tested on the live path (tests/live); here it is set in
 * the call's database, as the live coach stores it. And lines whose final-tier
 * re-decode has not run yet (final_due, as a monologue or a quit leaves them)
 * are announced: the transcript is still being finished.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { typePracticeLines } from '../helpers/practice-lines'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { startHost, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results')

describe('debrief: the final tier (retracted flags, lines still to finish)', () => {
  let host: RunningHost
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    host = await startHost()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    await page.goto(host.url)
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  it('lists a retracted flag struck through, marked, and counts only the others', async () => {
    await page.getByRole('button', { name: 'Script check' }).click()
    await page.getByLabel('Practice line').waitFor()
    await typePracticeLines(page, 'What kind of mobile campaigns are you running right now?')
    await typePracticeLines(page, 'Can we set up a time for a demo next week?')
    await expect.poll(() => page.getByTestId('live-transcript').getByTestId('segment').count()).toBe(2)
    await page.getByRole('button', { name: /Stop script check/ }).click()
    const debrief = page.getByTestId('call-detail')
    await expect.poll(() => debrief.getByTestId('debrief-flag').count()).toBe(2)

    const db = new Database(path.join(host.dataDir, 'calldesk.sqlite'))
    try {
      const changed = db.prepare(`UPDATE flags SET retracted_at = ? WHERE kind = 'closing-too-early'`).run(Date.now()).changes
      expect(changed).toBe(1)
    } finally {
      db.close()
    }
    // Open the call again from the list: the debrief reads the store afresh.
    await page.reload()
    // The list renders before it has loaded its rows, and a click on a row that is then replaced is lost:
    // click (again) until the call's debrief is open.
    await expect
      .poll(async () => {
        if ((await debrief.count()) === 0) await page.getByTestId('call-item').first().click()
        return debrief.locator('[data-testid="debrief-flag"][data-retracted="true"]').count()
      }, { timeout: 15_000 })
      .toBe(1)
    const retracted = debrief.locator('[data-testid="debrief-flag"][data-retracted="true"]')
    expect(await retracted.getAttribute('data-kind')).toBe('closing-too-early')
    expect(await retracted.innerText()).toMatch(/retracted/)
    expect(await retracted.locator('.flag-prompt').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through')
    expect(await debrief.getByText(/^Flags \(1\)$/).count()).toBe(1)
    expect(await debrief.getByTestId('transcript').getByTestId('flag').count()).toBe(1)
    await page.screenshot({ path: path.join(SHOTS, 'debrief-retracted.png'), fullPage: true })
  }, 120_000)

  it('says the transcript is still being finished while lines wait for the final tier, and not once they have it', async () => {
    const debrief = page.getByTestId('call-detail')
    const setDue = (due: 0 | 1) => {
      const db = new Database(path.join(host.dataDir, 'calldesk.sqlite'))
      try {
        expect(db.prepare(`UPDATE transcript_segments SET final_due = ?`).run(due).changes).toBe(2)
      } finally {
        db.close()
      }
    }
    const reopen = async (expectBanner: number) => {
      await page.reload()
      await expect
        .poll(async () => {
          if ((await debrief.count()) === 0) await page.getByTestId('call-item').first().click()
          return (await debrief.getByTestId('debrief-flag').count()) > 0 ? debrief.getByTestId('finishing-transcript').count() : -1
        }, { timeout: 15_000 })
        .toBe(expectBanner)
    }
    setDue(1)
    await reopen(1)
    expect(await debrief.getByTestId('finishing-transcript').innerText()).toMatch(/Finishing the transcript: 2 lines left/)
    await page.screenshot({ path: path.join(SHOTS, 'debrief-finishing.png'), fullPage: true })
    setDue(0)
    await reopen(0)
  }, 120_000)
})
