/**
 * The coach engine: splits the rep's speech into clauses, classifies each
 * clause and raises flags.
 *
 * Segments arrive in call order: whole utterances, or the ~2 s pieces of one
 * utterance as Whisper finishes them. The coach keeps the clause still open at
 * the end of the last segment and lets the next segment continue it when the
 * words say so (the last segment ended on "to", the next starts with "up a
 * time"…) or the timing does (no pause between them). Each push re-reads the
 * clauses of [open clause + new segment], in order, and the rules run over
 * those clauses: a probe before anything was given, a commitment ask before
 * the rep has given and learned, and the pattern flags. A clause raises each
 * kind at most once, however many pieces it grows over.
 *
 * Every rule only looks backwards, so pushing segments one at a time yields
 * exactly the flags of analysing the call at once (`analyzeCall` replays the
 * clause rules the same way; its timing rules are a separate batch
 * implementation, and the tests check that both agree on every corpus call).
 */
import { classifyFeatures, evidenceSpan, type LinearModel } from './classifier'
import { FEATURE_INDEX, featuresOf, findCheckIn, findCredentials, type Features, type Match } from './features'
import { normalize, DISCOURSE, tokenAt, type Normalized, type Token } from './normalize'
import { findFeatureList, findJargon, findNoEscape, pressureAsks, type Hit } from './patterns'
import { awaitsPredicate, CONTINUES, DANGLING_END, splitClauses } from './clauses'
import { imperativeVerb } from './tagger'
import {
  askingBeforeGiving,
  closingTooEarly,
  credentialsNotValue,
  emptyCheckIn,
  featuresNotResults,
  jargon,
  KIND_ORDER,
  noEscapePath,
  slowHook,
  talkingTooLong,
  type FlagContext,
} from './rules'
import type { CallAnalysis, Classification, Coach, CoachOptions, CoachSegment, Flag, FlagKind, UtteranceClass } from './types'
import { WEIGHTS } from './weights'

/**
 * Precision first: a flag the live overlay shows must be right; the classifier's
 * probability for the clause (or the pattern's strength) must reach this.
 * Chosen on the tuning corpus (see README.md, "Confidence").
 */
export const CONFIDENT_AT = 0.6

export const DEFAULT_OPTIONS: Required<CoachOptions> = {
  // ~150 words at conversational pace: several times the 20–30 s a buyer gives a
  // caller to say something worth hearing, and long past any single point.
  monologueMs: 60_000,
  // Whisper splits continuous speech into segments with sub-second gaps; a 2 s
  // silence on the rep's side is room the buyer had (or took) to speak.
  turnGapMs: 2_000,
  slowHookMs: 30_000,
  wordsPerMinute: 150,
  confidentAt: CONFIDENT_AT,
}

/** A pause at least this long between two segments ends the clause (Whisper's mid-sentence cuts fall at word gaps of ~0.1–0.3 s). */
const CLAUSE_PAUSE_MS = 500
/**
 * An open clause this long is closed rather than carried into the next
 * segment: a run-on the splitter found no break in. It bounds the work of a
 * push (the open clause is re-read with every piece); it never decides a class.
 */
const MAX_OPEN_WORDS = 40

function resolve(options?: CoachOptions): Required<CoachOptions> {
  const o = { ...DEFAULT_OPTIONS }
  for (const k of Object.keys(DEFAULT_OPTIONS) as (keyof CoachOptions)[]) {
    const v = options?.[k]
    if (v !== undefined) {
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`coach option ${k} must be a positive number`)
      if (k === 'confidentAt' && v > 1) throw new RangeError('coach option confidentAt must be at most 1')
      o[k] = v
    }
  }
  return o
}

const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

interface StreamToken extends Token {
  seg: number
}

interface SegmentRecord {
  text: string
  norm: Normalized
  startMs: number | null
  /** Given end, or start + estimated speaking time; null when the start is unknown. */
  endMs: number | null
  /** Estimated speaking time from the word count. */
  spokenMs: number
}

/** One clause as read at one push. */
export interface ClauseReading {
  class: UtteranceClass
  confidence: number
  scores: Record<UtteranceClass, number>
  evidence: string
  cues: string[]
  features: Features
  /** The clause's words (normalised). */
  words: string[]
  /** Verbatim text of the clause, and the tokens' spans into it. */
  source: string
  tokens: Token[]
  segs: Set<number>
}

let activeModel: LinearModel = WEIGHTS
/** Use another classifier model while `fn` runs (training and left-out evaluation tools only). */
export function withModel<T>(model: LinearModel, fn: () => T): T {
  const before = activeModel
  activeModel = model
  try {
    return fn()
  } finally {
    activeModel = before
  }
}

/** The features of one clause (tokens from one or more segments), before classification. */
function clauseFeatures(toks: readonly StreamToken[], segs: readonly SegmentRecord[], question: boolean) {
  const order: number[] = []
  for (const t of toks) if (order[order.length - 1] !== t.seg) order.push(t.seg)
  const offset = new Map<number, number>()
  let source = ''
  for (const s of order) {
    if (source) source += ' '
    offset.set(s, source.length)
    source += segs[s]!.text
  }
  const tokens: Token[] = []
  const starts: number[] = []
  const words: string[] = []
  let text = ''
  for (const t of toks) {
    const off = offset.get(t.seg)!
    if (text) text += ' '
    starts.push(text.length)
    text += t.t
    tokens.push({ t: t.t, s: t.s + off, e: t.e + off, comma: t.comma })
    words.push(t.t)
  }
  const norm: Normalized = { text, tokens, starts, question, words: words.length, spokenWords: words.length, endsSentence: question, endsQuestion: question }
  const iv = imperativeVerb(words)
  const imperative: Match | undefined = iv >= 0 ? { s: tokens[iv]!.s, e: tokens[iv]!.e } : undefined
  return { features: featuresOf(norm, { imperative }), words, source, tokens, segs: new Set(order) }
}

const NON_PROBE = ['c.courtesy', 'n.clarify', 'n.routing', 'n.rhetorical'].map((n) => FEATURE_INDEX[n]!)
const BUSINESS = ['p.your_biz', 'p.you_disclose', 'p.who_role', 'p.when_ends', 'p.biggest', 'x.stmt_probe', 'q.how_quant', 'p.what_changed'].map((n) => FEATURE_INDEX[n]!)

const COURTESY = FEATURE_INDEX['c.courtesy']!
const fi = (name: string): number => FEATURE_INDEX[name]!
const F_COND = fi('cl.conditional'), F_DESIRE = fi('cl.desire_meet'), F_SEE = fi('cl.see_if_open'), F_CALLBACK = fi('cl.callback')
const F_OFFER = fi('cl.offer'), F_NONPROBE = fi('x.q_nonprobe'), F_IUY = fi('p.i_understand_you'), F_TAG = fi('q.tag')
const F_NEED = fi('p.need_confirm'), F_PERSON = fi('p.are_you_person'), F_QUESTION = fi('x.question')
const F_PERM_NOW = fi('n.permission_now'), F_COMPLIMENT = fi('n.compliment'), F_CLEFT = fi('n.pseudo_cleft'), F_QCOMMIT = fi('x.q_commit'), F_TIME = fi('cl.time')
const F_CHECKIN = fi('ck.phrase'), F_DYK = fi('g.dyk'), F_NUM = fi('g.num'), F_PCT = fi('g.pct'), F_INSIGHT = fi('g.insight')
const OBSERVATION = /^(?:\S+ )?(?:i|we) (?:know|noticed|saw|read|see|heard|have seen|have noticed|have heard|came across|caught) (?:that )?(?:your|you)\b/
/**
 * "do you know what you spent on…", "did you know how many calls you get…": an embedded question about the buyer,
 * which asks them to disclose (a probe), not the playbook's give-as-question ("did you know most shops…") nor a
 * rhetorical "you know what".
 */
const EMBEDDED_ASK = /\b(?:do|did) you (?:happen to )?know (?:roughly |offhand |exactly )?(?:what|how|who|when|where|which|why|if|whether) (?:\S+ ){0,5}(?:you|your)\b/
/**
 * Asking when to meet, or whether to go ahead: "when can we meet", "would later in the month be better", "do you
 * want to go ahead and do that now" (coach v2.2: every such corpus line is a close; the model read them as other or
 * probe, their words being a question's).
 */
const SCHEDULE_ASK = new RegExp(
  '\\b(?:(?:when|what time|what day|which day) (?:can|could|should|shall|would|do) (?:we|i) (?:meet|get together|talk|chat|sit down|connect|come (?:by|out|in|over)|stop by|swing by|drop by|get (?:started|going|that set up))' +
    '|would (?:(?:a |the )?(?:later|earlier|next|this|sometime|maybe|mornings?|afternoons?|evenings?|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the week|the weekend)\\b)(?: \\S+){0,5}? (?:be better|work better|be easier|work for you|suit you|be good)' +
    '|(?:do you|would you|you|shall we|should we|can we|are we) (?:want to |wanna |ready to |good to )?go ahead' +
    // coach v2.3: the buyer's side of the same ask ("when can you come in for a test drive", "what does your
    // availability look like"), and the pick between the times just offered ("…thursday or friday? which is better
    // for you?"), a question of its own once punctuation splits it
    '|(?:when|what day|what time|which day) (?:can|could|would|will) you (?:come (?:in|by|out|over|down)|stop by|swing by|make it|meet|get together|be (?:free|available|around))' +
    '|what (?:is|does) your (?:availability|calendar|schedule)(?: look)?' +
    '|^(?:(?:okay|so|and|great|then|well|now) )*which (?:one |day |time |slot )?(?:is|works|would be|would work|suits you|sounds)(?: better| easier| best)?(?: for you)?$)\\b',
)
/**
 * Asking for what completes the deal is asking for the commitment (the playbook's contract or purchase): where to send
 * the agreement, the card or account to bill, "can I confirm the upgrade" (coach v2.3: every such corpus line is a
 * close; "what's the best email?" alone is not one of them, it is other in every call).
 */
const DEAL_DETAIL = new RegExp(
  '\\b(?:(?:email|address|fax|where)(?: \\S+){0,3} (?:to )?send (?:the |your |over the )?(?:agreement|contract|paperwork|order form|application|enrollment|signup|docusign|forms to sign)' +
    '|(?:card|account)(?: \\S+){0,6} (?:drafted|charged|billed|debited)' +
    '|(?:can|could|shall|should|may) i (?:go ahead and )?(?:confirm|finalize|process|lock in|submit|place|activate) (?:the|your|that|this) (?:upgrade|order|enrollment|switch|booking|application|purchase|plan|account|service|reservation))\\b',
)
/**
 * Offering to come or send someone round is asking for the visit (the playbook's meeting): "I can have him stop by
 * Thursday", "we could get one of our techs to come out", "I can come by your yard" (coach v2.3: every such corpus line
 * is a close; the model read "at no charge" in one as a give, "it would only take fifteen minutes" in another as other).
 */
const VISIT_OFFER = /\b(?:i|we) (?:can|could|will|would) (?:(?:have|get|send) (?:him|her|them|someone|somebody|a tech|a technician|one of our \S+|my \S+|our \S+|the crew|a crew) (?:to )?)?(?:stop by|come out|come by|swing by|drop by|come over|pop by|pop over)\b/
const REPAIR_LEAD = new Set(['oh', 'um', 'uh', 'so', 'okay', 'wait'])
const WH_WORDS = new Set(['what', 'how', 'who', 'when', 'where', 'which', 'why'])
/**
 * A repair: "sorry" opening a question asks to hear or check the buyer's last words ("sorry, how many?", "sorry, did
 * you say twelve cases or twenty?", "sorry, budget?", "sorry, what did you say your manager's name is?"), a clarifying
 * question, not a probe (coach v2.3: of the 33 corpus lines opening with "sorry", the one probe asks a new wh-question
 * after its echo, "sorry, you said you have a company? who is it?", which keeps its probe here).
 */
function isRepair(w: readonly string[]): boolean {
  let i = 0
  while (i < w.length && REPAIR_LEAD.has(w[i]!)) i++
  if (w[i] !== 'sorry' && w[i] !== 'pardon') return false
  i++
  if (WH_WORDS.has(w[i] ?? '')) i++
  for (; i < w.length; i++) if (WH_WORDS.has(w[i]!)) return false
  return true
}
/** "sorry, what's that?": asking to hear the buyer's last words again. */
const CLARIFY_ONLY = /^(?:(?:oh|sorry|wait|pardon|so|okay) )*(?:what (?:is|was) that|say that again|come again|sorry)$/
const F_CLARIFY = FEATURE_INDEX['n.clarify']!
/**
 * The rep saying what they want to do to the buyer's account is the ask: "what I'd like to do is switch you over
 * today", "I'd love to get you set up with a trial", and "how about you send me one invoice" (coach v2.3: every such
 * corpus line is a close; with "it takes ten minutes on the phone" after it, the permission-to-talk reading had made
 * one other).
 */
const DESIRE_DEAL = /\b(?:what (?:i|we) would (?:like|love|want) to do is|(?:i|we) would (?:like|love) to|i want to|i wanna) (?:go ahead and )?(?:switch|move|sign|enroll|get|set|put|book|start|lock|transfer|upgrade|convert|bring|onboard) you\b|\bhow (?:about|bout) (?:you|we) (?:just )?(?:send|try|give|sign|book|come|let|grab|start|set|put|lock|schedule|take)\b/
/**
 * A statement about the buyer checked with a tag ("you're the homeowner there, correct?", "you have homeowners insurance
 * correct", "now you're between fifty and eighty-five, is that right?"): the playbook's fact-checking probe, which
 * without punctuation the model read as other (coach v2.3: 7 of the 8 such corpus lines are probes; the eighth, "oh
 * you have an in-house person okay okay yeah", is an echo and ends on its acknowledgement).
 */
const TAG_PROBE = /^(?:(?:now|so|and|okay|oh|great|then|just|all right) )*(?:you|your) (?:\S+ ){2,}(?:correct|right|is that right|is that correct)$/
/** Asking when to meet and asking for what completes the deal, as one pattern (both run on the same question clauses). */
const SCHEDULE_OR_DEAL = new RegExp(`${SCHEDULE_ASK.source}|${DEAL_DETAIL.source}`)
/** The visit and deal forms as one pattern: one scan of every clause the model does not read as a close (two regexes, or substring checks before them, cost twice as much). */
const VISIT_OR_DEAL = new RegExp(`${VISIT_OFFER.source}|${DESIRE_DEAL.source}`)
/** The rep's acknowledgement of what the buyer just said: "Sure.", "Okay.", "Fair.", "No problem." */
const ACK_START = new Set(['sure', 'okay', 'ok', 'fair', 'totally', 'understood', 'gotcha', 'absolutely', 'perfect', 'great', 'nice', 'awesome', 'cool'])
const ACK_PAIR = new Set(['no problem', 'of course', 'got it', 'makes sense', 'fair enough', 'i get', 'i see'])
/** Words an echo of the buyer opens with: a statement's subject, not an auxiliary or a wh-word ("you're driving?", "your boss?", "no issues?"). */
const ECHO_START = new Set(['you', 'your', 'she', 'he', 'they', 'his', 'her', 'their', 'no', 'sorry'])
const startsAck = (w: readonly string[], i: number): boolean =>
  ACK_START.has(w[i] ?? '') || ACK_PAIR.has(`${w[i] ?? ''} ${w[i + 1] ?? ''}`)
/**
 * An echo question: the rep repeats the buyer's words as a statement with a question mark and acknowledges them at once
 * ("You want to read the contract first? Sure.", "oh, sorry, you're driving? oh, okay", "Your doctor decides? Okay").
 * It asks the buyer to disclose nothing new, so it is no probe (coach v2.3: every such corpus line is other). Read on
 * the clauses of one text: the acknowledgement opens the next clause, or, without punctuation, ends this one.
 */
function echoes(r: ClauseReading, prev: ClauseReading | undefined, next: ClauseReading | undefined): boolean {
  if (r.class !== 'probe') return false
  const w = r.words
  let i = 0
  while (i < w.length - 1 && (DISCOURSE.has(w[i]!) || w[i] === 'oh' || w[i] === 'wait')) i++
  if (!ECHO_START.has(w[i] ?? '')) return false
  // "sorry, what was that? you're renting out the basement?": checking what was just heard
  if (prev && r.features.norm.question && (prev.features.x[F_CLARIFY] === 1 || CLARIFY_ONLY.test(prev.features.norm.text))) return true
  if (next && next.segs.size === 1 && [...next.segs][0] === Math.max(...r.segs) && r.features.norm.question) {
    let j = 0
    while (j < next.words.length - 1 && (next.words[j] === 'oh' || next.words[j] === 'well')) j++
    if (startsAck(next.words, j)) return true
  }
  const n = w.length
  return n >= 3 && (ACK_START.has(w[n - 1]!) || ACK_PAIR.has(`${w[n - 2]} ${w[n - 1]}`))
}
/** The echo reading applied over one text's clauses, in place. */
function readEchoes(readings: ClauseReading[]): void {
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!
    if (r.class === 'probe' && echoes(r, readings[k - 1], readings[k + 1])) readings[k] = { ...r, class: 'other', confidence: Math.max(r.scores.other, 1 - r.scores.probe), evidence: '' }
  }
}
/**
 * Questions that route the call or keep it civil, which ask the buyer to disclose nothing about their business (the
 * playbook: courtesy and permission questions are not probing): who the right person to talk to would be, passing a
 * number along, the best time to reach her, whether there is a better time to call, an inbound "how can I help you
 * today", "how's your day going so far", "is now all right for a minute", "could you put me through to…", "may I ask
 * who I'm speaking with", "have I caught you at a bad time" (coach v2.3: every such corpus line is other;
 * the model read most as probes, by their wh-word and "you").
 */
const SERVICE_ASK = new RegExp(
  '\\b(?:(?:who|whom) (?:would|might|should|could|will) (?:be )?the (?:best|right|correct|proper) (?:person|one|contact|people) (?:to (?:talk|speak|reach|ask|contact|send)|for (?:me|this|that))' +
    '|(?:could|can|would) you tell me who (?:that|this|it) (?:would be|is|was|might be)' +
    '|(?:would|could|can) you (?:be able to )?(?:please )?(?:pass|give|forward|send) (?:my|this|the|our) (?:number|name|info|information|message|details|email|contact) (?:along |on |over )?to (?:him|her|them)' +
    '|what is the best (?:time|way|number) to (?:reach|call|get (?:a hold of|hold of|ahold of)|catch) (?:him|her|them)' +
    '|is there a better time to (?:call|reach you|try you|talk|catch you)' +
    '|(?:could|can|would) you (?:please )?(?:put|transfer|connect) me|(?:may|can|could) i ask who i am (?:speaking|talking)' +
    '|(?:have|did) i (?:caught|catch|got|get) you at|would you be (?:okay|ok|alright|all right) with me (?:taking|using|asking|sharing)' +
    '|^(?:(?:okay|so|and|great|then|well|now) )*(?:how (?:can|may|could) i help(?: you)?(?: today| this (?:morning|afternoon|evening))?|what can i (?:help you with|do for you)(?: today)?)$' +
    '|how is your (?:day|week|morning|afternoon|evening) (?:going|been)(?: so far| today)?$' +
    '|^(?:(?:oh|sorry|wait|pardon|so|okay) )*what (?:is|was) that$' +
    '|^(?:(?:okay|so|and|great|then|well|now) )*is (?:now|this) (?:still )?(?:okay|ok|all right|alright|good|fine|a good time)(?: for (?:a|one|two|a few|a couple of) (?:minute|minutes|sec|second|moment))?$)\\b',
)
/**
 * Elliptical yes/no asks in short turns, the auxiliary and subject dropped ("(are you) ready to reorder", "(do you)
 * want a free sample audit", "(is it) worth a fifteen minute call", "shall i send the contract"): at the clause's
 * start, after discourse words only (coach v2.2: every such corpus line is a close; the model read most as other).
 */
const ELLIPTICAL_ASK = new RegExp(
  '^(?:(?:okay|so|great|then|and|well|all right|now|perfect|cool|sure) )*(?:ready to (?:place|order|reorder|start|go|sign|book|move|get|switch|try|renew|lock|schedule|do)' +
    '|want (?:me to|to (?:try|start|book|sign|see|set|get|do|grab|lock|go|switch|move)|(?:a|an|some|\\d+|two|three|four|five|ten|twenty|fifty|a hundred) (?:\\S+ ){0,3}?(?:demo|trial|sample|audit|check|quote|call|look|walkthrough|visit|leads|consult|consultation|assessment|estimate|order|spot|slot|meeting|tour|install|installation|review))' +
    '|worth a (?:look|call|chat|try|shot|conversation|quick|demo|visit|(?:\\S+ )?minute)' +
    '|(?:shall|should) i (?:go ahead|send|book|put|pencil|set|schedule|lock|write|draw|get|hold|reserve|ship|order|have|bring|drop))\\b',
)
/**
 * Elliptical probes in short turns, "do you have" / "are you" / "have you" dropped: "any tickets last three years",
 * "anybody doing filters now", "ever had an audit done", "seeing any ants inside", "still on the whiteboard" (coach
 * v2.2: every such corpus line but a check-in is a probe). Not "any questions / thoughts / chance…".
 */
const ELLIPTICAL_PROBE = /^(?:(?:okay|so|and|great|then|now|all right|got it) )*(?:any (?!(?:questions?|thoughts|updates?|news|feedback|luck|chance|time|way|idea|interest|objections?)\b)|anybody |anyone |ever (?:had|been|used|tried|done|looked|thought|worked|switched|run|considered)\b|still (?:on|using|with|doing|running|paying|in|at|shipping|working)\b|(?:seeing|using|doing|running|getting|paying|having|planning|tracking|handling|losing) any\b)/
/** The words an elliptical ask or probe can open with (the regexes run only then: a push reads thousands of clauses). */
const ELLIPTICAL_FIRST = new Set(['okay', 'so', 'great', 'then', 'and', 'well', 'all', 'now', 'perfect', 'cool', 'sure', 'got', 'ready', 'want', 'worth', 'shall', 'should', 'any', 'anybody', 'anyone', 'ever', 'still', 'seeing', 'using', 'doing', 'running', 'getting', 'paying', 'having', 'planning', 'tracking', 'handling', 'losing'])
/** Confidence of a rule-read clause: just over the live threshold; the debrief says why. */
const RULE_CONFIDENCE = 0.65
const COMMIT = ['cl.lets', 'cl.desire_meet', 'cl.see_if_open', 'cl.callback', 'cl.offer', 'cl.conditional', 'cl.interest', 'cl.obj', 'cl.time', 'cl.drop_by', 'cl.send_docs', 'cl.worth_it'].map((n) => FEATURE_INDEX[n]!)

/** The words of a pressure form, widened to its clause as the model's evidence is (classifier.ts evidenceSpan). */
function pressureEvidence(f: Features, m: RegExpExecArray, source: string): string {
  const n = f.norm
  const a = n.tokens[tokenAt(n, m.index)]
  const b = n.tokens[tokenAt(n, Math.max(m.index, m.index + m[0].length - 1))]
  return a && b ? evidenceSpan(f, { s: a.s, e: b.e }, source) : ''
}

/** Read one clause (tokens from one or more segments). */
function readClause(toks: readonly StreamToken[], segs: readonly SegmentRecord[], question: boolean): ClauseReading {
  const f = clauseFeatures(toks, segs, question)
  const c = classifyFeatures(f.features, f.source, activeModel)
  const x = f.features.x
  const embeddedAsk = x[F_DYK] === 1 && EMBEDDED_ASK.test(f.features.norm.text)
  // A courtesy, clarifying, routing or rhetorical question that asks nothing about the buyer's business is not a probe.
  if (c.class === 'probe' && ((NON_PROBE.some((i) => x[i] === 1) && !BUSINESS.some((i) => x[i] === 1) && !embeddedAsk) || SERVICE_ASK.test(f.features.norm.text) || isRepair(f.words))) {
    return { class: 'other', confidence: Math.max(c.scores.other, 1 - c.scores.probe), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  // A pressure form (the no-escape-path forms, patterns.ts) is a commitment ask, most often a statement the model
  // reads as other or give: the rep acts as if the yes were given ("I've got you down for Wednesday", "I'll just ship
  // ten cases"), tells the buyer what to do to commit, puts a clock on it or says there is no reason to wait. Every
  // line of the corpus that holds one is a close. A rule, not a weighted cue: a cue the corpus finds only on closes
  // takes a weight that moves the rest of the model (tried: the real calls lost a probe and a close).
  const elliptical = ELLIPTICAL_FIRST.has(f.words[0] ?? '')
  if (c.class !== 'close' && x[F_NONPROBE] !== 1 && ((x[F_QUESTION] === 1 && SCHEDULE_OR_DEAL.test(f.features.norm.text)) || (elliptical && ELLIPTICAL_ASK.test(f.features.norm.text)))) {
    return { class: 'close', confidence: Math.max(c.scores.close, RULE_CONFIDENCE), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  if (c.class !== 'close' && x[F_NONPROBE] !== 1 && VISIT_OR_DEAL.test(f.features.norm.text)) {
    return { class: 'close', confidence: Math.max(c.scores.close, RULE_CONFIDENCE), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  const pm = f.features.pressure
  if (c.class !== 'close' && pm && pressureAsks(pm)) {
    return { class: 'close', confidence: Math.max(c.scores.close, RULE_CONFIDENCE), scores: c.scores, evidence: pressureEvidence(f.features, pm, f.source), cues: c.cues, ...f }
  }
  // Forms the playbook names outright, which the linear model (trained on lines, mostly plain forms) can under-weigh:
  // a conditional close ("if we could…, would you…") and a first-person meeting ask are closes; a statement that
  // checks a business fact ("I understand you run…, is that right", "we need to confirm your…") is a probe.
  // The same holds when the model already reads close but unsure (its probability split four ways), and for a
  // question that puts a day or time on the table ("what time works thursday"): the reading is the form's.
  if ((c.class === 'other' || c.class === 'probe' || c.class === 'close') && (x[F_COND] === 1 || x[F_DESIRE] === 1 || x[F_SEE] === 1 || x[F_CALLBACK] === 1 || x[F_OFFER] === 1 || (c.class === 'close' && x[F_QCOMMIT] === 1 && x[F_TIME] === 1)) && x[F_NONPROBE] !== 1) {
    return { class: 'close', confidence: Math.max(c.scores.close, RULE_CONFIDENCE), scores: c.scores, evidence: c.evidence, cues: c.cues, ...f }
  }
  if (c.class === 'other' && ((x[F_IUY] === 1 && (x[F_TAG] === 1 || question)) || x[F_NEED] === 1 || x[F_PERSON] === 1 ||
    (x[F_NONPROBE] !== 1 && (f.words[0] === 'you' || f.words[0] === 'your' || ELLIPTICAL_FIRST.has(f.words[0] ?? '') || f.words[0] === 'oh' || f.words[0] === 'just') &&
      (f.features.norm.text.endsWith('correct') || f.features.norm.text.endsWith('right')) && TAG_PROBE.test(f.features.norm.text)) ||
    (elliptical && x[F_NONPROBE] !== 1 && x[COURTESY] !== 1 && ELLIPTICAL_PROBE.test(f.features.norm.text)))) {
    return { class: 'probe', confidence: Math.max(c.scores.probe, RULE_CONFIDENCE), scores: c.scores, evidence: c.evidence, cues: c.cues, ...f }
  }
  // "did you know / were you aware that most shops like yours pay 18% more…": a give phrased as a question (the playbook
  // says so outright), when it carries a number or an insight
  if (c.class !== 'give' && x[F_DYK] === 1 && !embeddedAsk && (x[F_NUM] === 1 || x[F_PCT] === 1 || x[F_INSIGHT] === 1)) {
    return { class: 'give', confidence: Math.max(c.scores.give, RULE_CONFIDENCE), scores: c.scores, evidence: c.evidence, cues: c.cues, ...f }
  }
  // "what really sets us apart is…": a statement about us in question-word form
  if (c.class === 'probe' && x[F_CLEFT] === 1 && x[F_TAG] !== 1 && !question) {
    return { class: 'other', confidence: Math.max(c.scores.other, 1 - c.scores.probe), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  // praise for the buyer's talk or post ("the piece you wrote on hiring was great") is a remark, not a probe
  if (c.class === 'probe' && x[F_COMPLIMENT] === 1 && x[F_QUESTION] !== 1) {
    return { class: 'other', confidence: Math.max(c.scores.other, 1 - c.scores.probe), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  // "I noticed your team is hiring": an observation the buyer knows (a reason for calling), not a question, unless
  // it is asked ("…, is that right?")
  if (c.class === 'probe' && x[F_QUESTION] !== 1 && OBSERVATION.test(f.features.norm.text)) {
    return { class: 'other', confidence: Math.max(c.scores.other, 1 - c.scores.probe), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  // "did you get my email from monday" is a check-in (its own flag), not a commitment ask, unless a real ask comes with it
  if (c.class === 'close' && x[F_CHECKIN] === 1 && !COMMIT.some((i) => i !== F_TIME && x[i] === 1)) {
    return { class: 'other', confidence: Math.max(c.scores.other, 1 - c.scores.close), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  // "do you have two minutes" asks for attention, not a commitment, unless a real ask comes with it; so does
  // "could we talk for a few minutes right now / with your permission": more of this call, not a next step
  if (c.class === 'close' && (x[COURTESY] === 1 || x[F_PERM_NOW] === 1) && !COMMIT.some((i) => x[i] === 1) && !DESIRE_DEAL.test(f.features.norm.text)) {
    return { class: 'other', confidence: Math.max(c.scores.other, 1 - c.scores.close), scores: c.scores, evidence: '', cues: c.cues, ...f }
  }
  return { class: c.class, confidence: c.confidence, scores: c.scores, evidence: c.evidence, cues: c.cues, ...f }
}

/** The features of a whole text read as one clause (how the trainer sees a labelled line). */
export function featuresAsOneClause(text: string): Features {
  const norm = normalize(text)
  const toks: StreamToken[] = norm.tokens.filter((t) => t.t !== '|').map((t) => ({ ...t, seg: 0 }))
  return clauseFeatures(toks, [{ text, norm, startMs: null, endMs: null, spokenMs: 0 }], norm.question).features
}

/** The features of each clause of a text, split as `classifyUtterance` splits it (how the coach reads a line at run time). */
export function featuresByClause(text: string): Features[] {
  const norm = normalize(text)
  const segs: SegmentRecord[] = [{ text, norm, startMs: null, endMs: null, spokenMs: 0 }]
  const toks: StreamToken[] = norm.tokens.map((t) => ({ ...t, seg: 0 }))
  return splitClauses(toks).map(([a, b]) => clauseFeatures(toks.slice(a, b), segs, toks[b]?.q === true || (b === toks.length && norm.endsQuestion)).features)
}

/** Read a whole text as one clause (how the trainer sees a labelled line). */
export function readAsOneClause(text: string): ClauseReading {
  const norm = normalize(text)
  const toks: StreamToken[] = norm.tokens.filter((t) => t.t !== '|').map((t) => ({ ...t, seg: 0 }))
  return readClause(toks, [{ text, norm, startMs: null, endMs: null, spokenMs: 0 }], norm.question)
}

export interface UtteranceClassification {
  class: UtteranceClass
  confidence: number
  scores: Record<UtteranceClass, number>
  /** Verbatim words that most supported the chosen class ('' if none). */
  evidence: string
  cues: string[]
  features: Features
  /** Every clause, in order, with its own reading. */
  clauses: ClauseReading[]
}

/**
 * Classify one utterance (written or Whisper-style text): its clauses are read
 * in order and the utterance takes the weightiest job among them
 * (close > probe > give > other), as the corpus labels do.
 */
export function classifyUtterance(text: string): UtteranceClassification {
  const norm = normalize(text)
  const segs: SegmentRecord[] = [{ text, norm, startMs: null, endMs: null, spokenMs: 0 }]
  const toks: StreamToken[] = norm.tokens.map((t) => ({ ...t, seg: 0 }))
  const ranges = splitClauses(toks)
  const clauses = ranges.map(([a, b]) => readClause(toks.slice(a, b), segs, toks[b]?.q === true || (b === toks.length && norm.endsQuestion)))
  readEchoes(clauses)
  let best: ClauseReading | undefined
  for (const r of clauses) if (!best || PRIORITY[r.class] > PRIORITY[best.class] || (r.class === best.class && r.confidence > best.confidence)) best = r
  if (!best) {
    const empty = readAsOneClause('')
    return { class: 'other', confidence: 1, scores: { give: 0, probe: 0, close: 0, other: 1 }, evidence: '', cues: [], features: empty.features, clauses: [] }
  }
  return { class: best.class, confidence: best.confidence, scores: best.scores, evidence: best.evidence, cues: best.cues, features: best.features, clauses }
}

/** Verbatim words of a clause for tokens a..b (inclusive). */
function spanText(r: ClauseReading, a: number, b: number): string {
  const ta = r.tokens[Math.max(0, a)]
  const tb = r.tokens[Math.min(r.tokens.length - 1, b)]
  if (!ta || !tb) return r.source.trim()
  return r.source.slice(ta.s, tb.e).trim()
}

/** The whole clause, verbatim, without leading discourse words (the evidence when no single cue stands out). */
function clauseText(r: ClauseReading): string {
  let a = 0
  while (a < r.tokens.length - 1 && DISCOURSE.has(r.tokens[a]!.t)) a++
  return spanText(r, a, r.tokens.length - 1)
}

function shortText(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ')
  return t.length > 100 ? t.slice(0, 99).trimEnd() + '…' : t
}

const PRIORITY: Record<UtteranceClass, number> = { close: 3, probe: 2, give: 1, other: 0 }

const byOrder = (x: Flag, y: Flag): number => x.segmentIndex - y.segmentIndex || KIND_ORDER[x.kind] - KIND_ORDER[y.kind]

/** Everything the coach remembers about a call. Arrays only grow; a peek truncates them back. */
interface State {
  segs: SegmentRecord[]
  classes: Classification[]
  all: Flag[]
  /** Tokens of the clause still open at the end of the last segment. */
  pending: StreamToken[]
  /** Kinds the open clause has raised already. */
  pendingKinds: Set<FlagKind>
  /** After each segment: had the rep given anything yet? (for the batch timing rules) */
  gaveAfter: boolean[]
  gave: boolean
  probed: boolean
  callStartMs: number | null | undefined
  hookFlagged: boolean
  runStart: number | null
  runEnd: number | null
  runFlagged: boolean
}

function freshState(): State {
  return {
    segs: [], classes: [], all: [], pending: [], pendingKinds: new Set(), gaveAfter: [],
    gave: false, probed: false, callStartMs: undefined, hookFlagged: false, runStart: null, runEnd: null, runFlagged: false,
  }
}

/** Where a push's flags sit in the call. */
interface FlagCtx { index: number; startMs: number | null; endMs: number | null; confidentAt: number }
function flagCtx(c: FlagCtx, evidence: string, confidence: number): FlagContext {
  return {
    evidence, segmentIndex: c.index, startMs: c.startMs, endMs: c.endMs, confidence: Math.round(confidence * 1000) / 1000,
    tier: confidence >= c.confidentAt ? 'confident' : 'possible',
  }
}

/**
 * May this clause raise `kind`? (once per clause however many pieces it grows
 * over, once per segment); marks it raised. A clause the segment rule blocks is
 * marked too: the segment's flag covers it, so the rest of it in the next piece
 * must not raise the kind again.
 */
function may(kinds: Set<FlagKind>, segKinds: Set<FlagKind>, kind: FlagKind): boolean {
  if (kinds.has(kind)) return false
  kinds.add(kind)
  if (segKinds.has(kind)) return false
  segKinds.add(kind)
  return true
}

function streamTokens(tokens: readonly Token[], seg: number): StreamToken[] {
  const out: StreamToken[] = new Array(tokens.length)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    const st: StreamToken = { t: t.t, s: t.s, e: t.e, comma: t.comma, seg }
    if (t.q !== undefined) st.q = t.q
    out[i] = st
  }
  return out
}

/** Does segment `cur` go on with the clause left open by `prev`? */
function continues(prev: SegmentRecord, cur: SegmentRecord, last: string, first: string | undefined, beforeLast: string | undefined, second: string | undefined): boolean {
  if (first === undefined) return false
  if (prev.endMs !== null && cur.startMs !== null && num(prev.endMs) !== null) {
    // a real pause ends the clause; without one the clause splitter decides where the new words start
    return cur.startMs - prev.endMs < CLAUSE_PAUSE_MS
  }
  if (CONTINUES.has(first)) return true
  if (!DANGLING_END.has(last)) return false
  // "you ordered gloves in may | ready to reorder": the month, not the modal
  if (last === 'may' && beforeLast !== undefined && MONTH_BEFORE.has(beforeLast)) return false
  // "oh it's no trouble at all | you're the homeowner there, correct": "at all", "after all" end a clause
  if (last === 'all' && (beforeLast === 'at' || beforeLast === 'after')) return false
  // "…you really don't want to wait on this | how many miles are on it": a new segment opening a wh-question
  // ("how many", "what do", "when is") starts its own clause, whatever the last one ended on
  if (WH_OPEN.has(first) && second !== undefined && (WH_NEXT.has(second) || Q_AUX_WORDS.has(second))) return false
  return true
}
/** Words before "may" that make it the month ("in may", "since may", "early may"). */
const MONTH_BEFORE = new Set(['in', 'since', 'by', 'until', 'till', 'of', 'early', 'late', 'mid', 'next', 'last', 'this', 'from', 'through', 'before', 'after'])
const WH_OPEN = new Set(['what', 'how', 'who', 'when', 'where', 'which', 'why'])
const WH_NEXT = new Set(['many', 'much', 'often', 'long', 'soon', 'far'])
const Q_AUX_WORDS = new Set(['do', 'does', 'did', 'are', 'is', 'can', 'could', 'would', 'will', 'should', 'have', 'has', 'was', 'were'])

/** Without times: the open clause is a subject still waiting for its verb and the new segment brings it ("the reason for my call | is this"). */
function predicateFollows(pending: readonly StreamToken[], first: string | undefined): boolean {
  return first !== undefined && (first === 'is' || first === 'was' || first === 'are' || first === 'were') && awaitsPredicate(pending)
}

/**
 * One push: the clause rules (and, when `timing`, the slow-hook and monologue
 * rules). Returns the flags raised, in order.
 */
function step(st: State, segment: CoachSegment, o: Required<CoachOptions>, timing: boolean): Flag[] {
  const index = st.segs.length
  const text = typeof segment.text === 'string' ? segment.text : ''
  const norm = normalize(text)
  const startMs = num(segment.startMs)
  const spokenMs = (norm.spokenWords * 60_000) / o.wordsPerMinute
  const givenEnd = num(segment.endMs)
  const rec: SegmentRecord = { text, norm, startMs, endMs: givenEnd ?? (startMs !== null ? startMs + spokenMs : null), spokenMs }
  const prev = st.segs[index - 1]
  st.segs.push(rec)
  const toks = streamTokens(norm.tokens, index)

  const firstAt = toks.findIndex((t) => t.t !== '|')
  const first = firstAt >= 0 ? toks[firstAt]!.t : undefined
  const second = firstAt >= 0 ? toks[firstAt + 1]?.t : undefined
  const keepOpen = st.pending.length > 0 && st.pending.length <= MAX_OPEN_WORDS && prev !== undefined &&
    (continues(prev, rec, st.pending[st.pending.length - 1]!.t, first, st.pending[st.pending.length - 2]?.t, second) || (rec.startMs === null && predicateFollows(st.pending, first)))
  const buffer = keepOpen ? st.pending.concat(toks) : toks
  const openKinds = keepOpen ? st.pendingKinds : new Set<FlagKind>()
  const openStart = keepOpen ? st.pending[0] : undefined

  const ranges = splitClauses(buffer)
  // plain loops, no closures per clause: a push runs thousands of times an hour
  const readings: ClauseReading[] = new Array(ranges.length)
  let givesHere = false
  let bufferText = ''
  for (let k = 0; k < ranges.length; k++) {
    const [a, b] = ranges[k]!
    const brk = buffer[b]
    const question = brk !== undefined ? brk.q === true : norm.endsQuestion
    readings[k] = readClause(buffer.slice(a, b), st.segs, question)
  }
  readEchoes(readings)
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!
    if (r.class === 'give') givesHere = true
    bufferText += (k > 0 ? ' | ' : '') + r.features.norm.text
  }

  const out: Flag[] = []
  const fc: FlagCtx = { index, startMs: rec.startMs, endMs: num(rec.endMs), confidentAt: o.confidentAt }
  let lastKinds = new Set<FlagKind>()
  // one flag of a kind per segment: two clauses of one breath that both name-drop are one habit
  const segKinds = new Set<FlagKind>()
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!
    const a = ranges[k]![0]
    // the open clause carried over from the last push keeps what it has raised
    const kinds = k === 0 && openStart !== undefined && buffer[a] === openStart ? openKinds : new Set<FlagKind>()
    if (r.class === 'probe' && !st.gave && may(kinds, segKinds, 'asking-before-giving')) out.push(askingBeforeGiving(flagCtx(fc, r.evidence || clauseText(r), r.confidence)))
    if (r.class === 'close' && (!st.gave || !st.probed) && may(kinds, segKinds, 'closing-too-early')) {
      out.push(closingTooEarly(flagCtx(fc, r.evidence || clauseText(r), r.confidence), st.gave, st.probed))
    }
    if (!givesHere && r.class !== 'give') {
      const ck = findCheckIn(r.features)
      if (ck && may(kinds, segKinds, 'empty-check-in')) out.push(emptyCheckIn(flagCtx(fc, r.source.slice(ck.s, ck.e).trim() || clauseText(r), 0.85)))
      const cr = findCredentials(r.features)
      if (cr && may(kinds, segKinds, 'credentials-not-value')) out.push(credentialsNotValue(flagCtx(fc, r.source.slice(cr.s, cr.e).trim() || clauseText(r), 0.85)))
    }
    const jg = findJargon(r.words)
    if (jg && may(kinds, segKinds, 'jargon')) out.push(jargon(flagCtx(fc, spanText(r, jg.a, jg.b), jg.confidence)))
    if (!givesHere) {
      const fl: Hit | null = findFeatureList(r.features.norm.text, r.words)
      if (fl && may(kinds, segKinds, 'features-not-results')) out.push(featuresNotResults(flagCtx(fc, spanText(r, fl.a, fl.b), fl.confidence)))
    }
    const ne = findNoEscape(r.features.norm.text, r.words, r.class === 'close', bufferText, r.features.pressure)
    if (ne && may(kinds, segKinds, 'no-escape-path')) out.push(noEscapePath(flagCtx(fc, spanText(r, ne.a, ne.b), ne.confidence)))
    if (r.class === 'give') st.gave = true
    if (r.class === 'probe') st.probed = true
    lastKinds = kinds
  }
  const ctx = (evidence: string, confidence: number): FlagContext => flagCtx(fc, evidence, confidence)

  // what this segment did: the weightiest job among the clauses that hold its words
  let best: ClauseReading | undefined
  for (const r of readings) {
    if (!r.segs.has(index)) continue
    if (!best || PRIORITY[r.class] > PRIORITY[best.class] || (r.class === best.class && r.confidence > best.confidence)) best = r
  }
  st.classes.push(best
    ? { segmentIndex: index, class: best.class, confidence: best.confidence, scores: best.scores, evidence: best.evidence, cues: best.cues }
    : { segmentIndex: index, class: 'other', confidence: 1, scores: { give: 0, probe: 0, close: 0, other: 1 }, evidence: '', cues: [] })

  // the clause still open at the end of this segment
  const lastRange = ranges[ranges.length - 1]
  if (!norm.endsSentence && lastRange && lastRange[1] === buffer.length) {
    st.pending = buffer.slice(lastRange[0], lastRange[1])
    st.pendingKinds = lastKinds
  } else {
    st.pending = []
    st.pendingKinds = new Set()
  }
  st.gaveAfter.push(st.gave)

  if (timing) {
    if (st.callStartMs === undefined) st.callStartMs = rec.startMs
    if (!st.hookFlagged && !st.gave && st.callStartMs !== null && rec.endMs !== null && rec.endMs - st.callStartMs > o.slowHookMs) {
      st.hookFlagged = true
      out.push(slowHook(ctx(shortText(text), 1), o.slowHookMs))
    }
    if (rec.startMs === null || rec.endMs === null) {
      // unknown timing: this segment alone is the stretch
      st.runStart = st.runEnd = null
      if (rec.spokenMs > o.monologueMs) out.push(talkingTooLong(ctx(shortText(text), 1), rec.spokenMs, o.monologueMs))
    } else {
      if (st.runEnd === null || st.runStart === null || rec.startMs - st.runEnd >= o.turnGapMs) {
        st.runStart = rec.startMs
        st.runEnd = rec.endMs
        st.runFlagged = false
      } else {
        st.runEnd = Math.max(st.runEnd, rec.endMs)
      }
      if (!st.runFlagged && st.runEnd - st.runStart > o.monologueMs) {
        st.runFlagged = true
        out.push(talkingTooLong(ctx(shortText(text), 1), st.runEnd - st.runStart, o.monologueMs))
      }
    }
  }
  out.sort(byOrder)
  st.all.push(...out)
  return out
}

/** Incremental coach for a live call. */
export function createCoach(options?: CoachOptions): Coach {
  const o = resolve(options)
  let st = freshState()
  return {
    push: (segment) => step(st, segment, o, true),
    peek: (segment) => {
      // run the push, then put everything back: arrays are truncated, scalars and the open clause restored
      const saved = { ...st, pendingKinds: new Set(st.pendingKinds) }
      const n = { segs: st.segs.length, classes: st.classes.length, all: st.all.length, gaveAfter: st.gaveAfter.length }
      try {
        return step(st, segment, o, true)
      } finally {
        st.segs.length = n.segs
        st.classes.length = n.classes
        st.all.length = n.all
        st.gaveAfter.length = n.gaveAfter
        st = { ...saved, segs: st.segs, classes: st.classes, all: st.all, gaveAfter: st.gaveAfter }
      }
    },
    flags: () => st.all.slice(),
    classifications: () => st.classes.slice(),
    classification: (index) => st.classes[index],
    reset: () => {
      st = freshState()
    },
  }
}

/** Analyse a whole call at once: the clause rules replayed in order, the timing rules as a batch pass. */
export function analyzeCall(segments: readonly CoachSegment[], options?: CoachOptions): CallAnalysis {
  const o = resolve(options)
  const st = freshState()
  const flags: Flag[] = []
  for (const s of segments) flags.push(...step(st, s, o, false))
  const tier = (c: number): 'confident' | 'possible' => (c >= o.confidentAt ? 'confident' : 'possible')
  const ctx = (i: number, evidence: string): FlagContext => {
    const r = st.segs[i]!
    return { evidence, segmentIndex: i, startMs: r.startMs, endMs: num(r.endMs), confidence: 1, tier: tier(1) }
  }

  // slow hook: the first segment before anything was given that ends past the threshold
  const items = st.segs
  const callStart = items[0]?.startMs ?? null
  if (callStart !== null) {
    for (let i = 0; i < items.length && !st.gaveAfter[i]; i++) {
      const a = items[i]!
      if (a.endMs !== null && a.endMs - callStart > o.slowHookMs) {
        flags.push(slowHook(ctx(i, shortText(a.text)), o.slowHookMs))
        break
      }
    }
  }

  // monologues: split the call into stretches of speech, flag where each first exceeds the threshold
  let i = 0
  while (i < items.length) {
    const first = items[i]!
    if (first.startMs === null || first.endMs === null) {
      if (first.spokenMs > o.monologueMs) flags.push(talkingTooLong(ctx(i, shortText(first.text)), first.spokenMs, o.monologueMs))
      i++
      continue
    }
    let j = i
    let end = first.endMs
    let flagged = false
    for (;;) {
      const cur = items[j]!
      if (!flagged && end - first.startMs > o.monologueMs) {
        flags.push(talkingTooLong(ctx(j, shortText(cur.text)), end - first.startMs, o.monologueMs))
        flagged = true
      }
      const next = items[j + 1]
      if (!next || next.startMs === null || next.endMs === null || next.startMs - end >= o.turnGapMs) break
      end = Math.max(end, next.endMs)
      j++
    }
    i = j + 1
  }

  flags.sort(byOrder)
  return { classifications: st.classes, flags }
}
