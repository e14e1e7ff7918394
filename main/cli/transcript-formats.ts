/**
 * Transcript files for `npm run analyze`: decoding bytes to text and parsing
 * .txt (one utterance per line, optionally "[mm:ss]" or "[hh:mm:ss]" first),
 * .vtt (WebVTT, as exported by meeting tools) and .srt (SubRip).
 * Pure functions: no file system access. Every problem is a TranscriptError
 * whose message says what is wrong and where (the CLI exits with code 2).
 */

export class TranscriptError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TranscriptError'
  }
}

export type TranscriptFormat = 'txt' | 'vtt' | 'srt'

export interface TranscriptSegment {
  text: string
  startMs: number | null
  endMs: number | null
  /** 1-based line of the utterance in a .txt file; for .vtt/.srt the line of the cue timing (not reported as `line`). */
  line: number | null
  /** From a WebVTT voice tag (<v Name>) or a "Name: " prefix; null when none. */
  speaker: string | null
}

/**
 * Bytes to text: UTF-8 (BOM stripped) or UTF-16 with a BOM. Anything with NUL
 * bytes or invalid UTF-8 is refused as binary.
 */
export function decodeTranscript(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new TranscriptError('the file is empty')
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff
    try {
      return new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2))
    } catch {
      throw new TranscriptError('not valid UTF-16 text')
    }
  }
  if (bytes.includes(0)) throw new TranscriptError('binary data, not a text transcript')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new TranscriptError('not UTF-8 text (binary data or another encoding)')
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

// ---- speakers -------------------------------------------------------------

const NAME_PREFIX = /^((?:[A-Z][\p{L}\d.'-]*)(?: [A-Z][\p{L}\d.'-]*){0,3}):\s+(\S.*)$/u

/** Splits a "Name: text" prefix off a line (capitalised name of at most four words). */
export function splitSpeaker(text: string): { speaker: string | null; text: string } {
  const m = NAME_PREFIX.exec(text)
  return m ? { speaker: m[1] as string, text: m[2] as string } : { speaker: null, text }
}

// ---- .txt -------------------------------------------------------------------

const TXT_STAMP = /^\[(\d{1,3}):(\d{2})(?::(\d{2}))?\]\s*/
const TXT_STAMP_ATTEMPT = /^\[\s*\d[^\]]*\]?/

export function parseTxt(content: string): TranscriptSegment[] {
  const out: TranscriptSegment[] = []
  let lastStart = -1
  let lastStampLine = 0
  const lines = content.split(/\r\n|\n|\r/)
  lines.forEach((raw, i) => {
    const lineNo = i + 1
    let text = raw.trim()
    if (!text) return
    let startMs: number | null = null
    if (text.startsWith('[') && TXT_STAMP_ATTEMPT.test(text)) {
      const m = TXT_STAMP.exec(text)
      const bad = (why: string): TranscriptError =>
        new TranscriptError(`line ${lineNo}: malformed timestamp ${JSON.stringify(text.match(TXT_STAMP_ATTEMPT)?.[0] ?? text)}: ${why}`)
      if (!m) throw bad('expected [mm:ss] or [hh:mm:ss]')
      const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])]
      if (c === undefined) {
        if (b >= 60) throw bad('seconds must be below 60')
        startMs = (a * 60 + b) * 1000
      } else {
        if (m[1]!.length > 2) throw bad('expected [hh:mm:ss]')
        if (b >= 60 || c >= 60) throw bad('minutes and seconds must be below 60')
        startMs = (a * 3600 + b * 60 + c) * 1000
      }
      if (startMs < lastStart) {
        throw new TranscriptError(`line ${lineNo}: timestamp goes back in time (line ${lastStampLine} is later)`)
      }
      lastStart = startMs
      lastStampLine = lineNo
      text = text.slice(m[0].length).trim()
      if (!text) return
    }
    const sp = splitSpeaker(text)
    out.push({ text: sp.text, startMs, endMs: null, line: lineNo, speaker: sp.speaker })
  })
  return out
}

// ---- cue formats (.vtt, .srt) ----------------------------------------------

interface Block {
  /** 1-based line number of the block's first line. */
  line: number
  lines: string[]
}

function blocks(content: string): Block[] {
  const out: Block[] = []
  let cur: Block | null = null
  content.split(/\r\n|\n|\r/).forEach((l, i) => {
    if (l.trim() === '') {
      cur = null
      return
    }
    if (!cur) {
      cur = { line: i + 1, lines: [] }
      out.push(cur)
    }
    cur.lines.push(l)
  })
  return out
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', quot: '"', apos: "'", lrm: '', rlm: '' }

/*
 * Linear by construction, whatever the cue holds: a tag ends at the first '>'
 * and cannot contain '<' (nor an override '{'), so a failed match stops at the
 * next opener instead of scanning to the end of the cue from every '<' (which
 * made "<<<<…" quadratic). In the voice tag, the spaces and the name's first
 * character are disjoint classes, so there is nothing to backtrack between them.
 */
const VOICE_TAG = /<v(?:\.[^\s<>]*)?\s+([^\s<>][^<>]*)>/
const TAG = /<[^<>]*>/g
const STYLE_OVERRIDE = /\{\\[^{}]*\}/g

function cueText(lines: string[]): { text: string; speaker: string | null } {
  let speaker: string | null = null
  const joined = lines.join(' ')
  const voice = VOICE_TAG.exec(joined)
  if (voice) speaker = (voice[1] as string).trim()
  let text = joined
    .replace(TAG, '')
    .replace(STYLE_OVERRIDE, '')
    .replace(/&(amp|lt|gt|nbsp|quot|apos|lrm|rlm);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim()
  if (!speaker) {
    const sp = splitSpeaker(text)
    speaker = sp.speaker
    text = sp.text
  }
  return { text, speaker }
}

const VTT_TIME = '(?:(\\d{2,}):)?([0-5]\\d):([0-5]\\d)\\.(\\d{3})'
const VTT_TIMING = new RegExp(`^${VTT_TIME}[ \\t]+-->[ \\t]+${VTT_TIME}(?:[ \\t]+.*)?$`)
const SRT_TIME = '(\\d{1,3}):([0-5]\\d):([0-5]\\d)[,.](\\d{1,3})'
const SRT_TIMING = new RegExp(`^\\s*${SRT_TIME}\\s*-->\\s*${SRT_TIME}(?:\\s+.*)?$`)

function ms(h: string | undefined, m: string, s: string, frac: string): number {
  return ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(frac.padEnd(3, '0'))
}

function cue(b: Block, timingAt: number, re: RegExp, kind: string): TranscriptSegment | null {
  const timingLine = b.line + timingAt
  const m = re.exec(b.lines[timingAt] as string)
  if (!m) throw new TranscriptError(`line ${timingLine}: malformed ${kind} cue timing ${JSON.stringify((b.lines[timingAt] as string).trim())}`)
  const startMs = ms(m[1], m[2] as string, m[3] as string, m[4] as string)
  const endMs = ms(m[5], m[6] as string, m[7] as string, m[8] as string)
  if (endMs < startMs) throw new TranscriptError(`line ${timingLine}: cue ends before it starts`)
  const { text, speaker } = cueText(b.lines.slice(timingAt + 1))
  return text ? { text, startMs, endMs, line: timingLine, speaker } : null
}

export function parseVtt(content: string): TranscriptSegment[] {
  const bs = blocks(content)
  const header = bs[0]
  if (!header || !/^WEBVTT(?:[ \t].*)?$/.test(header.lines[0] as string)) {
    throw new TranscriptError('not a WebVTT file: the first line must be "WEBVTT"')
  }
  if (header.lines.some((l) => l.includes('-->'))) {
    throw new TranscriptError(`line ${header.line + 1}: a blank line must separate the WEBVTT header from the first cue`)
  }
  const out: TranscriptSegment[] = []
  for (const b of bs.slice(1)) {
    const first = b.lines[0] as string
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue
    const timingAt = first.includes('-->') ? 0 : 1
    if (timingAt === 1 && !(b.lines[1] ?? '').includes('-->')) {
      throw new TranscriptError(`line ${b.line}: cue without a timing line ("00:00:01.000 --> 00:00:04.000")`)
    }
    const c = cue(b, timingAt, VTT_TIMING, 'WebVTT')
    if (c) out.push(c)
  }
  return out
}

export function parseSrt(content: string): TranscriptSegment[] {
  const out: TranscriptSegment[] = []
  for (const b of blocks(content)) {
    const first = (b.lines[0] as string).trim()
    let timingAt: number
    if (first.includes('-->')) timingAt = 0
    else if (/^\d+$/.test(first) && (b.lines[1] ?? '').includes('-->')) timingAt = 1
    else throw new TranscriptError(`line ${b.line}: expected a cue number and a timing line ("00:00:01,000 --> 00:00:04,000")`)
    const c = cue(b, timingAt, SRT_TIMING, 'SRT')
    if (c) out.push(c)
  }
  return out
}

/** Parses a transcript; throws TranscriptError if it is malformed or holds no utterance. */
export function parseTranscript(content: string, format: TranscriptFormat): TranscriptSegment[] {
  if (content.trim() === '') throw new TranscriptError('the transcript is empty')
  const segments = format === 'txt' ? parseTxt(content) : format === 'vtt' ? parseVtt(content) : parseSrt(content)
  if (segments.length === 0) throw new TranscriptError('the transcript holds no utterances')
  return segments
}

/** Keeps one speaker's segments (case-insensitive); throws if none match. */
export function filterSpeaker(segments: TranscriptSegment[], speaker: string): TranscriptSegment[] {
  const want = speaker.trim().toLowerCase()
  const kept = segments.filter((s) => s.speaker !== null && s.speaker.toLowerCase() === want)
  if (kept.length === 0) {
    const names = [...new Set(segments.map((s) => s.speaker).filter((s): s is string => s !== null))]
    throw new TranscriptError(
      names.length
        ? `no utterances from speaker "${speaker}" (speakers found: ${names.join(', ')})`
        : `no speaker names in the transcript, so --speaker "${speaker}" matches nothing`,
    )
  }
  return kept
}
