/**
 * What the app does at start and while it writes, for power loss and kills:
 * synchronous=FULL while a call records and while a bundle imports, a WAV with
 * no call adopted as a recovered call, and a killed import's leftovers cleaned
 * so the same bundle imports again instead of failing with file-exists.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportRehearsalBundle, importRehearsalBundle } from '../../main/bundle'
import { importMarkerPath } from '../../main/bundle/rehearsal-bundle'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { dataPaths } from '../../main/fs/data-dir'
import { createStore } from '../../main/store'
import { rawDatabaseForTests } from '../../main/store/raw-database'
import { seedRehearsal, useMachines } from '../bundle/helpers'
import { SPEECH_DIR } from '../helpers/shared-assets'
import { stubEngineLauncher } from '../helpers/stub-engine'
import { createTestCore } from '../helpers/test-core'
import { tempDataDir } from '../helpers/test-host-process'

const FULL = 2
const NORMAL = 1
const sync = (core: CallDeskCore) => Number(rawDatabaseForTests(core.store).pragma('synchronous', { simple: true }))

describe('store start-up and durability', () => {
  const cores: CallDeskCore[] = []
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.shutdown()
  })
  const start = async (dataDir = tempDataDir()) => {
    const core = await createTestCore({ dataDir, engineLauncher: stubEngineLauncher() })
    cores.push(core)
    return core
  }
  const { machine } = useMachines()

  it('holds synchronous=FULL while a call records, NORMAL otherwise', async () => {
    const core = await start()
    expect(sync(core)).toBe(NORMAL)
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    expect(sync(core)).toBe(FULL)
    await core.handlers.stopCall({ callId })
    expect(sync(core)).toBe(NORMAL)
  })

  it('holds synchronous=FULL while a bundle imports', () => {
    const rep = machine('rep')
    const fx = seedRehearsal(rep)
    const bundle = exportRehearsalBundle(rep.store, rep.recordings, fx.callId)
    const coach = machine('coach', 1_760_000_000_000)
    const seen: number[] = []
    // Read the pragma from inside the import's transaction (it looks the prospect up there).
    const get = coach.store.prospects.get.bind(coach.store.prospects)
    coach.store.prospects.get = (id: string) => {
      seen.push(Number(rawDatabaseForTests(coach.store).pragma('synchronous', { simple: true })))
      return get(id)
    }
    importRehearsalBundle(coach.store, coach.recordings, bundle)
    expect(seen.length).toBeGreaterThan(0)
    expect(new Set(seen)).toEqual(new Set([FULL]))
    expect(Number(rawDatabaseForTests(coach.store).pragma('synchronous', { simple: true }))).toBe(NORMAL)
  })

  it('adopts a recording whose call row never reached the disk, as an interrupted call with its speech', async () => {
    const dataDir = tempDataDir()
    const { recordings } = dataPaths(dataDir)
    fs.mkdirSync(recordings, { recursive: true })
    const callId = randomUUID()
    fs.copyFileSync(path.join(SPEECH_DIR, 'give-first-call.wav'), path.join(recordings, `${callId}.wav`))
    // A file that is not one of ours is left alone.
    fs.writeFileSync(path.join(recordings, 'notes.wav'), 'not a recording')
    const core = await start(dataDir)
    const call = core.store.calls.get(callId)
    expect(call).toMatchObject({ id: callId, status: 'interrupted', audioPath: `${callId}.wav` })
    expect(call!.durationMs).toBeGreaterThan(1000)
    expect(core.store.segments.listForCall(callId).length).toBeGreaterThan(0)
    expect(core.store.calls.list({ limit: 10 }).map((c) => c.id)).toEqual([callId])
    expect(fs.existsSync(path.join(recordings, 'notes.wav'))).toBe(true)
  })

  it('cleans a killed import (temp WAV, uncommitted WAV and its marker) so the bundle imports again', async () => {
    const rep = machine('rep')
    const fx = seedRehearsal(rep)
    const bundle = exportRehearsalBundle(rep.store, rep.recordings, fx.callId)
    const dataDir = tempDataDir()
    const { recordings, database } = dataPaths(dataDir)
    fs.mkdirSync(recordings, { recursive: true })
    // What a SIGKILL between the rename and the commit leaves behind.
    const audioFile = `${fx.callId}.wav`
    fs.writeFileSync(path.join(recordings, audioFile), fx.audio)
    fs.writeFileSync(importMarkerPath(recordings, audioFile), '')
    fs.writeFileSync(path.join(recordings, `.${audioFile}.import-${randomUUID()}.tmp`), fx.audio.subarray(0, 100))
    const core = await start(dataDir)
    expect(fs.readdirSync(recordings)).toEqual([])
    expect(core.store.calls.list({ limit: 10 })).toEqual([])
    await core.shutdown()
    cores.splice(0)
    const store = createStore(database)
    try {
      const result = importRehearsalBundle(store, recordings, bundle)
      expect(result.audioFile).toBe(audioFile)
      expect(fs.readdirSync(recordings)).toEqual([audioFile])
    } finally {
      store.close()
    }
  })

  it('an import after a kill mid-import (no restart) replaces the uncommitted WAV instead of failing with file-exists', () => {
    const rep = machine('rep')
    const fx = seedRehearsal(rep)
    const bundle = exportRehearsalBundle(rep.store, rep.recordings, fx.callId)
    const coach = machine('coach', 1_760_000_000_000)
    const audioFile = `${fx.callId}.wav`
    fs.writeFileSync(path.join(coach.recordings, audioFile), fx.audio.subarray(0, 500))
    fs.writeFileSync(importMarkerPath(coach.recordings, audioFile), '')
    importRehearsalBundle(coach.store, coach.recordings, bundle)
    expect(fs.readFileSync(path.join(coach.recordings, audioFile))).toEqual(fx.audio)
    expect(fs.readdirSync(coach.recordings)).toEqual([audioFile])
  })
})
