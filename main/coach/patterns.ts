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
  'flywheel | hyperautomation | hyper automation | hyper personalization | hyper personalized | holistic | leverage our | leveraging our | actionable insights | ' +
  'value driven | win win | plug and play | world class | state of the art | industry leading | enterprise grade | bespoke | ' +
  'touchpoints | touch points | verticals | core competencies | core competency | unlock value | drive value | empower your | ' +
  'seamless | seamlessly | best in class | scalable | scalability | robust platform | cloud native | blockchain | agile transformation | ' +
  'customer journey | pipeline velocity | demand gen | abm | account based | intent data | stack rank | circle back on the synergies | ' +
  // more of the same register: strategy-deck nouns, hype verbs, tech-trend terms a buyer outside the vendor's world does not use
  'operational excellence | operational agility | business agility | digital twin | digital twins | industry 4 0 | edge to cloud | ' +
  'data estate | data assets | data fabric | data lakehouse | lakehouse | single source of truth | generative ai | gen ai | ' +
  'large language models | large language model | llm | llms | conversational commerce | conversational ai | autonomous agents | agentic | ' +
  'mlops | aiops | devsecops | hybrid workplace | future of work | employee experience | continuous listening | esg | decarbonization | ' +
  'full funnel | hyperlocal | hyperscale | composable | headless commerce | zero trust | xdr | time to value | value realization | ' +
  'go to market | gtm | mindshare | center of excellence | reimagine | reimagining | redefining | revolutionize | revolutionizing | ' +
  'supercharge | supercharging | turbocharge | democratize | democratizing | democratizes | unlock the value | unlock the power | ' +
  'unlock the potential | unlocks operational | business outcomes | drive outcomes | drive growth | drives growth | transform your cx | ' +
  'cx | ucaas | ccaas | cpaas | low code | no code | smart factory | thought leader | outside the box | move the dial',
)
/** Weaker buzzwords: jargon only in company (two in a clause), or with a strong one. */
const JARGON_WEAK = words(
  'optimize | optimization | streamline | streamlined | innovative | innovation | real time | ' +
  'end to end | leverage | leveraging | solution | solutions | alignment | enablement | bandwidth | granular | visibility | ' +
  'actionable | transformational | transformative | strategic | robust | empower | empowering | unlock | holistically | ' +
  'next level | best practices | roi driven | platform | modernize | modernizing | modernization | transform | ' +
  'stakeholders | engagement | outcomes | accelerators | frameworks | saas | paas | iaas | enterprise | ecosystems',
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

/**
 * Buzzword compounds by their form: "X-centric" of anything, and a tech or
 * strategy noun + "-first / -driven / -powered / -native …" ("ai first", "data
 * powered", "xdr driven"); a "… stack" that is not a pile ("growth stack",
 * "tech stack", not "a stack of invoices"). Plain compounds ("family owned",
 * "locally driven") are not in these forms.
 */
const JARGON_FORMS = /\b(?:\S+ centric|(?:ai|ml|cloud|mobile|digital|api|data|analytics|insight|insights|outcome|outcomes|value|algorithm|automation|customer|people|agent|xdr|intelligence) (?:first|driven|powered|native|enabled|infused|fueled|led|backed)|(?:tech|technology|growth|martech|marketing|sales|data|cloud|security|detection|revenue|engagement) stack)\b(?! of)/g

/** The last words of those forms: a clause without one is not scanned. */
const FORM_HEADS = new Set(['centric', 'first', 'driven', 'powered', 'native', 'enabled', 'infused', 'fueled', 'led', 'backed', 'stack'])

function findForms(toks: readonly string[]): [number, number][] {
  const out: [number, number][] = []
  let any = false
  for (const t of toks) if (FORM_HEADS.has(t)) { any = true; break }
  if (!any) return out
  const text = toks.join(' ')
  JARGON_FORMS.lastIndex = 0
  for (let m = JARGON_FORMS.exec(text); m; m = JARGON_FORMS.exec(text)) {
    const a = text.slice(0, m.index).split(' ').filter(Boolean).length
    out.push([a, a + m[0].split(' ').length - 1])
  }
  return out
}

export function findJargon(toks: readonly string[]): Hit | null {
  const strong = [...findPhrases(toks, STRONG_BY_FIRST), ...findForms(toks)]
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
  // more capability nouns of the same kind: what a product does or ships with, not what it achieves
  'booking', 'texting', 'voicemail', 'recording', 'connector', 'connectors', 'triggers', 'builder', 'segmentation', 'screening',
  'tickets', 'waitlist', 'barcode', 'barcodes', 'router', 'wifi', 'firewall', 'installation', 'delivery', 'maintenance', 'training',
  'onboarding', 'hosting', 'backup', 'billing', 'payments', 'checkout', 'scorecards', 'geofencing', 'telehealth', 'surveys', 'search',
  'uploads',
])
const FEATURE_FRAME = /\b(?:(?:our|the|this|it|that) (?:\S+ ){0,2}(?:software|platform|app|tool|system|product|solution|crm|portal|service|suite|package|plan|unit|device|machine|model|tech|technology) (?:has|have|does|offers|includes|integrates|comes with|lets you|gives you|supports|features|provides|also has|also does|is built|runs)|(?:it|this) (?:has|comes with|includes|offers|supports|features|integrates|also has)|we (?:have|offer|provide|include|built|added|support) (?:\S+ ){0,3}(?:features?|dashboards?|integrations?|modules?|apis?|automations?|tools|reporting|analytics|alerts|templates|app)|(?:comes|come) with|built in|out of the box|(?:and|plus) (?:a|an|our) (?:\S+ ){0,2}(?:app|dashboard|portal|api)|packed with|loaded with|all the bells)\b/
/** A measurable outcome: a number with a result, money, time saved, a percentage. */
const OUTCOME = /\b(?:\d[\d.]*|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|thousand|half|double|twice|triple|a third) (?:\S+ ){0,3}(?:percent|dollars|hours|hour|minutes|days|weeks|times|x|k|grand|bucks|fewer|less|more|faster|per)\b|\b(?:percent|dollars|saved|saves|save you|cut (?:\S+ )?(?:by|in half)|reduced|increased|doubled|tripled|halved|grew|added \S+ (?:in|of)|roi|payback|pays for itself|revenue|margin)\b/

/**
 * An offering frame: the rep lists what the buyer would get ("we offer / carry /
 * have got …", "you get …", "X gives you / comes with / covers …", "it is a …
 * with …"). Weak frames ("we have", "we do", "it has") say as much about the
 * company as the product, so they need the list to name capability nouns.
 */
const OFFER_STRONG = /\b(?:(?:we|i) (?:also )?(?:offer|carry|stock|sell|provide|supply)|\b(?:you|they|franchisees|members|clients|customers|users|owners)(?<!\b(?:did|do|does|can|could|would|will|to|if) \w+) (?:also )?(?:get|will get)(?! to| back| a call| those| that| it| them)|(?:gives|give) you|(?:it|this|that) (?:has|is) got|its got|comes with|come with|covers|bundles|(?:it|its|this|that) is (?:a|an) (?:\S+ ){1,4}?with|its (?:a|an) (?:\S+ ){1,4}?with)\b/
const OFFER_WEAK = /\b(?:we (?:also )?(?:do|have|have got)|(?:it |this |our (?:\S+ ){1,2}?)(?:also )?(?:has|have|includes|offers|features))\b/
/** After the frame: a participle or "to" makes it a tense or an obligation, and "our own …" or clients describe the company. */
const NOT_A_LIST = /^(?:(?!dedicated|automated|integrated|advanced|unlimited|detailed|customized|scheduled|filtered)\S+ed|been|seen|done|had|heard|won|made|built|gone|grown|given|taken|spent|sold|met|told|brought|to|you|our own|a client|clients|a customer|customers|a lot of|no|not|any)\b/
/** The list ends where a new clause starts. */
const LIST_END = new Set(['so', 'because', 'if', 'which', 'that', 'when', 'okay', 'you', 'we', 'i', 'it', 'they', 'who', 'where', 'but'])
const CONJ = new Set(['and', 'plus'])
/** Every offering frame holds one of these words: a clause without one skips the two frame scans. */
const OFFER_WORDS = new Set(['offer', 'carry', 'stock', 'sell', 'provide', 'supply', 'get', 'gives', 'give', 'got', 'comes', 'come', 'covers',
  'bundles', 'with', 'do', 'have', 'has', 'includes', 'offers', 'features'])
/** Words of a company's self-description (people, awards, clients, size): a list of them is credentials, not features. */
const SELF = /\b(?:our own|award|awards|rated|ranked|bbb|a plus|years|founded|clients|customers|faculty|crews|staff|drivers|consultants|experts|locations|offices|centers|brands|businesses|companies|a lot of|some of the|partners|certified)\b/

/** "24-hour support", "24/7": a service level, not hours saved. */
const AROUND_THE_CLOCK = /\b(?:twenty four|24) (?:hour|hours|7|seven)\b/
const AROUND_THE_CLOCK_ALL = new RegExp(AROUND_THE_CLOCK.source, 'g')

export function findFeatureList(text: string, toks: readonly string[]): Hit | null {
  if (OUTCOME.test(AROUND_THE_CLOCK.test(text) ? text.replace(AROUND_THE_CLOCK_ALL, 'around the clock') : text)) return null
  const nouns: number[] = []
  toks.forEach((t, i) => {
    if (FEATURE_NOUNS.has(t)) nouns.push(i)
  })
  const frame = FEATURE_FRAME.exec(text)
  const distinct = new Set(nouns.map((i) => toks[i])).size
  if (frame && distinct >= 2) return span(text, toks, frame.index, nouns, 0.9)
  if (distinct >= 3) return { a: nouns[0]!, b: nouns[nouns.length - 1]!, confidence: 0.8 }
  let framed = false
  for (const t of toks) if (OFFER_WORDS.has(t)) { framed = true; break }
  const offer = framed ? (OFFER_STRONG.exec(text) ?? OFFER_WEAK.exec(text)) : null
  if (offer) {
    const strong = OFFER_STRONG.test(offer[0])
    const at = text.slice(0, offer.index + offer[0].length).split(' ').filter(Boolean).length
    let end = at
    while (end < toks.length && !LIST_END.has(toks[end]!)) end++
    const list = toks.slice(at, end)
    if (!NOT_A_LIST.test(toks.slice(at).join(' '))) {
      let conj = 0
      for (let k = 1; k < list.length - 1; k++) if (CONJ.has(list[k]!)) conj++
      const named = new Set(nouns.filter((i) => i >= at && i < end).map((i) => toks[i])).size
      // a list: several items joined by "and", or capability nouns named after the frame
      if ((strong || !SELF.test(list.join(' '))) && ((conj >= 1 && list.length >= 6) || named >= 2) && list.length >= 4) {
        return { a: Math.min(toks.length - 1, text.slice(0, offer.index).split(' ').filter(Boolean).length), b: Math.max(at, end - 1), confidence: strong ? 0.8 : 0.7 }
      }
    }
  }
  return null
}

function span(text: string, toks: readonly string[], at: number, nouns: number[], confidence: number): Hit {
  const a = text.slice(0, at).split(' ').filter(Boolean).length
  const b = Math.max(a, nouns[nouns.length - 1] ?? a)
  return { a: Math.min(a, toks.length - 1), b: Math.min(b, toks.length - 1), confidence }
}

/*
 * Pressure: asking for the yes in a way that leaves no polite "not now". The
 * playbook's forms, by grammar rather than by sentence: the rep acts on the
 * buyer's behalf as if the yes were given (assumptive booking), tells the buyer
 * what to do to commit, puts a clock or scarcity on the decision, says there is
 * no reason to wait or say no, asks for only the last formality ("I just need
 * your okay"), or offers two times and no third way.
 */
const DAY = '(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)'
/** A clock on the rep's own next step (a weekday alone is how a booked follow-up sounds too). */
const NOW = '(?:now|right now|today|tonight|this afternoon|this morning|this evening|in (?:five|ten|fifteen|twenty|thirty|\\d+|a few|an?) (?:minutes?|hours?|seconds?))'
/** The rep announcing what they will do next ("i will", "i am going to", "we will", "let me"). */
const I_WILL = '(?:i will|i am going to|i am gonna|we will|we are going to|let me|i have|i have got|we have got)'
/** Deal actions a rep does for the buyer: booking, ordering, signing, holding. */
const DEAL_VERB = '(?:put|pencil|book|sign|register|enroll|lock|set|start|schedule|slot|ship|process|hold|charge|bill|submit|place|renew|upgrade|switch|order|bump|drop|run|activate|reserve)'
/** What the buyer would sign. */
const PAPER = '(?:contract|contracts|paperwork|papers|application|invoice|order form|purchase order|agreement|terms)'

const NO_ESCAPE_FORMS: readonly [string, string][] = [
  // assumptive booking: the buyer is already down for it
  ['assume', `${I_WILL} (?:just )?(?:go ahead and )?(?:put|pencil|book|sign|register|enroll|lock|set|start|get|have|mark|slot|schedule) you (?:down|in|up|on|for|at|started|signed|booked|enrolled|covered|scheduled|locked)\\b`],
  ['assume', `(?:i|we) (?:have|already) (?:already |just |gone ahead and )?(?:reserved|booked|scheduled|penciled|pencilled|registered|enrolled|locked|held|saved|blocked|ordered|signed|set aside|put)(?: off| out| in| aside)? (?:you|your (?:\\S+ ){0,2}?(?:slot|spot|seat|appointment|order|place|time|date|install|installation|account|unit|units|territory))\\b`],
  ['assume', `(?:i|we) (?:have )?got you (?:down|in|booked|scheduled|penciled|pencilled|signed|set)\\b`],
  // done already ("can i put you down for" is an ask, so the perfect or "already" is needed)
  ['assume', `(?:i|we) (?:have |already |have already )(?:penciled|pencilled|booked|scheduled|reserved|put|signed|locked|registered|enrolled|slotted|written) (?:you|your (?:\\S+ ){0,2}?\\S+) (?:in|down|up) (?:for|on|as)\\b`],
  ['assume', `(?:i|we) (?:could|can|will) just (?:go ahead and )?(?:put|pencil|book|sign|lock|set|get|register|enroll) you\\b`],
  ['assume', `(?:i|we) (?:can|will|could) (?:have|get) you \\S+ (?:by|before|within)\\b`],
  ['assume', `(?:i|we) (?:will|am going to|are going to) (?:just )?put (?:you|it|the \\S+|that) (?:on|in) (?:our|the|your) (?:\\S+ )?(?:schedule|calendar|route|list|books|system)\\b`],
  // the rep does the deal's next step for the buyer: "just", "go ahead and", or a clock on it
  // "just" makes the step sound done already; only what cannot commit the buyer is left out
  ['act', `(?:i will|i am going to|i am gonna|we will|we are going to) just (?!(?:let|leave|wait|send|email|text|follow|check|call|keep|say|ask|need|hang|be|give|note|make|drop you|touch|double|confirm|jot|read|share|mention|tell|pass|forward|loop|do|see|try|get back|reach|go over|walk|quickly|recap|summarize)\\b)\\S+`],
  ['act', `(?:i will|i am going to|i am gonna|let me) go ahead and (?:set up|register|book|sign|enroll|put|process|ship|start|lock|schedule|order|submit|activate|reserve|run)\\b`],
  // "i can …" is an offer the buyer may decline, "i will …" assumes the yes
  ['act', `(?:i will|i am going to|i am gonna|we will) (?!ship)${DEAL_VERB} (?:\\S+ ){0,5}?(?:${NOW}|for you (?:today|now|until|till))\\b`],
  ['act', `(?:i will|i am going to|i am gonna|we will) (?:hold|reserve|lock|keep|save) (?:\\S+ ){0,4}?(?:for you|until|till)\\b`],
  ['act', `(?:i will|i am going to|i am gonna|we will|let me) (?:just )?(?:go ahead and )?(?:put|send|place|submit) (?:in|through|over) (?:the|your|an?) (?:\\S+ )?(?:order|application|paperwork|contract|request)\\b`],
  // the same step already under way: "i am holding two seats for you"
  ['act', `(?:i am|we are) (?:already )?(?:holding|reserving|saving|keeping|locking|booking|putting|setting aside|processing|shipping|sending over) (?:\\S+ ){0,5}?(?:for you|until|till|${NOW})\\b`],
  ['act', `(?:i am|we are) (?:just )?(?:sending|emailing|texting) (?:you )?(?:over )?(?:the |a |our |your )?(?:${PAPER}|e sign link|esign link|signing link|docusign|link to sign)\\b`],
  // the deal assumed started: billing, service, delivery from a date
  ['act', `(?:we will|we are going to|i will) (?:just )?start (?:your |the )?(?:billing|charging|service|delivery|deliveries|coverage|the contract|your plan|your account)\\b`],
  // telling others the buyer is in
  ['assume', `(?:i|we) (?:have )?(?:already )?(?:told|let|informed|notified) (?:the |our |my )?(?:\\S+ )?(?:team|crew|tech|techs|office|manager|installer|installers|know) (?:that )?(?:you are|you will be|you re) (?:in|on|coming|signed|booked|down)\\b`],
  ['act', `(?:i will|i am going to|i am gonna|we will) (?:just )?(?:lock in|book|reserve|pencil in|schedule) (?:\\S+ ){0,4}?for (?:the \\S+|${DAY}|next \\S+|this \\S+)\\b`],
  ['act', `(?:i will|i am going to|i am gonna|let me) (?:just )?(?:put|pencil|write) your name (?:on|down|in)\\b`],
  ['act', `(?:i will|i am going to|i am gonna|let me|how about i|why do not i) (?:just )?(?:send|email|get|bring|drop|fax|text|have) (?:you )?(?:over )?(?:our |the |your |a |some |this )?${PAPER}\\b`],
  ['act', `(?:the|a|our) (?:contract|contracts|paperwork|papers|agreement) (?:over )?${NOW}\\b`],
  ['act', `why do not (?:i|we) (?:just )?(?:go ahead and )?(?:pencil|put|book|sign|lock|get|start|register|enroll) (?:you|the|it)\\b`],
  ['act', `let us (?:just )?(?:go ahead and )?get (?:you (?:in|on|signed|set|started|booked|enrolled|covered|locked|going|down|(?:\\S+ed(?: over| in| up)?))|(?:the|your|this) (?:\\S+ )?(?:${PAPER}|order|demo|install|installation) (?:started|done|signed|going|in|on|booked|moving))\\b`],
  ['act', `let us just (?:go ahead and )?(?:get|keep|lock|book|start|sign|put|do)\\b`],
  ['act', `let us (?:just )?(?:grab|take|lock|snag) (?:it|that|them|the \\S+ (?:slot|spot|date|opening))\\b`],
  // the yes assumed, only a detail left to pick
  ['act', `\\b(?:we|i) (?:just )?need to (?:pick|choose|set|confirm|decide on|lock in) (?:a|the|your) (?:\\S+ )?(?:delivery|install|installation|start|move in|go live) (?:date|day|time)\\b`],
  ['act', `let us (?:just )?(?:go ahead and )?get (?:you|your (?:\\S+ )?(?:team|staff|crew|office|people|store|site|account|family|company|business)) (?:\\S+ )?(?:enrolled|signed|started|set up|booked|registered|scheduled|covered|onboarded|switched|moved over|on board|locked in)\\b`],
  ['act', `(?:i|we) (?:really )?need to get you (?:in|on|signed|set|started|booked|locked)\\b`],
  ['act', `(?:call|calling) (?:you )?back (?:\\S+ ){0,5}?(?:to finish|to wrap|to close|and (?:we will )?finish)\\b`],
  ['act', `\\b(?:we|you) (?:should|need to|have to|must|better|had better|got to|gotta) (?:just )?(?:lock|sign|book|grab|commit|decide|get|start|reserve|file|apply|order|enroll|register|act|move)\\b(?:\\s\\S+){0,4}?\\s(?:${NOW}|this week|this month|before|by)\\b`],
  // telling the buyer what to do to commit
  // an instruction, not the question "can you sign it"
  ['order', `\\byou sign(?<!(?:can|could|would|will|do) you sign) (?:it|this|them|here|today|tonight|now)\\b`],
  ['order', `\\bwe can sign (?:it|this|today|now|tonight)\\b`],
  ['order', `\\bsign (?:it |this )?(?:today|now|right now|tonight|this afternoon)\\b`],
  ['order', `\\bsend me (?:a|the|your) (?:po|purchase order|check|signed|deposit)\\b`],
  ['order', `\\bmake sure (?:you|he|she|they|someone|your \\S+|hes|shes|theyre) (?:is |are |will be |be )?(?:home|there|available|around|on|pick|picks|answer|answers|ready|free)\\b`],
  ['order', `\\blet (?:him|her|them) know to expect\\b`],
  ['order', `\\bstay on the line while you\\b`],
  ['order', `\\b(?:read|give) me (?:the|your) (?:card|credit card|card number|account number|routing number|billing)\\b`],
  ['order', `\\byou (?:do not|will not|would not) (?:even )?(?:need|have) to (?:be (?:home|there)|do (?:a thing|anything)|sign anything now)\\b`],
  ['order', `\\bwalk you through signing\\b`],
  ['order', `\\bgrab (?:him|her|them) (?:now|right now)\\b`],
  ['order', `\\b(?:are )?you in$`],
  // a clock or scarcity on the decision
  // the vendor's own offer ending (a market rate going up is an insight, not pressure)
  ['deadline', `(?:promo|promotion|offer|price|pricing|deal|discount|special|sale|price lock|rate lock|rebate|incentive|bonus|coupon|free (?:trial|install|installation|month|setup|set up)) (?:\\S+ ){0,2}?(?:ends|expires|disappears|goes away|is gone|runs out|will not be around|will not last|will be gone|is only (?:good|valid|for|until|through))\\b`],
  ['deadline', `\\b(?:it|they|prices?|the rate|that) (?:only )?(?:goes|go|will go|is going to go) up (?:after|on|next|tomorrow|${DAY})`],
  ['deadline', `\\b(?:it|that|the price|prices|rates) only (?:goes|go) up\\b`],
  ['deadline', `\\bbefore (?:it|the price|prices|that|the rate) (?:goes|go) up\\b`],
  ['deadline', `\\b(?:will not|would not) be around (?:forever|long|much longer)\\b`],
  ['deadline', `\\bit is gone\\b`],
  ['deadline', `\\b(?:today|tonight) only\\b`],
  ['deadline', `\\blast chance\\b`],
  ['deadline', `\\bonly (?:\\S+ ){1,5}?(?:left|remaining)\\b`],
  ['deadline', `\\bdown to (?:the |our |my )?last\\b|\\bthe last (?:few|two|three|couple|\\d+) (?:\\S+ )?(?:dates|spots|slots|openings|units|seats|days|weeks|places)\\b`],
  ['deadline', `\\bthe last (?:\\S+ )?(?:one|unit|spot|slot|opening|seat|date|room|place|truck)s? (?:we have|we have got|left|available|in stock|we can)\\b`],
  ['deadline', `\\b(?:it is|it will be|before it is|or it is) too late\\b`],
  ['deadline', `\\b(?:today|tonight|this week|this is|it is) (?:is )?the last (?:day|night|week|chance|time) (?:we|you|i) can\\b|\\bthe last (?:day|night) (?:we|you|i) can\\b`],
  ['deadline', `\\bafter that (?:we are|it is|they are|i am|we will be) (?:fully |all )?(?:booked|gone|full|sold out)\\b|\\bafter that (?:it|they|the \\S+) (?:goes|go) to\\b`],
  ['deadline', `\\bonly (?:\\S+ ){1,4}?(?:through|until|till) (?:the end of )?(?:the )?(?:day|today|tonight|week|month|friday|monday)\\b`],
  ['deadline', `\\byou (?:would be|will be|are) leaving money on the table\\b`],
  ['deadline', `\\bif (?:you|we) do not (?:decide|sign|commit|book|confirm|lock|act|order) (?:\\S+ ){0,2}?(?:by|before|today|tonight|now)\\b`],
  ['deadline', `\\b(?:i|we) (?:will )?have to (?:release|give|offer) (?:it|them|the \\S+|your \\S+) to\\b`],
  ['deadline', `\\b(?:throwing|burning|wasting|losing) (?:money|cash) (?:away|every)|\\bthrowing (?:money|cash) away\\b`],
  ['deadline', `\\bbefore (?:your|a|the) (?:competitor|competitors|neighbor|neighbors|competition|someone else|somebody else)\\b|\\bbefore someone else\\b`],
  ['deadline', `\\b(?:money|funding|grant|budget|inventory|stock|supply|availability|slots|spots) (?:\\S+ ){0,2}?(?:runs out|run out|is gone|are gone|dries up|dry up)\\b`],
  ['deadline', `\\bthe last (?:open|remaining|available) (?:ones?|spots?|slots?|territor\\S*|units?)\\b`],
  ['deadline', `\\b(?:two|three|several|a few|other) (?:other )?(?:candidates|buyers|people|companies|offices|families|owners) (?:\\S+ )?(?:looking at|interested in|asking about|lined up)\\b`],
  ['deadline', `\\bafter that i (?:can not|cannot) (?:promise|guarantee|hold)\\b`],
  ['deadline', `\\bbest it is (?:ever )?going to (?:be|get)\\b`],
  ['deadline', `\\bevery (?:day|week|month) you wait\\b`],
  ['deadline', `\\bwait(?:ing)? (?:just |only |really )?costs? you\\b`],
  ['deadline', `\\blosing (?:money|out) (?:by )?waiting\\b`],
  ['deadline', `\\bif (?:you|we) (?:wait|do not|miss it|skip it) (?:\\S+ ){0,4}?(?:goes up|go up|lose|it is gone|you lose|could lose)\\b`],
  ['deadline', `\\b(?:you|we) could lose\\b`],
  ['deadline', `\\b(?:do not|would not) want to (?:wait|miss)\\b`],
  ['deadline', `\\brisk missing\\b`],
  ['deadline', `\\bhate for you to miss\\b`],
  ['deadline', `\\b(?:only|just) (?:good|valid|available|runs|lasts) (?:through|until|till|today|this week)\\b`],
  ['deadline', `\\bonly for (?:\\S+ ){0,4}?(?:this week|today|tonight|this month)\\b`],
  ['deadline', `\\b(?:we are|were) (?:already )?(?:on|in) your (?:street|block|neighborhood|area|building) (?:this |next )?(?:${DAY}|week|weekend)\\b`],
  // no reason to say no
  ['no-reason', `\\b(?:there is|there are) (?:really |just |absolutely |honestly )?(?:no|zero) (?:good |real )?(?:reason|excuse) (?:not )?to\\b`],
  ['no-reason', `\\bno reason not to\\b`],
  ['no-reason', `\\bnothing (?:really )?(?:to think about|to decide|to think over)\\b|\\bno need to (?:think (?:about )?it over|think about it|wait)\\b|\\b(?:can not|cannot) afford to (?:wait|miss|pass|lose|say no|put)\\b`],
  ['no-reason', `\\b(?:so )?why wait\\b|\\bno downside\\b|\\bnothing to lose\\b|\\bwhat do you have to lose\\b|\\bwhat have you got to lose\\b`],
  // "what is stopping you from adding a truck" asks about the buyer's plans; about the sale it is pressure
  ['no-reason', `\\bnothing (?:really )?(?:stopping|holding) you\\b|\\bwhat is (?:really )?(?:stopping|holding) you(?:$| from (?:signing|going ahead|moving forward|starting|getting started|saying yes))`],
  ['no-reason', `\\b(?:would|will) be (?:crazy|nuts|foolish|silly|mad) (?:not )?to\\b`],
  ['no-reason', `\\bwhy (?:would|wouldn) (?:not )?you not\\b|\\bwhy would you not\\b`],
  ['no-reason', `\\b(?:it is a |a )?no brainer\\b`],
  ['no-reason', `\\byou (?:can not|cannot) lose\\b`],
  ['no-reason', `\\b(?:i will not|not going to|i do not) take no\\b|\\bnot take no for an answer\\b`],
  ['no-reason', `\\beveryone (?:is|else is) (?:signing|switching|doing it)\\b|\\b(?:everyone|everybody) (?:else )?(?:\\S+ ){0,4}?(?:has|have) (?:already )?(?:switched|signed|joined|upgraded|moved)\\b|\\byou are the last one\\b`],
  // a frame for what follows ("before we hang up, …"): pressure for the flag, but no ask of its own for the classifier
  ['frame', `\\bbefore (?:you|we) hang up\\b`],
  // only the last formality is missing
  ['formality', `(?:\\b(?:i|we) (?:just |really |only )?|^(?:just |only )|\\bjust )need (?:your|a|the) (?:okay|yes|go ahead|signature|sign off|card|credit card|approval|commitment|answer|po|voided check|deposit|initials)\\b`],
  ['formality', `\\ball (?:i|we) need (?:from you )?(?:is|are) (?:your|a|an|the)\\b`],
  ['formality', `\\b(?:just )?give me (?:a|the|your) (?:yes|okay|go ahead|thumbs up|green light)\\b`],
  // the rest of "all i need is …" when the splitter cut after "all"
  ['formality', `^(?:i|we) need (?:from you )?is (?:your|a|an|the)\\b`],
  ['formality', `\\b(?:you|we) (?:need|have) to (?:decide|sign|commit|act|lock|move) (?:today|now|right now|by|before)\\b`],
  ['formality', `\\bneed an answer (?:today|now|by)\\b`],
  ['formality', `\\bcan you commit (?:today|now|right now)\\b`],
  // two times and no third way
  ['either-or', `\\b(?:which|what) (?:works|is) better (?:for you )?(?:\\S+ ){0,3}or (?:\\S+ ){0,3}(?:\\||$)`],
]
/**
 * All forms as one alternation, one capture group per form: a single scan finds
 * the earliest sign (the first form listed wins at the same place, and the
 * either-or forms come last), ~10× cheaper than one scan per form.
 */
// Every form starts a word: the leading \b lets the engine skip each position inside a word at once instead of
// trying ~100 alternatives there (the costliest regex of a push), and no form can start mid-word ("hi will…").
const NO_ESCAPE = new RegExp(`\\b(?:${NO_ESCAPE_FORMS.map(([, src]) => `(${src})`).join('|')})`)
const EITHER_OR_FROM = NO_ESCAPE_FORMS.findIndex(([kind]) => kind === 'either-or') + 1

/** An explicit out in the same utterance takes the pressure away. */
const OUT = /\b(?:no pressure|if not (?:that is|it is|totally|no|completely)?|no worries if|(?:totally|completely|perfectly) (?:fine|okay|understand)|(?:feel|free) free to say no|(?:if|when) (?:now|this) (?:is not|isn t) (?:a good|the right)|not (?:a|the) (?:fit|right time)|either way|no obligation|no strings|if you would rather (?:not|wait)|(?<!reason to |reason not to )say no|not now is fine|happy to (?:wait|leave it)|up to you|your call|whatever works|if it helps|if it is useful|no commitment|if that is (?:all right|okay|alright)|if that sounds (?:reasonable|good|fair|okay|all right)|no rush|take your time|whenever you are ready|when you are ready)\b/

/** "i am just going to sign you up" is "i am going to just sign you up" (same word count, so spans hold). */
const JUST_GOING = /\bjust (going to|gonna)\b/g

/**
 * The first pressure form in a clause's normalised text (the forms of no-escape-path, without the check for an
 * out), or null. The clause classifier reads it as a cue (features.ts `x.pressure`: every such line of the corpus
 * is a commitment ask, most of them statements: "ive got you down for wednesday", "theres no reason not to"), and
 * keeps the match in the clause's features, so findNoEscape does not scan the clause again.
 */
export function pressureForm(text: string): RegExpExecArray | null {
  return NO_ESCAPE.exec(text.includes('just going') ? text.replace(JUST_GOING, (_m, g: string) => `${g} just`) : text)
}

const FRAME_GROUPS = new Set(NO_ESCAPE_FORMS.flatMap(([kind], i) => (kind === 'frame' ? [i + 1] : [])))

/** Is this pressure form an ask of its own (not a frame like "before we hang up", which leads into whatever follows)? */
export function pressureAsks(m: RegExpExecArray): boolean {
  let group = 1
  while (m[group] === undefined) group++
  return !FRAME_GROUPS.has(group)
}

/** `m`: the clause's pressure form when the caller has it already (Features.pressure). */
export function findNoEscape(text: string, toks: readonly string[], isClose: boolean, utteranceText: string, m: RegExpExecArray | null = pressureForm(text)): Hit | null {
  if (!m || OUT.test(utteranceText)) return null
  let group = 1
  while (m[group] === undefined) group++
  const alternative = group >= EITHER_OR_FROM
  const a = text.slice(0, m.index).split(' ').filter(Boolean).length
  const b = a + m[0].split(' ').filter((w) => w && w !== '|').length - 1
  return { a: Math.min(a, toks.length - 1), b: Math.max(0, Math.min(b, toks.length - 1)), confidence: alternative ? (isClose ? 0.75 : 0.5) : isClose ? 0.9 : 0.75 }
}
