/** A desktop for the team tests: the real core on its own data folder, with its team sync. */
import fs from 'node:fs'
import path from 'node:path'
import { wavHeader } from '../../main/audio/wav-file'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import type { Store } from '../../main/store'
import migration006 from '../../main/store/migrations/006-team-sync'
import { rawDatabaseForTests } from '../../main/store/raw-database'
import { TeamSync } from '../../main/sync/team-sync'
import { createTestCore } from '../helpers/test-core'
import { tempDataDir } from '../helpers/test-host-process'

const HOUR = 3_600_000

export interface Desk {
  core: CallDeskCore
  sync: TeamSync
  dataDir: string
}

export async function openDesk(name: string, role: 'rep' | 'coach', serverUrl: string, token: string): Promise<Desk> {
  const dataDir = tempDataDir(`calldesk-${name.toLowerCase().replace(/\W+/g, '-')}-`)
  const core = await createTestCore({ dataDir })
  ensureTeamSchema(core.store)
  await core.handlers.updateSettings({ profile: { name, role } })
  const sync = new TeamSync({
    store: core.store,
    recordingsDir: path.join(dataDir, 'recordings'),
    profile: () => core.settings.get().profile,
  })
  sync.configure({ enabled: true, serverUrl, token })
  return { core, sync, dataDir }
}

/**
 * A finished rehearsal of a scheduled call, written as the recorder and the
 * live coach write one (rows, the coach's classes and flags, a real WAV), so
 * these tests do not depend on the coach's model or the speech engine.
 */
export async function rehearse(desk: Desk, prospect: string, lines: string[], scheduledCallId?: string) {
  return seedRehearsal(desk.core.store, desk.dataDir, prospect, lines, scheduledCallId)
}

/** The same, straight into a store (for a data folder a test host opens afterwards). */
export function seedRehearsal(store: Store, dataDir: string, prospect: string, lines: string[], scheduledCallId?: string) {
  let sc = scheduledCallId
  if (!sc) {
    const p = store.prospects.create({ name: prospect, company: 'Acme' })
    sc = store.scheduledCalls.create({ prospectId: p.id, scheduledAt: Date.now() + HOUR, planNotes: '- Ask what changed' }).id
  }
  const prospectId = store.scheduledCalls.get(sc)!.prospectId
  const startedAt = Date.now()
  const durationMs = lines.length * 2000
  const call = store.calls.create({ kind: 'rehearsal', prospectId, scheduledCallId: sc, audioPath: null, sampleRate: 16000, startedAt })
  const audioFile = `${call.id}.wav`
  const recordings = path.join(dataDir, 'recordings')
  fs.mkdirSync(recordings, { recursive: true })
  // A quiet 440 Hz tone: real 16-bit PCM the bundle's WAV check accepts.
  const pcm = Buffer.alloc((durationMs / 1000) * 16000 * 2)
  for (let i = 0; i < pcm.length / 2; i++) pcm.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / 16000)), i * 2)
  fs.writeFileSync(path.join(recordings, audioFile), Buffer.concat([wavHeader(pcm.length), pcm]))
  store.calls.update(call.id, { audioPath: audioFile })
  lines.forEach((text, i) => {
    const seg = store.segments.addTyped({ callId: call.id, startMs: i * 2000, endMs: i * 2000 + 1800, text })
    const cls = /\?$/.test(text) ? (/demo|book|meeting/i.test(text) ? 'close' : 'probe') : /%|cut|saved/i.test(text) ? 'give' : 'other'
    store.segments.setClass(seg.id, cls)
    if (cls === 'probe') store.flags.add({ callId: call.id, segmentId: seg.id, kind: 'asking-before-giving', prompt: 'Give first.', atMs: i * 2000 + 1800 })
    if (cls === 'close') store.flags.add({ callId: call.id, segmentId: seg.id, kind: 'closing-too-early', prompt: 'Too soon to close.', atMs: i * 2000 + 1800 })
  })
  store.calls.finish(call.id, { endedAt: startedAt + durationMs, durationMs, status: 'completed' })
  return { callId: call.id, scheduledCallId: sc }
}

/** Databases made by the store have the outbox (migration 006); this only covers a store opened from an older list. */
export function ensureTeamSchema(store: Store): void {
  if (!store.sync.available()) migration006.up(rawDatabaseForTests(store))
}

export const LINES = ["Hi Dana, it's Sam from Northpeak.", 'What are you running for campaigns right now?', 'Can we book a demo for Tuesday?']
