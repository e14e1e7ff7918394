/**
 * Microphone capture for a call: opens the chosen input (audio only), runs the
 * PCM worklet, and hands each 20 ms frame and its level to the caller.
 */
import workletUrl from './pcm-capture.worklet.ts?worker&url'

export interface MicFrame {
  pcm: Uint8Array
  /** Loudest frame level of the last 100 ms, held between updates (see LEVEL_MS). */
  rms: number
  peak: number
}

/**
 * The level changes only this often: a meter needs no more, and an unchanged
 * value lets React skip re-rendering the call screen on every frame.
 */
const LEVEL_MS = 100

export interface MicSession {
  deviceLabel: string
  stop(): Promise<void>
}

export interface OpenMicOptions {
  deviceId?: string
  onFrame(frame: MicFrame): void
  /** The device went away mid-call (unplugged, or revoked). */
  onEnded(reason: string): void
}

/** Turns getUserMedia failures into a sentence a rep can act on. */
export function microphoneErrorMessage(err: unknown): string {
  const name = err instanceof DOMException ? err.name : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Call Desk is not allowed to use the microphone. Allow microphone access for Call Desk in your system settings, then start the call again.'
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Plug in a headset or pick another input, then start the call again.'
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone is busy or failed to start. Close other apps using it (or re-plug it) and try again.'
    default:
      return `The microphone could not be opened: ${err instanceof Error ? err.message : String(err)}`
  }
}

export async function listMicrophones(): Promise<MediaDeviceInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices()
  return devices.filter((d) => d.kind === 'audioinput')
}

export async function openMicrophone(opts: OpenMicOptions): Promise<MicSession> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      ...(opts.deviceId ? { deviceId: { exact: opts.deviceId } } : {}),
      channelCount: 1,
      // Keep the voice natural for Whisper; the browser's noise suppression smears consonants.
      echoCancellation: true,
      noiseSuppression: false,
      autoGainControl: true,
    },
    video: false,
  })
  const track = stream.getAudioTracks()[0]
  if (!track) throw new DOMException('No audio track', 'NotFoundError')
  let context: AudioContext
  try {
    context = new AudioContext({ sampleRate: 16_000, latencyHint: 'interactive' })
  } catch {
    context = new AudioContext({ latencyHint: 'interactive' })
  }
  await context.audioWorklet.addModule(workletUrl)
  const source = context.createMediaStreamSource(stream)
  const node = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1 })
  let level = { rms: 0, peak: 0 }
  let acc = { rms: 0, peak: 0, since: performance.now() }
  node.port.onmessage = (ev: MessageEvent<{ pcm: ArrayBuffer; rms: number; peak: number }>) => {
    acc = { rms: Math.max(acc.rms, ev.data.rms), peak: Math.max(acc.peak, ev.data.peak), since: acc.since }
    const now = performance.now()
    if (now - acc.since >= LEVEL_MS) {
      level = { rms: acc.rms, peak: acc.peak }
      acc = { rms: 0, peak: 0, since: now }
    }
    opts.onFrame({ pcm: new Uint8Array(ev.data.pcm), rms: level.rms, peak: level.peak })
  }
  source.connect(node)
  let stopped = false
  track.addEventListener('ended', () => {
    if (!stopped) opts.onEnded('The microphone was disconnected. The call was saved up to this moment.')
  })
  return {
    deviceLabel: track.label || 'Microphone',
    stop: async () => {
      stopped = true
      source.disconnect()
      node.port.onmessage = null
      for (const t of stream.getTracks()) t.stop()
      await context.close()
    },
  }
}
