/**
 * The live call's controls beyond the buttons, in real Chromium through the
 * test host (useLiveCall): Ctrl+Shift+K starts and stops a call while the
 * window has focus, and a microphone that goes away mid-call stops the call,
 * keeps what was recorded and says so.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/chromium'
import { SPEECH_DIR } from '../helpers/shared-assets'
import { startHost, waitFor, type RunningHost } from '../helpers/test-host-process'

const WAV = path.join(SPEECH_DIR, 'cold-call-interrogation.wav')

type CallRow = { id: string; status: string; audio_path: string }

describe('live call controls', () => {
  let host: RunningHost
  let browser: Browser
  let page: Page
  let db: Database.Database

  beforeAll(async () => {
    host = await startHost()
    browser = await launchChromium({ fakeMicWav: WAV })
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (e) => console.error('page error:', e.message))
    // Keep the microphone tracks the app opens, so the test can end one the way an unplugged headset does.
    await page.addInitScript(() => {
      const w = window as unknown as { __micTracks: MediaStreamTrack[] }
      w.__micTracks = []
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices)
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await open(constraints)
        w.__micTracks.push(...stream.getAudioTracks())
        return stream
      }
    })
    await page.goto(host.url)
    await page.getByText(/Speech model ready/).waitFor({ timeout: 15_000 })
    db = new Database(path.join(host.dataDir, 'calldesk.sqlite'), { readonly: true })
  })

  afterAll(async () => {
    db?.close()
    await browser?.close()
    await host?.stop()
  })

  const calls = () => db.prepare('SELECT id, status, audio_path FROM calls ORDER BY started_at').all() as CallRow[]
  const recordedBytes = (c: CallRow) => {
    const file = path.join(host.dataDir, 'recordings', c.audio_path)
    return fs.existsSync(file) ? fs.statSync(file).size - 44 : 0
  }

  it('Ctrl+Shift+K starts a call and stops it', async () => {
    await page.keyboard.press('Control+Shift+K')
    await page.getByRole('button', { name: /Stop call/ }).waitFor({ timeout: 15_000 })
    const [live] = await waitFor(() => (calls().length === 1 ? calls() : undefined), 10_000, 'the call to be created')
    expect(live!.status).toBe('recording')
    // Audio reaches the recording while the call runs.
    await waitFor(() => (recordedBytes(live!) > 16000 * 2 ? true : undefined), 15_000, 'a second of audio on disk')

    await page.keyboard.press('Control+Shift+K')
    await page.getByRole('button', { name: /Start call/ }).waitFor({ timeout: 15_000 })
    await waitFor(() => (calls()[0]!.status === 'completed' ? true : undefined), 10_000, 'the call completed')
    expect(calls()).toHaveLength(1)
  })

  it('a microphone that goes away stops the call, keeps its audio and says why', async () => {
    await page.getByRole('button', { name: /Start call/ }).click()
    await page.getByRole('button', { name: /Stop call/ }).waitFor({ timeout: 15_000 })
    const second = await waitFor(() => calls()[1], 10_000, 'the second call to be created')
    await waitFor(() => (recordedBytes(second) > 16000 * 2 ? true : undefined), 15_000, 'a second of audio on disk')

    const ended = await page.evaluate(() => {
      const tracks = (window as unknown as { __micTracks: MediaStreamTrack[] }).__micTracks.filter((t) => t.readyState === 'live')
      for (const t of tracks) t.dispatchEvent(new Event('ended'))
      return tracks.length
    })
    expect(ended).toBe(1)

    await page.getByRole('button', { name: /Start call/ }).waitFor({ timeout: 15_000 })
    // Said once the call is stopped in main (just after the screen is ready for the next call).
    await page.getByTestId('recorder').getByText('The microphone was disconnected. The call was saved up to this moment.').waitFor({ timeout: 10_000 })
    await waitFor(() => (calls()[1]!.status === 'completed' ? true : undefined), 10_000, 'the call completed')
    expect(recordedBytes(calls()[1]!)).toBeGreaterThan(16000 * 2)
  })
})
