/**
 * The real engine process (whisper.cpp, whatever model) for timing, with its
 * words replaced by the oracle's: each reply carries the script words of the
 * clip it was asked about (garbled where the clip cuts them), as tokens with
 * times, exactly what the live path reads from a real decode. bench:live sets
 * CALLDESK_ORACLE_SCRIPT to a JSON file of the call's timed words.
 *
 * `tokens`: 'cap' (default) lets the synthetic model decode to each job's
 * token cap, which a real model reaches only when it loops (the worst case);
 * 'script' caps each job at about the tokens its window's words need, where a
 * real model would write its end-of-text (CALLDESK_ORACLE_TOKENS=script). The
 * encoder, the prompt and the settings are the same either way.
 */
import fs from 'node:fs'
import { decodeParamsFor } from '../../main/transcription/decode-params'
import type { EngineReply, EngineRequest } from '../../main/transcription/engine-protocol'
import { nodeEngineLauncher, type EngineLauncher } from '../../main/transcription/speech-engine'
import { oracleWords, scriptTokenCount, type ScriptWord } from './oracle-recognizer'

export type OracleTokens = 'cap' | 'script'

export function oracleEngineLauncher(scriptPath: string, base: EngineLauncher = nodeEngineLauncher, tokens: OracleTokens = 'cap'): EngineLauncher {
  const script = JSON.parse(fs.readFileSync(scriptPath, 'utf8')) as ScriptWord[]
  return () => {
    const channel = base()
    const clips = new Map<number, { startMs: number; endMs: number }>()
    return {
      send(request: EngineRequest) {
        let msg = request
        if (msg.type === 'transcribe') {
          const startMs = msg.clipStartMs ?? 0
          const endMs = startMs + (msg.pcm.length * 1000) / 16_000
          clips.set(msg.id, { startMs, endMs })
          if (tokens === 'script') {
            const cap = msg.maxTokens ?? decodeParamsFor(msg.pcm.length, msg.speechMs, msg.tier ?? 'live').maxTokens
            // + 1: the end-of-text token.
            msg = { ...msg, maxTokens: Math.max(1, Math.min(cap, scriptTokenCount(oracleWords(script, startMs, endMs)) + 1)) }
          }
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
