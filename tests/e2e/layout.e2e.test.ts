/**
 * Every screen at laptop sizes (1280×800 and 1024×640) and the overlay at its
 * default 380×230, in Chromium through the test host, with real data: nothing
 * sticks out of its card, the page never scrolls sideways, and a screenshot of
 * each lands in test-results/layout/ to look at.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/chromium'
import { findOverflows } from '../helpers/layout'
import { typePracticeLines } from '../helpers/practice-lines'
import { REPO_ROOT } from '../helpers/shared-assets'
import { connectApi, startHost, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results', 'layout')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const

const PLAN = [
  'Ask what has changed since the pilot in March',
  '- Recap: texting past customers brought a logistics client $20k in six weeks',
  '- New reason: the seasonal campaign window opens next month',
  '- Plan around budget timing, the real reason they waited',
  '- Agree a next step with a date before hanging up',
  '- Offer the two-week trial only after they describe their current process',
].join('\n')

describe('layout at laptop sizes', () => {
  let host: RunningHost
  let browser: Browser
  let api: Awaited<ReturnType<typeof connectApi>>
  let scheduledId = ''
  let debriefCallId = ''
  let leeId = ''

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    host = await startHost()
    browser = await launchChromium()
    api = await connectApi(host)
    // A coach reviews a rehearsal of the scheduled call, so the plan has coach notes.
    await api.updateSettings({ profile: { name: 'Alex Kim', role: 'coach' } })
    const dana = await api.createProspect({ name: 'Dana Reyes-Whitfield', company: 'Northpeak Logistics International' })
    const lee = await api.createProspect({ name: 'Lee Park', company: 'Harbor & Rail Freight Co-operative' })
    leeId = lee.id
    const scheduled = await api.scheduleCall({ prospectId: dana.id, scheduledAt: Date.now() + 3_600_000, planNotes: PLAN })
    scheduledId = scheduled.id
    await api.scheduleCall({ prospectId: lee.id, scheduledAt: Date.now() + 2 * 86_400_000, planNotes: '- Follow up on the pricing sheet they asked for' })
    const lines = [
      "Hi Dana, it's Sam from Brightline Mobile.",
      'What kind of mobile campaigns are you running right now?',
      'Can we set up a time for a demo next week?',
      'A logistics client in your market added $20k of new revenue in six weeks by texting past customers.',
    ]
    const rehearsal = await api.startCall({ kind: 'rehearsal', scheduledCallId: scheduled.id })
    for (const text of lines) await api.addPracticeLine({ callId: rehearsal.callId, text })
    await api.stopCall({ callId: rehearsal.callId })
    await api.submitReview({ callId: rehearsal.callId, verdict: 'try-again', summary: 'Lead with the $20k result, then ask about their campaigns.' })
    await api.addComment({ callId: rehearsal.callId, atMs: 1000, body: 'Open with the result, not the company name.' })
    await api.addComment({ callId: rehearsal.callId, atMs: null, body: 'Slow down on the opener.' })
    // A plain script check with a prospect, and one without.
    const check = await api.startCall({ kind: 'rehearsal', prospectId: lee.id })
    for (const text of lines) await api.addPracticeLine({ callId: check.callId, text })
    await api.stopCall({ callId: check.callId })
    debriefCallId = check.callId
    const bare = await api.startCall({ kind: 'rehearsal' })
    await api.addPracticeLine({ callId: bare.callId, text: 'Just checking in to see if you had any questions.' })
    await api.stopCall({ callId: bare.callId })
    await api.updateSettings({ profile: { name: 'Sam Ortiz', role: 'rep' } })
  }, 60_000)

  afterAll(async () => {
    api?.close()
    await browser?.close()
    await host?.stop()
  })

  /** Each screen: how to reach it from a freshly loaded app, and what shows it is there. */
  const screens: Array<{ name: string; open(page: Page): Promise<void> }> = [
    { name: 'home', open: async (p) => void (await p.getByTestId('call-list').waitFor()) },
    {
      name: 'new-prospect',
      open: async (p) => {
        await p.getByLabel('Prospect').selectOption('__new')
        await p.getByLabel('Prospect name').waitFor()
      },
    },
    {
      name: 'schedule',
      open: async (p) => {
        await p.getByRole('button', { name: 'Schedule', exact: true }).click()
        await p.getByTestId('schedule-item').first().waitFor()
      },
    },
    {
      name: 'plan',
      open: async (p) => {
        await p.getByRole('button', { name: 'Schedule', exact: true }).click()
        await p.getByTestId('schedule-item').filter({ hasText: 'Dana' }).getByRole('button', { name: 'Open plan' }).click()
        await p.getByTestId('rehearsals').waitFor()
      },
    },
    {
      name: 'prospect',
      open: async (p) => {
        await p.getByRole('button', { name: 'Prospects', exact: true }).click()
        await p.getByLabel('Open prospect').selectOption(leeId)
        await p.getByTestId('prospect').waitFor()
      },
    },
    {
      name: 'review-queue',
      open: async (p) => {
        await p.getByRole('button', { name: /Coach review/ }).click()
        await p.getByTestId('review-queue').waitFor()
      },
    },
    {
      name: 'debrief',
      open: async (p) => {
        await p.locator(`[data-testid="call-item"][data-call-id="${debriefCallId}"]`).click()
        await p.getByTestId('debrief-flags').waitFor()
      },
    },
    {
      name: 'new-plan',
      open: async (p) => {
        await p.locator(`[data-testid="call-item"][data-call-id="${debriefCallId}"]`).click()
        await p.getByRole('button', { name: 'Plan the next call →' }).click()
        await p.getByTestId('plan').waitFor()
      },
    },
    {
      name: 'settings',
      open: async (p) => {
        await p.getByRole('button', { name: 'Settings', exact: true }).click()
        await p.getByTestId('settings').waitFor()
      },
    },
  ]

  for (const size of SIZES) {
    for (const screen of screens) {
      it(`${screen.name} at ${size.width}×${size.height}: nothing overflows its card`, async () => {
        const page = await browser.newPage({ viewport: size })
        try {
          await page.goto(host.url)
          await page.getByTestId('recorder').waitFor()
          await screen.open(page)
          await page.screenshot({ path: path.join(SHOTS, `${screen.name}-${size.width}x${size.height}.png`) })
          expect(await findOverflows(page)).toEqual([])
        } finally {
          await page.close()
        }
      })
    }

    it(`the live call takes the whole window at ${size.width}×${size.height}`, async () => {
      const page = await browser.newPage({ viewport: size })
      try {
        await page.goto(host.url)
        await page.getByRole('button', { name: 'Script check', exact: true }).click()
        await page.getByLabel('Practice line').waitFor()
        await typePracticeLines(page, "Hi, it's Sam from Brightline Mobile.", 'What tools are you using for campaigns today?')
        await expect.poll(() => page.getByTestId('live-transcript').getByTestId('flag').count(), { timeout: 5000 }).toBeGreaterThan(0)
        // Nothing else on screen to type into: no call list, no debrief, no other screen.
        expect(await page.getByTestId('call-list').count()).toBe(0)
        expect(await page.locator('.column.right').isVisible()).toBe(false)
        const card = await page.getByTestId('recorder').boundingBox()
        expect(card!.width).toBeGreaterThan(size.width - 60)
        await page.screenshot({ path: path.join(SHOTS, `live-call-${size.width}x${size.height}.png`) })
        expect(await findOverflows(page)).toEqual([])
        await page.getByRole('button', { name: /Stop script check/ }).click()
        await page.getByTestId('call-detail').waitFor()
      } finally {
        await page.close()
      }
    })
  }

  it('a script check reads the same length in the list, the debrief header and its chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      await page.goto(host.url)
      const row = page.locator(`[data-testid="call-item"][data-call-id="${debriefCallId}"]`)
      await row.click()
      const detail = page.getByTestId('call-detail')
      await detail.getByTestId('figures').waitFor()
      const clock = /· (\d\d:\d\d)\b/
      const inList = clock.exec(await row.locator('.call-meta').innerText())?.[1]
      const inHeader = clock.exec(await detail.locator('.detail-head').innerText())?.[1]
      const chartEnd = (await page.locator('.timeline svg text').allTextContents()).at(-1)
      expect(inList).toBeDefined()
      expect(inList).not.toBe('00:00') // typed lines take the time they take to say
      expect(inHeader).toBe(inList)
      expect(chartEnd).toBe(inList)
    } finally {
      await page.close()
    }
  })

  it('the overlay at 380×230 holds a prompt, earlier prompts, the plan and coach notes without overflow', async () => {
    const overlay = await browser.newPage({ viewport: { width: 380, height: 230 } })
    try {
      await overlay.goto(`${host.url}overlay.html`)
      const call = await api.startCall({ kind: 'live', scheduledCallId: scheduledId })
      await overlay.getByTestId('overlay-plan').waitFor()
      await api.addPracticeLine({ callId: call.callId, text: "Hi Dana, it's Sam from Brightline Mobile." })
      await api.addPracticeLine({ callId: call.callId, text: 'What kind of mobile campaigns are you running right now?' })
      await expect.poll(() => overlay.getByTestId('current-prompt').getAttribute('data-kind'), { timeout: 5000 }).toBe('asking-before-giving')
      await api.addPracticeLine({ callId: call.callId, text: 'Can we set up a time for a demo next week?' })
      await expect.poll(() => overlay.getByTestId('current-prompt').getAttribute('data-kind'), { timeout: 5000 }).toBe('closing-too-early')
      const shot = async (name: string) => {
        await overlay.screenshot({ path: path.join(SHOTS, `overlay-380x230-${name}.png`) })
        expect(await findOverflows(overlay, { vertical: true })).toEqual([])
      }
      await shot('plan')
      await overlay.getByRole('tab', { name: /Coach/ }).click()
      await overlay.getByTestId('overlay-coach').waitFor()
      await shot('coach')
      await overlay.getByRole('tab', { name: /Earlier/ }).click()
      expect(await overlay.getByLabel('Earlier prompts').locator('li').count()).toBe(1)
      await shot('earlier')
      // Buttons say what they do (no bare symbols for a screen reader).
      expect(await overlay.getByRole('button', { name: 'Show the prompt only' }).count()).toBe(1)
      expect(await overlay.getByRole('button', { name: 'Click-through' }).count()).toBe(1)
      await api.stopCall({ callId: call.callId })
    } finally {
      await overlay.close()
    }
  })
})
