/**
 * A call (transcript with its flags) and a debrief as Markdown a rep can paste
 * into a CRM or send to a coach. The rep's words are escaped so a line that
 * starts with "#" or "-" stays text instead of becoming a heading or a list.
 */
import type { CallDetail, Debrief, Flag } from '../../contract/ipc-contract'
import { FLAG_LABELS, clock, dateTime } from './labels'

/** Escapes Markdown syntax in free text; keeps it on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n+/g, ' ')
    .replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1')
    .replace(/^(\s*)(\d+)\./, '$1$2\\.')
    .replace(/^(\s*)-/, '$1\\-')
}

/** Multi-line free text as a block quote, each line escaped. */
function quote(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim())
  return lines.some(Boolean) ? lines.map((l) => `> ${escapeMarkdown(l)}`).join('\n') : '> —'
}

function callHeading(detail: CallDetail): string[] {
  const { call } = detail
  return [
    `# ${escapeMarkdown(call.prospectName ?? (call.kind === 'rehearsal' ? 'Rehearsal' : 'Call'))} — ${dateTime(call.startedAt)}`,
    '',
    `- Kind: ${call.kind}`,
    `- Length: ${call.durationMs !== null ? clock(call.durationMs) : 'in progress'}`,
    `- Segments: ${detail.segments.length}`,
    `- Flags: ${detail.flags.length}`,
  ]
}

function flagLines(flag: Flag): string[] {
  return [
    `  - ⚑ **${FLAG_LABELS[flag.kind]}** at ${clock(flag.atMs)}${flag.dismissedAt !== null ? ' (dismissed as not relevant)' : ''}: ${escapeMarkdown(flag.prompt)}`,
    `    ${escapeMarkdown(flag.explanation)}`,
  ]
}

function transcript(detail: CallDetail): string[] {
  const bySegment = new Map<number, Flag[]>()
  const loose: Flag[] = []
  for (const f of detail.flags) {
    if (f.segmentId === null) loose.push(f)
    else bySegment.set(f.segmentId, [...(bySegment.get(f.segmentId) ?? []), f])
  }
  const out = ['## Transcript', '']
  if (detail.segments.length === 0) out.push('_No speech was recorded._')
  for (const s of detail.segments) {
    const body = s.status === 'done' ? escapeMarkdown(s.text) || '_(no words recognised)_' : s.status === 'failed' ? '_(not transcribed)_' : '_(transcribing)_'
    out.push(`- **[${clock(s.startMs)}]** ${body}`)
    for (const f of bySegment.get(s.id) ?? []) out.push(...flagLines(f))
  }
  if (loose.length) out.push('', '## Other flags', '', ...loose.flatMap(flagLines))
  return out
}

export function callToMarkdown(detail: CallDetail): string {
  return [...callHeading(detail), '', ...transcript(detail), ''].join('\n')
}

export function debriefToMarkdown(d: Debrief): string {
  const f = d.figures
  const at = (ms: number | null) => (ms === null ? 'never' : clock(ms))
  const notes = d.notes
  const out = [
    ...callHeading(d.detail).map((l, i) => (i === 0 ? l.replace(/^# /, '# Debrief: ') : l)),
    ...(d.prospect ? [`- Prospect status: ${d.prospect.status}${d.prospect.statusReason ? ` (${escapeMarkdown(d.prospect.statusReason)})` : ''}`] : []),
    '',
    '## Figures',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| Talk time | ${clock(f.talkMs)} |`,
    `| Longest monologue | ${clock(f.longestMonologueMs)} |`,
    `| Probing questions before the first give | ${f.probesBeforeFirstGive} |`,
    `| Time to first give | ${at(f.firstGiveMs)} |`,
    `| First commitment ask | ${at(f.firstCommitmentAskMs)} |`,
    `| Flags | ${f.flagCount} |`,
    `| Prompts dismissed | ${f.promptsDismissed} |`,
    '',
    '## Flags',
    '',
    ...(d.detail.flags.length
      ? d.detail.flags.flatMap((flag) => flagLines(flag).map((l) => l.replace(/^ {2}/, '')))
      : ['_None._']),
    '',
    '## What went well',
    '',
    quote(notes?.wentWell ?? ''),
    '',
    '## What to change',
    '',
    quote(notes?.toChange ?? ''),
    '',
    '## Why they did not buy',
    '',
    quote(notes?.noBuyReason ?? ''),
    '',
    '## Agreed next step',
    '',
    quote(notes?.nextStep ?? ''),
  ]
  if (d.nextScheduledCall) {
    out.push('', '## Next call', '', `Scheduled for ${dateTime(d.nextScheduledCall.scheduledAt)}.`, '', quote(d.nextScheduledCall.planNotes))
  }
  out.push('')
  return out.join('\n')
}
