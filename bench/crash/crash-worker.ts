/**
 * The process the crash harness kills. It does real work on a real data folder
 * and prints what it has done, one line per step, so the harness knows what
 * must survive the SIGKILL:
 *   call <dataDir>              records speech at real time: "C <callId>", "A <bytes accepted>", "S <segment id>"
 *   import <dataDir> <bundles>  imports every bundle in the folder: "I <file>"
 *   migrate <dataDir>           creates and migrates database after database: "M <file>"
 * "READY" comes once the work is about to start. The stub engine answers every utterance at once.
 */
import fs from 'node:fs'
import path from 'node:path'
import { readCallAudio } from '../../main/audio/wav-file'
import { importRehearsalBundle } from '../../main/bundle'
import { createCallDeskCore } from '../../main/core/call-desk-core'
import { createStore, openDatabase, closeDatabase } from '../../main/store'
import { stubEngineLauncher } from '../../tests/helpers/stub-engine'

const [mode, dataDir, extra] = process.argv.slice(2) as [string, string, string | undefined]
const out = (line: string) => process.stdout.write(`${line}\n`)
const FRAME_SAMPLES = 320 // 20 ms, as the capture sends them

async function call(): Promise<void> {
  const speech = await readCallAudio(process.env.CRASH_SPEECH_WAV!)
  const core = await createCallDeskCore({
    dataDir,
    appVersion: 'crash',
    env: { CALLDESK_MODEL: process.env.CALLDESK_MODEL },
    engineLauncher: stubEngineLauncher(),
    audioUrlFor: (id) => `/media/${id}.wav`,
    emit: (event, payload) => {
      if (event === 'segment') out(`S ${(payload as { id: number }).id}`)
    },
  })
  const { callId } = await core.handlers.startCall({ kind: 'live' })
  out(`C ${callId}`)
  out('READY')
  let seq = 0
  let bytes = 0
  const t0 = performance.now()
  // Real time, drift-corrected: the flush timer and the segmenter see what a live call gives them.
  for (;;) {
    const at = (seq * FRAME_SAMPLES * 1000) / 16_000
    const wait = t0 + at - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const start = (seq * FRAME_SAMPLES) % (speech.length - FRAME_SAMPLES)
    const frame = speech.slice(start, start + FRAME_SAMPLES)
    core.handlers.pushAudio({ callId, seq, pcm: new Uint8Array(frame.buffer) })
    bytes += frame.byteLength
    seq++
    out(`A ${bytes}`)
  }
}

function importAll(): void {
  const store = createStore(path.join(dataDir, 'calldesk.sqlite'))
  const recordings = path.join(dataDir, 'recordings')
  out('READY')
  for (const file of fs.readdirSync(extra!).sort()) {
    importRehearsalBundle(store, recordings, fs.readFileSync(path.join(extra!, file)))
    out(`I ${file}`)
  }
  store.close()
  out('DONE')
}

function migrateMany(): void {
  out('READY')
  for (let i = 0; ; i++) {
    const file = path.join(dataDir, `m${String(i).padStart(4, '0')}.sqlite`)
    closeDatabase(openDatabase(file))
    out(`M ${file}`)
  }
}

const run = mode === 'call' ? call() : mode === 'import' ? Promise.resolve(importAll()) : Promise.resolve(migrateMany())
run.catch((err: unknown) => {
  out(`ERROR ${err instanceof Error ? err.stack : String(err)}`)
  process.exit(1)
})
