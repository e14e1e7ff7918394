/**
 * npm run bench:fuzz [-- --per-channel 10000 --seed 42]
 * fast-check payloads through the real IPC dispatcher, every channel; prints counts as JSON.
 */
import { runFuzz } from './fuzz/ipc-fuzz'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const started = Date.now()
const report = await runFuzz({
  perChannel: arg('per-channel', 10_000),
  seed: arg('seed', 42),
  log: (l) => process.stderr.write(`${l}\n`),
})
console.log(JSON.stringify({ ...report, channels: Object.keys(report.perChannel).length, wallSeconds: Math.round((Date.now() - started) / 1000) }, null, 2))
process.exit(report.total.crashes > 0 || report.total.refusedThatChanged > 0 ? 1 : 0)
