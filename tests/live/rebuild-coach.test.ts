/**
 * Speech recovered after a crash is coached: the live coach of a call that was
 * recording when the app died is rebuilt from the stored segments, so the
 * recovered segments get their class and flags (before, the rebuilt coach
 * waited for segment 0 forever and coached nothing).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { dataPaths } from '../../main/fs/data-dir'
import type { Emit } from '../../contract/emit'
import { createStore } from '../../main/store'
import { SPEECH_DIR } from '../helpers/shared-assets'
import { stubEngineLauncher } from '../helpers/stub-engine'
import { createTestCore } from '../helpers/test-core'
import { tempDataDir } from '../helpers/test-host-process'

/** Resolves once `done()` holds, re-checked after every event the core emits (and its own handlers ran). */
function eventsUntil() {
  const waiters: Array<() => void> = []
  const emit: Emit = () => queueMicrotask(() => waiters.splice(0).forEach((w) => w()))
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (done() ? resolve() : waiters.push(check))
      check()
    })
  return { emit, until }
}

describe('crash recovery coaches the recovered speech', () => {
  let core: CallDeskCore | undefined
  afterEach(async () => {
    await core?.shutdown()
    core = undefined
  })

  it('recovered segments get their class and the flags they raise, earlier ones are not flagged twice', async () => {
    const dataDir = tempDataDir()
    const paths = dataPaths(dataDir)
    fs.mkdirSync(paths.recordings, { recursive: true })
    // The app died mid-call: one segment coached and stored, the rest of the speech only in the WAV.
    const before = createStore(paths.database)
    const call = before.calls.create({ kind: 'live', audioPath: 'x.wav', sampleRate: 16_000, startedAt: 1_700_000_000_000 })
    before.calls.update(call.id, { audioPath: `${call.id}.wav` })
    fs.copyFileSync(path.join(SPEECH_DIR, 'give-first-call.wav'), path.join(paths.recordings, `${call.id}.wav`))
    const first = before.segments.insertPending({ callId: call.id, startMs: 0, endMs: 1 })
    before.segments.complete(first.id, 'How many reps are on your team today?')
    before.segments.setClass(first.id, 'probe')
    before.flags.add({ callId: call.id, segmentId: first.id, kind: 'asking-before-giving', prompt: 'Give first', atMs: 1 })
    before.close()

    const { emit, until } = eventsUntil()
    core = await createTestCore({ dataDir, emit, engineLauncher: stubEngineLauncher() })
    const segments = () => core!.store.segments.listForCall(call.id)
    // The coach runs in the same emit that settles a segment: once none is pending, coaching is done.
    await until(() => segments().length > 1 && segments().every((s) => s.status !== 'pending'))

    const recovered = segments().filter((s) => s.id !== first.id)
    expect(recovered.length).toBeGreaterThanOrEqual(2)
    expect(recovered.every((s) => s.status === 'done' && s.utteranceClass !== null)).toBe(true)
    const flags = core.store.flags.listForCall(call.id)
    // The recovered speech raised flags of its own…
    expect(flags.some((f) => f.segmentId !== first.id && recovered.some((s) => s.id === f.segmentId))).toBe(true)
    // …and the segment coached before the crash kept its one flag (replayed silently, not flagged again).
    expect(flags.filter((f) => f.segmentId === first.id)).toHaveLength(1)
    expect(core.store.calls.get(call.id)!.status).toBe('interrupted')
  }, 60_000)

  it('a segment killed between its text and its coaching is coached at start, even with nothing left to transcribe', async () => {
    const dataDir = tempDataDir()
    const paths = dataPaths(dataDir)
    const before = createStore(paths.database)
    const call = before.calls.create({ kind: 'live', audioPath: null, sampleRate: 16_000, startedAt: 1_700_000_000_000 })
    const first = before.segments.addTyped({ callId: call.id, startMs: 0, endMs: 1000, text: 'Thanks for taking the call.' })
    before.segments.setClass(first.id, 'other')
    // Its text was committed, then the app died before the coach read it.
    const second = before.segments.addTyped({ callId: call.id, startMs: 1000, endMs: 2000, text: 'How many reps are on your team today?' })
    before.close()

    core = await createTestCore({ dataDir, engineLauncher: stubEngineLauncher() })
    expect(core.store.segments.get(second.id)!.utteranceClass).not.toBeNull()
    expect(core.store.segments.get(first.id)!.utteranceClass).toBe('other')
    const flags = core.store.flags.listForCall(call.id)
    expect(flags.length).toBeGreaterThan(0)
    expect(flags.every((f) => f.segmentId === second.id)).toBe(true)
  }, 60_000)
})
