/**
 * Switching calls fast, in Chromium through the test host: call A's debrief is
 * answered slowly (the host holds A's getDebrief), the rep opens B meanwhile.
 * When A's late answer arrives it must not replace B's debrief, and saving
 * then writes the rep's notes onto B, never A's notes onto B. And a call
 * deleted elsewhere is said to be gone (ErrorBanner reads the error's code).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { connectApi, startHost, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results')
const SLOW_MS = 2500

/** Asks the host to hold its answer on one channel for one input (a Node client's control message). */
async function slowDown(host: RunningHost, channel: string, input: unknown, delayMs: number): Promise<void> {
  const ws = new WebSocket(`${host.url.replace(/^http/, 'ws')}ipc?token=${host.token}`)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  await new Promise<void>((resolve) => {
    ws.once('message', () => resolve())
    ws.send(JSON.stringify({ id: 1, channel, input, delayMs }))
  })
  ws.close()
}

describe('debrief: switching calls while one loads', () => {
  let host: RunningHost
  let browser: Browser
  let page: Page
  let api: Awaited<ReturnType<typeof connectApi>>
  let callA = ''
  let callB = ''
  const frames: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    host = await startHost()
    api = await connectApi(host)
    for (const [title, line] of [
      ['Alpha call', 'What kind of mobile campaigns are you running right now?'],
      ['Bravo call', 'Can we set up a time for a demo next week?'],
    ] as const) {
      const c = await api.startCall({ kind: 'rehearsal' })
      await api.addPracticeLine({ callId: c.callId, text: line })
      await api.stopCall({ callId: c.callId })
      await api.renameCall({ callId: c.callId, title })
      if (title === 'Alpha call') callA = c.callId
      else callB = c.callId
    }
    await api.saveDebrief({ callId: callA, wentWell: 'Alpha notes', toChange: '', noBuyReason: null, nextStep: '' })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))))
    await page.goto(host.url)
  }, 120_000)
  afterAll(async () => {
    api?.close()
    await browser?.close()
    await host?.stop()
  })

  it("keeps B's debrief when A's slow answer lands after it, and saves onto B only", async () => {
    const row = (id: string) => page.locator(`[data-testid="call-item"][data-call-id="${id}"]`)
    await row(callA).waitFor()
    await row(callB).waitFor()
    await slowDown(host, 'debrief:get', { callId: callA }, SLOW_MS)
    await row(callA).click()
    await row(callB).click()
    const debrief = page.getByTestId('call-detail')
    await expect.poll(() => debrief.locator('h2').innerText().catch(() => '')).toMatch(/Bravo call/)
    // A's answer is the only frame that carries A's saved notes.
    await expect.poll(() => frames.some((f) => f.includes('"wentWell":"Alpha notes"')), { timeout: SLOW_MS + 10_000 }).toBe(true)
    // Let React handle the late answer before looking again.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))))
    expect(await debrief.locator('h2').innerText()).toMatch(/Bravo call/)
    expect(await debrief.getByLabel('What went well').inputValue()).toBe('')
    expect(await debrief.getByTestId('transcript').innerText()).toMatch(/demo next week/)

    await debrief.getByLabel('What to change').fill('Ask before pitching')
    await debrief.getByRole('button', { name: 'Save debrief' }).click()
    await expect.poll(() => debrief.getByText('Saved', { exact: true }).count()).toBe(1)
    const b = await api.getDebrief({ callId: callB })
    const a = await api.getDebrief({ callId: callA })
    expect(b.notes?.toChange).toBe('Ask before pitching')
    expect(b.notes?.wentWell).toBe('')
    expect(a.notes?.wentWell).toBe('Alpha notes')
    expect(a.notes?.toChange).toBe('')
    await page.screenshot({ path: path.join(SHOTS, 'debrief-switch.png'), fullPage: true })
    await debrief.getByTestId('transcript').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(SHOTS, 'debrief-switch-transcript.png') })
  }, 60_000)

  it('says a call deleted elsewhere is gone, from the error code, instead of an empty debrief', async () => {
    // Deleted behind the page's back (another window): its row is still listed.
    await api.deleteCall({ callId: callA })
    await page.locator(`[data-testid="call-item"][data-call-id="${callA}"]`).click()
    const banner = page.locator('[role="alert"][data-error-code="not-found"]')
    await banner.waitFor()
    expect(await banner.innerText()).toBe('That call was not found. It may have been deleted.')
    expect(await page.getByTestId('call-detail').count()).toBe(0)
  }, 30_000)
})
