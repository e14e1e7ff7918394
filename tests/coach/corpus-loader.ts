/**
 * The labeled call corpus (tests/coach/corpus): loading, the punctuation-free
 * variant, and the expected flags derived from the labels by the rule
 * definitions of the coaching playbook.
 *
 * File format: one call per file; '#' lines are comments ("# industry: …",
 * "# style: …", "# author: …"); every other non-blank line is `label<TAB>text`
 * where label is give|probe|close|other, optionally with tags: `other+cred`,
 * `close+checkin`, `other+jargon`, `other+feature`, `close+noescape`,
 * `close+multi` (the line does two jobs; the label is the one that matters
 * most, by close > probe > give > other), `+gives` on a multi line whose
 * other job is a give that comes before the labelled one ("one bakery cut
 * waste by a third, can we meet Tuesday?": the playbook's give — an outcome,
 * a number, a client story, an insight — is made before the close is asked).
 *
 * Parts: `tuning` and `held-out` (the first author), `w1` and `w2` (two more
 * writers, each in their own styles). A part folder that does not exist yet
 * loads as empty.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FlagKind, UtteranceClass } from '../../main/coach'

export type CorpusPart = 'tuning' | 'held-out' | 'w1' | 'w2'
export const CORPUS_PARTS: readonly CorpusPart[] = ['tuning', 'held-out', 'w1', 'w2']

export interface CorpusLine {
  label: UtteranceClass
  tags: string[]
  text: string
  /** 1-based line number in the corpus file. */
  line: number
}

export interface CorpusCall {
  id: string
  part: CorpusPart
  file: string
  industry: string
  style: string
  /** Who wrote it: the author header, else the part's writer ('a0' for tuning/held-out). */
  author: string
  lines: CorpusLine[]
}

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus')
const LABELS = new Set(['give', 'probe', 'close', 'other'])
export const CORPUS_TAGS = ['cred', 'checkin', 'jargon', 'feature', 'noescape', 'multi', 'gives'] as const
const TAGS = new Set<string>(CORPUS_TAGS)

export function parseCorpusFile(content: string, file: string, part: CorpusPart): CorpusCall {
  const lines: CorpusLine[] = []
  let industry = ''
  let style = ''
  let author = part === 'w1' || part === 'w2' ? part : 'a0'
  content.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return
    if (raw.startsWith('#')) {
      const m = /^#\s*(industry|style|author):\s*(.*)$/.exec(raw)
      if (m?.[1] === 'industry') industry = (m[2] ?? '').trim()
      if (m?.[1] === 'style') style = (m[2] ?? '').trim()
      if (m?.[1] === 'author' && m[2]?.trim()) author = m[2].trim()
      return
    }
    const tab = raw.indexOf('\t')
    if (tab < 0) throw new Error(`${file}:${i + 1}: expected label<TAB>text`)
    const [label, ...tags] = raw.slice(0, tab).trim().split('+')
    if (!label || !LABELS.has(label)) throw new Error(`${file}:${i + 1}: bad label ${label}`)
    for (const t of tags) if (!TAGS.has(t)) throw new Error(`${file}:${i + 1}: bad tag ${t}`)
    if (tags.includes('gives') && (!tags.includes('multi') || label === 'give' || label === 'other')) throw new Error(`${file}:${i + 1}: +gives marks the give of a probe or close line doing two jobs (+multi)`)
    const text = raw.slice(tab + 1).trim()
    if (!text) throw new Error(`${file}:${i + 1}: empty text`)
    lines.push({ label: label as UtteranceClass, tags, text, line: i + 1 })
  })
  const id = file.replace(/\.txt$/, '')
  return { id: part === 'tuning' || part === 'held-out' ? id : `${part}-${id}`, part, file, industry, style, author, lines }
}

export function loadCorpus(part?: CorpusPart): CorpusCall[] {
  const parts = part ? [part] : CORPUS_PARTS
  const calls: CorpusCall[] = []
  for (const p of parts) {
    const dir = join(CORPUS_DIR, p)
    if (!existsSync(dir)) continue
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
      calls.push(parseCorpusFile(readFileSync(join(dir, f), 'utf8'), f, p))
    }
  }
  return calls
}

/**
 * What a Whisper transcript without punctuation looks like: lowercase, apostrophes
 * dropped ("what's" -> "whats"), other punctuation removed, digit groups joined.
 */
export function stripPunctuation(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d)[,.](?=\d)/g, '$1')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export interface ExpectedFlag {
  kind: FlagKind
  index: number
}

/** Flag kinds whose expected positions follow from the corpus labels. */
export const LABELED_KINDS: readonly FlagKind[] = [
  'asking-before-giving',
  'closing-too-early',
  'empty-check-in',
  'credentials-not-value',
  'jargon',
  'features-not-results',
  'no-escape-path',
]

/** Tag -> the flag kind it expects on its line. */
const TAG_KIND: Record<string, FlagKind> = {
  checkin: 'empty-check-in',
  cred: 'credentials-not-value',
  jargon: 'jargon',
  feature: 'features-not-results',
  noescape: 'no-escape-path',
}

/**
 * Expected flags from the labels, straight from the rule definitions:
 * - asking-before-giving: every probe before the first give of the call;
 * - closing-too-early: every close before the first give or before the first probe;
 *   a line tagged `gives` gives before its own probe or close (so that probe is not asked before giving, that close
 *   is too early only if nothing was probed yet), and counts as the call's give for the lines after it;
 * - empty-check-in / credentials-not-value / jargon / features-not-results /
 *   no-escape-path: lines tagged checkin / cred / jargon / feature / noescape.
 */
export function expectedFlags(lines: readonly Pick<CorpusLine, 'label' | 'tags'>[]): ExpectedFlag[] {
  const firstGive = lines.findIndex((l) => l.label === 'give' || l.tags.includes('gives'))
  const firstProbe = lines.findIndex((l) => l.label === 'probe')
  const before = (i: number, first: number): boolean => first === -1 || i < first
  /** Nothing given before this line's own job (a `gives` line gives first). */
  const noGiveYet = (i: number): boolean => before(i, firstGive) || (firstGive === i && !lines[i]!.tags.includes('gives'))
  const out: ExpectedFlag[] = []
  lines.forEach((l, i) => {
    if (l.label === 'probe' && noGiveYet(i)) out.push({ kind: 'asking-before-giving', index: i })
    if (l.label === 'close' && (noGiveYet(i) || before(i, firstProbe))) out.push({ kind: 'closing-too-early', index: i })
    for (const t of l.tags) {
      const kind = TAG_KIND[t]
      if (kind) out.push({ kind, index: i })
    }
  })
  return out
}
