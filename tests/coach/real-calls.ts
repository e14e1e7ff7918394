/**
 * Loads the real-call evaluation set (../shared/eval/real-calls) at run time.
 * Those calls measure the coach; they are never copied into the project and
 * never used to tune it. Absent folder -> null (the benchmark says so).
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { UtteranceClass } from '../../main/coach'
import type { LabeledCall } from './scoring'

export const DEFAULT_REAL_CALLS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/eval/real-calls')

const Entry = z.object({
  'asking-before-giving': z.array(z.number().int().positive()),
  'closing-too-early': z.array(z.number().int().positive()),
  classes: z.record(z.string(), z.enum(['give', 'probe', 'close', 'other'])),
})
const Labels = z.record(z.string(), Entry.passthrough())

export function loadRealCalls(dir: string = process.env['CALLDESK_REAL_CALLS'] ?? DEFAULT_REAL_CALLS_DIR): LabeledCall[] | null {
  const labelsFile = join(dir, 'labels.json')
  if (!existsSync(labelsFile)) return null
  const labels = Labels.parse(JSON.parse(readFileSync(labelsFile, 'utf8')))
  return Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([file, e]) => {
    const texts = readFileSync(join(dir, file), 'utf8').split(/\r?\n/).filter((l) => l.trim())
    return {
      id: file,
      lines: texts.map((text, i) => ({ label: (e.classes[String(i + 1)] ?? 'other') as UtteranceClass, tags: [], text })),
      kinds: ['asking-before-giving', 'closing-too-early'] as const,
      expected: [
        ...e['asking-before-giving'].map((n) => ({ kind: 'asking-before-giving' as const, index: n - 1 })),
        ...e['closing-too-early'].map((n) => ({ kind: 'closing-too-early' as const, index: n - 1 })),
      ],
    }
  })
}
