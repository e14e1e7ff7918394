/**
 * Where a cut lands never changes the final flags: every labeled corpus call is
 * spoken (scripted word times), each utterance cut at random places (inside
 * words too) and run through the live path's agreement, gates and coach with
 * an oracle recogniser that garbles cut words. The utterance texts must come
 * out exactly as spoken, and the flags exactly those of the whole lines.
 */
import { describe, expect, it } from 'vitest'
import { analyzeCall } from '../../main/coach'
import { timedScript } from '../../bench/oracle/oracle-recognizer'
import { randomCuts, seeded, simulateLiveCall } from '../../bench/oracle/live-sim'
import { loadCorpus } from '../coach/corpus-loader'

const calls = loadCorpus()
const flagKeys = (flags: Array<{ kind: string; segmentIndex: number }>) => flags.map((f) => `${f.segmentIndex}:${f.kind}`).sort()

describe('live path: cut invariance (property, seeded random cuts)', () => {
  it('has corpus calls to speak', () => {
    expect(calls.length).toBeGreaterThan(10)
  })

  it('gives every corpus call its whole-line texts and flags, wherever the cuts land', () => {
    const failures: string[] = []
    let cases = 0
    let cutsMade = 0
    for (let seed = 1; seed <= 12; seed++) {
      const rand = seeded(seed)
      for (const call of calls) {
        const lines = timedScript(call.lines.map((l) => l.text), { msPerChar: 50 + Math.floor(rand() * 40) })
        const want = analyzeCall(lines.map((l) => ({ text: l.text, startMs: l.startMs, endMs: l.endMs })))
        const got = simulateLiveCall(lines, (line) => {
          const cuts = randomCuts(rand, line)
          cutsMade += cuts.length
          return cuts
        })
        cases++
        const badText = got.texts.findIndex((t, i) => t !== lines[i]!.text)
        if (badText >= 0) failures.push(`seed ${seed} ${call.id} line ${badText}: "${got.texts[badText]}" ≠ "${lines[badText]!.text}"`)
        else if (flagKeys(got.flags).join() !== flagKeys(want.flags).join()) failures.push(`seed ${seed} ${call.id}: flags differ`)
      }
    }
    expect(failures.slice(0, 5)).toEqual([])
    expect(cases).toBe(12 * calls.length)
    expect(cutsMade).toBeGreaterThan(cases) // the cases really cut utterances
  })

  it('confirms a flag shown early only when the whole utterance raises it, and retracts the rest', () => {
    let shown = 0
    for (const call of calls.slice(0, 20)) {
      const lines = timedScript(call.lines.map((l) => l.text))
      const got = simulateLiveCall(lines, (line) => {
        // A cut after every word: the most chances for a flag to show early.
        return line.words.slice(0, -1).map((w) => w.endMs + 30)
      })
      const final = new Set(got.flags.map((f) => `${f.segmentIndex}:${f.kind}`))
      for (const p of got.provisional) {
        shown++
        expect(p.confirmed).toBe(final.has(`${p.segmentIndex}:${p.kind}`))
      }
    }
    expect(shown).toBeGreaterThan(0)
  })
})
