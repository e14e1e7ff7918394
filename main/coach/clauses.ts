/**
 * Clause splitting over normalised tokens (see normalize.ts), without relying
 * on punctuation: an utterance can greet, give and close in one breath
 * ("hi this is sam a shop like yours cut its bill by a third can we meet
 * tuesday"), and each job is judged on its own clause, in order.
 *
 * A clause ends at sentence punctuation ('|'), or before a word that opens a
 * new clause in spoken English: a coordinator followed by a subject ("and we
 * cut…", "so what is…"), a question opening after a finished thought ("…as
 * well would you be free…"), a first-person statement after a clause-final
 * word ("…right now i would love to…"), or a greeting. Embedded questions
 * ("tell me how you…", "i know what you mean") and tag questions ("…is that
 * right") are not cut. A conditional ("if i could show you…, would you…")
 * stays one clause: the condition is part of the ask.
 */

export interface ClauseToken {
  t: string
}

const SUBJ = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'it', 'that', 'there', 'this', 'our', 'your', 'my', 'their', 'ya'])
const Q_AUX = new Set(['do', 'does', 'did', 'are', 'is', 'can', 'could', 'would', 'will', 'should', 'have', 'has', 'may', 'shall', 'were', 'was', 'might'])
const Q_SUBJ = new Set(['you', 'we', 'i', 'your', 'anyone', 'anybody', 'there', 'it', 'that', 'this', 'they', 'he', 'she', 'ya', 'y'])
const WH = new Set(['what', 'how', 'who', 'when', 'where', 'which', 'why'])
const COORD = new Set(['and', 'but', 'so', 'because', 'cause', 'anyway', 'plus', 'or', 'also'])
/** A question word right after one of these is embedded ("tell me how…", "no idea what…"), not a new clause. */
const EMBED_BEFORE = new Set([
  'to', 'that', 'what', 'how', 'if', 'whether', 'why', 'when', 'where', 'who', 'which', 'i', 'we', 'you', 'they', 'he', 'she', 'it',
  'there', 'this', 'and', 'or', 'but', 'not', 'know', 'wonder', 'wondering', 'see', 'tell', 'ask', 'asking', 'sure', 'as', 'than', 'so',
  'understand', 'show', 'about', 'on', 'of', 'in', 'for', 'is', 'curious', 'hear', 'learn', 'exactly', 'explain', 'share', 'describe',
  'decide', 'matter', 'care', 'regardless', 'idea', 'remember', 'figure', 'out', 'guess', 'like', 'love', 'just', 'depends', 'me', 'us',
  'him', 'her', 'them', 'from', 'at', 'by', 'with', 'into', 'check', 'find', 'discuss', 'talk', 'think', 'mean', 'wanted', 'want', 'realize',
  'notice', 'noticed', 'the', 'a', 'an', 'no', 'kind', 'sort', 'some', 'any', 'all', 'every', 'be', 'been', 'am', 'are', 'was', 'were',
  'do', 'does', 'did', 'can', 'could', 'would', 'will', 'should', 'may', 'might', 'has', 'have', 'had', 'get', 'got', 'let',
])
/** Words a clause can end on, after which a first-person statement starts a new clause ("…as well i would…"). */
const CLAUSE_END = new Set([
  'well', 'too', 'today', 'now', 'here', 'there', 'it', 'this', 'them', 'you', 'me', 'us', 'time', 'week', 'month', 'year', 'morning',
  'afternoon', 'evening', 'again', 'though', 'anyway', 'yet', 'already', 'lately', 'recently', 'either', 'right', 'okay', 'thanks',
  'much', 'great', 'sure', 'fine', 'good', 'name', 'call', 'yes', 'yeah', 'no', 'sense', 'so', 'later', 'soon', 'day', 'business',
  'everyone', 'all', 'before', 'ago', 'lot', 'bit', 'minute', 'second', 'moment', 'him', 'her', 'one', 'ones', 'hello', 'hi', 'there',
])
const FIRST_PERSON_VERB = new Set([
  'would', 'am', 'was', 'wanted', 'want', 'can', 'will', 'have', 'had', 'just', 'also', 'could', 'really', 'love', 'hope', 'think', 'noticed',
  'saw', 'work', 'help', 'helped', 'are', 'were', 'called', 'figured', 'thought', 'know', 'do', 'did', 'should', 'need', 'run', 'specialize',
  'recently', 'actually', 'put', 'got', 'found', 'cut', 'sell', 'offer', 'provide', 'build', 'built',
])
/** Tag questions stay with the statement they check ("you run twelve trucks is that right"). */
const TAG_AFTER_IS = new Set(['right', 'correct', 'true', 'fair', 'accurate', 'okay', 'so'])
const GREETING = new Set(['hi', 'hello', 'hey', 'thanks'])
/** A clause opening with one of these is a noun phrase until its verb comes ("the reason for my call | is…"). */
const NP_START = new Set(['the', 'my', 'our', 'a', 'an', 'one', 'all', 'every', 'most', 'another'])
const COPULA = new Set(['is', 'was', 'are', 'were'])
/** Noun phrases longer than this are not waited on: a copula after them may well open a question. */
const NP_MAX_WORDS = 7
const VERBLESS_STOP = new Set([...Q_AUX, 'i', 'we', 'you', 'they', 'he', 'she', 'it', 'had', 'am', 'be', 'been'])

/**
 * Do these tokens (one clause, in order) open with a noun phrase whose verb has
 * not come yet? Then a following "is / was …" continues it as a copula, not a
 * question ("the reason for my call | is this"). Used by the splitter and by
 * the coach when the next segment starts with a copula.
 */
export function awaitsPredicate(tokens: readonly ClauseToken[], from = 0, to = tokens.length): boolean {
  if (to - from < 2 || to - from > NP_MAX_WORDS || !NP_START.has(tokens[from]!.t)) return false
  for (let i = from + 1; i < to; i++) if (VERBLESS_STOP.has(tokens[i]!.t) || tokens[i]!.t === '|') return false
  return true
}

const CLEFT_VERB = new Set(['need', 'want', 'ask', 'require', 'needed'])
const CLEFT_HEAD = new Set(['all', 'what', 'thing', 'everything'])
/**
 * Does the clause end on the head of a pseudo-cleft ("all i need", "what we would need from you", "the only thing i
 * ask")? Then a following "is" is its copula ("all i need | is your mc number" is one statement, not a question).
 */
function cleftHead(tokens: readonly ClauseToken[], from: number, to: number): boolean {
  let j = to - 1
  if (tokens[j]?.t === 'you' && tokens[j - 1]?.t === 'from') j -= 2
  if (!CLEFT_VERB.has(tokens[j]?.t ?? '')) return false
  j--
  const m = tokens[j]?.t
  if (m === 'just' || m === 'really' || m === 'would' || m === 'will' || m === 'do') j--
  if (tokens[j]?.t !== 'i' && tokens[j]?.t !== 'we') return false
  j--
  if (tokens[j]?.t === 'that') j--
  return j >= from && CLEFT_HEAD.has(tokens[j]!.t)
}

/**
 * Split points: returns [start, end) index pairs of the clauses in `tokens`
 * (clause breaks '|' excluded). A cut needs at least two words on its left.
 */
export function splitClauses(tokens: readonly ClauseToken[]): [number, number][] {
  const out: [number, number][] = []
  let start = -1
  let words = 0
  let conditional = false
  /** The clause opened with a question word and its verb has not come yet ("how many patients | do you see"). */
  let whNoVerb = false
  const close = (end: number): void => {
    if (start >= 0 && end > start) out.push([start, end])
    start = -1
    words = 0
    conditional = false
    whNoVerb = false
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.t
    if (t === '|') {
      close(i)
      continue
    }
    if (start >= 0 && words >= 2 && !(whNoVerb && Q_AUX.has(t)) && !(COPULA.has(t) && (awaitsPredicate(tokens, start, i) || cleftHead(tokens, start, i))) && opensClause(tokens, i, conditional)) close(i)
    if (start < 0) {
      start = i
      conditional = t === 'if' || ((t === 'so' || t === 'and' || t === 'but' || t === 'now') && tokens[i + 1]?.t === 'if')
      whNoVerb = WH.has(t) || (COORD.has(t) && WH.has(tokens[i + 1]?.t ?? ''))
    } else if (whNoVerb && Q_AUX.has(t)) whNoVerb = false
    words++
  }
  close(tokens.length)
  return out
}

function opensClause(tokens: readonly ClauseToken[], i: number, conditional: boolean): boolean {
  const t = tokens[i]!.t
  const prev = tokens[i - 1]?.t ?? ''
  const n1 = tokens[i + 1]?.t
  const n2 = tokens[i + 2]?.t
  if (GREETING.has(t) && prev !== 'say' && prev !== 'and') return true
  if (t === 'thank' && n1 === 'you') return true
  // coordinator + subject / question: "and we cut…", "so what is…", "but do you…"
  if (COORD.has(t) && n1 !== undefined) {
    // "go ahead and do that now": one ask, its verbs joined
    if (t === 'and' && prev === 'ahead') return false
    if (SUBJ.has(n1) && n2 !== undefined && n2 !== 'and' && n2 !== 'or') return !conditional || !Q_AUX.has(n2)
    if (WH.has(n1) && n2 !== undefined && (Q_AUX.has(n2) || n2 === 'about' || SUBJ.has(n2))) return true
    if (Q_AUX.has(n1) && n2 !== undefined && Q_SUBJ.has(n2)) return !conditional
    return false
  }
  // a question opening: "…as well would you be free thursday"
  if (Q_AUX.has(t) && n1 !== undefined && Q_SUBJ.has(n1) && !EMBED_BEFORE.has(prev)) {
    if (conditional) return false
    if ((t === 'is' || t === 'was') && (n1 === 'that' || n1 === 'it' || n1 === 'this') && (n2 === undefined || TAG_AFTER_IS.has(n2))) return false
    // "a roofer in tulsa | did that": a verb and its object ending the clause, not a question
    if ((t === 'did' || t === 'does' || t === 'do' || t === 'has' || t === 'had') && (n1 === 'that' || n1 === 'it' || n1 === 'this') && (n2 === undefined || n2 === 'too' || n2 === 'already')) return false
    // "the reason for my call | is that i wanted…": a copula going on, not a question
    if ((t === 'is' || t === 'was') && n1 === 'that' && n2 !== undefined && SUBJ.has(n2)) return false
    return true
  }
  // "companies who are…", "a tool which does…": a relative clause belongs to its noun
  if ((t === 'who' || t === 'which') && !CLAUSE_END.has(prev) && !prev.endsWith('ly')) return false
  if (WH.has(t) && n1 !== undefined && !EMBED_BEFORE.has(prev) && (Q_AUX.has(n1) || n1 === 'many' || n1 === 'much' || n1 === 'often' || n1 === 'long' || n1 === 'about')) {
    return true
  }
  // a first-person statement after a finished clause: "…your firm as well i would love to come by"
  if ((t === 'i' || t === 'we') && n1 !== undefined && FIRST_PERSON_VERB.has(n1) && (CLAUSE_END.has(prev) || prev.endsWith('ly'))) {
    // "…today all i need is…": the head of a pseudo-cleft, not a statement after "all"
    return !(prev === 'all' && cleftHead(tokens, i - 1, i + 2 + (n1 === 'just' || n1 === 'really' ? 1 : 0)) && tokens[i + 2 + (n1 === 'just' || n1 === 'really' ? 1 : 0)]?.t === 'is')
  }
  return false
}

/** A segment ending on one of these cannot end a clause: the next segment continues it. */
export const DANGLING_END = new Set([
  'the', 'a', 'an', 'to', 'of', 'for', 'with', 'and', 'or', 'but', 'your', 'our', 'my', 'their', 'his', 'her', 'its', 'if', 'in', 'on',
  'at', 'about', 'from', 'by', 'into', 'than', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'am', 'i', 'we', 'you', 'they', 'he',
  'she', 'can', 'could', 'would', 'will', 'should', 'do', 'does', 'did', 'have', 'has', 'had', 'how', 'what', 'who', 'when', 'where',
  'which', 'why', 'whether', 'because', 'so', 'some', 'any', 'very', 'more', 'most', 'just', 'really', 'going', 'want', 'wanted', 'like',
  'get', 'set', 'need', 'let', 'hoping', 'trying', 'make', 'take', 'give', 'show', 'help', 'love', 'might', 'may', 'shall', 'must',
  'every', 'each', 'this', 'these', 'those', 'all', 'not', 'no', 'also', 'then', 'maybe', 'up',
])
/** A segment opening with one of these continues the previous one ("…set | up a time", "…hoping | to talk"). */
export const CONTINUES = new Set([
  'to', 'of', 'for', 'with', 'than', 'about', 'from', 'by', 'up', 'out', 'off', 'down', 'over', 'into', 'through', 'at', 'in', 'on',
  'as', 'onto', 'across', 'during', 'per', 'like', 'around', 'within', 'without', 'against', 'between', 'among', 'versus', 'plus',
  // a time or an alternative after an ask finishes the ask ("…would you like to meet | thursday or friday")
  'or', 'today', 'tomorrow', 'tonight', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'sometime',
  'instead', 'either',
])
