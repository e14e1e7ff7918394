/**
 * The small version of `npm run bench:crash`: 20 real SIGKILLs at random
 * moments of a call recording, a bundle import and migrations, each followed
 * by the app's start-up recovery. Nothing stored may be lost, nothing may be
 * left orphaned, recovered speech is coached, and every bundle imports again.
 * No timing is asserted (audio lost is printed, not checked: it depends on
 * where the kill landed relative to the 250 ms flush).
 */
import { describe, expect, it } from 'vitest'
import { runCrashes } from '../../bench/crash/crash-harness'

describe('SIGKILL at random moments', () => {
  it('20 kills: 0 segments lost, 0 orphans, recovered speech coached, every import and database recovers', async () => {
    const report = await runCrashes({ kills: 20, seed: 7, concurrency: 2 })
    console.log(`[crash] ${JSON.stringify(report)}`)
    expect(report.workerErrors).toEqual([])
    // A run can finish before its kill lands (an import of six small bundles is quick); nearly all are killed.
    expect(report.kills.call + report.kills.import + report.kills.migrate).toBeGreaterThanOrEqual(16)
    expect(report.kills.import).toBeGreaterThan(0)
    expect(report.callsRecovered).toBe(report.kills.call)
    expect(report.segmentsLost).toBe(0)
    expect(report.orphansLeft).toBe(0)
    expect(report.recoveredSegmentsUncoached).toBe(0)
    expect(report.importRetryFailures).toEqual([])
    expect(report.migrationFailures).toEqual([])
    expect(report.migrationFiles).toBeGreaterThan(0)
  }, 600_000)
})
