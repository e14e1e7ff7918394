/**
 * Detectors for the playbook's further patterns, over one normalised clause
 * (see normalize.ts): jargon, features instead of results, pressure with no
 * easy way out. Each returns the words that show it (a token range) and how
 * strong the sign is (0..1), or null.
 */

export interface Hit {
  /** Token range [a, b] (inclusive) in the clause. */
  a: number
  b: number
  confidence: number
}

const words = (s: string): string[][] => s.trim().split(/\s*\|\s*/).map((w) => w.split(' '))

/** Vendor buzzwords a buyer rarely says first. Strong ones are jargon on their own. */
const JARGON_STRONG = words(
  'synergy | synergies | synergistic | smarketing | sales 2 0 | marketing 2 0 | web 3 0 | paradigm | paradigm shift | best of breed | ' +
  'omnichannel | omni channel | turnkey | value add | value proposition | disruptive | disrupt | next gen | next generation | ' +
  'cutting edge | bleeding edge | game changer | game changing | move the needle | low hanging fruit | deep dive | ecosystem | ' +
  'thought leadership | mission critical | digital transformation | ai driven | frictionless | single pane of glass | ' +
  'growth hacking | revops | rev ops | martech | full stack | future proof | solutioning | ideate | operationalize | north star | ' +
  'flywheel | hyperautomation | hyper personalization | hyper personalized | holistic | leverage our | leveraging our | actionable insights | ' +
  'value driven | win win | plug and play | world class | state of the art | industry leading | enterprise grade | bespoke | ' +
  'touchpoints | touch points | verticals | core competencies | core competency | unlock value | drive value | empower your | ' +
  'seamless | seamlessly | best in class | scalable | scalability | robust platform | cloud native | blockchain | agile transformation | ' +
  'customer journey | pipeline velocity | demand gen | abm | account based | intent data | stack rank | circle back on the synergies',
)
/** Weaker buzzwords: jargon only in company (two in a clause), or with a strong one. */
const JARGON_WEAK = words(
  'optimize | optimization | streamline | streamlined | innovative | innovation | real time | data driven | ai powered | ' +
  'end to end | leverage | leveraging | solution | solutions | alignment | enablement | bandwidth | granular | visibility | ' +
  'actionable | transformational | transformative | strategic | robust | empower | empowering | unlock | holistically | ' +
  'next level | best practices | roi driven | automation | automated | integrated | dashboards | workflows | platform',
)

const byFirst = (list: readonly string[][]): Map<string, string[][]> => {
  const m = new Map<string, string[][]>()
  for (const p of list) m.set(p[0]!, [...(m.get(p[0]!) ?? []), p])
  return m
}
const STRONG_BY_FIRST = byFirst(JARGON_STRONG)
const WEAK_BY_FIRST = byFirst(JARGON_WEAK)

function findPhrases(toks: readonly string[], index: Map<string, string[][]>): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i < toks.length; i++) {
    const list = index.get(toks[i]!)
    if (!list) continue
    for (const p of list) {
      let ok = true
      for (let k = 1; k < p.length; k++) if (toks[i + k] !== p[k]) { ok = false; break }
      if (ok) out.push([i, i + p.length - 1])
    }
  }
  return out
}

export function findJargon(toks: readonly string[]): Hit | null {
  const strong = findPhrases(toks, STRONG_BY_FIRST)
  const weak = findPhrases(toks, WEAK_BY_FIRST).filter(([a, b]) => !strong.some(([c, d]) => a <= d && b >= c))
  if (strong.length === 0 && weak.length < 2) return null
  const all = [...strong, ...weak].sort((x, y) => x[0] - y[0])
  // each strong term 0.8, each weak 0.35, combined as independent signs
  let miss = 1
  for (let k = 0; k < strong.length; k++) miss *= 0.2
  for (let k = 0; k < weak.length; k++) miss *= 0.65
  return { a: all[0]![0], b: all[all.length - 1]![1], confidence: 1 - miss }
}

/** Product features: the things a feature list names. */
const FEATURE_NOUNS = new Set([
  'dashboard', 'dashboards', 'integration', 'integrations', 'api', 'apis', 'app', 'automation', 'automations', 'alerts', 'alerting',
  'reporting', 'reports', 'analytics', 'templates', 'workflows', 'workflow', 'portal', 'portals', 'sso', 'module', 'modules', 'plugin',
  'plugins', 'chatbot', 'dialer', 'crm', 'gps', 'sensors', 'sensor', 'signatures', 'signature', 'scheduling', 'scheduler', 'notifications',
  'reminders', 'tracking', 'sync', 'syncing', 'encryption', 'backups', 'storage', 'interface', 'ui', 'widgets', 'widget', 'filters',
  'tagging', 'permissions', 'roles', 'export', 'exports', 'import', 'imports', 'uptime', 'support', 'features', 'feature', 'functionality',
  'capabilities', 'toolkit', 'suite', 'options', 'customization', 'customizable', 'configurable', 'mobile', 'cloud', 'ai', 'camera',
  'cameras', 'telematics', 'kiosk', 'scanner', 'scanning', 'routing', 'invoicing', 'payroll', 'texting', 'sms', 'voip', 'helpdesk',
  'ticketing', 'inventory', 'forecasting', 'chat', 'login', 'logins', 'messaging', 'calendar', 'calendars', 'library', 'editor',
])
const FEATURE_FRAME = /\b(?:(?:our|the|this|it|that) (?:\S+ ){0,2}(?:software|platform|app|tool|system|product|solution|crm|portal|service|suite|package|plan|unit|device|machine|model|tech|technology) (?:has|have|does|offers|includes|integrates|comes with|lets you|gives you|supports|features|provides|also has|also does|is built|runs)|(?:it|this) (?:has|comes with|includes|offers|supports|features|integrates|also has)|we (?:have|offer|provide|include|built|added|support) (?:\S+ ){0,3}(?:features?|dashboards?|integrations?|modules?|apis?|automations?|tools|reporting|analytics|alerts|templates|app)|(?:comes|come) with|built in|out of the box|(?:and|plus) (?:a|an|our) (?:\S+ ){0,2}(?:app|dashboard|portal|api)|packed with|loaded with|all the bells)\b/
/** A measurable outcome: a number with a result, money, time saved, a percentage. */
const OUTCOME = /\b(?:\d[\d.]*|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|thousand|half|double|twice|triple|a third) (?:\S+ ){0,3}(?:percent|dollars|hours|hour|minutes|days|weeks|times|x|k|grand|bucks|fewer|less|more|faster|per)\b|\b(?:percent|dollars|saved|saves|save you|cut (?:\S+ )?(?:by|in half)|reduced|increased|doubled|tripled|halved|grew|added \S+ (?:in|of)|roi|payback|pays for itself|revenue|margin)\b/

export function findFeatureList(text: string, toks: readonly string[]): Hit | null {
  if (OUTCOME.test(text)) return null
  const nouns: number[] = []
  toks.forEach((t, i) => {
    if (FEATURE_NOUNS.has(t)) nouns.push(i)
  })
  const frame = FEATURE_FRAME.exec(text)
  const distinct = new Set(nouns.map((i) => toks[i])).size
  if (frame && distinct >= 2) return span(text, toks, frame.index, nouns, 0.9)
  if (distinct >= 3) return { a: nouns[0]!, b: nouns[nouns.length - 1]!, confidence: 0.8 }
  if (frame && distinct === 1) return span(text, toks, frame.index, nouns, 0.55)
  return null
}

function span(text: string, toks: readonly string[], at: number, nouns: number[], confidence: number): Hit {
  const a = text.slice(0, at).split(' ').filter(Boolean).length
  const b = Math.max(a, nouns[nouns.length - 1] ?? a)
  return { a: Math.min(a, toks.length - 1), b: Math.min(b, toks.length - 1), confidence }
}

/** Pressure: asking for the yes in a way that leaves no polite "not now". */
const PRESSURE_STRONG = /\b(?:(?:i will|i am going to|let me|i am gonna) (?:just )?(?:go ahead and )?(?:put you down|pencil you in|book you|sign you up|lock you in|send (?:you )?the (?:contract|agreement|invoice|paperwork)|get you (?:signed|booked|started|locked))|(?:only|just) (?:good|valid|available|runs|lasts) (?:through|until|till|today|this week)|(?:today|tonight) only|(?:offer|price|deal|discount|pricing) (?:expires|ends|goes away|is gone|is only)|last chance|(?:you|we) (?:need|have) to (?:decide|sign|commit|act|lock|move) (?:today|now|right now|by|before)|(?:i|we) (?:just )?need (?:your|a) (?:card|credit card|signature|yes|approval|commitment|answer) (?:today|now|right now|before|to)|no reason not to|(?:would|will) be crazy not to|what is stopping you|why would you not|why wouldn t you|i will not take no|not (?:going to )?take no for an answer|before (?:you|we) hang up|need an answer (?:today|now|by)|can you commit (?:today|now|right now)|sign (?:today|now|right now|this afternoon)|(?:which|what) (?:works|is) better (?:for you )?(?:\S+ ){0,3}or (?:\S+ ){0,3}(?:\||$)|(?:so )?(?:we are|we re) all set (?:then|for)|i will see you (?:on|at|then|next)|it is a no brainer|you cannot lose|you can not lose|everyone (?:is|else is) (?:signing|switching|doing it)|spots? (?:are|is) (?:filling|going) (?:up )?fast|only (?:\d+|one|two|three|a few) (?:spots|slots|left|units))\b/
/** An explicit out in the same utterance takes the pressure away. */
const OUT = /\b(?:no pressure|if not (?:that is|it is|totally|no|completely)?|no worries if|(?:totally|completely|perfectly) (?:fine|okay|understand)|(?:feel|free) free to say no|(?:if|when) (?:now|this) (?:is not|isn t) (?:a good|the right)|not (?:a|the) (?:fit|right time)|either way|no obligation|no strings|if you would rather (?:not|wait)|say no|not now is fine|happy to (?:wait|leave it)|up to you|your call|whatever works|if it helps|if it is useful|no commitment)\b/

export function findNoEscape(text: string, toks: readonly string[], isClose: boolean, utteranceText: string): Hit | null {
  if (OUT.test(utteranceText)) return null
  const m = PRESSURE_STRONG.exec(text)
  if (!m) return null
  const a = text.slice(0, m.index).split(' ').filter(Boolean).length
  const b = a + m[0].split(' ').filter((w) => w && w !== '|').length - 1
  const alternative = /\bor\b/.test(m[0]) && /(?:works|is) better/.test(m[0])
  return { a: Math.min(a, toks.length - 1), b: Math.min(b, toks.length - 1), confidence: alternative ? (isClose ? 0.75 : 0.5) : isClose ? 0.9 : 0.75 }
}
