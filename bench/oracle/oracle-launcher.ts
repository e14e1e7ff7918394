/**
 * The real engine process (whisper.cpp, whatever model) for timing, with its
 * words replaced by the oracle's: each reply carries the script words of the
 * clip it was asked about (garbled where the clip cuts them), as tokens with
 * times, exactly what the live path reads from a real decode. bench:live sets
 * CALLDESK_ORACLE_SCRIPT to a JSON file of the call's timed words.
 */
import fs from 'node:fs'
import type { EngineReply, EngineRequest } from '../../main/transcription/engine-protocol'
import { nodeEngineLauncher, type EngineLauncher } from '../../main/transcription/speech-engine'
import { oracleWords, type ScriptWord } from './oracle-recognizer'

export function oracleEngineLauncher(scriptPath: string, base: EngineLauncher = nodeEngineLauncher): EngineLauncher {
  const script = JSON.parse(fs.readFileSync(scriptPath, 'utf8')) as ScriptWord[]
  return () => {
    const channel = base()
    const clips = new Map<number, { startMs: number; endMs: number }>()
    return {
      send(msg: EngineRequest) {
        if (msg.type === 'transcribe') {
          const startMs = msg.clipStartMs ?? 0
          clips.set(msg.id, { startMs, endMs: startMs + (msg.pcm.length * 1000) / 16_000 })
        }
        channel.send(msg)
      },
      onMessage(cb: (m: EngineReply) => void) {
        channel.onMessage((m) => {
          if (m.type !== 'result') return cb(m)
          const clip = clips.get(m.id)
          clips.delete(m.id)
          if (!clip) return cb(m)
          const words = oracleWords(script, clip.startMs, clip.endMs)
          cb({
            ...m,
            text: words.map((w) => w.text).join(' '),
            tokens: words.map((w) => ({ text: ` ${w.text}`, p: w.p, fromMs: w.startMs - clip.startMs, toMs: w.endMs - clip.startMs })),
          })
        })
      },
      onExit: (cb) => channel.onExit(cb),
      kill: () => channel.kill(),
    }
  }
}
