/**
 * Start-up adoption of recordings the database does not know. A recording's
 * WAV is created (and its folder entry synced) just before its call row is
 * committed; a crash or power loss between the two leaves audio with no call.
 * That audio is the rep's words: it becomes a call again, marked 'recording'
 * so the normal crash recovery repairs it, segments it and marks it
 * interrupted. Leftovers of a killed bundle import are removed first (their
 * WAV was never the rep's own, and its bundle can simply be imported again).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Id } from '../../contract/ipc-contract'
import { repairWavHeader, WAV_HEADER_BYTES } from '../audio/wav-file'
import { SAMPLE_RATE } from '../audio/pcm'
import { cleanInterruptedImports } from '../bundle'
import type { Store } from '../store'

export interface OrphanReport {
  /** Call ids made for WAVs that had no call. */
  adopted: string[]
  /** Files removed: temp and uncommitted files of interrupted imports. */
  removed: string[]
}

export function adoptOrphanRecordings(store: Store, recordingsDir: string): OrphanReport {
  const removed = cleanInterruptedImports(store, recordingsDir)
  const adopted: string[] = []
  if (!fs.existsSync(recordingsDir)) return { adopted, removed }
  const known = new Set(store.calls.audioPaths())
  for (const name of fs.readdirSync(recordingsDir)) {
    const stem = /^(.+)\.wav$/.exec(name)?.[1]
    // Only the app's own recording names: <call uuid>.wav. Anything else is not ours to guess about.
    if (!stem || known.has(name) || !Id.safeParse(stem).success || store.calls.get(stem)) continue
    const file = path.join(recordingsDir, name)
    const stat = fs.statSync(file)
    if (!stat.isFile() || stat.size < WAV_HEADER_BYTES) continue
    const { durationMs } = repairWavHeader(file)
    store.calls.create({
      id: stem,
      kind: 'live',
      audioPath: name,
      sampleRate: SAMPLE_RATE,
      deviceLabel: null,
      // The file was last written when the recording stopped.
      startedAt: Math.max(0, Math.round(stat.mtimeMs) - durationMs),
    })
    adopted.push(stem)
  }
  return { adopted, removed }
}
