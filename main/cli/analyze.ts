/**
 * analyze: run the coach over a call transcript or recording.
 *
 *   npm run analyze -- <file.txt|file.vtt|file.srt|file.wav> [--json] [--speaker NAME] [--model PATH]
 *
 * .txt  one utterance per line, optionally starting with [mm:ss] or [hh:mm:ss]
 * .vtt  WebVTT / .srt SubRip, e.g. exported by a meeting tool; --speaker keeps
 *       only the rep's cues when the export names speakers (<v Name> or "Name: ")
 * .wav  transcribed through the recording pipeline's segmenter and engine, with
 *       --model PATH or the configured model
 *
 * Prints each utterance with its class, flags and prompts, then a debrief; with
 * --json, exactly one JSON object on stdout and nothing else there.
 * Bad input or arguments: a message on stderr and exit code 2. Other failures: exit code 1.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { analyzeCall } from '../coach'
import { tokenize, UsageError } from './argv'
import { formatReport, toJson, type AnalyzedInputSegment } from './analyze-output'
import { MAX_WAV_BYTES, readLimited } from './read-limited'
import { decodeTranscript, filterSpeaker, parseTranscript, TranscriptError, type TranscriptFormat } from './transcript-formats'

const USAGE = 'usage: npm run analyze -- <file.txt|.vtt|.srt|.wav> [--json] [--speaker NAME] [--model PATH]'

/** Bad arguments or bad input: exit code 2. */
class InputError extends Error {}

const EXTENSIONS = ['txt', 'vtt', 'srt', 'wav'] as const

const Args = z
  .object({
    file: z.string({ error: 'a transcript or recording file is required' }).min(1, 'a transcript or recording file is required'),
    json: z.boolean(),
    model: z.string().min(1, '--model needs a file path').optional(),
    speaker: z.string().trim().min(1, '--speaker needs a name').optional(),
    help: z.boolean(),
  })
  .superRefine((a, ctx) => {
    const ext = path.extname(a.file).slice(1).toLowerCase()
    if (!(EXTENSIONS as readonly string[]).includes(ext)) {
      ctx.addIssue({
        code: 'custom',
        path: ['file'],
        message: `unsupported file type ${ext ? `".${ext}"` : '(no extension)'}: use .txt, .vtt, .srt or .wav`,
      })
    }
    if (a.model !== undefined && ext !== 'wav') ctx.addIssue({ code: 'custom', path: ['model'], message: '--model only applies to .wav recordings' })
    if (a.speaker !== undefined && ext === 'wav') ctx.addIssue({ code: 'custom', path: ['speaker'], message: '--speaker applies to .txt, .vtt and .srt transcripts' })
  })
type Args = z.infer<typeof Args>

/** Splits argv (node:util parseArgs) and validates it with zod. */
export function parseArgs(argv: readonly string[]): Args {
  let tokens: ReturnType<typeof tokenizeArgs>
  try {
    tokens = tokenizeArgs(argv)
  } catch (err) {
    if (err instanceof UsageError) throw new InputError(err.message)
    throw err
  }
  const { values, positionals } = tokens
  if (positionals.length > 1) throw new InputError(`expected one file, got ${positionals.length}: ${positionals.join(' ')}`)
  if (values.help) return { file: '', json: false, help: true }
  const parsed = Args.safeParse({ ...values, json: values.json ?? false, help: false, file: positionals[0] })
  if (!parsed.success) throw new InputError(parsed.error.issues[0]?.message ?? 'bad arguments')
  return parsed.data
}

const tokenizeArgs = (argv: readonly string[]) =>
  tokenize(argv, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    model: { type: 'string' },
    speaker: { type: 'string' },
  })

interface Loaded {
  segments: AnalyzedInputSegment[]
  notes: string[]
}

/** A transcript is text: even a day-long call is a few MiB. */
export const MAX_TRANSCRIPT_BYTES = 16 * 1024 * 1024

/** Refused from its size before anything is read; `head` reads only that many bytes. */
function readInput(file: string, maxBytes: number, head?: number): Buffer {
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch {
    throw new InputError(`file not found: ${file}`)
  }
  if (st.isDirectory()) throw new InputError(`${file} is a directory, not a file`)
  if (!st.isFile()) throw new InputError(`${file} is not a regular file`)
  if (st.size > maxBytes) throw new InputError(`${file} is too large (${st.size} bytes; at most ${maxBytes})`)
  if (st.size === 0) throw new InputError(`${file} is empty`)
  try {
    return readLimited(file, head ?? maxBytes, head !== undefined)
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(`${file} is too large (it grew past ${maxBytes} bytes while being read)`)
    throw err
  }
}

function loadTranscript(file: string, format: TranscriptFormat, speaker: string | undefined): Loaded {
  const name = path.basename(file)
  try {
    let segs = parseTranscript(decodeTranscript(readInput(file, MAX_TRANSCRIPT_BYTES)), format)
    const notes: string[] = []
    const speakers = [...new Set(segs.map((s) => s.speaker).filter((s): s is string => s !== null))]
    if (speaker !== undefined) segs = filterSpeaker(segs, speaker)
    else if (speakers.length > 1) notes.push(`${speakers.length} speakers in ${name} (${speakers.join(', ')}): all analysed as the rep; pass --speaker NAME to keep only the rep`)
    return { segments: segs.map((s) => ({ text: s.text, startMs: s.startMs, endMs: s.endMs, line: format === 'txt' ? s.line : null })), notes }
  } catch (err) {
    if (err instanceof TranscriptError) throw new InputError(`${name}: ${err.message}`)
    throw err
  }
}

async function loadWav(file: string, modelPath: string | undefined): Promise<Loaded> {
  // Only the header is needed here; the pipeline reads the audio itself.
  const bytes = readInput(file, MAX_WAV_BYTES, 12)
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new InputError(`${path.basename(file)} is not a WAV recording (no RIFF/WAVE header)`)
  }
  if (modelPath !== undefined && !fs.existsSync(modelPath)) throw new InputError(`model not found: ${modelPath}`)
  const { transcribeWavFile } = await import('../transcription/transcribe-file')
  // keep stdout for our own output: anything the pipeline logs goes to stderr
  const log = console.log
  const info = console.info
  console.log = console.info = (...a: unknown[]) => console.error(...a)
  try {
    const segs = await transcribeWavFile(file, modelPath !== undefined ? { modelPath } : {})
    return { segments: segs.map((s) => ({ text: s.text.trim(), startMs: s.startMs, endMs: s.endMs, line: null })), notes: [] }
  } catch (err) {
    if (err instanceof Error && err.name === 'WavFormatError') throw new InputError(err.message)
    throw err
  } finally {
    console.log = log
    console.info = info
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args
  try {
    args = parseArgs(argv)
    if (args.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const ext = path.extname(args.file).slice(1).toLowerCase() as (typeof EXTENSIONS)[number]
    const loaded = ext === 'wav' ? await loadWav(args.file, args.model) : loadTranscript(args.file, ext, args.speaker)
    for (const n of loaded.notes) process.stderr.write(`analyze: note: ${n}\n`)
    const analysis = analyzeCall(loaded.segments)
    if (args.json) process.stdout.write(`${JSON.stringify(toJson(loaded.segments, analysis))}\n`)
    else process.stdout.write(`${formatReport(path.basename(args.file), loaded.segments, analysis)}\n`)
    return 0
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`analyze: ${err.message}\n${USAGE}\n`)
      return 2
    }
    process.stderr.write(`analyze: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (err: unknown) => {
      process.stderr.write(`analyze: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    },
  )
}
