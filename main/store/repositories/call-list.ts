/**
 * The call list at scale: search (FTS5 over transcripts and call names, from
 * migration 005), filters by kind and prospect, pages, and the rep's own title
 * for a call. One statement per page plus one count; the match snippets are
 * looked up only for the calls on the page.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { toSummary, type CallSummary, type SummaryRow } from './calls'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { CALL_MODES } from '../../../contract/vocabulary'
export { CALL_MODES }

/** How the rep made it: a real call, a rehearsal out loud, or a typed script check (no microphone, no speech). */
export type CallMode = (typeof CALL_MODES)[number]

export interface CallSearch {
  /** Words as the rep types them; every word must match (as a prefix). */
  query?: string
  mode?: CallMode
  prospectId?: string
  limit: number
  offset?: number
}

export interface CallListItem extends CallSummary {
  mode: CallMode
  flagCount: number
  /** How long it lasted, the same figure as the debrief's header: the audio, start to stop, or the last line's end (typed lines). */
  lengthMs: number | null
  /** Lines the rep typed: their spoken length is estimated (the handler lays them out as the debrief does). */
  typedLines: number
  /** The first line that matched the search, with the matched words between \u0002 and \u0003. */
  match: { text: string; atMs: number } | null
}

interface ListRow extends SummaryRow {
  mode: CallMode
  flag_count: number
  last_end_ms: number | null
  typed_count: number
}

export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'

/**
 * The rep's words as an FTS5 query: each word (letters and digits, as the
 * unicode61 tokenizer splits them) quoted, so nothing they type is FTS syntax,
 * and matched as a prefix, so results come while they type. Null when there
 * are no words.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu)
  if (!words) return null
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ')
}

const MODE_SQL = `CASE
    WHEN c.kind = 'live' THEN 'call'
    WHEN c.device_label IS NULL
     AND NOT EXISTS (SELECT 1 FROM transcript_segments sp WHERE sp.call_id = c.id AND sp.source = 'speech') THEN 'script-check'
    ELSE 'rehearsal' END`

const TYPED_ONLY = `c.device_label IS NULL AND NOT EXISTS (SELECT 1 FROM transcript_segments sp WHERE sp.call_id = c.id AND sp.source = 'speech')`
const MODE_FILTER: Record<CallMode, string> = {
  call: `c.kind = 'live'`,
  rehearsal: `c.kind = 'rehearsal' AND NOT (${TYPED_ONLY})`,
  'script-check': `c.kind = 'rehearsal' AND ${TYPED_ONLY}`,
}

export function createCallListRepository(db: BetterSqlite3.Database) {
  // Retracted flags (migration 004) are not counted: the list agrees with the debrief.
  const hasRetracted = (db.pragma('table_info(flags)') as Array<{ name: string }>).some((c) => c.name === 'retracted_at')
  const flagCount = `(SELECT count(*) FROM flags f WHERE f.call_id = c.id${hasRetracted ? ' AND f.retracted_at IS NULL' : ''})`
  const statements = new Map<string, BetterSqlite3.Statement>()
  const prepared = (sql: string) => {
    let s = statements.get(sql)
    if (!s) statements.set(sql, (s = db.prepare(sql)))
    return s
  }

  const where = (opts: CallSearch, q: string | null) => {
    const clauses: string[] = []
    if (q)
      // One document per call (migration 005): at most one posting per call, whatever the word.
      clauses.push(`c.id IN (SELECT cs.call_id FROM call_fts JOIN call_search cs ON cs.n = call_fts.rowid WHERE call_fts MATCH @q)`)
    // The kind as plain conditions (cheap ones first), not the CASE: SQLite then skips most rows early.
    if (opts.mode) clauses.push(MODE_FILTER[opts.mode])
    if (opts.prospectId) clauses.push(`c.prospect_id = @prospectId`)
    return clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''
  }

  // Which line matched is found here, not with FTS5's snippet(): a common word's postings span every
  // call, and narrowing them to one call's lines costs milliseconds per call on the page.
  const linesOf = db.prepare<[string], { text: string; start_ms: number }>(
    `SELECT text, start_ms FROM transcript_segments WHERE call_id = ? AND status = 'done' ORDER BY seq`,
  )

  return {
    /** Newest first. `total` counts every call that matches, for paging. */
    search(opts: CallSearch): { items: CallListItem[]; total: number } {
      const words = opts.query ? queryWords(opts.query) : []
      const q = opts.query ? toFtsQuery(opts.query) : null
      const filter = where(opts, q)
      const params = {
        ...(q ? { q } : {}),
        ...(opts.prospectId ? { prospectId: opts.prospectId } : {}),
      }
      const rows = prepared(`
        SELECT c.*, p.name AS prospect_name,
               (SELECT count(*) FROM transcript_segments s WHERE s.call_id = c.id) AS segment_count,
               ${flagCount} AS flag_count,
               (SELECT max(end_ms) FROM transcript_segments s WHERE s.call_id = c.id) AS last_end_ms,
               (SELECT count(*) FROM transcript_segments s WHERE s.call_id = c.id AND s.source = 'typed') AS typed_count,
               ${MODE_SQL} AS mode
        FROM calls c LEFT JOIN prospects p ON p.id = c.prospect_id
        ${filter}
        ORDER BY c.started_at DESC, c.id DESC
        LIMIT @limit OFFSET @offset`).all({ ...params, limit: opts.limit, offset: opts.offset ?? 0 }) as ListRow[]
      // Counted on its own: a window count over the page query would compute every row's counts and
      // mode (5,000 rows) just to show 50; this one touches only what the filter needs.
      // A search alone counts its documents (one per call), without touching the calls table.
      const countSql = q && !opts.mode && !opts.prospectId ? `SELECT count(*) AS n FROM call_fts WHERE call_fts MATCH @q` : `SELECT count(*) AS n FROM calls c ${filter}`
      const total = (prepared(countSql).get(params) as { n: number }).n
      const items = rows.map((r): CallListItem => {
        const match = q ? matchingLine(linesOf.all(r.id), words) : null
        const lengthMs = r.ended_at === null ? null : Math.max(r.duration_ms ?? 0, r.ended_at - r.started_at, r.last_end_ms ?? 0)
        return { ...toSummary(r), mode: r.mode, flagCount: r.flag_count, lengthMs, typedLines: r.typed_count, match }
      })
      return { items, total }
    },

    /** The rep's name for a call; null (or blank) goes back to the default (the prospect, or the kind). False if no such call. */
    setTitle(callId: string, title: string | null): boolean {
      const t = title?.trim() ? title.trim() : null
      return prepared(`UPDATE calls SET title = ? WHERE id = ? RETURNING id`).get(t, callId) !== undefined
    },
  }
}

export type CallListRepository = ReturnType<typeof createCallListRepository>

/** Lower case, accents removed: how unicode61 with remove_diacritics compares words. */
const fold = (w: string) => w.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()

function queryWords(input: string): string[] {
  return (input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12).map(fold)
}

/**
 * The first line holding every searched word (as a prefix, as the index
 * matched), else the first holding any; its matched words marked, and cut to
 * about 14 words around the first one.
 */
export function matchingLine(lines: Array<{ text: string; start_ms: number }>, words: string[]): { text: string; atMs: number } | null {
  if (words.length === 0) return null
  let any: { line: { text: string; start_ms: number }; hits: boolean[] } | undefined
  for (const line of lines) {
    // Most lines hold none of the words: a substring test on the folded line skips them cheaply.
    const folded = fold(line.text)
    if (!words.some((w) => folded.includes(w))) continue
    const tokens = line.text.match(/[\p{L}\p{N}]+/gu) ?? []
    const hits = tokens.map((t) => words.some((w) => fold(t).startsWith(w)))
    if (!hits.some(Boolean)) continue
    const all = words.every((w) => tokens.some((t) => fold(t).startsWith(w)))
    if (all) return { text: mark(line.text, hits), atMs: line.start_ms }
    any ??= { line, hits }
  }
  return any ? { text: mark(any.line.text, any.hits), atMs: any.line.start_ms } : null
}

function mark(text: string, hits: boolean[]): string {
  const parts: string[] = []
  let i = 0
  let first = -1
  let last = 0
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const hit = hits[i++]
    parts.push(text.slice(last, m.index), hit ? `${MATCH_START}${m[0]}${MATCH_END}` : m[0])
    if (hit && first < 0) first = parts.length - 1
    last = m.index + m[0].length
  }
  parts.push(text.slice(last))
  // Parts alternate gap, word; keep ~4 words before the first hit and ~10 after.
  const from = Math.max(0, first - 8)
  const to = Math.min(parts.length, first + 20)
  return `${from > 0 ? '…' : ''}${parts.slice(from, to).join('').trim()}${to < parts.length - 1 ? '…' : ''}`
}
