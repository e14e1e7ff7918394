/**
 * Output of `npm run analyze`: the JSON document (--json) and the report for
 * people. Indexes are 1-based here; the coach API is 0-based.
 */
import type { CallAnalysis, FlagKind, UtteranceClass } from '../coach'

export interface AnalyzedInputSegment {
  text: string
  startMs: number | null
  endMs: number | null
  /** 1-based line in a .txt input, else null. */
  line: number | null
}

export interface AnalyzeJson {
  segments: { index: number; line: number | null; startMs: number | null; endMs: number | null; text: string; class: UtteranceClass }[]
  flags: { kind: FlagKind; segmentIndex: number; line: number | null; evidence: string; prompt: string; explanation: string }[]
}

export function toJson(segments: readonly AnalyzedInputSegment[], analysis: CallAnalysis): AnalyzeJson {
  return {
    segments: segments.map((s, i) => ({
      index: i + 1,
      line: s.line,
      startMs: s.startMs,
      endMs: s.endMs,
      text: s.text,
      class: analysis.classifications[i]?.class ?? 'other',
    })),
    flags: analysis.flags.map((f) => ({
      kind: f.kind,
      segmentIndex: f.segmentIndex + 1,
      line: segments[f.segmentIndex]?.line ?? null,
      evidence: f.evidence,
      prompt: f.prompt,
      explanation: f.explanation,
    })),
  }
}

export function clock(ms: number): string {
  const total = Math.floor(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const two = (n: number): string => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/)
  const lines: string[] = []
  let cur = ''
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur)
      cur = w
    } else cur = cur ? `${cur} ${w}` : w
  }
  if (cur) lines.push(cur)
  return lines.map((l) => indent + l).join('\n')
}

/** The report for people: every utterance with its class, flags and prompts, then a debrief. */
export function formatReport(name: string, segments: readonly AnalyzedInputSegment[], analysis: CallAnalysis): string {
  const out: string[] = []
  const byClass: Record<UtteranceClass, number> = { give: 0, probe: 0, close: 0, other: 0 }
  for (const c of analysis.classifications) byClass[c.class]++
  const timed = segments.some((s) => s.startMs !== null)
  const numW = String(segments.length).length
  out.push(`${name}: ${segments.length} utterance${segments.length === 1 ? '' : 's'} ` +
    `(give ${byClass.give}, probe ${byClass.probe}, close ${byClass.close}, other ${byClass.other}), ` +
    `${analysis.flags.length} flag${analysis.flags.length === 1 ? '' : 's'}`)
  out.push('')
  const pad = ' '.repeat(numW + 2 + (timed ? 9 : 0) + 7)
  segments.forEach((s, i) => {
    const c = analysis.classifications[i]?.class ?? 'other'
    const time = timed ? (s.startMs !== null ? `[${clock(s.startMs)}]`.padEnd(9) : ' '.repeat(9)) : ''
    out.push(`${String(i + 1).padStart(numW)}  ${time}${c.padEnd(7)}${s.text || '(no words recognised)'}`)
    for (const f of analysis.flags.filter((x) => x.segmentIndex === i)) {
      out.push(`${pad}⚑ ${f.kind}: ${f.prompt}`)
    }
  })
  out.push('')
  if (analysis.flags.length === 0) {
    out.push('No flags: nothing to coach in this call.')
    return out.join('\n')
  }
  const counts = new Map<FlagKind, number>()
  for (const f of analysis.flags) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1)
  out.push(`Flags: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}`)
  out.push('')
  out.push('Debrief')
  for (const f of analysis.flags) {
    const s = segments[f.segmentIndex]
    const where = s?.line != null ? `line ${s.line}` : s?.startMs != null ? clock(s.startMs) : `#${f.segmentIndex + 1}`
    out.push(`- ${where}, ${f.kind}: “${f.evidence}”`)
    out.push(wrap(f.explanation, 88, '    '))
  }
  return out.join('\n')
}
