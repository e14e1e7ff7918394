import { describe, expect, it } from 'vitest'
import type { CallDetail, Debrief } from '../../contract/ipc-contract'
import { Debrief as DebriefSchema, ExportFile } from '../../contract/ipc-contract'
import { callToJson, callToMarkdown, debriefToJson, debriefToMarkdown, escapeMarkdown, exportCallFile, exportDebriefFile, exportFileName } from '../../main/export'

const CALL_ID = '11111111-1111-4111-8111-111111111111'
const detail: CallDetail = {
  call: {
    id: CALL_ID,
    kind: 'live',
    status: 'completed',
    startedAt: Date.UTC(2025, 2, 12, 15, 0, 0),
    endedAt: Date.UTC(2025, 2, 12, 15, 2, 5),
    durationMs: 125_000,
    prospectName: 'Dana Reyes / Northpeak',
    deviceLabel: 'Headset',
    segmentCount: 3,
    hasAudio: true,
  },
  segments: [
    { id: 7, callId: CALL_ID, seq: 0, startMs: 1000, endMs: 3000, text: "Hi Dana, it's Sam.", status: 'done', source: 'speech', error: null },
    { id: 8, callId: CALL_ID, seq: 1, startMs: 4000, endMs: 7000, text: '# What *budget* do you have?', status: 'done', source: 'speech', error: null },
    { id: 9, callId: CALL_ID, seq: 2, startMs: 65_000, endMs: 66_000, text: '', status: 'failed', source: 'speech', error: 'engine crashed' },
  ],
  flags: [
    {
      id: '22222222-2222-4222-8222-222222222222',
      callId: CALL_ID,
      segmentId: 8,
      kind: 'asking-before-giving',
      evidence: 'What budget do you have',
      prompt: 'Give first — share a result before you ask.',
      explanation: 'You asked before giving. Instead: give first.',
      atMs: 7000,
      dismissedAt: Date.UTC(2025, 2, 12, 15, 0, 9),
    },
  ],
  audioUrl: '/media/x.wav',
}
const debrief: Debrief = {
  detail,
  notes: { wentWell: 'Warm opener', toChange: 'Give before asking\n- lead with the $20k story', noBuyReason: 'No budget until Q3', nextStep: 'Send case study', updatedAt: 1 },
  figures: {
    talkMs: 5000,
    longestMonologueMs: 3000,
    longestMonologueAtMs: 4000,
    probesBeforeFirstGive: 1,
    firstGiveMs: null,
    firstCommitmentAskMs: 65_000,
    flagCount: 1,
    flagsByKind: { 'asking-before-giving': 1 },
    promptsDismissed: 1,
  },
  timeline: { durationMs: 125_000, binMs: 125_000 / 60, talk: new Array(60).fill(0), flags: [] },
  prospect: { id: '33333333-3333-4333-8333-333333333333', name: 'Dana Reyes', company: 'Northpeak', status: 'not-now', statusReason: 'Budget frozen', title: null, createdAt: 1 },
  scheduledCall: null,
  nextScheduledCall: {
    id: '44444444-4444-4444-8444-444444444444',
    prospectId: '33333333-3333-4333-8333-333333333333',
    prospectName: 'Dana Reyes',
    prospectCompany: 'Northpeak',
    scheduledAt: Date.UTC(2025, 2, 19, 16, 0),
    status: 'scheduled',
    planNotes: '- Ask what has changed',
    rehearsalNotes: '',
  },
}

describe('export', () => {
  it('fixtures are valid contract shapes (so the tests exercise real replies)', () => {
    expect(DebriefSchema.safeParse(debrief).success).toBe(true)
  })

  it('escapes Markdown in the rep’s words', () => {
    expect(escapeMarkdown('# heading *bold* [link](x) a|b')).toBe('\\# heading \\*bold\\* \\[link\\]\\(x\\) a\\|b')
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list')
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list')
    expect(escapeMarkdown('two\nlines')).toBe('two lines')
  })

  it('call Markdown: heading, timestamped transcript with each flag under its line, failed segments marked', () => {
    const md = callToMarkdown(detail)
    const lines = md.split('\n')
    expect(lines[0]).toBe('# Dana Reyes / Northpeak — 2025-03-12T15:00:00Z')
    expect(md).toContain('- Length: 02:05')
    const probe = lines.indexOf('- **[00:04]** \\# What \\*budget\\* do you have?')
    expect(probe).toBeGreaterThan(0)
    expect(lines[probe + 1]).toBe('  - ⚑ **Asking before giving** at 00:07 (dismissed as not relevant): Give first — share a result before you ask.')
    expect(lines[probe + 2]).toBe('    You asked before giving. Instead: give first.')
    expect(md).toContain('- **[01:05]** _(not transcribed)_')
  })

  it('call JSON: versioned, segments in order, flags point at segments by seq (not local row ids)', () => {
    const json = JSON.parse(callToJson(detail))
    expect(json).toMatchObject({ format: 'calldesk.call', version: 1 })
    expect(json.call.startedAt).toBe('2025-03-12T15:00:00Z')
    expect(json.call.segments.map((s: { seq: number }) => s.seq)).toEqual([0, 1, 2])
    expect(json.call.flags).toEqual([
      expect.objectContaining({ kind: 'asking-before-giving', atMs: 7000, segmentSeq: 1, dismissed: true }),
    ])
    expect(JSON.stringify(json)).not.toContain('/media/')
  })

  it('debrief Markdown: figures table, flags, the rep’s notes quoted, the next call', () => {
    const md = debriefToMarkdown(debrief)
    expect(md.split('\n')[0]).toBe('# Debrief: Dana Reyes / Northpeak — 2025-03-12T15:00:00Z')
    expect(md).toContain('- Prospect status: not-now (Budget frozen)')
    expect(md).toContain('| Probing questions before the first give | 1 |')
    expect(md).toContain('| Time to first give | never |')
    expect(md).toContain('| First commitment ask | 01:05 |')
    expect(md).toContain('| Prompts dismissed | 1 |')
    expect(md).toContain('## What to change\n\n> Give before asking\n> \\- lead with the $20k story')
    expect(md).toContain('## Why they did not buy\n\n> No budget until Q3')
    expect(md).toContain('## Next call\n\nScheduled for 2025-03-19T16:00:00Z.\n\n> \\- Ask what has changed')
  })

  it('an unwritten debrief exports with placeholders, not "undefined"', () => {
    const md = debriefToMarkdown({ ...debrief, notes: null, nextScheduledCall: null, prospect: null })
    expect(md).toContain('## What went well\n\n> —')
    expect(md).not.toContain('undefined')
    expect(md).not.toContain('## Next call')
    expect(JSON.parse(debriefToJson({ ...debrief, notes: null })).notes).toBeNull()
  })

  it('debrief JSON carries figures and notes', () => {
    const json = JSON.parse(debriefToJson(debrief))
    expect(json.format).toBe('calldesk.debrief')
    expect(json.figures.firstCommitmentAskMs).toBe(65_000)
    expect(json.notes).toEqual({ wentWell: 'Warm opener', toChange: 'Give before asking\n- lead with the $20k story', noBuyReason: 'No budget until Q3', nextStep: 'Send case study' })
    expect(json.prospect.statusReason).toBe('Budget frozen')
  })

  it('file names are safe and say what they hold; files match the contract', () => {
    expect(exportFileName(detail, 'call', 'markdown')).toBe('Dana-Reyes-Northpeak-2025-03-12-call.md')
    expect(exportFileName({ ...detail, call: { ...detail.call, prospectName: '../../etc/passwd' } }, 'debrief', 'json')).toBe('etc-passwd-2025-03-12-debrief.json')
    expect(exportFileName({ ...detail, call: { ...detail.call, prospectName: null } }, 'call', 'json')).toBe('live-2025-03-12-call.json')
    for (const f of [exportCallFile(detail, 'markdown'), exportCallFile(detail, 'json'), exportDebriefFile(debrief, 'markdown'), exportDebriefFile(debrief, 'json')]) {
      expect(ExportFile.safeParse(f).success).toBe(true)
    }
  })
})
