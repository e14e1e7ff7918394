/**
 * Short writes under a real file-size limit (RLIMIT_FSIZE via `ulimit -f` in a
 * child process): the kernel writes what fits and returns a short count, then
 * EFBIG. Nothing may count that as success: a bundle saved, an import committed
 * or a recording flushed must be whole, or fail and leave nothing half-written.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportRehearsalBundle } from '../../main/bundle'
import { makeWav, dumpDb, dumpDir, seedRehearsal, useMachines } from './helpers'
import { REPO_ROOT } from '../helpers/shared-assets'

const CHILD = path.join(REPO_ROOT, 'tests/bundle/fixtures/short-write-child.ts')
/** 1024-byte blocks, as bash's ulimit -f counts them. */
const LIMIT_BLOCKS = 1024
const LIMIT_BYTES = LIMIT_BLOCKS * 1024

function underLimit(...args: string[]): { ok: boolean; code?: string; message?: string } {
  const quoted = [process.execPath, '--import', 'tsx', CHILD, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  const r = spawnSync('bash', ['-c', `ulimit -f ${LIMIT_BLOCKS} && exec ${quoted}`], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 })
  const line = r.stdout.trim().split('\n').at(-1) ?? ''
  if (!line.startsWith('{')) throw new Error(`child failed (exit ${r.status}): ${r.stderr}`)
  return JSON.parse(line)
}

describe('short writes under a file-size limit', () => {
  const { machine, tmp } = useMachines()

  it('a bundle too big for the limit is not saved, and no half file or temp file is left', () => {
    const target = path.join(tmp(), 'out', 'bundle.zip')
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const r = underLimit('bundle-file', target, String(LIMIT_BYTES + 300_000))
    expect(r.ok).toBe(false)
    expect(fs.readdirSync(path.dirname(target))).toEqual([])
    // Under the limit it works (the child itself is fine).
    expect(underLimit('bundle-file', target, String(200_000)).ok).toBe(true)
    expect(fs.statSync(target).size).toBe(200_000)
  })

  it('an import whose audio does not fit is refused and changes nothing (no half WAV committed)', () => {
    const rep = machine('rep')
    const fx = seedRehearsal(rep)
    // A recording bigger than the limit.
    fs.writeFileSync(path.join(rep.recordings, `${fx.callId}.wav`), makeWav(40_000))
    const bundleFile = path.join(tmp(), 'big.zip')
    fs.writeFileSync(bundleFile, exportRehearsalBundle(rep.store, rep.recordings, fx.callId))
    const coach = machine('coach', 1_760_000_000_000)
    const db = dumpDb(coach.store)
    const dir = dumpDir(coach.recordings)
    const r = underLimit('import', path.dirname(coach.recordings), bundleFile)
    expect(r).toMatchObject({ ok: false, code: 'write-failed' })
    expect(dumpDb(coach.store)).toEqual(db)
    expect(dumpDir(coach.recordings)).toEqual(dir)
  })

  it('a recording flush that comes up short fails instead of reporting the audio written', () => {
    const target = path.join(tmp(), 'call.wav')
    const r = underLimit('wav', target, String(LIMIT_BYTES + 100_000))
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/Could not write the recording/)
    // What is on disk is what the limit let through; nothing claimed more.
    expect(fs.statSync(target).size).toBeLessThanOrEqual(LIMIT_BYTES)
  })
})
