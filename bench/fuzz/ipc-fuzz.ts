/**
 * Property-based IPC fuzzing through the real dispatcher: for every contract
 * channel, fast-check generates payloads (wrong types, missing and extra keys,
 * prototype keys, huge and odd numbers, odd-sized binary frames, ids that
 * exist here and ids that do not, nested junk) and sends them to the core's
 * dispatch, exactly what Electron's ipcMain handler and the test host call.
 *
 * Counted per channel: payloads sent, accepted, refused; crashes (dispatch
 * threw, a reply that is not a valid envelope, or an 'internal' error: a
 * handler failing in a way nobody wrote a message for); refused payloads that
 * changed the database or the data folder (confirmed by re-sending the same
 * payload between two full dumps, so background work such as a transcription
 * finishing is not counted against it).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import type { z } from 'zod'
import { IpcErrorShape, invokeContract, invokeNames, type InvokeName } from '../../contract/ipc-contract'
import { createCallDeskCore, type CallDeskCore } from '../../main/core/call-desk-core'
import { stubEngineLauncher } from '../../tests/helpers/stub-engine'
import { rawDatabaseForTests } from '../../main/store/raw-database'

export interface ChannelCounts {
  sent: number
  accepted: number
  refused: number
  crashes: number
  refusedThatChanged: number
}

export interface FuzzReport {
  perChannel: Record<string, ChannelCounts>
  total: ChannelCounts
  examples: string[]
}

/** Keys of an object input schema (through optional/default/nullable/pipe wrappers); none for other inputs. */
function keysOf(schema: z.ZodType): string[] {
  let s: any = schema
  for (let i = 0; i < 10 && s; i++) {
    const def = s._zod?.def ?? s.def
    if (!def) break
    if (def.type === 'object') return Object.keys(def.shape)
    s = def.innerType ?? def.in ?? def.schema
  }
  return []
}

function dumpDb(core: CallDeskCore): string {
  const db = rawDatabaseForTests(core.store)
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all()
  return JSON.stringify(tables.map(({ name }) => db.prepare(`SELECT * FROM "${name}"`).all()))
}

function dumpFiles(dir: string): string {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(e.parentPath, e.name)
    // The database's own files change size with WAL churn; their content is compared through dumpDb.
    if (e.isFile() && !/calldesk\.sqlite/.test(e.name)) out.push(`${path.relative(dir, full)}:${fs.statSync(full).size}`)
  }
  return out.sort().join('\n')
}

const settle = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)))

export async function runFuzz(opts: { perChannel: number; seed?: number; channels?: InvokeName[]; log?: (l: string) => void }): Promise<FuzzReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-fuzz-'))
  const internal: string[] = []
  const core = await createCallDeskCore({
    dataDir,
    appVersion: 'fuzz',
    env: { CALLDESK_MODEL: path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/models/for-tests-ggml-tiny.en.bin') },
    engineLauncher: stubEngineLauncher(),
    audioUrlFor: (id) => `/media/${id}.wav`,
    emit: () => undefined,
  })
  const report: FuzzReport = { perChannel: {}, total: { sent: 0, accepted: 0, refused: 0, crashes: 0, refusedThatChanged: 0 }, examples: [] }
  try {
    // Something real to point at: ids that exist make the handlers past validation do real work.
    const prospect = core.store.prospects.create({ name: 'Fuzz Prospect' })
    const scheduled = core.store.scheduledCalls.create({ prospectId: prospect.id, scheduledAt: Date.now() + 86_400_000, planNotes: '- ask first' })
    const call = core.store.calls.create({ kind: 'live', prospectId: prospect.id, audioPath: null, sampleRate: 16_000, startedAt: Date.now() - 60_000 })
    const seg = core.store.segments.addTyped({ callId: call.id, startMs: 0, endMs: 1000, text: 'Can we book a demo next week?' })
    const flag = core.store.flags.add({ callId: call.id, segmentId: seg.id, kind: 'closing-too-early', prompt: 'Too soon', atMs: 1000 })
    core.store.calls.finish(call.id, { endedAt: Date.now(), durationMs: 60_000, status: 'completed' })
    const rehearsal = core.store.calls.create({ kind: 'rehearsal', scheduledCallId: scheduled.id, prospectId: prospect.id, audioPath: null, sampleRate: 16_000, startedAt: Date.now() - 30_000 })
    core.store.calls.finish(rehearsal.id, { endedAt: Date.now(), durationMs: 30_000, status: 'completed' })
    const ids = [prospect.id, scheduled.id, call.id, flag.id, rehearsal.id]

    const scalar = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53, -1, 0, 1, 1.5, 59, 60, 61, 16_000, 1e308),
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.uuid(),
      fc.constantFrom(...ids),
      fc.constantFrom('', ' ', '__proto__', 'constructor', '../../etc/passwd', '/etc/shadow', 'x'.repeat(70_000), 'CommandOrControl+Shift+K', 'K', 'live', 'rehearsal', 'coach', 'rep', 'ready', 'markdown', 'json', 'call', 'debrief', 'dead', 'not-now', 'active'),
    )
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 33_000 }),
      fc.constantFrom(new Uint8Array(0), new Uint8Array(3), new Uint8Array(640), new Uint8Array(32_000), new Uint8Array(32_002)),
      fc.integer({ min: 1, max: 1600 }).map((n) => new Uint8Array(new Int16Array(n).fill(3000).buffer)),
    )
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        bytes,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')), tie('value'), { maxKeys: 4 }),
      ),
    }))

    for (const name of opts.channels ?? invokeNames) {
      const { channel, input } = invokeContract[name]
      const keys = keysOf(input as z.ZodType)
      const shaped =
        keys.length > 0
          ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }).chain((o) =>
              fc.oneof(fc.constant(o), fc.tuple(fc.string(), value).map(([k, v]) => ({ ...o, [k]: v }))),
            )
          : value
      const payloads = fc.sample(
        fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: fc.anything({ withTypedArray: true, withMap: true, withSet: true, withDate: true, withBigInt: true, withNullPrototype: true }) }),
        { numRuns: opts.perChannel, seed: (opts.seed ?? 42) + invokeNames.indexOf(name) },
      )
      const counts: ChannelCounts = { sent: 0, accepted: 0, refused: 0, crashes: 0, refusedThatChanged: 0 }
      for (const payload of payloads) {
        await settle()
        const changesBefore = Number(rawDatabaseForTests(core.store).prepare('SELECT total_changes()').pluck().get())
        const filesBefore = dumpFiles(dataDir)
        counts.sent++
        let reply: unknown
        try {
          reply = await core.dispatch(channel, payload)
        } catch (error) {
          counts.crashes++
          if (report.examples.length < 20) report.examples.push(`${channel} threw ${(error as Error).message}`)
          continue
        }
        const env = reply as { ok?: unknown; error?: unknown }
        if (env?.ok === true) {
          counts.accepted++
          continue
        }
        const shape = IpcErrorShape.safeParse(env?.error)
        if (env?.ok !== false || !shape.success || shape.data.code === 'internal') {
          counts.crashes++
          if (report.examples.length < 20) report.examples.push(`${channel} ${JSON.stringify(reply).slice(0, 300)} for ${String(JSON.stringify(payload)).slice(0, 200)}`)
        }
        counts.refused++
        await settle()
        const changed = Number(rawDatabaseForTests(core.store).prepare('SELECT total_changes()').pluck().get()) !== changesBefore || dumpFiles(dataDir) !== filesBefore
        if (changed) {
          // Confirm with full dumps around the same payload again, once background work has settled.
          await settle()
          const db0 = dumpDb(core)
          const f0 = dumpFiles(dataDir)
          const again = (await core.dispatch(channel, payload)) as { ok: boolean }
          await settle()
          if (!again.ok && (dumpDb(core) !== db0 || dumpFiles(dataDir) !== f0)) {
            counts.refusedThatChanged++
            if (report.examples.length < 20) report.examples.push(`${channel} refused but changed data: ${String(JSON.stringify(payload)).slice(0, 200)}`)
          }
        }
      }
      report.perChannel[channel] = counts
      for (const k of Object.keys(counts) as (keyof ChannelCounts)[]) report.total[k] += counts[k]
      opts.log?.(`${channel}: ${JSON.stringify(counts)}`)
    }
  } finally {
    await core.shutdown()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  void internal
  return report
}
