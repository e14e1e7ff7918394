/**
 * The call list as it grows, in Chromium through the test host: pages, search
 * across what was said (the matched words marked), filters by kind and
 * prospect, rename, and delete after a confirmation (the recording goes too).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT } from '../helpers/shared-assets'
import { connectApi, startHost, type RunningHost } from '../helpers/test-host-process'

const SHOTS = path.join(REPO_ROOT, 'test-results', 'layout')

describe('call list', () => {
  let host: RunningHost
  let browser: Browser
  let page: Page
  let api: Awaited<ReturnType<typeof connectApi>>
  let zeppelinCall = ''

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    host = await startHost()
    api = await connectApi(host)
    const dana = await api.createProspect({ name: 'Dana Reyes', company: 'Northpeak Logistics' })
    // 57 script checks (typed, no microphone) and 3 rehearsals out loud would take minutes; kinds come from what is stored.
    for (let i = 0; i < 60; i++) {
      const c = await api.startCall({ kind: i % 20 === 0 ? 'live' : 'rehearsal', ...(i % 2 === 0 ? { prospectId: dana.id } : {}) })
      await api.addPracticeLine({ callId: c.callId, text: i === 42 ? 'We flew the zeppelin over the warehouse at dawn.' : `Line ${i}: what tools do you use for campaigns?` })
      await api.stopCall({ callId: c.callId })
      if (i === 42) zeppelinCall = c.callId
    }
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1024, height: 640 } })
    await page.goto(host.url)
  }, 120_000)
  afterAll(async () => {
    api?.close()
    await browser?.close()
    await host?.stop()
  })

  const rows = () => page.getByTestId('call-item')

  it('pages through 60 calls, 50 at a time', async () => {
    await expect.poll(() => rows().count()).toBe(50)
    expect(await page.getByTestId('call-count').innerText()).toBe('50 of 60')
    await page.getByRole('button', { name: 'Show 10 more' }).click()
    await expect.poll(() => rows().count()).toBe(60)
    expect(await page.getByTestId('call-count').innerText()).toBe('60')
  })

  it('finds a call by a word said in it and marks the word; filters by kind and prospect', async () => {
    await page.getByLabel('Search calls').fill('zeppe')
    await expect.poll(() => rows().count()).toBe(1)
    expect(await rows().first().getAttribute('data-call-id')).toBe(zeppelinCall)
    expect(await page.getByTestId('call-match').locator('mark').innerText()).toBe('zeppelin')
    await page.screenshot({ path: path.join(SHOTS, 'call-list-search-1024x640.png') })
    await page.getByLabel('Search calls').fill('')
    await page.getByLabel('Kind').selectOption('call')
    await expect.poll(() => page.getByTestId('call-count').innerText()).toBe('3')
    expect(new Set(await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-mode'))))).toEqual(new Set(['call']))
    await page.getByLabel('Kind').selectOption('script-check')
    await expect.poll(() => page.getByTestId('call-count').innerText()).toBe('50 of 57')
    await page.getByLabel('Calls with').selectOption({ label: 'Dana Reyes' })
    await expect.poll(() => page.getByTestId('call-count').innerText()).toBe('27')
    await page.getByLabel('Kind').selectOption('')
    await page.getByLabel('Calls with').selectOption('')
    await expect.poll(() => page.getByTestId('call-count').innerText()).toBe('50 of 60')
  })

  it('renames a call: the list and its debrief show the new name, and search finds it', async () => {
    await page.getByLabel('Search calls').fill('zeppelin')
    await expect.poll(() => rows().count()).toBe(1)
    await page.getByRole('button', { name: /^More for / }).click()
    await page.getByRole('button', { name: 'Rename' }).click()
    await page.getByLabel(/Name of this call/).fill('Airship pitch')
    await page.getByRole('button', { name: 'Save name' }).click()
    await expect.poll(() => rows().first().innerText()).toMatch(/Airship pitch/)
    await page.getByLabel('Search calls').fill('airship')
    await expect.poll(() => rows().count()).toBe(1)
    await rows().first().click()
    await expect.poll(() => page.getByTestId('call-detail').locator('h2').innerText()).toMatch(/Debrief · Airship pitch/)
  })

  it('deletes a call only after a confirmation, with its recording', async () => {
    const wav = path.join(host.dataDir, 'recordings', `${zeppelinCall}.wav`)
    const hadAudio = fs.existsSync(wav)
    await page.getByRole('button', { name: /^More for / }).click()
    await page.getByRole('button', { name: 'Delete…' }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Delete this call?' })
    expect(await confirm.innerText()).toMatch(/recording, transcript, flags and notes go too/)
    await page.getByRole('button', { name: 'Keep it' }).click()
    expect(await rows().count()).toBe(1)
    await page.getByRole('button', { name: 'Delete…' }).click()
    await page.screenshot({ path: path.join(SHOTS, 'call-list-delete-1024x640.png') })
    await page.getByRole('button', { name: 'Delete call' }).click()
    await expect.poll(() => rows().count()).toBe(0)
    // The debrief of the deleted call is closed.
    expect(await page.getByTestId('call-detail').count()).toBe(0)
    expect(hadAudio).toBe(true)
    expect(fs.existsSync(wav)).toBe(false)
    expect((await api.searchCalls({ limit: 1 })).total).toBe(59)
    await expect(api.getCall({ callId: zeppelinCall })).rejects.toThrow(/not found/)
  })

  it('renames a prospect, edits and deletes a note, and deletes the prospect (keeping their calls)', async () => {
    const [dana] = (await api.listAllProspects()).filter((p) => p.name === 'Dana Reyes')
    await api.addProspectNote({ prospectId: dana!.id, body: 'Cares about peak season volume.' })
    await page.getByRole('button', { name: 'Prospects', exact: true }).click()
    await page.getByLabel('Open prospect').selectOption(dana!.id)
    const screen = page.getByTestId('prospect')
    await screen.waitFor()
    await screen.getByRole('button', { name: 'Rename' }).click()
    const form = page.getByRole('form', { name: 'Rename prospect' })
    await form.getByLabel('Name').fill('Dana Reyes-Whitfield')
    await form.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => screen.locator('h2').innerText()).toMatch(/^Dana Reyes-Whitfield/)
    // The call list finds their calls by the new name.
    await page.getByLabel('Search calls').fill('whitfield')
    // 30 with Dana, less the one deleted above.
    await expect.poll(() => page.getByTestId('call-count').innerText()).toBe('29')

    const note = screen.locator('[data-type="note"]')
    await note.getByRole('button', { name: 'Edit' }).click()
    await note.getByLabel('Note').fill('Cares about peak season volume and driver hours.')
    await note.getByRole('button', { name: 'Save note' }).click()
    await expect.poll(() => note.locator('.note-body').innerText()).toBe('Cares about peak season volume and driver hours.')
    await note.getByRole('button', { name: 'Delete' }).click()
    await note.getByRole('button', { name: 'Delete note' }).click()
    await expect.poll(() => screen.locator('[data-type="note"]').count()).toBe(0)

    await screen.getByRole('button', { name: 'Delete…' }).click()
    expect(await page.getByRole('alertdialog', { name: 'Delete this prospect?' }).innerText()).toMatch(/recorded calls are kept/)
    await page.getByRole('button', { name: 'Delete prospect' }).click()
    await expect.poll(() => page.getByTestId('prospect').count()).toBe(0)
    expect((await api.listAllProspects()).some((p) => p.id === dana!.id)).toBe(false)
    expect((await api.searchCalls({ limit: 1 })).total).toBe(59)
  })
})
