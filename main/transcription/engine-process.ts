/**
 * The speech engine's own process: holds the whisper.cpp model and runs one
 * transcription at a time. A separate process (not a worker thread) because
 * whisper_full cannot be interrupted through this binding: killing the process
 * is the only real cancel, and a native crash here cannot take the app down.
 * Runs under Node's child_process.fork and Electron's utilityProcess.fork.
 */
import { initWhisper, type WhisperContext } from '@fugood/whisper.node'
import { EngineRequest, type EngineReply } from './engine-protocol'

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
let context: WhisperContext | undefined
let threads = 1
let queue = Promise.resolve()

port.onMessage((raw) => {
  const parsed = EngineRequest.safeParse(raw)
  if (!parsed.success) return // only our own host talks to us; ignore anything else
  const msg = parsed.data
  // One at a time: whisper.cpp contexts are not re-entrant.
  queue = queue.then(() => handle(msg)).catch(() => undefined)
})

async function handle(msg: EngineRequest): Promise<void> {
  if (msg.type === 'load') {
    const t0 = performance.now()
    try {
      await context?.release()
      context = await initWhisper({ filePath: msg.modelPath, useGpu: false })
      threads = msg.threads
      port.post({ type: 'loaded', ms: performance.now() - t0 })
    } catch (err) {
      context = undefined
      port.post({ type: 'load-failed', message: err instanceof Error ? err.message : String(err) })
    }
    return
  }
  if (!context) {
    port.post({ type: 'failed', id: msg.id, message: 'No model is loaded' })
    return
  }
  const t0 = performance.now()
  try {
    const pcm = msg.pcm
    const data = pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength) as ArrayBuffer
    const { promise } = context.transcribeData(data, { language: 'en', maxThreads: threads, temperature: 0 })
    const result = await promise
    port.post({ type: 'result', id: msg.id, text: result.result.trim(), ms: performance.now() - t0 })
  } catch (err) {
    port.post({ type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) })
  }
}
