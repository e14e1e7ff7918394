/**
 * The Team screen in Chromium through the test host, against the real team
 * server on a real PostgreSQL: a rep turns sync on with the address and token
 * the admin gave, shares a rehearsal and a debrief, syncs; a manager on
 * another machine sees the team's figures per week as charts.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStore } from '../../main/store'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { startHost, tempDataDir, type RunningHost } from '../helpers/test-host-process'
import { freshDatabase, inviteUser, PG_SKIP_REASON, startInProcess } from '../server/pg'
import { ensureTeamSchema, LINES, seedRehearsal } from '../server/team-desk'

const SHOTS = path.join(REPO_ROOT, 'test-results')

describe.skipIf(!!PG_SKIP_REASON)('Team screen (Chromium, test host, PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>
  let server: Awaited<ReturnType<typeof startInProcess>>
  let repHost: RunningHost
  let managerHost: RunningHost
  let browser: Browser
  let rep: Page
  let manager: Page
  let repToken: string
  let managerToken: string
  let callId: string
  const pageErrors: string[] = []

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    db = await freshDatabase()
    server = await startInProcess(db.url)
    repToken = (await inviteUser(server.pool, 'Ana', 'rep', 'East')).token
    managerToken = (await inviteUser(server.pool, 'Max', 'manager', 'East')).token
    const repDir = tempDataDir('calldesk-team-rep-')
    const managerDir = tempDataDir('calldesk-team-mgr-')
    for (const dir of [repDir, managerDir]) {
      const store = createStore(path.join(dir, 'calldesk.sqlite'))
      ensureTeamSchema(store)
      if (dir === repDir) callId = seedRehearsal(store, dir, 'Iris Vale', LINES).callId
      store.close()
    }
    ;[repHost, managerHost] = await Promise.all([startHost({ dataDir: repDir }), startHost({ dataDir: managerDir })])
    browser = await launchChromium()
    rep = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    manager = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    for (const p of [rep, manager]) p.on('pageerror', (e) => pageErrors.push(e.message))
    await rep.goto(repHost.url)
    await manager.goto(managerHost.url)
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all([repHost?.stop(), managerHost?.stop()])
    await server?.close()
    await db?.drop()
  })

  const turnOn = async (page: Page, token: string) => {
    await page.getByRole('button', { name: 'Team', exact: true }).click()
    await expect.poll(() => page.getByTestId('team-screen').innerText()).toMatch(/Off\. Nothing leaves this computer/)
    await page.getByTestId('team-url').fill(server.base)
    await page.getByTestId('team-token').fill(token)
    await page.getByTestId('team-on').click()
    await expect.poll(() => page.getByTestId('team-report').isVisible()).toBe(true)
  }

  it('a rep turns sync on, shares a rehearsal and its debrief, and syncs', async () => {
    await turnOn(rep, repToken)
    await expect.poll(() => rep.getByTestId('team-status').innerText()).toMatch(/Ana · rep · team East\. 0 waiting, 0 sent/)
    // The token is not shown back, only that one is saved.
    expect(await rep.getByTestId('team-token').inputValue()).toBe('')
    expect(await rep.getByTestId('team-screen').innerText()).not.toContain(repToken)
    await rep.getByTestId(`share-rehearsal-${callId}`).click()
    await rep.getByRole('button', { name: 'Share debrief' }).first().click()
    await expect.poll(() => rep.getByTestId('team-status').innerText()).toMatch(/2 waiting, 0 sent/)
    await rep.getByTestId('team-sync').click()
    await expect.poll(() => rep.getByTestId('team-report').innerText()).toMatch(/^Sent 2\./)
    await expect.poll(() => rep.getByTestId('team-status').innerText()).toMatch(/0 waiting, 2 sent/)
    expect(Number((await server.pool.query('SELECT count(*) AS n FROM rehearsals')).rows[0].n)).toBe(1)
    await rep.screenshot({ path: path.join(SHOTS, 'team-rep.png'), fullPage: true })
  })

  it('a manager sees the team figures per week as charts', async () => {
    await turnOn(manager, managerToken)
    await expect.poll(() => manager.getByTestId('team-status').innerText()).toMatch(/Max · manager · team East/)
    await expect.poll(() => manager.getByTestId('team-charts').isVisible()).toBe(true)
    const charts = manager.getByTestId('team-charts')
    expect(await charts.locator('figure').count()).toBe(4)
    // One week's bar in "Rehearsals: shared and reviewed" has height (the rehearsal's); the share section is not for a manager.
    const heights = await charts.locator('rect.bar.rehearsals').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))))
    expect(heights.filter((h) => h > 0)).toHaveLength(1)
    expect(await manager.getByRole('region', { name: 'Share' }).count()).toBe(0)
    await manager.screenshot({ path: path.join(SHOTS, 'team-manager.png'), fullPage: true })
    expect(pageErrors).toEqual([])
  })
})
