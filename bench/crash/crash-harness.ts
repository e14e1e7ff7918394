/**
 * Counted crash test: real SIGKILLs at random moments of real work, then the
 * app's own start-up recovery, then counting what survived.
 *
 * - call: a live call recording speech at real time (kills land mid-flush,
 *   mid-utterance, mid-transcription). Audio lost = audio the worker had
 *   handed to the recorder minus audio in the recovered WAV. Segments lost =
 *   segments the worker saw stored that are gone after recovery. Flags =
 *   what the rebuilt coach raised on the recovered call.
 * - import: rehearsal bundles importing one after another. After recovery
 *   no temp/uncommitted WAV is left and every bundle imports again (or is
 *   already imported): never 'file-exists'.
 * - migrate: databases created and migrated one after another. Every file
 *   opens afterwards at the latest schema version and passes integrity_check.
 *
 * Orphans left = calls still 'recording', WAVs no call owns and hidden
 * temp/marker files, after recovery.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { build } from 'esbuild'
import { wavHeader } from '../../main/audio/wav-file'
import { BundleError, exportRehearsalBundle, importRehearsalBundle } from '../../main/bundle'
import { createCallDeskCore } from '../../main/core/call-desk-core'
import { dataPaths } from '../../main/fs/data-dir'
import { createStore, LATEST_SCHEMA_VERSION, openDatabase, closeDatabase, getUserVersion } from '../../main/store'
import { stubEngineLauncher } from '../../tests/helpers/stub-engine'

const here = path.dirname(fileURLToPath(import.meta.url))
const REPO_ROOT = path.resolve(here, '../..')
const SHARED = process.env.CALLDESK_SHARED_DIR ?? path.resolve(REPO_ROOT, '../shared')
export const TEST_MODEL = path.join(SHARED, 'models', 'for-tests-ggml-tiny.en.bin')
export const SPEECH_WAV = path.join(SHARED, 'speech', 'give-first-call.wav')

export type CrashMode = 'call' | 'import' | 'migrate'

export interface CrashOptions {
  kills: number
  /** Share of kills per mode (normalised). */
  mix?: Partial<Record<CrashMode, number>>
  seed?: number
  concurrency?: number
  log?: (line: string) => void
}

export interface CrashReport {
  kills: Record<CrashMode, number>
  audioLostMs: { p50: number; p99: number; max: number; samples: number }
  segmentsSeen: number
  segmentsLost: number
  callsRecovered: number
  callsWithFlags: number
  flagsAfterRecovery: number
  recoveredSegmentsUncoached: number
  orphansLeft: number
  importsInterrupted: number
  importsRetried: number
  importRetryFailures: string[]
  migrationFiles: number
  /** Files the kill left below the latest schema version (killed mid-migration). */
  migrationsInterrupted: number
  migrationFailures: string[]
  workerErrors: string[]
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const BUNDLES = 6

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0)

/** The worker as one bundled .mjs (starting tsx for each of hundreds of kills would dominate the run). */
async function buildWorker(): Promise<string> {
  const outfile = path.join(REPO_ROOT, 'node_modules', '.cache', 'calldesk-crash', 'crash-worker.mjs')
  await build({
    entryPoints: [path.join(here, 'crash-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
  return outfile
}

interface WorkerRun {
  lines: string[]
  killed: boolean
  code: number | null
}

/** Kill `delayMs` after the `nth` output line starting with `after` (READY by default). */
interface KillAt {
  after?: string
  nth?: number
  delayMs: number
}

function runWorker(worker: string, args: string[], at: KillAt): Promise<WorkerRun> {
  const after = at.after ?? 'READY'
  let seen = 0
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [worker, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CALLDESK_MODEL: TEST_MODEL, CRASH_SPEECH_WAV: SPEECH_WAV },
    })
    const lines: string[] = []
    let buf = ''
    let killed = false
    let timer: NodeJS.Timeout | undefined
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        lines.push(line)
        if (line.startsWith(after) && seen++ === (at.nth ?? 0) && !timer) {
          timer = setTimeout(() => {
            killed = child.kill('SIGKILL')
          }, at.delayMs)
        }
      }
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (buf) lines.push(buf)
      if (stderr.trim() && !killed) lines.push(`ERROR ${stderr.trim()}`)
      resolve({ lines, killed, code })
    })
  })
}

/** Calls still recording, WAVs without a call, hidden temp/marker files. */
function countOrphans(dataDir: string): number {
  const { database, recordings } = dataPaths(dataDir)
  const store = createStore(database, { readonly: true })
  try {
    const recordingCalls = store.calls.listByStatus('recording').length
    const owned = new Set(store.calls.audioPaths())
    const files = fs.existsSync(recordings) ? fs.readdirSync(recordings) : []
    return recordingCalls + files.filter((f) => f.startsWith('.') || !owned.has(f)).length
  } finally {
    store.close()
  }
}

async function recoverWithCore(dataDir: string, callId?: string): Promise<{ flags: number; segmentIds: Set<number>; wavBytes: number; uncoached: number }> {
  const waiters: Array<() => void> = []
  const core = await createCallDeskCore({
    dataDir,
    appVersion: 'crash-recovery',
    env: { CALLDESK_MODEL: TEST_MODEL },
    engineLauncher: stubEngineLauncher(),
    audioUrlFor: (id) => `/media/${id}.wav`,
    emit: () => queueMicrotask(() => waiters.splice(0).forEach((w) => w())),
  })
  try {
    if (!callId) return { flags: 0, segmentIds: new Set(), wavBytes: 0, uncoached: 0 }
    const segs = () => core.store.segments.listForCall(callId)
    // The coach runs in the same emit that settles a segment: none pending = all coached.
    await new Promise<void>((resolve) => {
      const check = () => (segs().every((s) => s.status !== 'pending') ? resolve() : waiters.push(check))
      check()
    })
    const file = core.audioPathFor(callId)
    return {
      flags: core.store.flags.listForCall(callId).length,
      segmentIds: new Set(segs().map((s) => s.id)),
      wavBytes: file && fs.existsSync(file) ? fs.statSync(file).size - 44 : 0,
      uncoached: segs().filter((s) => s.status === 'done' && s.text.trim() && s.utteranceClass === null).length,
    }
  } finally {
    await core.shutdown()
  }
}

/** Rehearsals with audio, exported as bundles (the import mode's input). */
function makeBundles(dir: string, count: number): string {
  const rep = path.join(dir, 'rep')
  const recordings = path.join(rep, 'recordings')
  fs.mkdirSync(recordings, { recursive: true })
  const bundles = path.join(dir, 'bundles')
  fs.mkdirSync(bundles)
  const store = createStore(path.join(rep, 'calldesk.sqlite'))
  try {
    for (let i = 0; i < count; i++) {
      const prospect = store.prospects.create({ name: `Prospect ${i}` })
      const call = store.calls.create({ kind: 'rehearsal', prospectId: prospect.id, audioPath: null, sampleRate: 16_000, startedAt: 1_750_000_000_000 + i })
      const pcm = Buffer.alloc(16_000 * 2 * 20)
      for (let s = 0; s < pcm.length / 2; s++) pcm.writeInt16LE(Math.round(6000 * Math.sin(s / (7 + i))) + ((s * 7919) % 61), s * 2)
      fs.writeFileSync(path.join(recordings, `${call.id}.wav`), Buffer.concat([wavHeader(pcm.length), pcm]))
      store.calls.update(call.id, { audioPath: `${call.id}.wav` })
      const seg = store.segments.addTyped({ callId: call.id, startMs: 100, endMs: 200, text: 'Can we book a demo for next week?' })
      store.flags.add({ callId: call.id, segmentId: seg.id, kind: 'closing-too-early', prompt: 'Too soon to close', atMs: 200 })
      store.calls.finish(call.id, { endedAt: 1_750_000_020_000 + i, durationMs: 20_000, status: 'completed' })
      fs.writeFileSync(path.join(bundles, `${String(i).padStart(2, '0')}.zip`), exportRehearsalBundle(store, recordings, call.id))
    }
  } finally {
    store.close()
  }
  return bundles
}

export async function runCrashes(opts: CrashOptions): Promise<CrashReport> {
  const log = opts.log ?? (() => undefined)
  const random = mulberry32(opts.seed ?? 1)
  const mix = { call: 0.55, import: 0.25, migrate: 0.2, ...opts.mix }
  const total = mix.call + mix.import + mix.migrate
  const plan: CrashMode[] = []
  const kills = { call: Math.round((opts.kills * mix.call) / total), import: Math.round((opts.kills * mix.import) / total), migrate: 0 }
  kills.migrate = Math.max(0, opts.kills - kills.call - kills.import)
  for (const m of ['call', 'import', 'migrate'] as const) for (let i = 0; i < kills[m]; i++) plan.push(m)
  // Shuffled, so a slow machine moment does not hit one mode only.
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[plan[i], plan[j]] = [plan[j]!, plan[i]!]
  }

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-crash-'))
  const worker = await buildWorker()
  const bundles = makeBundles(root, BUNDLES)
  const report: CrashReport = {
    kills: { call: 0, import: 0, migrate: 0 },
    audioLostMs: { p50: 0, p99: 0, max: 0, samples: 0 },
    segmentsSeen: 0,
    segmentsLost: 0,
    callsRecovered: 0,
    callsWithFlags: 0,
    flagsAfterRecovery: 0,
    recoveredSegmentsUncoached: 0,
    orphansLeft: 0,
    importsInterrupted: 0,
    importsRetried: 0,
    importRetryFailures: [],
    migrationFiles: 0,
    migrationsInterrupted: 0,
    migrationFailures: [],
    workerErrors: [],
  }
  const lost: number[] = []

  const one = async (mode: CrashMode, n: number): Promise<void> => {
    const dataDir = path.join(root, `run-${n}`)
    fs.mkdirSync(dataDir)
    // Moments: up to 4 s into a call (several flushes, utterances closing and being transcribed),
    // just after one of the imports (so inside the next one: writing its WAV, its transaction,
    // the rename), anywhere in a run of migrations.
    const at: KillAt =
      mode === 'call'
        ? { delayMs: 200 + random() * 3800 }
        : mode === 'import'
          ? { after: random() < 0.2 ? 'READY' : 'I ', nth: Math.floor(random() * (BUNDLES - 1)), delayMs: random() * 25 }
          : { delayMs: random() * 300 }
    const delay = at.delayMs
    if (mode === 'import' && at.after === 'READY') at.nth = 0
    const run = await runWorker(worker, mode === 'import' ? [mode, dataDir, bundles] : [mode, dataDir], at)
    const errors = run.lines.filter((l) => l.startsWith('ERROR'))
    if (errors.length) report.workerErrors.push(`${mode}#${n}: ${errors[0]!.slice(0, 300)}`)
    report.kills[mode] += run.killed ? 1 : 0

    if (mode === 'call') {
      const callId = run.lines.find((l) => l.startsWith('C '))?.slice(2)
      const accepted = Number(run.lines.filter((l) => l.startsWith('A ')).at(-1)?.slice(2) ?? 0)
      const seen = new Set(run.lines.filter((l) => l.startsWith('S ')).map((l) => Number(l.slice(2))))
      const r = await recoverWithCore(dataDir, callId)
      if (callId) {
        report.callsRecovered++
        lost.push(Math.max(0, accepted - r.wavBytes) / 32)
        report.segmentsSeen += seen.size
        report.segmentsLost += [...seen].filter((id) => !r.segmentIds.has(id)).length
        report.flagsAfterRecovery += r.flags
        report.callsWithFlags += r.flags > 0 ? 1 : 0
        report.recoveredSegmentsUncoached += r.uncoached
      }
      report.orphansLeft += countOrphans(dataDir)
    } else if (mode === 'import') {
      const done = run.lines.filter((l) => l.startsWith('I ')).length
      if (!run.lines.includes('DONE')) report.importsInterrupted++
      await recoverWithCore(dataDir)
      report.orphansLeft += countOrphans(dataDir)
      // Every bundle imports again, or was imported already; never "file exists".
      const { database, recordings } = dataPaths(dataDir)
      const store = createStore(database)
      try {
        for (const file of fs.readdirSync(bundles).sort()) {
          report.importsRetried++
          try {
            const res = importRehearsalBundle(store, recordings, fs.readFileSync(path.join(bundles, file)))
            if (res.audioFile && !fs.existsSync(path.join(recordings, res.audioFile))) report.importRetryFailures.push(`${file}: audio missing`)
          } catch (error) {
            if (!(error instanceof BundleError && error.code === 'already-imported')) {
              report.importRetryFailures.push(`${file} after ${done} imported: ${(error as Error).message}`)
            }
          }
        }
      } finally {
        store.close()
      }
      report.orphansLeft += countOrphans(dataDir)
    } else {
      for (const f of fs.readdirSync(dataDir).filter((f) => /^m\d+\.sqlite$/.test(f))) {
        report.migrationFiles++
        // Left mid-migration by the kill (or before its first write)?
        try {
          const raw = new BetterSqlite3(path.join(dataDir, f), { readonly: true, fileMustExist: true })
          if (Number(raw.pragma('user_version', { simple: true })) < LATEST_SCHEMA_VERSION) report.migrationsInterrupted++
          raw.close()
        } catch {
          report.migrationsInterrupted++
        }
        try {
          const db = openDatabase(path.join(dataDir, f))
          const version = getUserVersion(db)
          const integrity = db.pragma('integrity_check', { simple: true })
          closeDatabase(db)
          if (version !== LATEST_SCHEMA_VERSION || integrity !== 'ok') report.migrationFailures.push(`${f}: version ${version}, ${String(integrity)}`)
        } catch (error) {
          report.migrationFailures.push(`${f}: ${(error as Error).message}`)
        }
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
    log(`${mode} #${n}: killed after ${Math.round(delay)} ms`)
  }

  let next = 0
  const lanes = Array.from({ length: opts.concurrency ?? 2 }, async () => {
    while (next < plan.length) {
      const n = next++
      await one(plan[n]!, n)
    }
  })
  try {
    await Promise.all(lanes)
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
  const sorted = lost.sort((a, b) => a - b)
  report.audioLostMs = { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? 0, samples: sorted.length }
  return report
}
