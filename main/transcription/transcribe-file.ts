/**
 * Transcribes a recorded WAV the way a live call is transcribed: the same
 * segmenter cuts utterances, the same engine (whisper.cpp in its own process)
 * turns each into text. Used by the CLIs.
 */
import path from 'node:path'
import { segmentSamples } from '../audio/speech-segmenter'
import { utteranceAudio } from '../audio/utterance-audio'
import { readCallAudio } from '../audio/wav-file'
import { defaultDataDir } from '../core/data-dir'
import { dataPaths } from '../core/call-desk-core'
import { createModelManager } from './model-manager'
import { promptFrom } from './decode-params'
import { SpeechEngine } from './speech-engine'

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
    for (const span of segmentSamples(samples)) {
      // The same inputs as a live call: the earlier words as context, and the voice's length.
      const prompt = promptFrom(out.map((s) => s.text).join(' '))
      const { text } = await engine.transcribe(utteranceAudio(samples, 0, span), { prompt, speechMs: span.endMs - span.startMs })
      out.push({ text, startMs: span.startMs, endMs: span.endMs })
    }
    return out
  } finally {
    await engine.dispose()
  }
}
