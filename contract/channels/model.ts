/** The speech model: its status, download, import and choice of file. */
import { z } from 'zod'
import { MODEL_SOURCES, MODEL_STATES } from '../vocabulary'
import { NoInput } from './common'

export const ModelEntry = z.object({
  fileName: z.string(),
  label: z.string(),
  bytes: z.number().int().positive(),
  installed: z.boolean(),
  isDefault: z.boolean(),
})

export const ModelStatus = z.object({
  state: z.enum(MODEL_STATES),
  /** A sentence a rep can act on when state is not ready. */
  message: z.string().nullable(),
  path: z.string().nullable(),
  source: z.enum(MODEL_SOURCES).nullable(),
  catalog: z.array(ModelEntry),
})
export type ModelStatus = z.infer<typeof ModelStatus>

export const modelChannels = {
  getModelStatus: { channel: 'model:status', input: NoInput, output: ModelStatus },
  downloadModel: {
    channel: 'model:download',
    input: z.object({ fileName: z.string().regex(/^ggml-[\w.-]+\.bin$/) }).strict(),
    output: ModelStatus,
  },
  cancelModelDownload: { channel: 'model:cancel-download', input: NoInput, output: ModelStatus },
  /** Opens a file picker in main (the sandboxed renderer never sees paths) and imports the chosen file. */
  importModel: { channel: 'model:import', input: NoInput, output: ModelStatus },
  /**
   * Opens a file picker in main for a model to use in place (settings.modelPath). Only a path
   * chosen here is accepted by settings:update, so the page cannot probe arbitrary files.
   */
  chooseModelPath: { channel: 'model:choose-path', input: NoInput, output: z.object({ path: z.string() }).nullable() },
} as const
