/**
 * Text normalisation for the utterance classifier.
 *
 * Turns written or Whisper-style text ("So, um, what's your budget?" or
 * "so um whats your budget") into the same canonical token string
 * ("so what is your budget |"), keeping for every token its span in the
 * original text so that cue matches can be reported verbatim as evidence.
 *
 * - lowercase; curly quotes folded; numbers keep their digits ("1,200" -> "1200")
 * - contractions expanded with or without the apostrophe ("what's"/"whats" -> "what is")
 * - "$" -> "dollars", "%" -> "percent", "#" -> "number", "&" -> "and"
 * - stutters collapsed: a word or two words said again at once ("is is this", "could i could i") count once;
 * - fillers removed: um/uh/er/hmm…, "basically", "actually", discourse "you know",
 *   "i mean", and "like" when it is not a verb or a comparison
 * - sentence punctuation (. ? ! ; :) becomes a clause break "|"; whether a clause
 *   ended in "?" is recorded, but nothing downstream depends on punctuation alone.
 */

export interface Token {
  /** Normalised word, or '|' for a clause break. */
  t: string
  /** Span in the original text. */
  s: number
  e: number
  /** The original had a comma (or dash) right before this token. */
  comma: boolean
  /** On a clause break: the break was (or included) a question mark. */
  q?: boolean
}

export interface Normalized {
  /** Tokens joined by single spaces; clause breaks are '|'. */
  text: string
  tokens: Token[]
  /** Offset of each token in `text`. */
  starts: number[]
  /** The original contained a question mark. */
  question: boolean
  /** The original ended with sentence punctuation (. ? ! ; :): its last clause is finished. */
  endsSentence: boolean
  /** … and that punctuation was a question mark. */
  endsQuestion: boolean
  /** Number of word tokens (fillers excluded). */
  words: number
  /** Number of words as spoken (fillers included, a contraction counts once): drives the talk-time estimate. */
  spokenWords: number
}

const TOKEN_RE = /\d+(?:[.,]\d+)*[\p{L}]*|[\p{L}]+(?:['’][\p{L}]+)*|[?!.;:]|[$%#&]|[,–—-]/gu

/** Contractions, keyed without the apostrophe. Safe to expand even when the apostrophe was lost. */
const CONTRACTIONS: Record<string, string> = {
  whats: 'what is', thats: 'that is', heres: 'here is', theres: 'there is', hows: 'how is',
  whos: 'who is', wheres: 'where is', whens: 'when is', whys: 'why is', lets: 'let us',
  youre: 'you are', youve: 'you have', youll: 'you will', youd: 'you would',
  theyre: 'they are', theyve: 'they have', theyll: 'they will', theyd: 'they would',
  weve: 'we have', im: 'i am', ive: 'i have', ill: 'i will', id: 'i would', itd: 'it would',
  dont: 'do not', doesnt: 'does not', didnt: 'did not', isnt: 'is not', arent: 'are not',
  wasnt: 'was not', werent: 'were not', cant: 'can not', cannot: 'can not', wont: 'will not',
  wouldnt: 'would not', couldnt: 'could not', shouldnt: 'should not', havent: 'have not',
  hasnt: 'has not', hadnt: 'had not', aint: 'is not', gonna: 'going to', wanna: 'want to',
  gotta: 'got to', yall: 'you all', kinda: 'kind of', sorta: 'sort of', ok: 'okay',
  alright: 'all right', setup: 'set up', followup: 'follow up', checkin: 'check in',
}

/** Only safe when the apostrophe is still there ("we're" vs "were", "it's" vs "its"). */
const APOSTROPHE_ONLY: Record<string, string> = {
  were: 'we are', well: 'we will', wed: 'we would', its: 'it is',
  shes: 'she is', hes: 'he is', shell: 'she will', itll: 'it will', hed: 'he would',
}

const ALWAYS_FILLERS = new Set([
  'um', 'umm', 'ummm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'ah', 'hmm', 'hm', 'mm', 'mmm', 'mhm',
  'mmhmm', 'basically', 'actually', 'literally', 'honestly',
])

/** Words that may open a clause without changing what it does. */
export const DISCOURSE = new Set([
  'so', 'and', 'but', 'okay', 'well', 'now', 'oh', 'yeah', 'yes', 'yep', 'right', 'great', 'cool',
  'hey', 'hi', 'hello', 'also', 'then', 'anyway', 'perfect', 'sure', 'awesome', 'just', 'all',
  'totally', 'gotcha', 'look', 'listen', 'see', 'plus', 'or',
])

/** "like" is kept after these (verb / comparison / "companies like yours"). */
const LIKE_KEEP_AFTER = new Set([
  // "wed like" is "we'd like" with the apostrophe lost
  'wed', 'would', 'you', 'i', 'we', 'they', 'look', 'looks', 'looked', 'looking', 'feel', 'feels', 'felt',
  'sound', 'sounds', 'seem', 'seems', 'something', 'anything', 'nothing', 'things', 'stuff',
  'exactly', 'much', 'more', 'lot', 'really', 'not', 'firms', 'companies', 'brands', 'clients',
  'customers', 'names', 'businesses', 'places', 'shops', 'practices', 'teams', 'those', 'these',
  'ones', 'people', 'someone', 'somebody', 'one', 'tools', 'vendors', 'others', 'would', 'd', 'do',
  'did', 'does', 'what', 'is',
])

const LIKE_OBJECTS = new Set(['yours', 'ours', 'mine', 'theirs', 'them', 'us', 'me', 'him', 'her'])
const NOT_PLURAL = new Set(['is', 'was', 'has', 'does', 'this', 'yes', 'its', 'his', 'thus', 'plus', 'guys', 'says'])

const isDigit = (t: string): boolean => t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57

/** Words said twice on purpose ("I know that that works", "had had"), and counting words ("two two five"): never a stutter. */
const KEEP_REPEATED = new Set(['that', 'had', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'zero', 'oh', 'double', 'hundred', 'thousand', 'point'])

/** "like" as a verb or comparison ("would like", "looks like", "clinics like yours"), not a filler. */
function likeIsAWord(prev: string, next: string | undefined): boolean {
  if (LIKE_KEEP_AFTER.has(prev)) return true
  if (next !== undefined && LIKE_OBJECTS.has(next)) return true
  // plural nouns and third-person verbs: "brands like", "feels like"
  return prev.length > 3 && prev.endsWith('s') && !NOT_PLURAL.has(prev)
}

const YOU_KNOW_DROP_AFTER = new Set([...DISCOURSE, 'like', 'mean', 'is', 'are', 'was', 'were', 'but'])

const CONTRACTION_PARTS = new Map(Object.entries(CONTRACTIONS).map(([k, v]) => [k, v.split(' ')]))
const APOSTROPHE_PARTS = new Map(Object.entries(APOSTROPHE_ONLY).map(([k, v]) => [k, v.split(' ')]))
const SUFFIX_WORD: Record<string, string | null> = { s: null, d: 'would', ll: 'will', re: 'are', ve: 'have', m: 'am' }

function expand(raw: string): readonly string[] | string {
  const lower = raw.toLowerCase()
  const apo = lower.indexOf("'") >= 0 || lower.indexOf('’') >= 0
  if (!apo) return CONTRACTION_PARTS.get(lower) ?? lower
  const key = lower.replace(/['’]/g, '')
  const a = APOSTROPHE_PARTS.get(key) ?? CONTRACTION_PARTS.get(key)
  if (a) return a
  // possessive or rare contraction: keep the stem ("medicare's" -> "medicare")
  const m = /^(.*?)['’](s|d|ll|re|ve|m)$/.exec(lower)
  if (m && m[1]) {
    const tail = SUFFIX_WORD[m[2] as string]
    return tail ? [m[1], tail] : m[1]
  }
  return key
}

export function normalize(original: string): Normalized {
  const raw: Token[] = []
  let question = false
  let pendingComma = false
  let spokenWords = 0
  TOKEN_RE.lastIndex = 0
  for (let m = TOKEN_RE.exec(original); m; m = TOKEN_RE.exec(original)) {
    const w = m[0]
    const s = m.index
    const e = s + w.length
    const ch = w.charCodeAt(0)
    if (w.length === 1 && '?!.;:'.includes(w)) {
      if (w === '?') question = true
      const last = raw[raw.length - 1]
      if (last && last.t !== '|') raw.push({ t: '|', s, e, comma: false, q: w === '?' })
      else if (last && w === '?') last.q = true
      pendingComma = false
      continue
    }
    if (w.length === 1 && ',–—-'.includes(w)) {
      pendingComma = true
      continue
    }
    const comma = pendingComma
    pendingComma = false
    if (w !== '$' && w !== '%' && w !== '#' && w !== '&') spokenWords++
    if (w === '$') { raw.push({ t: 'dollars', s, e, comma }); continue }
    if (w === '%') { raw.push({ t: 'percent', s, e, comma }); continue }
    if (w === '#') { raw.push({ t: 'number', s, e, comma }); continue }
    if (w === '&') { raw.push({ t: 'and', s, e, comma }); continue }
    if (ch >= 48 && ch <= 57) {
      raw.push({ t: w.toLowerCase().replace(/,/g, ''), s, e, comma })
      continue
    }
    const parts = expand(w)
    if (typeof parts === 'string') raw.push({ t: parts, s, e, comma })
    else for (let i = 0; i < parts.length; i++) raw.push({ t: parts[i] as string, s, e, comma: comma && i === 0 })
  }

  // filler removal
  const out: Token[] = []
  for (let i = 0; i < raw.length; i++) {
    const tok = raw[i] as Token
    const t = tok.t
    if (ALWAYS_FILLERS.has(t)) {
      const next = raw[i + 1]
      if (next && tok.comma) next.comma = true
      continue
    }
    const prev = out[out.length - 1]
    const atStart = !prev || prev.t === '|'
    if (t === 'you' && raw[i + 1]?.t === 'know') {
      const after = raw[i + 2]
      const prevPrev = out[out.length - 2]
      const justSo = prev?.t === 'so' && prevPrev?.t === 'just'
      const dropByPosition = atStart || tok.comma || !after || after.t === '|' || after.comma ||
        (prev !== undefined && YOU_KNOW_DROP_AFTER.has(prev.t))
      const keep = justSo || (after !== undefined && (after.t === 'what' || after.t === 'that' || after.t === 'how' ||
        after.t === 'if' || after.t === 'whether' || after.t === 'who' || after.t === 'when' || after.t === 'about') &&
        !tok.comma && prev !== undefined && !DISCOURSE.has(prev.t) && prev.t !== 'like')
      if (dropByPosition && !keep && !(prev && /^(do|did|does|would|to|not|let|if|as|may|might|will)$/.test(prev.t))) {
        i++
        if (after) after.comma = after.comma || tok.comma
        continue
      }
    }
    if (t === 'i' && raw[i + 1]?.t === 'mean' && (atStart || tok.comma || (prev !== undefined && DISCOURSE.has(prev.t)))) {
      i++
      continue
    }
    if (t === 'like' && !(prev && !tok.comma && likeIsAWord(prev.t, raw[i + 1]?.t))) {
      const next = raw[i + 1]
      if (next && tok.comma) next.comma = true
      continue
    }
    if (t === '|' && (atStart)) continue
    // a stutter: the word or the two words just said, said again ("is is this", "could i could i send") (coach v2.2)
    // (the cheap equality first: most tokens repeat neither of the last two)
    if (prev && prev.t === t && t !== '|' && !KEEP_REPEATED.has(t) && !isDigit(t)) {
      if (tok.comma && raw[i + 1]) raw[i + 1]!.comma = true
      continue
    }
    const prev2 = out.length > 1 ? out[out.length - 2] : undefined
    if (prev2 && prev2.t === t && prev && raw[i + 1]?.t === prev.t && t !== '|' && prev.t !== '|' && !KEEP_REPEATED.has(t) && !KEEP_REPEATED.has(prev.t) && !isDigit(t)) {
      i++
      continue
    }
    out.push(tok)
  }
  const tail = out[out.length - 1]
  const endsSentence = tail !== undefined && tail.t === '|'
  const endsQuestion = endsSentence && tail.q === true
  while (out.length && (out[out.length - 1] as Token).t === '|') out.pop()

  const starts: number[] = new Array(out.length)
  let text = ''
  let words = 0
  for (let i = 0; i < out.length; i++) {
    if (i > 0) text += ' '
    starts[i] = text.length
    const t = (out[i] as Token).t
    text += t
    if (t !== '|') words++
  }
  return { text, tokens: out, starts, question, words, spokenWords, endsSentence, endsQuestion }
}

/** Index of the token that covers offset `pos` of `n.text`. */
export function tokenAt(n: Normalized, pos: number): number {
  let lo = 0
  let hi = n.starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((n.starts[mid] as number) <= pos) lo = mid
    else hi = mid - 1
  }
  return lo
}
