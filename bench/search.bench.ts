/**
 * Call list benchmark: a database of 5,000 calls (40 lines each, 200,000 lines
 * in all, 300 prospects), then searches and pages through the same dispatcher
 * the UI calls (input and reply validated with zod):
 *  - a rare word, a common word, two words, a prospect's name, a prefix while
 *    typing, a search with a kind filter, and the list with no search;
 *  - the first page and a page deep in the list (offset 4,000).
 * Each is run cold (first time) and warm (30 runs: p50, p95). Target: < 50 ms.
 *
 *   npm run bench:search
 *
 * Ends with one JSON line holding every figure.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { callHandlers } from '../main/ipc/handlers/calls'
import { createDispatcher, type Handlers } from '../main/ipc/dispatch'
import { createStore } from '../main/store'
import type { TranscriptionQueue } from '../main/transcription/transcription-queue'
import { rawDatabaseForTests } from '../main/store/raw-database'

const CALLS = 5_000
const LINES_PER_CALL = 40
const PROSPECTS = 300
const WARM_RUNS = 30
const TARGET_MS = 50

// A made-up sales vocabulary, drawn with a Zipf-like skew so some words are everywhere and some are rare.
const WORDS = `the a to and you we our your is it that for of in on with this can what how when about
  team campaign budget quarter customers revenue texting mobile pilot demo trial contract renewal pricing
  logistics freight warehouse drivers schedule route delivery season holiday launch result case study
  numbers growth churn retention onboarding support integration dashboard report weekly monthly goal
  process tools vendor switch contract procurement approval decision manager director finance sales
  marketing operations partner referral discount timeline deadline meeting follow next step call back
  email calendar invite agenda recap question answer problem cost saving margin volume orders shipping
  inventory forecast peak capacity hiring training rollout feedback survey score review quarterly annual`
  .split(/\s+/)
  .filter(Boolean)
const RARE = 'zeppelin'
let seed = 42
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
const word = () => WORDS[Math.floor(WORDS.length * rand() ** 2.2)]!
const sentence = () => Array.from({ length: 6 + Math.floor(rand() * 10) }, word).join(' ')

function build(file: string) {
  const store = createStore(file)
  const db = rawDatabaseForTests(store)
  const now = Date.now()
  const prospects: string[] = []
  const addProspect = db.prepare(`INSERT INTO prospects (id, name, company, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
  const addCall = db.prepare(`INSERT INTO calls (id, kind, prospect_id, status, started_at, ended_at, duration_ms, audio_path, sample_rate, device_label, created_at)
                              VALUES (?, ?, ?, 'completed', ?, ?, ?, NULL, 16000, ?, ?)`)
  const addLine = db.prepare(`INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, text, status, source, created_at, updated_at)
                              VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?)`)
  const addFlag = db.prepare(`INSERT INTO flags (id, call_id, kind, at_ms, created_at) VALUES (?, ?, 'asking-before-giving', ?, ?)`)
  db.transaction(() => {
    for (let i = 0; i < PROSPECTS; i++) {
      const id = randomUUID()
      prospects.push(id)
      addProspect.run(id, `Prospect${i} Surname${i % 37}`, `Company${i % 91} Logistics`, now, now)
    }
    for (let c = 0; c < CALLS; c++) {
      const id = randomUUID()
      const kind = c % 5 === 0 ? 'rehearsal' : 'live'
      const typed = c % 10 === 0 // every tenth is a script check
      const started = now - (CALLS - c) * 3_600_000
      addCall.run(id, kind, c % 7 === 0 ? null : prospects[c % PROSPECTS]!, started, started + LINES_PER_CALL * 4000, LINES_PER_CALL * 4000, typed ? null : 'Headset', now)
      for (let s = 0; s < LINES_PER_CALL; s++) {
        const text = c === 2_500 && s === 7 ? `we flew the ${RARE} over the warehouse` : sentence()
        addLine.run(randomUUID(), id, s, s * 4000, s * 4000 + 3500, text, typed ? 'typed' : 'speech', now, now)
      }
      if (c % 3 === 0) addFlag.run(randomUUID(), id, 4000, now)
    }
  })()
  return store
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-search-bench-'))
  const file = path.join(dir, 'calldesk.sqlite')
  const t0 = performance.now()
  build(file).close()
  const buildMs = performance.now() - t0
  const store = createStore(file) // reopened: the first search reads a cold file cache of SQLite's
  const handlers = callHandlers({ store, queue: {} as TranscriptionQueue, emit: () => undefined, audioPathFor: () => undefined, audioUrlFor: (id) => `/media/${id}.wav` })
  const dispatch = createDispatcher(handlers as unknown as Handlers)
  const search = async (input: Record<string, unknown>) => {
    const reply = (await dispatch('calls:search', input)) as { ok: boolean; value?: { items: unknown[]; total: number }; error?: unknown }
    if (!reply.ok) throw new Error(JSON.stringify(reply.error))
    return reply.value!
  }
  const cases: Array<[string, Record<string, unknown>]> = [
    ['no search, first page', { limit: 50 }],
    ['no search, page at offset 4000', { limit: 50, offset: 4000 }],
    ['rare word', { query: RARE }],
    ['common word', { query: 'customers' }],
    ['two words', { query: 'budget quarter' }],
    ['prospect name', { query: 'Prospect17' }],
    ['prefix while typing', { query: 'ware' }],
    ['common word, script checks only', { query: 'pricing', mode: 'script-check' }],
    ['prospect filter', { prospectId: rawDatabaseForTests(store).prepare(`SELECT id FROM prospects LIMIT 1`).pluck().get() as string }],
  ]
  const results: Record<string, { total: number; coldMs: number; p50Ms: number; p95Ms: number }> = {}
  for (const [name, input] of cases) {
    let start = performance.now()
    const first = await search(input)
    const coldMs = performance.now() - start
    const times: number[] = []
    for (let i = 0; i < WARM_RUNS; i++) {
      start = performance.now()
      await search(input)
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    const r = (x: number) => Math.round(x * 10) / 10
    results[name] = { total: first.total, coldMs: r(coldMs), p50Ms: r(times[Math.floor(WARM_RUNS / 2)]!), p95Ms: r(times[Math.floor(WARM_RUNS * 0.95)]!) }
    console.log(`${name.padEnd(36)} ${String(first.total).padStart(5)} calls  cold ${results[name]!.coldMs} ms  p50 ${results[name]!.p50Ms} ms  p95 ${results[name]!.p95Ms} ms`)
  }
  store.close()
  if (!process.env.KEEP_DB) fs.rmSync(dir, { recursive: true, force: true })
  else console.log(file)
  const worstP95 = Math.max(...Object.values(results).map((r) => r.p95Ms))
  console.log(JSON.stringify({ calls: CALLS, lines: CALLS * LINES_PER_CALL, buildMs: Math.round(buildMs), targetMs: TARGET_MS, worstP95Ms: worstP95, pass: worstP95 < TARGET_MS, results }))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
