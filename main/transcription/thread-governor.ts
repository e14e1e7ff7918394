/**
 * How many threads whisper.cpp gets for the next decode, chosen by measured
 * speed. Pure (clock injected), so the policy is tested without a model.
 *
 * Why it is needed: ggml's worker threads wait for each other by spinning at
 * every step of the graph, so a thread that loses its core for a moment stalls
 * the others. On this 2-core VM, with one other CPU-bound program running (at
 * the lowest priority, nice 19!), a 4 s clip took 18.3 s with 2 threads and
 * 1.35 s with 1 (bench/threads.bench.ts); with the machine free, 2 threads took
 * 0.90 s. A rep on a video call always has another busy program.
 *
 * What it reads after each run: its cost (wall time per encoder frame), its
 * CPU efficiency (CPU time / (wall × threads), spinning included: low means
 * threads waited) and how many cores the rest of the machine left idle while
 * it ran (`idleCores`, from the OS's per-core counters; the background engine
 * is paused during the foreground's decodes, so that is everyone else).
 * - It starts with one thread: a wrong guess costs a third of one decode, not
 *   twenty times it.
 * - Two one-thread runs in a row that saw the other cores idle say more
 *   threads would have had them: the next decode uses them all (a
 *   measurement). Two, because a program that works in bursts (a build, a
 *   browser tab) can start right after one quiet run, and a measurement then
 *   costs ten times a decode (7.7 s instead of 1.4 s, seen in bench:live).
 * - A run with all threads that ran them inefficiently hints that the cores
 *   are shared: the next decode uses one (a measurement). On a VM whose vCPUs
 *   are shared two threads may run at 60–70 % efficiency and still win.
 * - Otherwise the count whose recent runs cost less is used. A count that lost
 *   a measurement rests `holdMs` before it is measured again, doubled each time
 *   it loses (up to `maxHoldMs`); without idle readings all threads are also
 *   retried after that rest.
 */
export interface ThreadGovernorOptions {
  /** Below this CPU efficiency a run with all threads hints that they waited for the cores. */
  minEfficiency: number
  /**
   * Idle cores needed beside a one-thread run, per extra thread, to try all of them. Half a core: in
   * bench:live the app's own renderer and host keep the second core partly busy (0–0.86 idle beside a
   * one-thread decode) and two threads still won there; a busy program leaves ~0.02.
   */
  minIdlePerThread: number
  holdMs: number
  maxHoldMs: number
  now: () => number
}

export interface GovernedRun {
  threads: number
  wallMs: number
  cpuMs: number
  /** What the run computed, comparable across runs (encoder frames). */
  work: number
  /** Cores the rest of the machine left idle during the run, on average (0 … cores); undefined where unknown. */
  idleCores?: number
}

export class ThreadGovernor {
  /** Per thread count: cost (wall ms per unit of work, averaged over recent runs) and when last measured. */
  private readonly cost = new Map<number, { perUnit: number; at: number }>()
  /** Per thread count: how long it rests after losing a measurement. */
  private readonly hold = new Map<number, number>()
  private probe: number | undefined
  /** One-thread runs in a row that saw the other cores idle. */
  private quietRuns = 0
  private readonly opts: ThreadGovernorOptions

  constructor(
    private readonly configured: number,
    opts: Partial<ThreadGovernorOptions> = {},
  ) {
    this.opts = { minEfficiency: 0.75, minIdlePerThread: 0.5, holdMs: 20_000, maxHoldMs: 300_000, now: () => performance.now(), ...opts }
  }

  next(): number {
    if (this.configured <= 1) return 1
    return this.probe ?? this.best()
  }

  record(run: GovernedRun): void {
    const { threads, wallMs, cpuMs, work } = run
    if (this.configured <= 1 || wallMs < 50 || work <= 0) return // tiny runs say nothing
    if (threads !== 1 && threads !== this.configured) return // a count chosen from outside (benchmarks)
    const now = this.opts.now()
    if (threads === 1 && run.idleCores !== undefined) {
      this.quietRuns = run.idleCores >= (this.configured - 1) * this.opts.minIdlePerThread ? this.quietRuns + 1 : 0
    }
    const perUnit = wallMs / work
    const seen = this.cost.get(threads)
    // Recent runs count most, and one older than a rest not at all: the machine's speed drifts within minutes.
    const recent = seen && now - seen.at < this.opts.holdMs
    this.cost.set(threads, { perUnit: recent ? (seen.perUnit + perUnit) / 2 : perUnit, at: now })
    if (this.probe === threads) {
      this.probe = undefined
      if (this.best() !== threads) this.hold.set(threads, Math.min(this.opts.maxHoldMs, (this.hold.get(threads) ?? this.opts.holdMs / 2) * 2))
      else this.hold.delete(threads === 1 ? this.configured : 1)
    }
    this.probe = this.measurementDue(run, now)
  }

  /** The measured count with the lower cost; one thread until all of them have been measured. */
  private best(): number {
    const all = this.cost.get(this.configured)
    const one = this.cost.get(1)
    if (!all) return 1
    if (!one) return this.configured
    return one.perUnit < all.perUnit ? 1 : this.configured
  }

  /** Whether the next decode should measure the count not in use, from what this run saw. */
  private measurementDue(run: GovernedRun, now: number): number | undefined {
    const other = this.best() === 1 ? this.configured : 1
    const measured = this.cost.get(other)
    const rested = !measured || now - measured.at >= (this.hold.get(other) ?? this.opts.holdMs)
    if (!rested) return undefined
    if (other === 1) return run.threads === this.configured && run.cpuMs / (run.wallMs * run.threads) < this.opts.minEfficiency ? 1 : undefined
    if (run.threads !== 1) return undefined
    // Without a reading of the other cores, all threads are retried once rested.
    if (run.idleCores === undefined) return other
    return this.quietRuns >= 2 ? other : undefined
  }
}
