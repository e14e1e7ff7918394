/**
 * The speech engine's own process: holds the whisper.cpp model and runs one
 * transcription at a time. A separate process (not a worker thread) because
 * whisper_full cannot be interrupted: killing the process is the only real
 * cancel, and a native crash here cannot take the app down. (A short live
 * decode is not killed but dropped: SpeechEngine.dropRunning lets it finish
 * here and ignores its answer, so the model stays loaded.)
 * Runs under Node's child_process.fork and Electron's utilityProcess.fork.
 */
import { readdirSync } from 'node:fs'
import os from 'node:os'
import smartWhisper from 'smart-whisper'
import { decodeParamsFor, FULL_AUDIO_CTX } from './decode-params'
import { ThreadGovernor } from './thread-governor'
import { EngineRequest, type EngineReply, type EngineToken } from './engine-protocol'

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

type TranscribeRequest = Extract<EngineRequest, { type: 'transcribe' }>
type Detail = { text: string; tokens?: Array<{ text: string; id: number; p: number; from?: number; to?: number }> }

/** whisper.cpp's special tokens ([_BEG_], [_TT_150], <|endoftext|>) carry no words. */
const isSpecial = (t: string) => /^\s*(\[_[^\]]*\]|<\|[^|]*\|>)\s*$/.test(t)

/** `audioCtx`: the encoder frames it ran (0 is whisper.cpp's full window). */
function transcribe(m: Model, pcm: Float32Array, msg: TranscribeRequest, nThreads: number): Promise<{ text: string; tokens: EngineToken[]; audioCtx: number }> {
  const tier = msg.tier ?? 'live'
  const chosen = decodeParamsFor(pcm.length, msg.speechMs, tier)
  const audioCtx = msg.audioCtx ?? chosen.audioCtx
  const maxTokens = msg.maxTokens ?? chosen.maxTokens
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
        // Context comes from the prompt we pass (committed words of this turn), not whisper's own state.
        no_context: true,
        initial_prompt: msg.prompt ?? '',
        // Live: the encoder runs over a window that keeps accuracy, not the piece (decode-params.ts);
        // final: the full 30 s window.
        audio_ctx: audioCtx,
        // The decoder cannot loop past what the utterance could hold.
        max_tokens: maxTokens,
        // Live: greedy, once (as whisper.cpp's stream example). Final: whisper.cpp's temperature
        // fallback with its default thresholds (entropy 2.4, logprob -1).
        temperature: 0,
        temperature_inc: chosen.temperatureInc,
        entropy_thold: 2.4,
        logprob_thold: -1,
        // Token probabilities and times, for the confidence gate and the word agreement.
        token_timestamps: true,
        print_progress: false,
        print_realtime: false,
        print_timestamps: false,
        format: 'detail',
      },
      // On failure the addon calls this with an Error instead of the results (N-API AsyncWorker's default).
      (results: unknown) => {
        if (!Array.isArray(results)) {
          reject(results instanceof Error ? results : new Error('whisper.cpp could not transcribe this audio'))
          return
        }
        const segments = results as Detail[]
        const tokens: EngineToken[] = []
        for (const seg of segments)
          for (const t of seg.tokens ?? []) {
            if (isSpecial(t.text)) continue
            tokens.push({ text: t.text, p: t.p, fromMs: t.from ?? 0, toMs: t.to ?? 0 })
          }
        resolve({ text: segments.map((r) => r.text).join('').trim(), tokens, audioCtx })
      },
      () => undefined,
    )
  })
}

/**
 * Lowest CPU priority for this whole process. On Linux a nice value belongs to
 * one thread and new threads inherit their creator's: the main thread is
 * lowered (whisper.cpp's threads are started later from threads it starts), and
 * every thread already running (libuv's pool, which runs the addon's work) is
 * lowered by its id. macOS and Windows apply it to the process.
 */
function lowerPriority(): void {
  try {
    os.setPriority(os.constants.priority.PRIORITY_LOW)
  } catch {
    return // not permitted here: the engine still works, only without the priority
  }
  if (process.platform !== 'linux') return
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      os.setPriority(Number(tid), os.constants.priority.PRIORITY_LOW)
    } catch {
      // a thread that ended meanwhile
    }
  }
}

/** Idle time of all cores together since boot, ms (os.cpus(): /proc/stat on Linux); undefined where the OS gives none. */
function machineIdleMs(): number | undefined {
  const cpus = os.cpus()
  if (!cpus.length) return undefined
  return cpus.reduce((sum, c) => sum + c.times.idle, 0)
}

async function handle(msg: EngineRequest): Promise<void> {
  if (msg.type === 'load') {
    const t0 = performance.now()
    try {
      if (msg.background) lowerPriority()
      await model?.free()
      model = await binding.WhisperModel.load(msg.modelPath, false)
      governor = new ThreadGovernor(msg.threads)
      // After the load, so threads the addon started for it are lowered too.
      if (msg.background) lowerPriority()
      port.post({ type: 'loaded', ms: performance.now() - t0, nice: os.getPriority() })
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
    const threads = msg.threads ?? governor.next()
    const cpu0 = process.cpuUsage()
    const idle0 = machineIdleMs()
    const run0 = performance.now()
    port.post({ type: 'started', id: msg.id })
    const { text, tokens, audioCtx } = await transcribe(model, pcm, msg, threads)
    const cpu = process.cpuUsage(cpu0)
    const wallMs = performance.now() - run0
    const cpuMs = (cpu.user + cpu.system) / 1000
    // The encoder's frames are most of a decode's work.
    const frames = audioCtx || FULL_AUDIO_CTX
    const idle1 = machineIdleMs()
    const idleCores = idle0 !== undefined && idle1 !== undefined ? Math.max(0, idle1 - idle0) / wallMs : undefined
    governor.record({ threads, wallMs, cpuMs, work: frames, idleCores })
    if (process.env.CALLDESK_DEBUG_ENGINE) process.stderr.write(`calldesk-engine: ${pcm.length / 16} ms audio, ${threads} threads, ${Math.round(wallMs)} ms, cpu ${Math.round(cpuMs)} ms, idle cores ${idleCores?.toFixed(2)}\n`)
    port.post({ type: 'result', id: msg.id, text, tokens, ms: performance.now() - t0, threads, cpuMs, idleCores })
  } catch (err) {
    port.post({ type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) })
  }
}
