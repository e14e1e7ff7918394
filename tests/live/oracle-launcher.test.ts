import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { oracleEngineLauncher, type OracleTokens } from '../../bench/oracle/oracle-launcher'
import { scriptTokenCount, type ScriptWord } from '../../bench/oracle/oracle-recognizer'
import { decodeParamsFor } from '../../main/transcription/decode-params'
import type { EngineRequest } from '../../main/transcription/engine-protocol'
import type { EngineLauncher } from '../../main/transcription/speech-engine'

/** What bench:live's oracle sends the real engine: only the token cap may change, never the audio or settings. */
function sent(tokens: OracleTokens, script: ScriptWord[], request: Extract<EngineRequest, { type: 'transcribe' }>) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'oracle-')), 'script.json')
  writeFileSync(file, JSON.stringify(script))
  const got: EngineRequest[] = []
  // The engine process is not the subject here: the launcher's rewrite of the request is.
  const recorder: EngineLauncher = () => ({ send: (m) => void got.push(m), onMessage: () => undefined, onExit: () => undefined, kill: () => undefined })
  oracleEngineLauncher(file, recorder, tokens)().send(request)
  return got[0] as Extract<EngineRequest, { type: 'transcribe' }>
}

const words = (texts: string[]): ScriptWord[] => texts.map((text, i) => ({ text, startMs: 1000 + i * 400, endMs: 1300 + i * 400 }))
const clip = (ms: number) => new Int16Array((ms * 16_000) / 1000)

describe('bench:live oracle launcher, --tokens', () => {
  it('counts about one token per common word, more for long words and punctuation', () => {
    expect(scriptTokenCount(words(['so', 'what', 'do', 'you', 'use']))).toBe(5)
    expect(scriptTokenCount(words(['implementation,']))).toBe(3) // 14 letters: 1 + 1, and the comma
  })

  it("'script' caps a decode at its window's words plus end of text; 'cap' leaves the request alone", () => {
    const script = words(['so', 'what', 'do', 'you', 'use', 'today?'])
    const request = { type: 'transcribe' as const, id: 1, pcm: clip(4000), clipStartMs: 0, speechMs: 3000, tier: 'live' as const }
    expect(sent('script', script, request).maxTokens).toBe(6 + 1 + 1)
    const asIs = sent('cap', script, request)
    expect(asIs.maxTokens).toBeUndefined()
    expect(asIs.pcm).toBe(request.pcm)
  })

  it("never raises the tier's own cap", () => {
    // 40 words inside two seconds: more than 1.5 s of speech can hold.
    const script = Array.from({ length: 40 }, (_, i) => ({ text: 'word', startMs: 1000 + i * 45, endMs: 1040 + i * 45 }))
    const request = { type: 'transcribe' as const, id: 2, pcm: clip(2000), clipStartMs: 1000, speechMs: 1500, tier: 'live' as const }
    expect(sent('script', script, request).maxTokens).toBe(decodeParamsFor(request.pcm.length, 1500, 'live').maxTokens)
  })
})
