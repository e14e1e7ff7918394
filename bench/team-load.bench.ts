/**
 * Team server load: 50 simulated reps push rehearsals with audio (the real
 * bundle, 20 s of 16 kHz audio each) while 5 coaches pull the team queue,
 * download bundles, post reviews and pull feedback, all through the desktop's
 * TeamClient against the real server process on a real PostgreSQL, over
 * loopback. The loop is bounded (each rep pushes a fixed number; coaches stop
 * once every upload is in and the queue is empty) and the server is stopped
 * at the end.
 *
 *   npm run bench:team        (needs PostgreSQL: CALLDESK_TEST_PG_URL, or Debian's postgresql installed)
 *   --reps N --coaches N --per-rep N --audio-s N
 *
 * Prints throughput, p50/p95 latency per route and the server's RSS, then one JSON line.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { wavHeader } from '../main/audio/wav-file'
import { exportRehearsalBundle } from '../main/bundle'
import { createStore } from '../main/store'
import { TeamClient } from '../main/sync/team-client'
import { inTransaction, createPool } from '../server/src/db'
import { invite } from '../server/src/auth'
import { migrateServer } from '../server/src/migrate'

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '50' },
    coaches: { type: 'string', default: '5' },
    'per-rep': { type: 'string', default: '4' },
    'audio-s': { type: 'string', default: '20' },
  },
})
const REPS = Number(args.reps)
const COACHES = Number(args.coaches)
const PER_REP = Number(args['per-rep'])
const AUDIO_S = Number(args['audio-s'])
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

function postgresUrl(): string {
  const given = process.env.CALLDESK_TEST_PG_URL ?? process.env.CALLDESK_TEAM_DATABASE_URL
  if (given) return given
  // A throwaway cluster, as the tests use.
  return execFileSync(path.join(ROOT, 'server/scripts/pg-cluster.sh'), ['start'], { encoding: 'utf8' }).trim()
}

/** One rep's rehearsals as bundles, built by the desktop's own exporter from a real store. */
function buildBundles(dir: string, count: number): Array<{ callId: string; bytes: Uint8Array }> {
  const store = createStore(path.join(dir, 'calldesk.sqlite'))
  const recordings = path.join(dir, 'recordings')
  fs.mkdirSync(recordings, { recursive: true })
  const pcm = Buffer.alloc(AUDIO_S * 16000 * 2)
  for (let i = 0; i < pcm.length / 2; i++) pcm.writeInt16LE(Math.round(1500 * Math.sin(i / 7) + ((i * 7919) % 300)), i * 2)
  const wav = Buffer.concat([wavHeader(pcm.length), pcm])
  const out: Array<{ callId: string; bytes: Uint8Array }> = []
  const p = store.prospects.create({ name: 'Load Prospect', company: 'Bench' })
  const sc = store.scheduledCalls.create({ prospectId: p.id, scheduledAt: Date.now() + 86_400_000, planNotes: '- open with a result' })
  for (let n = 0; n < count; n++) {
    const startedAt = Date.now() - (count - n) * 3_600_000
    const call = store.calls.create({ kind: 'rehearsal', prospectId: p.id, scheduledCallId: sc.id, audioPath: null, sampleRate: 16000, startedAt })
    fs.writeFileSync(path.join(recordings, `${call.id}.wav`), wav)
    store.calls.update(call.id, { audioPath: `${call.id}.wav` })
    for (let i = 0; i < 8; i++) {
      const seg = store.segments.addTyped({ callId: call.id, startMs: i * 2000, endMs: i * 2000 + 1500, text: `Line ${i} of a rehearsal, with a question?` })
      store.segments.setClass(seg.id, i === 2 ? 'give' : i % 3 === 0 ? 'probe' : 'other')
      if (i % 3 === 0) store.flags.add({ callId: call.id, segmentId: seg.id, kind: 'asking-before-giving', prompt: 'Give first.', atMs: i * 2000 + 1500 })
    }
    store.calls.finish(call.id, { endedAt: startedAt + AUDIO_S * 1000, durationMs: AUDIO_S * 1000, status: 'completed' })
    out.push({ callId: call.id, bytes: exportRehearsalBundle(store, recordings, call.id) })
  }
  store.close()
  return out
}

const latencies = new Map<string, number[]>()
async function timed<T>(route: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  try {
    return await fn()
  } finally {
    const list = latencies.get(route) ?? []
    list.push(performance.now() - t0)
    latencies.set(route, list)
  }
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    if (m) return Number(m[1])
  } catch {
    /* not Linux: ps below */
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim())
}

async function main() {
  const adminUrl = postgresUrl()
  const dbName = `calldesk_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`)
  await admin.query(`CREATE DATABASE ${dbName}`)
  const url = new URL(adminUrl)
  url.pathname = `/${dbName}`
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-team-bench-'))
  let child: ReturnType<typeof spawn> | undefined
  try {
    const pool = createPool(url.toString(), 2)
    await migrateServer(pool)
    const reps = [] as Array<{ token: string }>
    const coaches = [] as Array<{ token: string }>
    for (let i = 0; i < REPS; i++) reps.push(await inTransaction(pool, (c) => invite(c, { name: `Rep ${i + 1}`, role: 'rep', team: 'Bench' })))
    for (let i = 0; i < COACHES; i++) coaches.push(await inTransaction(pool, (c) => invite(c, { name: `Coach ${i + 1}`, role: 'coach', team: 'Bench' })))

    process.stderr.write(`building ${REPS * PER_REP} bundles (${AUDIO_S} s of audio each)…\n`)
    const bundles = reps.map((_, i) => buildBundles(fs.mkdtempSync(path.join(work, `rep-${i}-`)), PER_REP))
    const bundleBytes = bundles.flat().reduce((n, b) => n + b.bytes.byteLength, 0)

    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli.ts'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, CALLDESK_TEAM_DATABASE_URL: url.toString(), CALLDESK_TEAM_BLOB_DIR: path.join(work, 'blobs'), CALLDESK_TEAM_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const ready = await new Promise<string>((resolve, reject) => {
      child!.once('exit', (code) => reject(new Error(`server exited ${code}`)))
      readline.createInterface({ input: child!.stdout! }).on('line', (l) => l.includes('"listening"') && resolve(l))
    })
    const base = (JSON.parse(ready) as { listening: string }).listening
    const rssIdle = rssKiB(child.pid!)
    let rssPeak = rssIdle
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssKiB(child!.pid!))), 100)

    let uploadsDone = 0
    const total = REPS * PER_REP
    const t0 = performance.now()
    const repTasks = reps.map(async (rep, i) => {
      const client = new TeamClient(base, rep.token)
      for (const b of bundles[i]!) {
        await timed('PUT /rehearsals/:id', () => client.putRehearsal(b.callId, b.bytes, `bench:${b.callId}`))
        uploadsDone++
      }
      await timed('GET /feedback (rep)', () => client.feedback(0))
    })
    let reviews = 0
    const coachTasks = coaches.map(async (coach, i) => {
      const client = new TeamClient(base, coach.token)
      // Bounded: stops once every upload is in and the queue is empty (or after a generous cap).
      for (let round = 0; round < 10_000; round++) {
        const finished = uploadsDone === total
        const { rehearsals } = await timed('GET /queue', () => client.queue())
        const mine = rehearsals.filter((_, k) => k % COACHES === i).slice(0, 2)
        for (const r of mine) {
          await timed('GET /rehearsals/:id/bundle', () => client.bundle(r.id))
          await timed('POST /rehearsals/:id/reviews', () =>
            client.pushReviews(r.id, { reviews: [{ id: crypto.randomUUID(), reviewer: `Coach ${i + 1}`, verdict: 'ready', summary: 'ok', createdAt: Date.now() }], comments: [] }, `bench-review:${r.id}:${i}`),
          )
          reviews++
        }
        await timed('GET /feedback (coach)', () => client.feedback(0))
        if (finished && rehearsals.length === 0) break
        // Yield between rounds so an empty queue does not spin.
        if (mine.length === 0) await new Promise((r) => setImmediate(r))
      }
    })
    await Promise.all([...repTasks, ...coachTasks])
    const seconds = (performance.now() - t0) / 1000
    clearInterval(sampler)
    rssPeak = Math.max(rssPeak, rssKiB(child.pid!))
    const stored = Number((await pool.query('SELECT count(*) AS n FROM rehearsals')).rows[0].n)
    const storedReviews = Number((await pool.query('SELECT count(*) AS n FROM reviews')).rows[0].n)
    await pool.end()

    const requests = [...latencies.values()].reduce((n, l) => n + l.length, 0)
    const routes = Object.fromEntries(
      [...latencies].map(([route, l]) => [route, { n: l.length, p50Ms: +pct(l, 50).toFixed(1), p95Ms: +pct(l, 95).toFixed(1), maxMs: +Math.max(...l).toFixed(1) }]),
    )
    const result = {
      reps: REPS,
      coaches: COACHES,
      rehearsalsPushed: total,
      rehearsalsStored: stored,
      reviewsPosted: reviews,
      reviewsStored: storedReviews,
      audioSecondsPerRehearsal: AUDIO_S,
      bundleMiB: +(bundleBytes / 2 ** 20).toFixed(1),
      seconds: +seconds.toFixed(2),
      requestsPerSecond: +(requests / seconds).toFixed(1),
      uploadsPerSecond: +(total / seconds).toFixed(1),
      uploadMiBPerSecond: +(bundleBytes / 2 ** 20 / seconds).toFixed(1),
      routes,
      serverRssMiB: { idle: +(rssIdle / 1024).toFixed(1), peak: +(rssPeak / 1024).toFixed(1) },
      cpus: os.cpus().length,
    }
    console.log(`team load: ${REPS} reps × ${PER_REP} rehearsals (${result.bundleMiB} MiB) + ${COACHES} coaches in ${result.seconds} s`)
    console.log(`  ${result.requestsPerSecond} requests/s, ${result.uploadsPerSecond} uploads/s (${result.uploadMiBPerSecond} MiB/s); stored ${stored}/${total} rehearsals, ${storedReviews} reviews`)
    for (const [route, r] of Object.entries(routes)) console.log(`  ${route.padEnd(32)} n=${String(r.n).padStart(5)}  p50 ${r.p50Ms} ms  p95 ${r.p95Ms} ms`)
    console.log(`  server RSS: ${result.serverRssMiB.idle} MiB idle, ${result.serverRssMiB.peak} MiB peak`)
    console.log(JSON.stringify(result))
    if (stored !== total) process.exitCode = 1
  } finally {
    child?.kill('SIGTERM')
    if (child && child.exitCode === null) await new Promise((r) => child!.once('exit', r))
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.end()
    fs.rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
