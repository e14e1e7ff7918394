/**
 * What a rep sees before everything works: no speech model yet, and a
 * microphone the system refuses. Both must say what is wrong and what to do.
 */
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import { CHROMIUM_PATH } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { startHost, type RunningHost } from '../helpers/test-host-process'

describe('first run', () => {
  let host: RunningHost
  let browser: Browser

  beforeAll(async () => {
    // No CALLDESK_MODEL and an empty data folder: no model anywhere.
    host = await startHost({ env: { CALLDESK_MODEL: '' } })
    // A real permission prompt (no fake UI), which headless Chromium denies.
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream'],
    })
  })
  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  it('offers to download or import a model when none is installed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    await page.goto(host.url)
    const panel = page.getByRole('region', { name: 'Speech model' })
    await panel.waitFor()
    await expect.poll(() => panel.innerText()).toMatch(/No speech model is installed/)
    expect(await panel.getByRole('button', { name: /Download Base \(English, 5-bit\)/ }).count()).toBe(1)
    expect(await panel.getByRole('button', { name: /Import a model file/ }).count()).toBe(1)
    expect(await page.getByText('No speech model', { exact: true }).count()).toBe(1)
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'first-run-no-model.png') })
    await page.close()
  })

  it('explains a refused microphone and records nothing', async () => {
    const context = await browser.newContext({ permissions: [] })
    const page = await context.newPage()
    await page.goto(host.url)
    await page.getByRole('button', { name: /Start call/ }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toMatch(/not allowed to use the microphone.*system settings/)
    expect(await page.getByRole('button', { name: /Start call/ }).isEnabled()).toBe(true)
    expect(await page.getByTestId('call-item').count()).toBe(0)
    await page.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'first-run-mic-denied.png') })
    await context.close()
  })
})
