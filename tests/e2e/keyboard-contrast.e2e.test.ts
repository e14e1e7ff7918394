/**
 * Keyboard and legibility, in Chromium through the test host: Escape and an
 * outside click close the profile popover and the Export menu, arrow keys move
 * through radio groups, disabled buttons and the overlay's history times reach
 * 4.5:1 contrast, and a debrief with many flags is grouped by kind with a filter.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/chromium'
import { connectApi, startHost, type RunningHost } from '../helpers/test-host-process'

/** WCAG contrast of an element's text against the first opaque-ish background behind it. */
async function contrastOf(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!)
    }
    let bg = [15, 23, 42] // the app's page background
    for (let p: Element | null = el; p; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor)
      if (c.length >= 3 && (c[3] === undefined || c[3] > 0.5)) {
        bg = c.slice(0, 3)
        break
      }
    }
    const fg = rgb(getComputedStyle(el).color)
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x)
    return (a! + 0.05) / (b! + 0.05)
  })
}

describe('keyboard and contrast', () => {
  let host: RunningHost
  let browser: Browser
  let page: Page
  let api: Awaited<ReturnType<typeof connectApi>>
  let longCall = ''

  beforeAll(async () => {
    host = await startHost()
    api = await connectApi(host)
    // A long script check that raises many flags of a few kinds.
    const c = await api.startCall({ kind: 'rehearsal' })
    for (let i = 0; i < 30; i++) {
      await api.addPracticeLine({ callId: c.callId, text: i % 2 ? `Can we book a demo for next week, maybe day ${i}?` : `What tools is your team using for campaigns in region ${i}?` })
      await api.addPracticeLine({ callId: c.callId, text: `Just checking in about the proposal from last week, number ${i}.` })
    }
    await api.stopCall({ callId: c.callId })
    longCall = c.callId
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    await page.getByTestId('call-list').waitFor()
  }, 120_000)
  afterAll(async () => {
    api?.close()
    await browser?.close()
    await host?.stop()
  })

  it('closes the profile popover with Escape (focus back on its button) and with a click outside', async () => {
    await page.getByTestId('profile-button').click()
    await page.getByRole('form', { name: 'Profile' }).waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('form', { name: 'Profile' }).count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('profile-button')
    await page.getByTestId('profile-button').click()
    await page.locator('.brand').click()
    await expect.poll(() => page.getByRole('form', { name: 'Profile' }).count()).toBe(0)
  })

  it('moves through the Rep/Coach radio group with the arrow keys', async () => {
    await page.getByTestId('profile-button').click()
    await page.getByRole('radio', { name: 'Rep' }).focus()
    await page.keyboard.press('ArrowRight')
    expect(await page.getByRole('radio', { name: 'Coach' }).getAttribute('aria-checked')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Coach')
    await page.keyboard.press('ArrowLeft')
    expect(await page.getByRole('radio', { name: 'Rep' }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Escape')
  })

  it('groups a long debrief by kind, filters it, and the Export menu closes with Escape and an outside click', async () => {
    await page.locator(`[data-testid="call-item"][data-call-id="${longCall}"]`).click()
    const flags = page.getByTestId('debrief-flags')
    await flags.waitFor()
    const total = (await api.getCall({ callId: longCall })).flags.length
    expect(total).toBeGreaterThanOrEqual(13)
    // The chart's markers: flags close together share one, with their count (no blob of 60 triangles).
    const markers = page.getByTestId('timeline-flag')
    const counts = (await markers.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count')))))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total)
    expect(counts.length).toBeLessThan(total)
    const groups = flags.getByTestId('flag-group')
    expect(await groups.count()).toBeGreaterThanOrEqual(2)
    // A few of each kind until asked: the page does not grow with every flag.
    expect(await flags.getByTestId('debrief-flag').count()).toBeLessThan(total)
    const filter = page.getByRole('group', { name: 'Show flags of' }).getByRole('button')
    await filter.nth(1).click()
    expect(await groups.count()).toBe(1)
    const kind = await groups.first().getAttribute('aria-label')
    expect(await flags.getByTestId('debrief-flag').count()).toBe(Number(kind!.split(': ')[1]))

    const exportMenu = page.locator('.export-menu')
    const isOpen = () => exportMenu.getAttribute('open').then((v) => v !== null)
    // Each state change is waited for (the page handles the key or click after Playwright returns).
    await exportMenu.locator('summary').click()
    await expect.poll(isOpen).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(isOpen).toBe(false)
    await exportMenu.locator('summary').click()
    await expect.poll(isOpen).toBe(true)
    await page.locator('.brand').click()
    await expect.poll(isOpen).toBe(false)
  })

  it('keeps disabled buttons and the overlay history times legible (at least 4.5:1)', async () => {
    await page.getByLabel('Prospect').selectOption('__new')
    const add = page.getByRole('button', { name: 'Add', exact: true })
    expect(await add.isDisabled()).toBe(true)
    expect(await contrastOf(page, '.prospect-add button[type="submit"]:disabled')).toBeGreaterThanOrEqual(4.5)
    await page.getByRole('button', { name: 'Cancel' }).click()

    const overlay = await browser.newPage({ viewport: { width: 380, height: 230 } })
    try {
      await overlay.goto(`${host.url}overlay.html`)
      const c = await api.startCall({ kind: 'rehearsal' })
      await api.addPracticeLine({ callId: c.callId, text: 'What tools is your team using for campaigns?' })
      await api.addPracticeLine({ callId: c.callId, text: 'Can we book a demo for next week?' })
      await overlay.getByLabel('Earlier prompts').locator('.at').first().waitFor({ timeout: 10_000 })
      expect(await contrastOf(overlay, '.history .at')).toBeGreaterThanOrEqual(4.5)
      await api.stopCall({ callId: c.callId })
    } finally {
      await overlay.close()
    }
  })
})
