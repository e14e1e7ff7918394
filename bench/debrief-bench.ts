/**
 * After-call benchmark: a database of 5,000 calls, then
 *  - the debrief of a two-hour call (1,800 segments, 200 flags), and
 *  - the prospect page of a prospect with 200 calls,
 * each loaded through the same dispatcher the UI calls (input and reply
 * validated with zod), cold (first read after opening the file) and warm.
 * Targets: under 100 ms each.
 *
 *   npm run bench:debrief
 *
 * Ends with one JSON line holding every figure.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { randomUUID } from 'node:crypto'
import { invokeContract } from '../contract/ipc-contract'
import { debriefHandlers } from '../main/ipc/handlers/debrief'
import { prospectHandlers } from '../main/ipc/handlers/prospects'
import { scheduleHandlers } from '../main/ipc/handlers/schedule'
import { loadDebrief } from '../main/debrief/load-debrief'
import { createDispatcher, type Handlers } from '../main/ipc/dispatch'
import { loadProspectPage } from '../main/prospect/load-prospect'
import { createStore, type Store } from '../main/store'
import { classifyUtterance } from '../main/coach'
import { loadCorpus } from '../tests/coach/corpus-loader'
import { rawDatabaseForTests } from '../main/store/raw-database'

const TOTAL_CALLS = 5_000
const BIG_CALL_SEGMENTS = 1_800
const BIG_CALL_FLAGS = 200
const PROSPECT_CALLS = 200
const SEGMENTS_PER_CALL = 20
const FLAGS_PER_CALL = 2
const WARM_RUNS = 30
const HOUR = 3_600_000

// Real rep lines (the coach corpus), so classification costs what it does on real calls.
const LINES = loadCorpus('tuning').flatMap((c) => c.lines.map((l) => l.text))
const GIVE_FREE = loadCorpus('tuning').flatMap((c) => c.lines.filter((l) => l.label.startsWith('probe') || l.label.startsWith('other')).map((l) => l.text))

function build(file: string) {
  const store = createStore(file)
  const db = rawDatabaseForTests(store)
  const t0 = performance.now()
  const insertProspect = db.prepare(`INSERT INTO prospects (id, name, company, status, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?)`)
  const insertCall = db.prepare(`INSERT INTO calls (id, kind, prospect_id, status, started_at, ended_at, duration_ms, audio_path, sample_rate, created_at)
    VALUES (?, 'live', ?, 'completed', ?, ?, ?, ?, 16000, ?)`)
  // Calls coached live carry each segment's class (migration 002); calls from before it do not.
  const insertSeg = db.prepare(`INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, text, status, source, utterance_class, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'done', 'speech', ?, ?, ?) RETURNING id`)
  const classOf = new Map<string, string>()
  const classify = (text: string) => {
    let c = classOf.get(text)
    if (!c) classOf.set(text, (c = classifyUtterance(text).class))
    return c
  }
  const insertFlag = db.prepare(`INSERT INTO flags (id, call_id, segment_id, kind, evidence, prompt, explanation, at_ms, dismissed_at, created_at)
    VALUES (?, ?, ?, ?, ?, 'Give first — share a result before you ask.', ?, ?, ?, ?)`)
  const insertDebrief = db.prepare(`INSERT INTO debriefs (call_id, went_well, to_change, no_buy_reason, next_step, created_at, updated_at) VALUES (?, 'Rapport', 'Give first', 'Budget', 'Send case study', ?, ?)`)
  const insertNote = db.prepare(`INSERT INTO notes (id, prospect_id, kind, body, created_at, updated_at) VALUES (?, ?, 'general', ?, ?, ?)`)
  const EXPLANATION = 'You asked before giving the buyer anything of value in this call. Instead: give something specific first — a client story with a result — then ask.'

  const start = Date.UTC(2025, 0, 1)
  const prospects = Array.from({ length: 500 }, (_, i) => ({ id: randomUUID(), name: `Prospect ${i}` }))
  const star = prospects[0]!
  let bigCallId = ''
  let bigGiveFreeId = ''
  let bigGiveFreeLegacyId = ''

  const addCall = (i: number, prospectId: string | null, segments: number, flags: number, texts: string[], coachedLive = true) => {
    const id = randomUUID()
    const at = start + i * HOUR
    const len = segments * 4000
    insertCall.run(id, prospectId, at, at + len, len, `${id}.wav`, at)
    const segIds: number[] = []
    for (let s = 0; s < segments; s++) {
      const text = texts[(i + s) % texts.length]!
      const row = insertSeg.get(randomUUID(), id, s, s * 4000, s * 4000 + 3000, text, coachedLive ? classify(text) : null, at, at) as { id: number }
      segIds.push(row.id)
    }
    for (let f = 0; f < flags; f++) {
      const s = Math.floor((f * segments) / flags)
      insertFlag.run(randomUUID(), id, segIds[s]!, f % 2 ? 'asking-before-giving' : 'talking-too-long', 'evidence', EXPLANATION, s * 4000 + 3000, f % 5 === 0 ? at : null, at)
    }
    return id
  }

  db.transaction(() => {
    for (const p of prospects) insertProspect.run(p.id, p.name, 'Acme', start, start)
    for (let i = 0; i < TOTAL_CALLS - 3; i++) {
      // The star prospect gets PROSPECT_CALLS of them, spread through the history; the rest go round the others.
      const forStar = i % Math.floor((TOTAL_CALLS - 3) / PROSPECT_CALLS) === 0 && i / Math.floor((TOTAL_CALLS - 3) / PROSPECT_CALLS) < PROSPECT_CALLS
      const prospectId = forStar ? star.id : prospects[1 + (i % (prospects.length - 1))]!.id
      const id = addCall(i, prospectId, SEGMENTS_PER_CALL, FLAGS_PER_CALL, LINES)
      if (forStar) {
        insertDebrief.run(id, start + i * HOUR + 60_000, start + i * HOUR + 60_000)
        insertNote.run(randomUUID(), star.id, `Note after call ${i}`, start + i * HOUR + 90_000, start + i * HOUR + 90_000)
      }
    }
    // The two-hour calls (three of them, so 5,000 in all): one with real lines (a give comes early), one where the rep never gives or closes (worst case for the figures).
    bigCallId = addCall(TOTAL_CALLS, prospects[2]!.id, BIG_CALL_SEGMENTS, BIG_CALL_FLAGS, LINES)
    bigGiveFreeId = addCall(TOTAL_CALLS + 1, prospects[3]!.id, BIG_CALL_SEGMENTS, BIG_CALL_FLAGS, GIVE_FREE)
    // The same worst case recorded before segment classes were stored: every line is classified on load.
    bigGiveFreeLegacyId = addCall(TOTAL_CALLS + 2, prospects[4]!.id, BIG_CALL_SEGMENTS, BIG_CALL_FLAGS, GIVE_FREE, false)
  })()
  const counts = db.prepare(`SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM transcript_segments) AS segments, (SELECT count(*) FROM flags) AS flags,
    (SELECT count(*) FROM calls WHERE prospect_id = ?) AS starCalls`).get(star.id) as Record<string, number>
  store.close()
  return { buildMs: performance.now() - t0, counts, bigCallId, bigGiveFreeId, bigGiveFreeLegacyId, starId: star.id }
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  return { median: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +s[s.length - 1]!.toFixed(2) }
}

async function time(fn: () => unknown | Promise<unknown>) {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function measure(label: string, file: string, run: (store: Store, dispatch: ReturnType<typeof createDispatcher>) => Promise<unknown> | unknown) {
  // Cold: a fresh open of the file, first query (SQLite's page cache empty; the OS cache is whatever it is).
  // Only the first measurement in the process also pays for compiling the coach's patterns and zod's validators.
  const store = createStore(file)
  const handlers = { ...debriefHandlers({ store, audioUrlFor: (id) => `/media/${id}.wav` }), ...prospectHandlers({ store, emit: () => undefined }), ...scheduleHandlers({ store }) }
  const dispatch = createDispatcher(handlers as unknown as Handlers, (e) => {
    throw e
  })
  const cold = await time(() => run(store, dispatch))
  const warm: number[] = []
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await time(() => run(store, dispatch)))
  store.close()
  const result = { label, coldMs: +cold.toFixed(2), warm: stats(warm) }
  console.log(`${label.padEnd(58)} cold ${result.coldMs.toFixed(1).padStart(6)} ms   warm median ${result.warm.median.toFixed(1).padStart(6)} ms   p95 ${result.warm.p95.toFixed(1).padStart(6)} ms`)
  return result
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-debrief-bench-'))
  const file = path.join(dir, 'calldesk.sqlite')
  try {
    const built = build(file)
    console.log(`database: ${JSON.stringify(built.counts)} built in ${(built.buildMs / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)\n`)

    const ok = (reply: { ok: boolean }) => {
      if (!reply.ok) throw new Error(JSON.stringify(reply))
      return reply
    }
    const results = [
      // First: a fresh process (after an app restart, opening an old call from history before any coaching ran).
      await measure('FIRST IN FRESH PROCESS: debrief, 2-hour call (dispatch)', file, async (_s, d) => ok(await d(invokeContract.getDebrief.channel, { callId: built.bigCallId }))),
      await measure('debrief, 2-hour call (IPC dispatch, zod in+out)', file, async (_s, d) => ok(await d(invokeContract.getDebrief.channel, { callId: built.bigCallId }))),
      await measure('debrief, 2-hour call, rep never gives (worst case)', file, async (_s, d) => ok(await d(invokeContract.getDebrief.channel, { callId: built.bigGiveFreeId }))),
      await measure('same, recorded before classes were stored (legacy)', file, async (_s, d) => ok(await d(invokeContract.getDebrief.channel, { callId: built.bigGiveFreeLegacyId }))),
      await measure('debrief, 2-hour call (load only, no validation)', file, (s) => loadDebrief(s, built.bigCallId, { audioUrlFor: (id) => id, now: Date.now() })),
      await measure('prospect page, 200 calls (IPC dispatch, zod in+out)', file, async (_s, d) => ok(await d(invokeContract.getProspect.channel, { prospectId: built.starId }))),
      await measure('prospect page, 200 calls (load only, no validation)', file, (s) => loadProspectPage(s, built.starId, Date.now())),
    ]
    // Sanity: the loads return what they claim.
    const s = createStore(file)
    const d = loadDebrief(s, built.bigCallId, { audioUrlFor: (id) => id, now: Date.now() })!
    const p = loadProspectPage(s, built.starId, Date.now())!
    s.close()
    if (d.detail.segments.length !== BIG_CALL_SEGMENTS || d.detail.flags.length !== BIG_CALL_FLAGS) throw new Error('debrief size is wrong')
    if (p.history.filter((h) => h.type === 'call').length !== PROSPECT_CALLS) throw new Error('prospect page size is wrong')
    const [fresh, ...rest] = results
    // Legacy calls (before migration 002) are reported, not held to the target: they classify every line once.
    const pass = rest.filter((r) => !r.label.includes('legacy')).every((r) => r.coldMs < 100 && r.warm.p95 < 100)
    console.log(`\ntarget < 100 ms (cold file and warm p95, process warm as after a call): ${pass ? 'met' : 'NOT met'}`)
    console.log(`first debrief in a fresh process: ${fresh!.coldMs.toFixed(0)} ms (one-time: compiling the coach's patterns and zod's validators)`)
    console.log(JSON.stringify({ bench: 'debrief', cpus: os.cpus().length, database: built.counts, results, targetMs: 100, pass }))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
