/**
 * A rep's first call, end to end in real Chromium: the fake microphone plays
 * cold-call-interrogation.wav, the rep starts and stops a call in the UI, and
 * the real recorder, segmenter and whisper.cpp engine (test model) keep it.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readWav } from '../../main/audio/wav-file'
import { launchChromium } from '../helpers/chromium'
import { REPO_ROOT, SPEECH_DIR } from '../helpers/shared-assets'
import { startHost, waitFor, type RunningHost } from '../helpers/test-host-process'

const WAV = path.join(SPEECH_DIR, 'cold-call-interrogation.wav')
const TRUTH_MS = [
  [810, 3320],
  [4960, 7910],
  [9550, 13150],
  [14820, 18100],
]
const SHOTS = path.join(REPO_ROOT, 'test-results')

describe('record a call in Chromium', () => {
  let host: RunningHost
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    host = await startHost()
    browser = await launchChromium({ fakeMicWav: WAV })
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    page.on('pageerror', (e) => console.error('page error:', e.message))
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
  })

  it('records, keeps the WAV, stores timed segments for the 4 utterances and lists the call', async () => {
    await page.goto(host.url)
    await expect.poll(() => page.getByText(/Speech model ready/).count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => page.getByText('No calls yet').count(), { timeout: 5_000 }).toBe(1)

    const startedAt = Date.now()
    await page.getByRole('button', { name: /Start call/ }).click()
    await page.getByRole('button', { name: /Stop call/ }).waitFor()
    // The level meter moves while the fake mic plays.
    await expect.poll(() => page.getByRole('meter', { name: 'Microphone level' }).getAttribute('aria-valuenow').then(Number), { timeout: 10_000 }).toBeGreaterThan(20)
    // Timed segments appear while the file is still playing (the 2nd utterance ends at 7.9 s).
    await expect.poll(() => page.getByTestId('live-transcript').getByTestId('segment').count(), { timeout: 12_000 }).toBeGreaterThanOrEqual(2)
    // They arrived while the call was still recording (live, not after Stop).
    expect(await page.getByRole('button', { name: /Stop call/ }).count()).toBe(1)
    // Let the 19.75 s file play out, then a little silence: wait until the recording on disk is that long.
    const liveDb = new Database(path.join(host.dataDir, 'calldesk.sqlite'), { readonly: true })
    try {
      await waitFor(
        () => {
          const file = liveDb.prepare("SELECT audio_path FROM calls WHERE status = 'recording'").pluck().get() as string | undefined
          const wav = file ? path.join(host.dataDir, 'recordings', file) : undefined
          const bytes = wav && fs.existsSync(wav) ? fs.statSync(wav).size - 44 : 0
          return bytes >= 20.5 * 16000 * 2 ? true : undefined
        },
        120_000,
        'the fake microphone to play the whole file',
      )
    } finally {
      liveDb.close()
    }
    await page.screenshot({ path: path.join(SHOTS, 'record-call-live.png') })
    await page.getByRole('button', { name: /Stop call/ }).click()
    const stoppedAt = Date.now()
    await page.getByRole('button', { name: /Start call/ }).waitFor()

    // The test model returns empty text; a segment is finished when whisper.cpp has run on it.
    let segmentCount = 0
    const db = new Database(path.join(host.dataDir, 'calldesk.sqlite'), { readonly: true })
    try {
      // The screen is ready for the next call as soon as Stop is clicked; the recorder finishes the file just after.
      await waitFor(() => (db.prepare("SELECT status FROM calls").pluck().get() === 'completed' ? true : undefined), 10_000, 'the call completed')
      const call = db.prepare('SELECT * FROM calls').all() as Array<{
        id: string
        status: string
        audio_path: string
        duration_ms: number
        started_at: number
        ended_at: number
      }>
      expect(call).toHaveLength(1)

      const wav = await readWav(path.join(host.dataDir, 'recordings', call[0]!.audio_path))
      expect(wav.sampleRate).toBe(16000)
      expect(wav.channels).toBe(1)
      const wavMs = (wav.samples.length / 16000) * 1000
      console.log(JSON.stringify({ wavMs, clickToClickMs: stoppedAt - startedAt, callMs: call[0]!.ended_at - call[0]!.started_at }))
      // Only what the microphone delivered between the clicks is in the WAV (frames captured while the
      // call was being created are kept, so main's start stamp can be a little late): never more audio than
      // real time allowed, with a capture chunk of slack. How much shorter it is depends on how long the
      // device takes to open, which no test can know; that side is the wait above (the whole 20.5 s file
      // was written before Stop) and the stored duration below.
      expect(wavMs).toBeLessThanOrEqual(stoppedAt - startedAt + 250)
      expect(wavMs).toBeGreaterThanOrEqual(20_500)
      expect(Math.abs(call[0]!.duration_ms - wavMs)).toBeLessThan(20)

      const segments = await waitFor(
        () => {
          const rows = db.prepare("SELECT * FROM transcript_segments WHERE call_id = ? ORDER BY seq").all(call[0]!.id) as Array<{
            start_ms: number
            end_ms: number
            status: string
            text: string
          }>
          if (rows.length >= 4 && rows.every((r) => r.status === 'done')) return rows
          if (rows.some((r) => r.status === 'failed')) throw new Error(`a segment failed: ${JSON.stringify(rows)}`)
          return undefined
        },
        200_000,
        'every segment transcribed',
      )
      // The fake mic starts with the capture, so file time ≈ call time (plus capture start-up).
      console.log(JSON.stringify(segments.map((s) => [s.start_ms, s.end_ms])))
      // Segments are utterances: spans the segmenter cut out of running speech are one stored segment, so no
      // two segments touch (a pause lies between them); a short pause inside an utterance may still close one.
      // Joined across pauses shorter than the README's 0.6 s they are its 4 utterances.
      const utterances: number[][] = []
      for (const s of segments) {
        expect(s.end_ms).toBeGreaterThan(s.start_ms)
        const last = utterances.at(-1)
        if (last) expect(s.start_ms).toBeGreaterThan(last[1]!)
        if (last && s.start_ms - last[1]! < 600) last[1] = s.end_ms
        else utterances.push([s.start_ms, s.end_ms])
      }
      expect(utterances).toHaveLength(4)
      // The 3rd utterance (3.6 s, no pause inside) is one segment, longer than any ~2 s piece could be.
      expect(segments.filter((s) => s.start_ms < TRUTH_MS[2]![1]! && s.end_ms > TRUTH_MS[2]![0]!)).toHaveLength(1)
      utterances.forEach(([start, end], i) => {
        expect(Math.abs(start! - TRUTH_MS[i]![0]!)).toBeLessThan(600)
        expect(Math.abs(end! - TRUTH_MS[i]![1]!)).toBeLessThan(600)
      })
      segmentCount = segments.length
    } finally {
      db.close()
    }

    // The UI lists the call as a call with its length (the WAV's), and its detail shows the transcript and audio.
    const item = page.getByTestId('call-item')
    await expect.poll(() => item.count()).toBe(1)
    expect(await item.first().getAttribute('data-mode')).toBe('call')
    await expect.poll(() => item.first().innerText(), { timeout: 10_000 }).toMatch(/^Call/)
    await item.first().click()
    await expect.poll(() => page.getByTestId('transcript').getByTestId('segment').count()).toBe(segmentCount)
    await expect.poll(() => page.locator('[data-testid="transcript"] [data-status="done"]').count(), { timeout: 30_000 }).toBe(segmentCount)
    expect(await page.locator('audio').count()).toBe(1)
    await page.screenshot({ path: path.join(SHOTS, 'record-call-saved.png') })
    expect(fs.existsSync(path.join(SHOTS, 'record-call-saved.png'))).toBe(true)
  }, 300_000)
})
