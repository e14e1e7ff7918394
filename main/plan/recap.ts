/**
 * The next call's plan, drafted from the last one. Per the playbook ("build,
 * don't reboot"): open by asking what has changed, then recap what was covered
 * (what the rep gave, what they asked, what was agreed), bring a new reason
 * that is useful to the buyer, and plan around the real reason they did not buy.
 * The rep edits the draft; it is saved as the scheduled call's plan notes.
 */
import { classifyUtterance, type UtteranceClass } from '../coach'

export interface RecapSegment {
  text: string
  status: 'pending' | 'done' | 'failed'
}

export interface RecapInput {
  segments: readonly RecapSegment[]
  /** When the call being recapped happened. */
  callStartedAt: number
  /** What the rep wrote in the debrief (empty strings/null when not written). */
  nextStep: string
  noBuyReason: string | null
  formatDate?: (ms: number) => string
  classify?: (text: string) => UtteranceClass
}

export interface Recap {
  given: string[]
  asked: string[]
  agreed: string[]
}

export interface PlanDraft {
  recap: Recap
  opener: string[]
  /** The whole editable plan text. */
  text: string
}

const MAX_ITEMS = 4
const MAX_CHARS = 140

const defaultDate = (ms: number) => new Date(ms).toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' })

function clip(text: string, max = MAX_CHARS): string {
  const t = text.trim().replace(/\s+/g, ' ')
  return t.length > max ? t.slice(0, max - 1).trimEnd() + '…' : t
}

/** What was given, asked and agreed, from the rep's own words (the buyer's side is not recorded). */
export function draftRecap(input: RecapInput): Recap {
  const classify = input.classify ?? ((t: string) => classifyUtterance(t).class)
  const given: string[] = []
  const asked: string[] = []
  const closes: string[] = []
  for (const s of input.segments) {
    if (s.status !== 'done' || !s.text.trim()) continue
    const cls = classify(s.text)
    if (cls === 'give') given.push(clip(s.text))
    else if (cls === 'probe') asked.push(clip(s.text))
    else if (cls === 'close') closes.push(clip(s.text))
  }
  // The debrief's next step is what was actually agreed; the rep's last ask is only a fallback.
  const agreed = input.nextStep.trim() ? [clip(input.nextStep)] : closes.slice(-1).map((c) => `You asked: ${c}`)
  return { given: given.slice(0, MAX_ITEMS), asked: asked.slice(0, MAX_ITEMS), agreed }
}

/**
 * The playbook's opener: what has changed, then the recap, then a reason worth
 * their time. Lines are short: they become the overlay's checklist, read mid-call.
 */
export function suggestOpener(recap: Recap, input: Pick<RecapInput, 'callStartedAt' | 'noBuyReason' | 'formatDate'>): string[] {
  const when = (input.formatDate ?? defaultDate)(input.callStartedAt)
  const lines = [`Ask what has changed since we spoke on ${when}.`]
  const parts: string[] = []
  if (recap.given[0]) parts.push(`I shared “${clip(recap.given[0], 50)}”`)
  if (recap.asked[0]) parts.push(`we talked about “${clip(recap.asked[0], 50)}”`)
  if (recap.agreed[0]) parts.push(`we agreed: ${clip(recap.agreed[0], 60)}`)
  lines.push(parts.length ? `Recap: ${parts.join('; ')}.` : 'Recap what we covered last time in one sentence.')
  lines.push('Bring a new reason: a result, an idea or an intro — not “checking in”.')
  if (input.noBuyReason?.trim()) lines.push(`Plan around why they haven’t bought: ${clip(input.noBuyReason, 100)}.`)
  lines.push('Give them an easy way to say “not now”.')
  return lines
}

/** Recap details are indented with "·", not "-", so the overlay's checklist stays the opener. */
const details = (items: string[], empty: string) => (items.length ? items.map((i) => `  · ${i}`) : [`  · ${empty}`])

export function draftPlan(input: RecapInput): PlanDraft {
  const recap = draftRecap(input)
  const opener = suggestOpener(recap, input)
  const when = (input.formatDate ?? defaultDate)(input.callStartedAt)
  const text = [
    'Opener',
    ...opener.map((l) => `- ${l}`),
    '',
    `Recap of the call on ${when}`,
    'What I gave:',
    ...details(recap.given, '(nothing of value yet: lead with a result this time)'),
    'What I asked:',
    ...details(recap.asked, '(nothing yet)'),
    'What we agreed:',
    ...details(recap.agreed, '(no next step recorded)'),
  ].join('\n')
  return { recap, opener, text }
}
