/**
 * Flag wording: overlay prompts (actions, at most PROMPT_MAX_LENGTH characters)
 * and debrief explanations (what happened, why it matters, what to do instead).
 * Written from the coaching playbook (shared/docs/coaching-playbook.md).
 */
import type { Flag, FlagKind, FlagTier } from './types'

export const PROMPTS = {
  'asking-before-giving': 'Give first — share a result before you ask.',
  'closing-too-early': 'Too soon to close — earn the next step first.',
  'closing-too-early/no-give': 'Too soon to close — give them something useful first.',
  'closing-too-early/no-probe': 'Too soon to close — learn their situation first.',
  'empty-check-in': 'Bring a reason — lead with something useful to them.',
  'credentials-not-value': "Skip the brochure — say what's in it for them.",
  'slow-hook': 'Get to the point — lead with a result for them.',
  'talking-too-long': 'Pause — let them talk.',
  jargon: 'Plain words — say it the way they would.',
  'features-not-results': 'Say the result — time, money, risk saved.',
  'no-escape-path': 'Give them an out — make "not now" easy.',
} as const

const q = (evidence: string): string => `“${evidence.length > 120 ? evidence.slice(0, 117).trimEnd() + '…' : evidence}”`

export interface FlagContext {
  evidence: string
  segmentIndex: number
  startMs: number | null
  endMs: number | null
  confidence: number
  tier: FlagTier
}

export function askingBeforeGiving(c: FlagContext): Flag {
  return {
    kind: 'asking-before-giving',
    ...c,
    prompt: PROMPTS['asking-before-giving'],
    explanation:
      `You asked ${q(c.evidence)} before giving the buyer anything of value in this call. ` +
      'To someone who owes you nothing yet, probing questions feel like being asked for a tax return by a stranger. ' +
      'Instead: first give something specific — a short client story with a result, an insight about their industry, ' +
      'a useful idea or resource — then ask; the same information comes freely once you have given.',
  }
}

export function closingTooEarly(c: FlagContext, gave: boolean, probed: boolean): Flag {
  const prompt = !gave && probed
    ? PROMPTS['closing-too-early/no-give']
    : gave && !probed
      ? PROMPTS['closing-too-early/no-probe']
      : PROMPTS['closing-too-early']
  const missing = !gave && !probed
    ? 'given them anything of value or learned anything about their situation'
    : !gave
      ? 'given them anything of value'
      : 'learned anything about their situation'
  return {
    kind: 'closing-too-early',
    ...c,
    prompt,
    explanation:
      `You asked for a commitment — ${q(c.evidence)} — before you had ${missing}. ` +
      'Buyers pushed to commit this early end the call politely and never call back. ' +
      'Instead: earn the next step — give a result or insight, ask about their situation, and leave them wanting more; ' +
      'then suggest a next step that follows from what they told you, with an easy way to say "not now".',
  }
}

export function emptyCheckIn(c: FlagContext): Flag {
  return {
    kind: 'empty-check-in',
    ...c,
    prompt: PROMPTS['empty-check-in'],
    explanation:
      `${q(c.evidence)} gives the buyer no reason to talk to you. ` +
      'Every follow-up needs a reason that is valuable to them, not a nudge about your deal. ' +
      'Instead: open with something timely and useful — a relevant client result, a change in their market, an introduction — ' +
      'then ask what has changed since you last spoke and recap what you covered.',
  }
}

export function credentialsNotValue(c: FlagContext): Flag {
  return {
    kind: 'credentials-not-value',
    ...c,
    prompt: PROMPTS['credentials-not-value'],
    explanation:
      `${q(c.evidence)} is about you, not the buyer: client names, awards, size and "one-stop shop" don't answer ` +
      '"what\'s in it for me?". Buyers care about that later, if ever. ' +
      'Instead: turn it into a result for someone like them — "a firm like yours cut X by Y in Z weeks" — or an idea they can use.',
  }
}

export function slowHook(c: FlagContext, thresholdMs: number): Flag {
  return {
    kind: 'slow-hook',
    ...c,
    prompt: PROMPTS['slow-hook'],
    explanation:
      `${Math.round(thresholdMs / 1000)} seconds into the call the buyer has not yet heard anything worth their time. ` +
      'Cold-call buyers decide within the first 20–30 seconds whether to stay on the line. ' +
      'Instead: after a one-line introduction, lead with a specific result or insight for their business.',
  }
}

export function talkingTooLong(c: FlagContext, talkedMs: number, thresholdMs: number): Flag {
  return {
    kind: 'talking-too-long',
    ...c,
    prompt: PROMPTS['talking-too-long'],
    explanation:
      `You have been talking for about ${Math.round(talkedMs / 1000)} seconds without leaving room for the buyer ` +
      `(the coach flags monologues over ${Math.round(thresholdMs / 1000)} seconds). ` +
      'Long monologues leave the buyer no room, and they stop listening. ' +
      'Instead: make one point in two or three sentences, then stop and let them react — a pause or a short question.',
  }
}

export function jargon(c: FlagContext): Flag {
  return {
    kind: 'jargon',
    ...c,
    prompt: PROMPTS.jargon,
    explanation:
      `${q(c.evidence)} is vendor language the buyer has not used. Buzzwords make you sound like every other pitch ` +
      'and make the buyer translate. ' +
      'Instead: say what it does for them in their own words — the words they used about their business, or plain ones.',
  }
}

export function featuresNotResults(c: FlagContext): Flag {
  return {
    kind: 'features-not-results',
    ...c,
    prompt: PROMPTS['features-not-results'],
    explanation:
      `${q(c.evidence)} lists what the product has, not what it changes for the buyer. ` +
      'A feature list leaves them to work out the value, and most will not. ' +
      'Instead: pick the one feature that matters to them and say the measurable result — hours saved, cost cut, revenue added — ideally from a client like them.',
  }
}

export function noEscapePath(c: FlagContext): Flag {
  return {
    kind: 'no-escape-path',
    ...c,
    prompt: PROMPTS['no-escape-path'],
    explanation:
      `${q(c.evidence)} pushes for a yes with no easy way to say "not now". ` +
      'Cornered buyers end the call politely and stop answering; a "no" said freely is usually a "not now" you can come back to. ' +
      'Instead: keep it casual and low-stakes — offer the next step and add an out ("if it is not a fit, no problem at all").',
  }
}

export const KIND_ORDER: Record<FlagKind, number> = {
  'asking-before-giving': 0,
  'closing-too-early': 1,
  'empty-check-in': 2,
  'credentials-not-value': 3,
  'slow-hook': 4,
  'talking-too-long': 5,
  jargon: 6,
  'features-not-results': 7,
  'no-escape-path': 8,
}
