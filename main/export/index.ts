/** Export entry: picks the format and names the file. */
import type { CallDetail, Debrief, ExportFile } from '../../contract/ipc-contract'
import { callToJson, debriefToJson } from './json'
import { callToMarkdown, debriefToMarkdown } from './markdown'

export { callToJson, debriefToJson, EXPORT_VERSION } from './json'
export { callToMarkdown, debriefToMarkdown, escapeMarkdown } from './markdown'

export type ExportFormat = 'markdown' | 'json'

/** A safe file name: the prospect (or kind), the call's date, and what it holds. */
export function exportFileName(detail: CallDetail, what: 'call' | 'debrief', format: ExportFormat): string {
  const who = (detail.call.prospectName ?? detail.call.kind)
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40) || 'call'
  const day = new Date(detail.call.startedAt).toISOString().slice(0, 10)
  return `${who}-${day}-${what}.${format === 'markdown' ? 'md' : 'json'}`
}

export function exportCallFile(detail: CallDetail, format: ExportFormat): ExportFile {
  return {
    fileName: exportFileName(detail, 'call', format),
    mimeType: format === 'markdown' ? 'text/markdown' : 'application/json',
    content: format === 'markdown' ? callToMarkdown(detail) : callToJson(detail),
  }
}

export function exportDebriefFile(debrief: Debrief, format: ExportFormat): ExportFile {
  return {
    fileName: exportFileName(debrief.detail, 'debrief', format),
    mimeType: format === 'markdown' ? 'text/markdown' : 'application/json',
    content: format === 'markdown' ? debriefToMarkdown(debrief) : debriefToJson(debrief),
  }
}
