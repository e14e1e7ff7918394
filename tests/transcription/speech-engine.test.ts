/**
 * The real whisper.cpp engine (in its own process) with the weightless test
 * model: it loads, transcribes (empty text is that model's correct answer),
 * cancels for real, and fails clearly on bad model files.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCallAudio } from '../../main/audio/wav-file'
import { ModelFileError } from '../../main/transcription/model-file'
import { SpeechEngine, TranscriptionCancelled } from '../../main/transcription/speech-engine'
import { SPEECH_DIR, TEST_MODEL } from '../helpers/shared-assets'
import { tempDataDir } from '../helpers/test-host-process'

const engines: SpeechEngine[] = []
const engine = (modelPath: string) => {
  const e = new SpeechEngine({ modelPath, threads: 2 })
  engines.push(e)
  return e
}
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()))
})

async function utterance(): Promise<Int16Array> {
  const samples = await readCallAudio(path.join(SPEECH_DIR, 'cold-call-interrogation.wav'))
  return samples.slice(Math.round(0.6 * 16000), Math.round(3.5 * 16000))
}

describe('SpeechEngine', () => {
  it('loads the test model and transcribes a segment (empty text)', async () => {
    const e = engine(TEST_MODEL)
    await e.load()
    const result = await e.transcribe(await utterance())
    expect(result.text).toBe('')
    expect(result.engineMs).toBeGreaterThan(0)
    expect(e.pending).toBe(0)
  }, 120_000)

  it('cancels a running transcription at once and can work again afterwards', async () => {
    const e = engine(TEST_MODEL)
    await e.load()
    const running = e.transcribe(await utterance())
    const queued = e.transcribe(await utterance())
    await new Promise((r) => setTimeout(r, 500))
    const t0 = performance.now()
    e.cancelAll()
    await expect(running).rejects.toBeInstanceOf(TranscriptionCancelled)
    await expect(queued).rejects.toBeInstanceOf(TranscriptionCancelled)
    // Stopping is immediate (the engine process is ended), not after whisper.cpp finishes its ~30 s window.
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(e.pending).toBe(0)
    await e.load() // a fresh process with the model loaded again
  }, 60_000)

  it('names a missing model file and says what to do', async () => {
    const missing = path.join(tempDataDir(), 'ggml-base.en.bin')
    const err = await engine(missing).load().catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ModelFileError)
    expect((err as ModelFileError).code).toBe('missing')
    expect((err as Error).message).toContain(missing)
  })

  it('rejects a truncated model file', async () => {
    // A real-format file cut mid-tensor: header and vocab of the test model, plus one tensor header with no data.
    const file = path.join(tempDataDir(), 'ggml-truncated.bin')
    const header = Buffer.alloc(12 + 4 + 'encoder.conv1.bias'.length)
    header.writeInt32LE(1, 0) // n_dims
    header.writeInt32LE('encoder.conv1.bias'.length, 4)
    header.writeInt32LE(0, 8) // F32
    header.writeInt32LE(384, 12) // ne[0]
    header.write('encoder.conv1.bias', 16, 'ascii')
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync(TEST_MODEL), header, Buffer.alloc(100)]))
    const err = await engine(file).load().catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ModelFileError)
    expect((err as ModelFileError).code).toBe('truncated')
    expect((err as Error).message).toContain(file)
  })

  it('rejects a file that is not a model', async () => {
    const wav = path.join(SPEECH_DIR, 'jfk.wav')
    const err = await engine(wav).load().catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ModelFileError)
    expect((err as ModelFileError).code).toBe('not-a-model')
    expect((err as Error).message).toContain(wav)
  })
})

describe('SpeechEngine cancel during load', () => {
  it('answers the cancelled job, then serves a new one with a fresh load', async () => {
    const e = engine(TEST_MODEL)
    const pcm = await utterance()
    const first = e.transcribe(pcm) // starts loading the model
    e.cancelAll() // before the model has loaded
    await expect(first).rejects.toBeInstanceOf(TranscriptionCancelled)
    // A job after the cancel is not rejected by the aborted load.
    const second = e.transcribe(pcm)
    await new Promise((r) => setTimeout(r, 1500))
    e.cancelAll()
    await expect(second).rejects.toBeInstanceOf(TranscriptionCancelled)
    expect(e.pending).toBe(0)
    await e.load()
  }, 60_000)
})
