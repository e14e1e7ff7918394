import { describe, expect, it } from 'vitest'
import { ThreadGovernor } from '../../main/transcription/thread-governor'

/**
 * The machines of bench/threads.bench.ts, as (threads → wall ms) for one 768-frame decode:
 * free: 2 threads 900, 1 thread 1400; a busy program beside us: 2 threads 18 000 (they spin), 1 thread 1400.
 */
type Machine = { wall: (threads: number) => number; eff: number; idleBesideOne: number }
const FREE: Machine = { wall: (n: number) => (n === 2 ? 900 : 1400), eff: 0.95, idleBesideOne: 0.95 }
const BUSY: Machine = { wall: (n: number) => (n === 2 ? 18_000 : 1400), eff: 0.5, idleBesideOne: 0.02 }
/** A VM with shared vCPUs: two threads run at 0.6 efficiency and still win. */
const SHARED_VCPUS: Machine = { wall: (n: number) => (n === 2 ? 900 : 1400), eff: 0.6, idleBesideOne: 0.9 }

function setup(configured = 2) {
  let t = 0
  const g = new ThreadGovernor(configured, { minEfficiency: 0.75, minIdlePerThread: 0.75, holdMs: 20_000, maxHoldMs: 80_000, now: () => t })
  /** One decode every `gapMs` on `machine`; returns the thread count used. */
  const run = (machine: Machine, gapMs = 2000, idleCores?: number | null) => {
    t += gapMs
    const threads = g.next()
    const wallMs = machine.wall(threads)
    const idle = idleCores === null ? undefined : (idleCores ?? (threads === 1 ? machine.idleBesideOne : 0.02))
    g.record({ threads, wallMs, cpuMs: wallMs * threads * (threads === 1 ? 0.99 : machine.eff), work: 768, idleCores: idle })
    return threads
  }
  const runs = (machine: Machine, n: number, gapMs = 2000) => Array.from({ length: n }, () => run(machine, gapMs))
  return { g, run, runs }
}

describe('ThreadGovernor', () => {
  it('starts with one thread, and takes both once two runs in a row saw the other core idle and both measure faster', () => {
    const { runs } = setup()
    expect(runs(FREE, 6)).toEqual([1, 1, 2, 2, 2, 2])
  })

  it('does not try both after one quiet run between busy ones (a program working in bursts)', () => {
    const { run } = setup()
    const bursts = Array.from({ length: 40 }, (_, i) => run(i % 2 ? FREE : BUSY))
    expect(bursts.every((n) => n === 1)).toBe(true)
  })

  it('never tries two threads while another program keeps the other core busy', () => {
    const { runs } = setup()
    expect(runs(BUSY, 200).every((n) => n === 1)).toBe(true)
  })

  it('keeps two threads on shared vCPUs where they are inefficient but faster, measuring one thread less and less often', () => {
    const { runs } = setup()
    const used = runs(SHARED_VCPUS, 120) // 4 minutes, a decode every 2 s
    expect(used.slice(0, 3)).toEqual([1, 1, 2])
    const ones = used.map((n, i) => (n === 1 ? i : -1)).filter((i) => i >= 0)
    // Two quiet one-thread runs first; then one thread measured again on the hint once it has rested
    // 20 s; it loses each time and rests 20 s, 40 s, then 80 s (the cap), each from its last measurement.
    expect(ones).toEqual([0, 1, 12, 23, 44, 85])
  })

  it('drops to one thread as soon as a busy program appears, and goes back once it is gone', () => {
    const { runs } = setup()
    runs(FREE, 5)
    expect(runs(BUSY, 3)).toEqual([2, 1, 1]) // one slow decode, then the measurement wins
    expect(runs(BUSY, 50).every((n) => n === 1)).toBe(true)
    const after = runs(FREE, 30)
    expect(after.slice(-5)).toEqual([2, 2, 2, 2, 2])
    // Back within one rest (20 s of decodes) after the other core is free again.
    expect(after.indexOf(2)).toBeLessThanOrEqual(10)
  })

  it('without idle readings retries all threads once the one thread has rested', () => {
    const { g, run } = setup()
    const used = Array.from({ length: 30 }, () => run(FREE, 2000, null))
    expect(used.slice(0, 2)).toEqual([1, 2])
    expect(used.slice(-5)).toEqual([2, 2, 2, 2, 2])
    expect(g.next()).toBe(2)
  })

  it('judges cost per unit of work, so a long decode is not taken for a slow thread count', () => {
    const g = new ThreadGovernor(2, { now: () => 0 })
    g.record({ threads: 1, wallMs: 1400, cpuMs: 1390, work: 768, idleCores: 1 })
    g.record({ threads: 1, wallMs: 1400, cpuMs: 1390, work: 768, idleCores: 1 })
    expect(g.next()).toBe(2)
    g.record({ threads: 2, wallMs: 900, cpuMs: 1700, work: 768, idleCores: 0 })
    g.record({ threads: 2, wallMs: 1800, cpuMs: 3400, work: 1500, idleCores: 0 }) // a full-window decode: same speed per frame
    expect(g.next()).toBe(2)
  })

  it('ignores tiny runs and counts chosen from outside, and never goes below one thread', () => {
    const g = new ThreadGovernor(2, { now: () => 0 })
    g.record({ threads: 1, wallMs: 20, cpuMs: 20, work: 768, idleCores: 1 })
    g.record({ threads: 3, wallMs: 5000, cpuMs: 100, work: 768, idleCores: 1 })
    expect(g.next()).toBe(1)
    expect(new ThreadGovernor(1).next()).toBe(1)
    expect(new ThreadGovernor(0).next()).toBe(1)
  })
})
