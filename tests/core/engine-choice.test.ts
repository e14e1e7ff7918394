/**
 * Which model file the live path uses, through the real core and the real
 * engine (test model): the file is checked when its engine is made, not again
 * for every utterance (that cost tens of ms per segment on the live path), and
 * choosing another file in settings takes effect for the next utterance.
 * The live path drops a running provisional decode at an utterance's end
 * without ending the engine process (a new process would read the file); a
 * final-tier decode still running when the rep talks again is stopped by
 * ending it, so the file goes away once the last call's final decodes are done.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { createTestCore } from '../helpers/test-core'
import { readCallAudio } from '../../main/audio/wav-file'
import { SPEECH_DIR, TEST_MODEL } from '../helpers/shared-assets'
import { tempDataDir, waitFor } from '../helpers/test-host-process'

describe('engine choice (core)', () => {
  let core: CallDeskCore
  let dir: string
  let speech: Int16Array
  /** What the rep picks in main's file dialog: settings take only a path chosen there. */
  let picked = ''
  async function useModel(file: string) {
    picked = file
    await core.handlers.chooseModelPath(undefined)
    await core.handlers.updateSettings({ modelPath: file })
  }

  beforeAll(async () => {
    dir = tempDataDir()
    fs.copyFileSync(TEST_MODEL, path.join(dir, 'a.bin'))
    speech = (await readCallAudio(path.join(SPEECH_DIR, 'cold-call-interrogation.wav'))).slice(0, 16_000 * 4)
    // No model in the environment: the one chosen in settings is the only one.
    core = await createTestCore({ dataDir: dir, env: {}, chooseModelFile: async () => picked })
    await useModel(path.join(dir, 'a.bin'))
  })
  afterAll(async () => {
    await core?.shutdown()
  })

  /** Records the first 4 s of a sample (one utterance) and waits for its segments to settle. */
  async function call() {
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    for (let i = 0, seq = 0; i < speech.length; i += 1600, seq++) {
      const frame = speech.slice(i, i + 1600)
      await core.handlers.pushAudio({ callId, seq, pcm: new Uint8Array(frame.buffer) })
    }
    await core.handlers.stopCall({ callId })
    return waitFor(
      () => {
        const segs = core.store.segments.listForCall(callId)
        return segs.length > 0 && segs.every((s) => s.status !== 'pending') ? segs : undefined
      },
      60_000,
      'segments settled',
    )
  }

  it('keeps using the loaded model without re-reading its file, and follows a new choice in settings', async () => {
    expect((await call()).every((s) => s.status === 'done')).toBe(true)
    await core.queue.whenIdle()
    // The file goes away under the loaded engine: a whole live call still transcribes (it is not
    // re-checked for each utterance, nor read again when a provisional decode is dropped).
    fs.renameSync(path.join(dir, 'a.bin'), path.join(dir, 'moved.bin'))
    expect((await call()).every((s) => s.status === 'done')).toBe(true)
    // A new choice is checked at once: a missing file fails the next utterance with a reason naming it.
    await useModel(path.join(dir, 'missing.bin'))
    const failed = await call()
    expect(failed.every((s) => s.status === 'failed')).toBe(true)
    expect(failed[0]!.error).toContain('missing.bin')
    // And a valid one works again.
    await useModel(path.join(dir, 'moved.bin'))
    expect((await call()).every((s) => s.status === 'done')).toBe(true)
  }, 180_000)
})
