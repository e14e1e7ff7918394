/**
 * The small version of `npm run bench:fuzz`: 300 fast-check payloads per
 * contract channel through the real dispatcher. None may crash it (a throw,
 * a malformed envelope or an 'internal' error), and none it refuses may
 * change the database or the data folder.
 */
import { describe, expect, it } from 'vitest'
import { invokeNames } from '../../contract/ipc-contract'
import { runFuzz } from '../../bench/fuzz/ipc-fuzz'

describe('IPC fuzzing', () => {
  it('300 payloads per channel: 0 crashes, 0 changes from refused payloads', async () => {
    const report = await runFuzz({ perChannel: 300, seed: 1234 })
    console.log(`[fuzz] ${JSON.stringify(report.total)} over ${Object.keys(report.perChannel).length} channels`)
    expect(report.examples).toEqual([])
    expect(Object.keys(report.perChannel).length).toBe(invokeNames.length)
    expect(report.total.sent).toBe(300 * invokeNames.length)
    expect(report.total.crashes).toBe(0)
    expect(report.total.refusedThatChanged).toBe(0)
    // Refusals are what is being tested, but some payloads must get through to the handlers too.
    expect(report.total.refused).toBeGreaterThan(report.total.sent / 2)
    expect(report.total.accepted).toBeGreaterThan(0)
  }, 600_000)
})
