/**
 * An in-process speech engine that answers every utterance with the next line
 * of a script, at once: crash and fuzz tests need the real recording, queue and
 * coach path without whisper.cpp's cost. It speaks the engine protocol, so the
 * app's SpeechEngine host drives it exactly like the real process.
 */
import type { EngineReply, EngineRequest, EngineToken } from '../../main/transcription/engine-protocol'
import type { EngineLauncher } from '../../main/transcription/speech-engine'

/** Lines the coach flags (a probe before any give, an early close) and plain ones. */
export const STUB_LINES = [
  'How many reps are on your team today?',
  'What tools do you use for that right now?',
  'Can we book a demo for next week?',
  'Thanks for taking the call.',
]

export function stubEngineLauncher(lines: readonly string[] = STUB_LINES): EngineLauncher {
  let n = 0
  return () => {
    const listeners: Array<(m: EngineReply) => void> = []
    const exits: Array<(code: number | null) => void> = []
    let alive = true
    const reply = (m: EngineReply) => queueMicrotask(() => alive && listeners.forEach((l) => l(m)))
    return {
      send: (msg: { type: string; id?: number }) => {
        if (msg.type === 'load') reply({ type: 'loaded', ms: 0 })
        else if (msg.type === 'transcribe' && msg.id !== undefined) {
          reply({ type: 'started', id: msg.id } as EngineReply)
          reply({ type: 'result', id: msg.id, text: lines[n++ % lines.length]!, ms: 1 })
        }
      },
      onMessage: (cb: (m: EngineReply) => void) => void listeners.push(cb),
      onExit: (cb: (code: number | null) => void) => void exits.push(cb),
      kill: () => {
        alive = false
        queueMicrotask(() => exits.forEach((e) => e(null)))
      },
    } as unknown as ReturnType<EngineLauncher>
  }
}

/** What a scripted engine answers one decode with: its tokens (times in the clip), or 'hold' (still decoding, never done). */
export type ScriptedAnswer = EngineToken[] | 'hold'

/**
 * An engine that answers each decode from its request (audio, clip start, tier) with timed tokens, as the engine
 * process replies: the live-path tests choose every word, and what each decode was given can be checked.
 */
export function answeringEngineLauncher(answer: (msg: Extract<EngineRequest, { type: 'transcribe' }>) => ScriptedAnswer): EngineLauncher {
  return () => {
    const listeners: Array<(m: EngineReply) => void> = []
    const reply = (m: EngineReply) => queueMicrotask(() => listeners.forEach((l) => l(m)))
    return {
      send: (msg: EngineRequest) => {
        if (msg.type === 'load') return reply({ type: 'loaded', ms: 0 })
        reply({ type: 'started', id: msg.id })
        const tokens = answer(msg)
        if (tokens === 'hold') return
        reply({ type: 'result', id: msg.id, ms: 1, text: tokens.map((t) => t.text.trim()).join(' '), tokens })
      },
      onMessage: (cb: (m: EngineReply) => void) => void listeners.push(cb),
      onExit: () => undefined,
      kill: () => undefined,
    }
  }
}
