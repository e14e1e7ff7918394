/**
 * Speaks a script with espeak-ng, word by word, so every word's time in the
 * audio is known exactly: each word is synthesized alone (cached), trimmed of
 * silence with sox, and laid down with a short gap between words and a pause
 * between lines. The oracle recogniser then answers any window of this audio
 * with the script's words (bench/oracle/oracle-recognizer.ts).
 */
import { execFileSync } from 'node:child_process'
import type { ScriptWord } from './oracle-recognizer'

export interface SpokenLine {
  text: string
  words: ScriptWord[]
  startMs: number
  endMs: number
}

export interface SpokenCall {
  samples: Int16Array
  lines: SpokenLine[]
  words: ScriptWord[]
}

const cache = new Map<string, Int16Array>()

function speakWord(word: string): Int16Array {
  const key = word.toLowerCase()
  const hit = cache.get(key)
  if (hit) return hit
  const wav = execFileSync('espeak-ng', ['-v', 'en-us', '-s', '170', '--stdout', word], { maxBuffer: 1 << 24 })
  const raw = execFileSync(
    'sox',
    ['-t', 'wav', '-', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', '-', 'silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse'],
    { input: wav, maxBuffer: 1 << 24 },
  )
  const samples = new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.byteLength / 2)).slice()
  cache.set(key, samples)
  return samples
}

export function speakScript(lines: readonly string[], opts: { wordGapMs?: number; lineGapMs?: number; leadMs?: number } = {}): SpokenCall {
  const wordGap = Math.round(((opts.wordGapMs ?? 40) * 16_000) / 1000)
  const lineGap = Math.round(((opts.lineGapMs ?? 1_000) * 16_000) / 1000)
  const chunks: Int16Array[] = [new Int16Array(Math.round(((opts.leadMs ?? 800) * 16_000) / 1000))]
  let at = chunks[0]!.length
  const ms = (s: number) => Math.round((s * 1000) / 16_000)
  const spoken: SpokenLine[] = []
  for (const line of lines) {
    const words: ScriptWord[] = []
    line
      .split(/\s+/)
      .filter(Boolean)
      .forEach((text, i) => {
        if (i > 0) {
          chunks.push(new Int16Array(wordGap))
          at += wordGap
        }
        const audio = speakWord(text.replace(/[^\p{L}\p{N}'’-]/gu, '') || text)
        words.push({ text, startMs: ms(at), endMs: ms(at + audio.length) })
        chunks.push(audio)
        at += audio.length
      })
    if (!words.length) continue
    spoken.push({ text: line, words, startMs: words[0]!.startMs, endMs: words[words.length - 1]!.endMs })
    chunks.push(new Int16Array(lineGap))
    at += lineGap
  }
  const samples = new Int16Array(at)
  let off = 0
  for (const c of chunks) {
    samples.set(c, off)
    off += c.length
  }
  return { samples, lines: spoken, words: spoken.flatMap((l) => l.words) }
}
