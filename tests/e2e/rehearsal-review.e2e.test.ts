/**
 * Rehearsals and coach review, end to end in Chromium through the test host:
 * the rep rehearses a scheduled call twice (typed script checks) and compares
 * the attempts → switches to the coach profile, who reviews, comments at a
 * line and gives a verdict → back as the rep, the feedback is in the plan →
 * starting the call shows the coach's points in the overlay. Then the remote
 * coach: export → import on a second machine (its own host and data folder) →
 * review → export back → merge, and a malicious bundle refused with its message.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { typePracticeLines } from '../helpers/practice-lines'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { connectApi, startHost, tempDataDir, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results')
const HOUR = 3_600_000

describe('rehearse → coach review → feedback in the plan and the overlay', () => {
  const bundleDir = tempDataDir('calldesk-e2e-bundles-')
  let host: RunningHost
  let coachHost: RunningHost
  let browser: Browser
  let main: Page
  let overlay: Page
  let coachPage: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    ;[host, coachHost] = await Promise.all([startHost({ bundleDir }), startHost({ bundleDir })])
    browser = await launchChromium()
    main = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    overlay = await browser.newPage({ viewport: { width: 380, height: 480 } })
    coachPage = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    for (const p of [main, overlay, coachPage]) p.on('pageerror', (e) => pageErrors.push(e.message))
    await main.goto(host.url)
    await overlay.goto(`${host.url}overlay.html`)
    await coachPage.goto(coachHost.url)
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all([host?.stop(), coachHost?.stop()])
  })

  const setProfile = async (page: Page, name: string, role: 'Rep' | 'Coach') => {
    await page.getByTestId('profile-button').click()
    await page.getByLabel('Your name').fill(name)
    await page.getByRole('radio', { name: role, exact: true }).click()
    await page.getByRole('button', { name: 'Save profile' }).click()
    await expect.poll(() => page.getByTestId('profile-button').innerText()).toBe(`${name}\n${role}`)
  }
  /** One typed rehearsal from the plan; the app returns to the plan when it stops. */
  /** The call screen takes a new start only when the last call has fully stopped. */
  const recorderIdle = (page: Page) => expect.poll(() => page.getByRole('button', { name: '● Start call' }).isEnabled(), { timeout: 10_000 }).toBe(true)
  const scriptCheck = async (page: Page, lines: string[], flags: number) => {
    await recorderIdle(page)
    await page.getByTestId('rehearsals').getByRole('button', { name: 'Script check' }).click()
    await page.getByTestId('scheduled-banner').waitFor()
    expect(await page.getByTestId('scheduled-banner').innerText()).toMatch(/^Rehearsing the call with /)
    await typePracticeLines(page, ...lines)
    const transcript = page.getByTestId('live-transcript')
    await expect.poll(() => transcript.getByTestId('segment').count()).toBe(lines.length)
    await expect.poll(() => transcript.getByTestId('flag').count(), { timeout: 5000 }).toBe(flags)
    await page.getByRole('button', { name: /Stop script check/ }).click()
    await page.getByTestId('plan').waitFor()
  }
  const openPlan = async (page: Page, who: string) => {
    await page.getByRole('button', { name: 'Schedule', exact: true }).click()
    await page.getByTestId('schedule-item').filter({ hasText: who }).getByRole('button', { name: 'Open plan' }).click()
    await page.getByTestId('rehearsals').waitFor()
  }
  const db = (h: RunningHost) => new Database(path.join(h.dataDir, 'calldesk.sqlite'), { readonly: true })

  const PROBE_FIRST = ["Hi Dana, it's Sam from Brightline Mobile.", 'What kind of mobile campaigns are you running right now?', 'Can we set up a time for a demo next week?']
  const GIVE_FIRST = [
    "Hi Dana, it's Sam from Brightline Mobile.",
    'A logistics client in your market added $20k of new revenue in six weeks by texting past customers.',
    'What kind of mobile campaigns are you running right now?',
  ]

  it('the rep rehearses, the coach reviews and comments, the rep sees it in the plan, and the call starts with it in the overlay', async () => {
    const api = await connectApi(host)
    try {
      const dana = await api.createProspect({ name: 'Dana Reyes', company: 'Northpeak Logistics' })
      await api.scheduleCall({
        prospectId: dana.id,
        scheduledAt: Date.now() + 2 * HOUR,
        planNotes: 'Opener\n- Ask what has changed since we spoke\n- Recap: the $20k story and the Q3 budget',
        rehearsalNotes: '- Lead with the result',
      })
    } finally {
      api.close()
    }

    // 1. The rep rehearses twice from the plan and compares the attempts.
    await setProfile(main, 'Sam Rivera', 'Rep')
    await openPlan(main, 'Dana Reyes')
    expect(await main.getByTestId('rehearsals').innerText()).toContain('No rehearsals yet')
    await scriptCheck(main, PROBE_FIRST, 2)
    await scriptCheck(main, GIVE_FIRST, 0)
    const attempts = main.getByTestId('attempt')
    await expect.poll(() => attempts.count()).toBe(2)
    const cell = (n: number, kind: string) => attempts.nth(n).locator(`td[data-kind="${kind}"]`)
    expect(await cell(0, 'asking-before-giving').innerText()).toBe('1')
    expect(await cell(0, 'closing-too-early').innerText()).toBe('1')
    expect(await cell(1, 'asking-before-giving').innerText()).toBe('0')
    expect(await cell(1, 'asking-before-giving').getAttribute('class')).toContain('better')
    expect(await attempts.nth(0).getByTestId('attempt-flags').innerText()).toBe('2')
    expect(await attempts.nth(1).getByTestId('attempt-flags').innerText()).toBe('0')
    expect(await attempts.nth(1).innerText()).toMatch(/not reviewed/)
    await main.screenshot({ path: path.join(SHOTS, 'rehearsal-attempts.png'), fullPage: true })
    // A rep has no review queue: no count on the tab.
    expect(await main.getByTestId('review-count').count()).toBe(0)

    // 2. The profile switch to the coach, who sees both attempts waiting (counted on the tab).
    await setProfile(main, 'Coach Carl', 'Coach')
    await expect.poll(() => main.getByTestId('review-count').textContent()).toBe('2')
    await main.locator('.app-header').screenshot({ path: path.join(SHOTS, 'review-count-badge.png') })
    await main.getByRole('button', { name: /^Coach review/ }).click()
    const queue = main.getByTestId('queue-item')
    await expect.poll(() => queue.count()).toBe(2)
    expect(await queue.nth(1).innerText()).toMatch(/Dana Reyes[\s\S]*Attempt 2/)
    await main.screenshot({ path: path.join(SHOTS, 'review-queue.png') })

    // 3. The coach plays attempt 2 with its transcript, comments at a line and overall, and marks it ready.
    await queue.nth(1).getByRole('button', { name: 'Review' }).click()
    const review = main.getByTestId('review')
    await expect.poll(() => review.getByTestId('review-line').count()).toBe(3)
    await review.getByTestId('review-line').nth(1).click()
    const pinnedAt = await review.getByTestId('comment-at').innerText()
    expect(pinnedAt).toMatch(/^\d\d:\d\d$/)
    await main.getByRole('textbox', { name: 'Comment' }).fill('This is the line: lead with the $20k result every time.')
    await main.getByRole('button', { name: 'Add comment' }).click()
    await expect.poll(() => review.getByTestId('comment').count()).toBe(1)
    await main.getByRole('button', { name: 'Whole rehearsal' }).click()
    await main.getByRole('textbox', { name: 'Comment' }).fill('Slow down on the opener.')
    await main.getByRole('button', { name: 'Add comment' }).click()
    await expect.poll(() => review.getByTestId('comment').count()).toBe(2)
    await main.getByRole('radio', { name: 'Ready' }).click()
    await main.getByLabel('Summary').fill('Give before you ask and you are ready for Dana.')
    await main.getByRole('button', { name: 'Submit review' }).click()
    await review.getByText(/^Marked “Ready”/).waitFor()
    const shownComments = await review.getByTestId('comment').allInnerTexts()
    expect(shownComments[0]).toMatch(/^overall\s+Slow down on the opener\.\s+Coach Carl\s+Coach$/)
    expect(shownComments[1]).toContain(pinnedAt)
    await main.screenshot({ path: path.join(SHOTS, 'coach-review.png'), fullPage: true })
    // Reviewing the newer attempt leaves nothing waiting, and the tab's count goes.
    await expect.poll(() => main.getByTestId('review-count').count()).toBe(0)
    await review.getByRole('button', { name: '←' }).click()
    await main.getByText('Nothing is waiting for review.').waitFor()

    // 4. Back as the rep: the verdict, summary and comments are in the plan.
    await setProfile(main, 'Sam Rivera', 'Rep')
    await openPlan(main, 'Dana Reyes')
    const feedback = main.getByTestId('coach-feedback')
    await feedback.waitFor()
    expect(await feedback.innerText()).toMatch(/Ready\s+Coach Carl on attempt 2/)
    expect(await feedback.innerText()).toContain('Give before you ask and you are ready for Dana.')
    expect(await feedback.getByTestId('feedback-comment').allInnerTexts()).toEqual([
      'overall\nSlow down on the opener.',
      `${pinnedAt}\nThis is the line: lead with the $20k result every time.`,
    ])
    expect(await attempts.nth(1).innerText()).toMatch(/Ready/)
    await main.screenshot({ path: path.join(SHOTS, 'plan-coach-feedback.png'), fullPage: true })

    // The attempt's debrief carries the review too: verdict and summary on top, the overall comment
    // with them, and the pinned comment under the line it was made at.
    await attempts.nth(1).getByRole('button', { name: 'Debrief' }).click()
    const debrief = main.getByTestId('call-detail')
    const coachBlock = debrief.getByTestId('debrief-coach')
    await coachBlock.waitFor()
    expect(await coachBlock.innerText()).toMatch(/^Ready\s+Coach Carl · /)
    expect(await coachBlock.innerText()).toContain('Give before you ask and you are ready for Dana.')
    expect(await coachBlock.getByTestId('debrief-overall-comment').allInnerTexts()).toEqual(['overall\nSlow down on the opener.'])
    const lines = debrief.getByTestId('transcript').locator(':scope > div')
    expect(await lines.nth(1).getByTestId('debrief-comment').innerText()).toBe('✎ This is the line: lead with the $20k result every time. · Coach Carl')
    expect(await debrief.getByTestId('debrief-comment').count()).toBe(1)
    await main.screenshot({ path: path.join(SHOTS, 'rehearsal-debrief-coach.png'), fullPage: true })
    await openPlan(main, 'Dana Reyes')

    // 5. Starting the scheduled call puts the coach's key points in the overlay's plan.
    await main.getByRole('button', { name: /Start this call/ }).click()
    await main.getByRole('button', { name: /Stop call/ }).waitFor()
    // The overlay shows one section at a time under the prompt: the coach's notes have their own tab.
    await overlay.getByRole('tab', { name: 'Coach' }).click({ timeout: 5000 })
    const coach = overlay.getByTestId('overlay-coach')
    await coach.waitFor({ timeout: 5000 })
    expect(await coach.innerText()).toMatch(/Coach notes · Coach Carl\s*Ready/i)
    expect(await coach.innerText()).toContain('Give before you ask and you are ready for Dana.')
    expect(await coach.locator('li').allInnerTexts()).toEqual(['Slow down on the opener.', `This is the line: lead with the $20k result every time. · ${pinnedAt}`])
    await overlay.screenshot({ path: path.join(SHOTS, 'overlay-coach.png') })
    // At the overlay's default size the plan scrolls inside the window; the prompt above stays put.
    await overlay.setViewportSize({ width: 380, height: 230 })
    await overlay.screenshot({ path: path.join(SHOTS, 'overlay-coach-default-size.png') })
    await main.getByRole('button', { name: /Stop call/ }).click()
    await expect.poll(() => overlay.getByTestId('overlay-plan').count()).toBe(0)

    const d = db(host)
    try {
      expect(d.prepare('SELECT author, role FROM coach_comments ORDER BY created_at').all()).toEqual([
        { author: 'Coach Carl', role: 'coach' },
        { author: 'Coach Carl', role: 'coach' },
      ])
      expect(d.prepare("SELECT kind, count(*) AS n FROM calls WHERE scheduled_call_id IS NOT NULL GROUP BY kind ORDER BY kind").all()).toEqual([
        { kind: 'live', n: 1 },
        { kind: 'rehearsal', n: 2 },
      ])
    } finally {
      d.close()
    }
    expect(pageErrors).toEqual([])
  }, 180_000)

  it('remote coach: export → import on the coach’s machine → review → export back → merge; a malicious bundle is refused', async () => {
    const api = await connectApi(host)
    try {
      const lee = await api.createProspect({ name: 'Lee Park', company: 'Harbor Freight Co' })
      await api.scheduleCall({ prospectId: lee.id, scheduledAt: Date.now() + 3 * HOUR, planNotes: '- Ask about the new warehouse', rehearsalNotes: '' })
    } finally {
      api.close()
    }
    await openPlan(main, 'Lee Park')
    await scriptCheck(main, ["Hi Lee, it's Sam.", 'What are you using for customer texts today?'], 1)
    await main.getByTestId('attempt').first().getByRole('button', { name: 'Export…' }).click()
    await main.getByText(/^Saved Lee-Park-\d{4}-\d\d-\d\d-attempt-1\.calldesk-rehearsal\.zip: send it to your coach\.$/).waitFor()

    // The coach's own machine: a different host and data folder.
    await setProfile(coachPage, 'Coach Remote', 'Coach')
    await coachPage.getByRole('button', { name: /^Coach review/ }).click()
    // First a tampered file (a path-traversal entry): refused with the bundle's message, nothing imported.
    fs.writeFileSync(path.join(bundleDir, 'evil.calldesk-rehearsal.zip'), craftTraversalZip())
    const later = new Date(Date.now() + 60_000)
    fs.utimesSync(path.join(bundleDir, 'evil.calldesk-rehearsal.zip'), later, later)
    await coachPage.getByRole('button', { name: 'Import rehearsal…' }).click()
    const refusal = coachPage.getByTestId('bundle-error')
    await refusal.waitFor()
    expect(await refusal.innerText()).toMatch(/\.\.\/evil\.sh/)
    await coachPage.screenshot({ path: path.join(SHOTS, 'bundle-refused.png') })
    const c0 = db(coachHost)
    try {
      expect(c0.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(0)
    } finally {
      c0.close()
    }
    fs.rmSync(path.join(bundleDir, 'evil.calldesk-rehearsal.zip'))

    await coachPage.getByRole('button', { name: 'Import rehearsal…' }).click()
    await coachPage.getByText(/^Imported a rehearsal with Lee Park: 2 lines, 1 flags/).waitFor()
    await expect.poll(() => coachPage.getByTestId('review-count').textContent()).toBe('1')
    const item = coachPage.getByTestId('queue-item')
    await expect.poll(() => item.count()).toBe(1)
    // The imported rehearsal is a call on this machine now, listed with the others.
    await expect.poll(() => coachPage.getByTestId('call-item').count()).toBe(1)
    await item.getByRole('button', { name: 'Review' }).click()
    const review = coachPage.getByTestId('review')
    await review.getByTestId('review-line').nth(1).click()
    await coachPage.getByRole('textbox', { name: 'Comment' }).fill('Give them a result before this question.')
    await coachPage.getByRole('button', { name: 'Add comment' }).click()
    await expect.poll(() => review.getByTestId('comment').count()).toBe(1)
    await coachPage.getByRole('radio', { name: 'Try again' }).click()
    await coachPage.screenshot({ path: path.join(SHOTS, 'coach-review-imported.png'), fullPage: true })
    await coachPage.getByLabel('Summary').fill('Open with the warehouse result, then ask.')
    await coachPage.getByRole('button', { name: 'Submit review' }).click()
    await review.getByText(/^Marked “Try again”/).waitFor()
    await expect.poll(() => coachPage.getByTestId('review-count').count()).toBe(0)
    await coachPage.getByRole('button', { name: 'Export review…' }).click()
    await review.getByText(/^Saved .*-review-Coach-Remote\.calldesk-review\.zip: send it back to the rep\.$/).waitFor()

    // Back on the rep's machine: merge it into the plan.
    await main.getByRole('button', { name: 'Merge coach review…' }).click()
    await main.getByText('Review merged: 1 verdict(s), 1 comment(s).').waitFor()
    const feedback = main.getByTestId('coach-feedback')
    await expect.poll(() => feedback.innerText()).toMatch(/Try again\s+Coach Remote on attempt 1/)
    expect(await feedback.innerText()).toContain('Open with the warehouse result, then ask.')
    expect(await feedback.getByTestId('feedback-comment').allInnerTexts()).toEqual([expect.stringMatching(/^\d\d:\d\d\nGive them a result before this question\.$/)])
    await main.screenshot({ path: path.join(SHOTS, 'plan-merged-review.png'), fullPage: true })
    // Merging the same file again adds nothing.
    await main.getByRole('button', { name: 'Merge coach review…' }).click()
    await main.getByText('That review was already here: nothing new.').waitFor()

    // As a coach on this machine: the reviewed attempt 1 leaves nothing waiting; a new attempt is counted once it stops.
    await setProfile(main, 'Coach Carl', 'Coach')
    expect(await main.getByTestId('review-count').count()).toBe(0)
    await scriptCheck(main, ["Hi Lee, it's Sam.", 'A warehouse client cut missed deliveries by a third with two texts a day.'], 0)
    await expect.poll(() => main.getByTestId('review-count').textContent()).toBe('1')

    // Rehearsing out loud (the fake microphone) is kept as a rehearsal of the call, not the call itself.
    await recorderIdle(main)
    await main.getByTestId('rehearsals').getByRole('button', { name: '● Rehearse' }).click()
    await main.getByRole('button', { name: /Stop rehearsal/ }).waitFor()
    expect(await main.getByTestId('scheduled-banner').innerText()).toMatch(/^Rehearsing the call with Lee Park/)
    // Stop once the rehearsal's recording holds audio from the microphone (a flush reached the disk).
    await expect
      .poll(
        () => {
          const d = db(host)
          try {
            const file = d.prepare("SELECT audio_path FROM calls WHERE kind = 'rehearsal' AND status = 'recording'").pluck().get() as string | undefined
            const wav = file ? path.join(host.dataDir, 'recordings', file) : undefined
            return wav && fs.existsSync(wav) ? fs.statSync(wav).size : 0
          } finally {
            d.close()
          }
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(44 + 16_000)
    await main.getByRole('button', { name: /Stop rehearsal/ }).click()
    await expect.poll(() => main.getByTestId('attempt').count(), { timeout: 10_000 }).toBe(3)
    const d = db(host)
    try {
      const row = d
        .prepare("SELECT c.kind, c.device_label, s.status FROM calls c JOIN scheduled_calls s ON s.id = c.scheduled_call_id JOIN prospects p ON p.id = s.prospect_id WHERE p.name = 'Lee Park' ORDER BY c.started_at DESC LIMIT 1")
        .get() as { kind: string; device_label: string | null; status: string }
      expect(row).toMatchObject({ kind: 'rehearsal', status: 'scheduled' })
      expect(row.device_label).not.toBeNull()
    } finally {
      d.close()
    }
    expect(pageErrors).toEqual([])
  }, 180_000)
})

/** A rehearsal-looking zip whose one entry climbs out of the folder. */
function craftTraversalZip(): Buffer {
  const name = Buffer.from('../evil.sh')
  const data = Buffer.from('echo pwned\n')
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(name.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(name.length, 28)
  const cdOffset = local.length + name.length + data.length
  const cd = Buffer.concat([central, name])
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return Buffer.concat([local, name, data, cd, end])
}
