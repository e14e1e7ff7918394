/** A call or its debrief as a file. */
import { z } from 'zod'
import { EXPORT_FORMATS, EXPORT_MIME_TYPES, EXPORT_SUBJECTS } from '../vocabulary'
import { Id } from './common'

export const ExportFile = z.object({
  fileName: z.string().regex(/^[\w.-]+$/),
  mimeType: z.enum(EXPORT_MIME_TYPES),
  content: z.string(),
})
export type ExportFile = z.infer<typeof ExportFile>

export const exportChannels = {
  /** A call's transcript and flags, or its debrief, as a file the renderer saves or copies. */
  exportCall: {
    channel: 'export:call',
    input: z.object({ callId: Id, what: z.enum(EXPORT_SUBJECTS), format: z.enum(EXPORT_FORMATS) }).strict(),
    output: ExportFile,
  },
} as const
