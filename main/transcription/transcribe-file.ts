/**
 * Transcribes a recorded WAV as the final tier transcribes a call: the same
 * segmenter finds the speech, pieces joined by cuts make one utterance, and
 * each utterance is decoded whole at Whisper's full context with temperature
 * fallback, the earlier utterances as its prompt; the hallucination gate drops
 * what Whisper invents on noise. Used by the CLIs.
 */
import path from 'node:path'
import { segmentSamples } from '../audio/speech-segmenter'
import { utteranceAudio, utterancesOf, UTTERANCE_PAD_MS } from '../audio/utterance-audio'
import { readCallAudio } from '../audio/wav-file'
import { defaultDataDir, dataPaths } from '../fs/data-dir'
import { gateDecode } from '../live/hallucination-gate'
import { speechIn, wordsOf } from '../live/live-transcriber'
import { joinWords } from '../live/words'
import { createModelManager } from './model-manager'
import { promptFrom } from './decode-params'
import { SpeechEngine } from './speech-engine'

// Grouping lives in main/audio (crash recovery groups spans too); kept here for its earlier importers.
export { utterancesOf }

export interface FileSegment {
  text: string
  startMs: number
  endMs: number
}

export async function transcribeWavFile(wavPath: string, opts: { modelPath?: string } = {}): Promise<FileSegment[]> {
  const samples = await readCallAudio(path.resolve(wavPath))
  const modelPath =
    opts.modelPath ??
    (await createModelManager({ modelsDir: dataPaths(defaultDataDir()).models, getSetting: () => undefined }).resolve()).path
  const engine = new SpeechEngine({ modelPath })
  try {
    await engine.load()
    const out: FileSegment[] = []
    for (const spans of utterancesOf(segmentSamples(samples))) {
      const startMs = spans[0]!.startMs
      const endMs = spans[spans.length - 1]!.endMs
      const pcm = utteranceAudio(samples, 0, { startMs, endMs })
      const speechMs = speechIn(spans, startMs, endMs)
      const prompt = promptFrom(out.map((s) => s.text).filter(Boolean).join(' '))
      const result = await engine.transcribe(pcm, { prompt, speechMs, tier: 'final' })
      const verdict = gateDecode(wordsOf(result, Math.max(0, startMs - UTTERANCE_PAD_MS), startMs, endMs), speechMs)
      // Gated words are dropped; the utterance stays (the voice was there), with no text.
      out.push({ text: verdict.ok ? joinWords(verdict.words) : '', startMs, endMs })
    }
    return out
  } finally {
    await engine.dispose()
  }
}
