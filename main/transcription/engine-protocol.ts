/** Messages between the speech engine host (main) and its worker process. */
import { z } from 'zod'

export const EngineRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), modelPath: z.string(), threads: z.number().int().min(1).max(64) }),
  z.object({
    type: z.literal('transcribe'),
    id: z.number().int(),
    pcm: z.custom<Int16Array>((v) => v instanceof Int16Array),
    /** Earlier words of the same call, to give a short utterance its context. */
    prompt: z.string().max(1000).optional(),
    /** How long the voice in the clip lasts (the clip has silence around it). */
    speechMs: z.number().nonnegative().optional(),
  }),
])
export type EngineRequest = z.infer<typeof EngineRequest>

export type EngineReply =
  | { type: 'loaded'; ms: number }
  | { type: 'load-failed'; message: string }
  /** whisper.cpp has begun this job (it is no longer waiting in the process's queue). */
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; text: string; ms: number }
  | { type: 'failed'; id: number; message: string }
