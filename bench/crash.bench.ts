/**
 * npm run bench:crash [-- --kills 200 --seed 1 --concurrency 2]
 * Real SIGKILLs at random moments (mid-flush, mid-utterance, mid-import,
 * mid-migration) with a stub speech engine; prints what recovery kept, as JSON.
 */
import { runCrashes } from './crash/crash-harness'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

const started = Date.now()
const report = await runCrashes({
  kills: arg('kills', 200),
  seed: arg('seed', 1),
  concurrency: arg('concurrency', 2),
  log: process.env.CRASH_VERBOSE ? (l) => process.stderr.write(`${l}\n`) : undefined,
})
console.log(JSON.stringify({ ...report, wallSeconds: Math.round((Date.now() - started) / 1000) }, null, 2))
const bad = report.segmentsLost > 0 || report.orphansLeft > 0 || report.importRetryFailures.length > 0 || report.migrationFailures.length > 0 || report.workerErrors.length > 0
process.exit(bad ? 1 : 0)
