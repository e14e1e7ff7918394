import { describe, expect, it } from 'vitest'
import { draftPlan, draftRecap, suggestOpener } from '../../main/plan/recap'
import { planChecklist } from '../../main/plan/checklist'

const done = (text: string) => ({ text, status: 'done' as const })
const CALL = [
  done("Hi Dana, it's Sam from Brightline Mobile."),
  done('A client in your market added $20k of new revenue in six weeks by texting past customers.'),
  done('What kind of mobile campaigns are you running right now?'),
  { text: 'Walk me through how you book shipments today.', status: 'failed' as const },
  done('Can we set up a time for a demo next week?'),
]
const AT = Date.UTC(2025, 2, 12, 15, 0)
const fmt = () => 'Wed, Mar 12'

describe('next-call plan draft', () => {
  it('recaps what was given, asked and agreed from the call (real classifier); the debrief next step is what was agreed', () => {
    const recap = draftRecap({ segments: CALL, callStartedAt: AT, nextStep: 'Send the case study by Friday', noBuyReason: null })
    expect(recap.given).toEqual(['A client in your market added $20k of new revenue in six weeks by texting past customers.'])
    // The failed segment has no words to recap.
    expect(recap.asked).toEqual(['What kind of mobile campaigns are you running right now?'])
    expect(recap.agreed).toEqual(['Send the case study by Friday'])
  })

  it('without a recorded next step, falls back to the rep’s last commitment ask, marked as only asked', () => {
    const recap = draftRecap({ segments: CALL, callStartedAt: AT, nextStep: '  ', noBuyReason: null })
    expect(recap.agreed).toEqual(['You asked: Can we set up a time for a demo next week?'])
  })

  it('the opener follows the playbook: what has changed first, then the recap, a reason, the no-buy reason, an easy out', () => {
    const recap = { given: ['G'], asked: ['A'], agreed: ['N'] }
    const lines = suggestOpener(recap, { callStartedAt: AT, noBuyReason: 'No budget until Q3', formatDate: fmt })
    expect(lines[0]).toBe('Ask what has changed since we spoke on Wed, Mar 12.')
    expect(lines[1]).toBe('Recap: I shared “G”; we talked about “A”; we agreed: N.')
    expect(lines[2]).toMatch(/new reason.*not “checking in”/)
    expect(lines[3]).toBe('Plan around why they haven’t bought: No budget until Q3.')
    expect(lines[4]).toMatch(/not now/)
    expect(suggestOpener({ given: [], asked: [], agreed: [] }, { callStartedAt: AT, noBuyReason: null, formatDate: fmt })).toHaveLength(4)
  })

  it('the draft text is editable plain text; the opener’s bullets become the overlay checklist, the recap details stay text', () => {
    const draft = draftPlan({ segments: CALL, callStartedAt: AT, nextStep: 'Send the case study', noBuyReason: 'Happy with current vendor', formatDate: fmt })
    expect(draft.text.split('\n')[0]).toBe('Opener')
    expect(draft.text).toContain('What I gave:\n  · A client in your market added $20k')
    expect(draft.text).toContain('What we agreed:\n  · Send the case study')
    const items = planChecklist(draft.text)
    expect(items).toEqual(draft.opener)
    expect(items).toHaveLength(5)
    expect(items[1]).toBe('Recap: I shared “A client in your market added $20k of new revenue…”; we talked about “What kind of mobile campaigns are you running rig…”; we agreed: Send the case study.')
  })

  it('long lines are clipped and at most four items are kept per part', () => {
    const many = Array.from({ length: 6 }, (_, i) => done(`What kind of campaigns are you running in region ${i} right now?`))
    const recap = draftRecap({ segments: [...many, done('x'.repeat(300))], callStartedAt: AT, nextStep: 'y'.repeat(300), noBuyReason: null })
    expect(recap.asked).toHaveLength(4)
    expect(recap.agreed[0]!.length).toBe(140)
    expect(recap.agreed[0]!.endsWith('…')).toBe(true)
  })
})

describe('plan checklist', () => {
  it('takes bulleted and numbered lines, skipping headings', () => {
    expect(planChecklist('Opener\n- ask what changed\n* recap\n1. bring a result\n2) easy out\n[ ] checkbox\nNotes:')).toEqual([
      'ask what changed',
      'recap',
      'bring a result',
      'easy out',
      'checkbox',
    ])
  })
  it('takes every non-empty line when nothing is bulleted, and caps the count', () => {
    expect(planChecklist('ask what changed\n\n  recap  \n')).toEqual(['ask what changed', 'recap'])
    expect(planChecklist(Array.from({ length: 20 }, (_, i) => `- item ${i}`).join('\n'))).toHaveLength(12)
    expect(planChecklist('   \n')).toEqual([])
  })
})
