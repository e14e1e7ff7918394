/**
 * The speech engine's own process: holds the whisper.cpp model and runs one
 * transcription at a time. A separate process (not a worker thread) because
 * whisper_full cannot be interrupted: killing the process is the only real
 * cancel, and a native crash here cannot take the app down.
 * Runs under Node's child_process.fork and Electron's utilityProcess.fork.
 */
import smartWhisper from 'smart-whisper'
import { decodeParamsFor, ThreadGovernor } from './decode-params'
import { EngineRequest, type EngineReply } from './engine-protocol'

const { binding } = smartWhisper
type Model = InstanceType<typeof binding.WhisperModel>
type Port = { post(msg: EngineReply): void; onMessage(cb: (msg: unknown) => void): void }

function connect(): Port {
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', cb: (ev: { data: unknown }) => void): void } }).parentPort
  if (parentPort) {
    return { post: (m) => parentPort.postMessage(m), onMessage: (cb) => parentPort.on('message', (ev) => cb(ev.data)) }
  }
  if (!process.send) throw new Error('engine-process must be started as a child process')
  return { post: (m) => process.send!(m), onMessage: (cb) => process.on('message', cb) }
}

const port = connect()
let model: Model | undefined
let queue = Promise.resolve()
let governor = new ThreadGovernor(1)

port.onMessage((raw) => {
  const parsed = EngineRequest.safeParse(raw)
  if (!parsed.success) return // only our own host talks to us; ignore anything else
  const msg = parsed.data
  // One at a time: whisper.cpp contexts are not re-entrant.
  queue = queue.then(() => handle(msg)).catch(() => undefined)
})

function transcribe(m: Model, pcm: Float32Array, prompt: string, nThreads: number, speechMs: number | undefined): Promise<string> {
  const { audioCtx, maxTokens } = decodeParamsFor(pcm.length, speechMs)
  return new Promise((resolve, reject) => {
    binding.transcribe(
      m.handle!,
      pcm,
      {
        language: 'en',
        n_threads: nThreads,
        // One utterance in, one line of text out; no timestamp tokens to decode.
        single_segment: true,
        no_timestamps: true,
        // Context comes from the prompt we pass (earlier words of this call), not whisper's own state.
        no_context: true,
        initial_prompt: prompt,
        // Latency: the encoder only runs over the utterance, not a padded 30 s window…
        audio_ctx: audioCtx,
        // …the decoder cannot loop past what the utterance could hold…
        max_tokens: maxTokens,
        // …and greedy decoding runs once: no temperature fallback re-decoding (whisper.cpp's
        // stream example makes the same choice for live use).
        temperature: 0,
        temperature_inc: 0,
        print_progress: false,
        print_realtime: false,
        print_timestamps: false,
        format: 'simple',
      },
      // On failure the addon calls this with an Error instead of the results (N-API AsyncWorker's default).
      (results: unknown) => {
        if (Array.isArray(results)) resolve(results.map((r: { text: string }) => r.text).join('').trim())
        else reject(results instanceof Error ? results : new Error('whisper.cpp could not transcribe this audio'))
      },
      () => undefined,
    )
  })
}

async function handle(msg: EngineRequest): Promise<void> {
  if (msg.type === 'load') {
    const t0 = performance.now()
    try {
      await model?.free()
      model = await binding.WhisperModel.load(msg.modelPath, false)
      governor = new ThreadGovernor(msg.threads)
      port.post({ type: 'loaded', ms: performance.now() - t0 })
    } catch (err) {
      model = undefined
      port.post({ type: 'load-failed', message: err instanceof Error ? err.message : String(err) })
    }
    return
  }
  if (!model) {
    port.post({ type: 'failed', id: msg.id, message: 'No model is loaded' })
    return
  }
  const t0 = performance.now()
  try {
    const pcm = new Float32Array(msg.pcm.length)
    for (let i = 0; i < pcm.length; i++) pcm[i] = msg.pcm[i]! / 32768
    const threads = governor.next()
    const cpu0 = process.cpuUsage()
    const run0 = performance.now()
    port.post({ type: 'started', id: msg.id })
    const text = await transcribe(model, pcm, msg.prompt ?? '', threads, msg.speechMs)
    const cpu = process.cpuUsage(cpu0)
    const wallMs = performance.now() - run0
    const cpuMs = (cpu.user + cpu.system) / 1000
    governor.record(threads, wallMs, cpuMs)
    if (process.env.CALLDESK_DEBUG_ENGINE) process.stderr.write(`calldesk-engine: ${pcm.length / 16} ms audio, ${threads} threads, ${Math.round(wallMs)} ms, cpu ${Math.round(cpuMs)} ms\n`)
    port.post({ type: 'result', id: msg.id, text, ms: performance.now() - t0 })
  } catch (err) {
    port.post({ type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) })
  }
}
