/**
 * Every IPC channel rejects malformed payloads with a validation error and
 * changes nothing: not the database, not a file in the data folder.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeContract, invokeNames, type InvokeName } from '../../contract/ipc-contract'
import { createCallDeskCore, type CallDeskCore } from '../../main/core/call-desk-core'
import { TEST_MODEL } from '../helpers/shared-assets'
import { tempDataDir } from '../helpers/test-host-process'
import { rawDatabaseForTests } from '../../main/store/raw-database'

// Wrong for every channel: each input schema is an object, optional object or undefined.
const GENERIC_BAD: unknown[] = [42, 'text', [], true, { bogus: 1 }]

// Plausible-looking payloads that are still wrong, per channel.
const SPECIFIC_BAD: Partial<Record<InvokeName, unknown[]>> = {
  listCalls: [{ limit: 0 }, { limit: 10_000 }, { offset: -1 }, { limit: 1.5 }],
  getCall: [{}, { callId: 'not-a-uuid' }, { callId: 7 }],
  startCall: [{ kind: 'sales' }, { deviceLabel: 'x'.repeat(600) }, { prospectId: 'someone' }, { scheduledCallId: 'tomorrow' }],
  stopCall: [{}, { callId: '../../etc/passwd' }],
  pushAudio: [
    { callId: 'CALL', seq: 0, pcm: new Uint8Array(3) },
    { callId: 'CALL', seq: 0, pcm: new Uint8Array(0) },
    { callId: 'CALL', seq: 0, pcm: new Uint8Array(64_000) },
    { callId: 'CALL', seq: -1, pcm: new Uint8Array(320) },
    { callId: 'CALL', seq: 0, pcm: [1, 2, 3, 4] },
    { callId: 'CALL', seq: 0, pcm: 'AAAA' },
  ],
  updateSettings: [{ modelPath: '' }, { modelPath: 42 }, { microphoneId: 'x'.repeat(600) }],
  addPracticeLine: [
    { callId: 'CALL', text: '' },
    { callId: 'CALL', text: '   ' },
    { callId: 'CALL', text: 'x'.repeat(2001) },
    { callId: 'CALL' },
  ],
  dismissFlag: [{ flagId: 'x' }, {}],
  createProspect: [{ name: '' }, { name: 'x'.repeat(201) }, { name: 'Dana', company: 5 }],
  getDebrief: [{}, { callId: 'x' }],
  saveDebrief: [{ callId: 'CALL', wentWell: 5 }, { callId: 'CALL', nextStep: 'x'.repeat(20_001) }, { wentWell: 'no call' }],
  draftPlan: [{ callId: 'nope' }],
  scheduleCall: [
    { prospectId: 'p', scheduledAt: 1 },
    { prospectId: '00000000-0000-4000-8000-000000000000', scheduledAt: -5 },
    { prospectId: '00000000-0000-4000-8000-000000000000', scheduledAt: 1.5 },
    { prospectId: '00000000-0000-4000-8000-000000000000' },
  ],
  getScheduledCall: [{ scheduledCallId: 3 }],
  savePlan: [{ scheduledCallId: 'x' }, { scheduledCallId: '00000000-0000-4000-8000-000000000000', status: 'maybe' }],
  listSchedule: [{ now: 'today' }, { now: -1 }],
  getProspect: [{ prospectId: '' }],
  setProspectStatus: [
    { prospectId: '00000000-0000-4000-8000-000000000000', status: 'dead' },
    { prospectId: '00000000-0000-4000-8000-000000000000', status: 'not-now', reason: '   ' },
    { prospectId: '00000000-0000-4000-8000-000000000000', status: 'gone', reason: 'x' },
  ],
  addProspectNote: [{ prospectId: '00000000-0000-4000-8000-000000000000', body: '  ' }],
  exportCall: [{ callId: 'CALL', what: 'call', format: 'pdf' }, { callId: 'CALL', what: 'audio', format: 'json' }],
  downloadModel: [{ fileName: '../../etc/passwd' }, { fileName: 'ggml-tiny.en.bin/../x' }, { fileName: 'model.exe' }, {}],
}

function snapshot(core: CallDeskCore, dataDir: string) {
  const db = rawDatabaseForTests(core.store)
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]
  const rows = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]))
  const files: Record<string, number> = {}
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      // SQLite's own -wal/-shm files change size on reads (checkpoints); the rows above cover the database.
      else if (!/calldesk\.sqlite(-wal|-shm)?$/.test(entry.name)) files[path.relative(dataDir, full)] = fs.statSync(full).size
    }
  }
  walk(dataDir)
  return { rows, files }
}

describe('IPC contract validation', () => {
  let core: CallDeskCore
  let dataDir: string
  let callId: string

  beforeAll(async () => {
    dataDir = tempDataDir()
    core = await createCallDeskCore({
      dataDir,
      appVersion: 'test',
      env: { CALLDESK_MODEL: TEST_MODEL },
      emit: () => undefined,
      audioUrlFor: (id) => `/media/${id}.wav`,
    })
    core.handlers.updateSettings({ microphoneId: 'headset' })
    // A live call, so audio frames have somewhere they could (wrongly) go.
    const started = await core.dispatch(invokeContract.startCall.channel, { kind: 'live' })
    if (!started.ok) throw new Error(started.error.message)
    callId = (started.value as { callId: string }).callId
    await core.dispatch(invokeContract.pushAudio.channel, { callId, seq: 0, pcm: new Uint8Array(3200) })
  })

  afterAll(async () => {
    await core?.shutdown()
  })

  for (const name of invokeNames) {
    it(`${invokeContract[name].channel} rejects malformed payloads and changes nothing`, async () => {
      const cases = [...GENERIC_BAD, ...(SPECIFIC_BAD[name] ?? [])].map((c) =>
        c && typeof c === 'object' && 'callId' in c && (c as { callId: unknown }).callId === 'CALL' ? { ...c, callId } : c,
      )
      const before = snapshot(core, dataDir)
      for (const bad of cases) {
        const reply = await core.dispatch(invokeContract[name].channel, bad)
        expect(reply.ok, `${JSON.stringify(bad)?.slice(0, 80)} was accepted`).toBe(false)
        if (reply.ok) continue
        expect(reply.error.code).toBe('validation')
        expect(reply.error.message).toContain(invokeContract[name].channel)
        expect(reply.error.issues?.length).toBeGreaterThan(0)
      }
      expect(snapshot(core, dataDir)).toEqual(before)
    })
  }

  it('names the field and the problem', async () => {
    const reply = await core.dispatch(invokeContract.pushAudio.channel, { callId, seq: 1, pcm: new Uint8Array(3) })
    expect(reply.ok).toBe(false)
    if (!reply.ok) expect(reply.error.issues).toContain('pcm: PCM frame must hold whole 16-bit samples')
  })

  it('rejects an unknown channel', async () => {
    const reply = await core.dispatch('calls:drop-table', {})
    expect(reply).toEqual({ ok: false, error: { code: 'validation', message: 'Unknown channel "calls:drop-table".' } })
  })

  it('accepts a well-formed payload on the same channels (the checks are not just rejecting everything)', async () => {
    const reply = await core.dispatch(invokeContract.pushAudio.channel, { callId, seq: 5, pcm: new Uint8Array(320) })
    expect(reply).toEqual({ ok: true, value: { acceptedBytes: 320 } })
    const list = await core.dispatch(invokeContract.listCalls.channel, { limit: 5 })
    expect(list.ok && (list.value as unknown[]).length).toBe(1)
  })
})
