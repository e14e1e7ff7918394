/**
 * The first run as a new rep meets it, in Chromium through the test host: no
 * speech model, so a guided setup (model, microphone) comes before the first
 * call, and "Start call" is not the primary action. A call recorded anyway is
 * kept; once the model is installed (the file picker's stand-in hands over the
 * test model) the call is transcribed again from its recording.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/chromium'
import { findOverflows } from '../helpers/layout'
import { REPO_ROOT, SPEECH_DIR, TEST_MODEL } from '../helpers/shared-assets'
import { startHost, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results', 'layout')
const WAV = path.join(SPEECH_DIR, 'give-first-call.wav')

describe('first run: guided setup, then re-transcribe a call recorded before the model', () => {
  let host: RunningHost
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    host = await startHost({ env: { CALLDESK_MODEL: '' }, modelFile: TEST_MODEL })
    browser = await launchChromium({ fakeMicWav: WAV })
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  it('opens on a setup of the model and the microphone; Start call is not primary', async () => {
    const setup = page.getByTestId('setup')
    await setup.waitFor()
    expect(await setup.getByRole('region', { name: 'Speech model' }).innerText()).toMatch(/No speech model is installed/)
    // No developer text: no environment variables, no ggml file patterns.
    expect(await page.locator('body').innerText()).not.toMatch(/CALLDESK_MODEL|ggml-\*/)
    expect(await page.getByRole('button', { name: '● Start call' }).getAttribute('class')).not.toMatch(/primary/)
    expect(await page.getByRole('button', { name: 'Set up speech recognition' }).getAttribute('class')).toMatch(/primary/)
    // The microphone test hears the (fake) microphone without a call.
    await setup.getByRole('button', { name: 'Test microphone' }).click()
    await expect.poll(() => page.getByTestId('mic-heard').innerText(), { timeout: 20_000 }).toBe('Call Desk hears you.')
    await setup.getByRole('button', { name: 'Stop test' }).click()
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 640 },
    ]) {
      await page.setViewportSize(size)
      await page.screenshot({ path: path.join(SHOTS, `first-run-setup-${size.width}x${size.height}.png`) })
      expect(await findOverflows(page)).toEqual([])
    }
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('records a call without a model, keeps it, and transcribes it once the model is installed', async () => {
    await page.getByRole('button', { name: 'Skip for now' }).click()
    await page.getByRole('button', { name: '● Start call' }).click()
    await page.getByRole('button', { name: /Stop call/ }).waitFor()
    // Speech is cut into lines as it comes; without a model they are kept untranscribed.
    await expect.poll(() => page.getByTestId('live-transcript').locator('[data-status="failed"]').count(), { timeout: 60_000 }).toBeGreaterThan(1)
    await page.getByRole('button', { name: /Stop call/ }).click()
    const debrief = page.getByTestId('call-detail')
    const banner = debrief.getByTestId('untranscribed')
    await banner.waitFor({ timeout: 20_000 })
    expect(await banner.innerText()).toMatch(/lines? (was|were) not transcribed: No speech model is installed\./)
    // One reason for the call, not the same error on every line.
    expect(await debrief.getByText(/No speech model is installed/).count()).toBe(1)
    await page.screenshot({ path: path.join(SHOTS, 'debrief-untranscribed-1280x800.png') })

    await banner.getByRole('button', { name: 'Set up speech recognition first' }).click()
    await page.getByTestId('setup').getByRole('button', { name: 'Use a model file…' }).click()
    await page.getByTestId('model-ready').waitFor()
    // It applies at once: no reload, the header says so.
    await expect.poll(() => page.locator('.app-header').innerText()).toMatch(/Speech model ready/)
    await page.getByRole('button', { name: 'Done: go to my first call' }).click()
    await page.getByTestId('call-item').first().click()
    const failedLines = debrief.getByTestId('transcript').locator('[data-status="failed"]')
    await expect.poll(() => failedLines.count()).toBeGreaterThan(1)
    const failed = await failedLines.count()
    await debrief.getByRole('button', { name: /Transcribe (them|it) now/ }).click()
    await expect
      .poll(() => debrief.getByTestId('transcript').locator('[data-status="done"]').count(), { timeout: 240_000 })
      .toBe(failed)
    expect(await debrief.getByTestId('untranscribed').count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'debrief-retranscribed-1280x800.png') })
  }, 300_000)
})
