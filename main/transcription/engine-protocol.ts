/** Messages between the speech engine host (main) and its worker process. */
import { z } from 'zod'

export const EngineRequest = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('load'),
    modelPath: z.string(),
    threads: z.number().int().min(1).max(64),
    /**
     * Run at the lowest CPU priority: the background engine (provisional and
     * final-tier decodes), whose work must never slow the decode the rep is
     * waiting for in the foreground engine.
     */
    background: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('transcribe'),
    id: z.number().int(),
    pcm: z.custom<Int16Array>((v) => v instanceof Int16Array),
    /** Earlier words of the same call, to give a short utterance its context. */
    prompt: z.string().max(1000).optional(),
    /** How long the voice in the clip lasts (the clip has silence around it). */
    speechMs: z.number().nonnegative().optional(),
    /**
     * 'live': one greedy pass, for the live path; 'final': full context with
     * temperature fallback, for the final transcript. Default 'live'.
     */
    tier: z.enum(['live', 'final']).optional(),
    /** Encoder frames (50 per second of audio); overrides the tier's choice (benchmarks). */
    audioCtx: z.number().int().min(0).max(1500).optional(),
    /** Token cap; overrides the tier's choice (benchmarks). */
    maxTokens: z.number().int().min(1).max(448).optional(),
    /** Threads for this job; overrides the ThreadGovernor's choice (benchmarks). */
    threads: z.number().int().min(1).max(64).optional(),
    /** Where the clip starts in the call, ms (logs, and the oracle harness of bench:live). */
    clipStartMs: z.number().nonnegative().optional(),
  }),
])
export type EngineRequest = z.infer<typeof EngineRequest>

/** One decoded text token: its text (a leading space starts a word), probability, and times in the clip (ms). */
export interface EngineToken {
  text: string
  p: number
  fromMs: number
  toMs: number
}

export type EngineReply =
  /** `nice`: the process's CPU priority after load (os.getPriority; 19 = lowest on Unix). */
  | { type: 'loaded'; ms: number; nice?: number }
  | { type: 'load-failed'; message: string }
  /** whisper.cpp has begun this job (it is no longer waiting in the process's queue). */
  | { type: 'started'; id: number }
  /**
   * `threads`: how many whisper.cpp used for it (the ThreadGovernor chooses); `cpuMs`: the process's CPU
   * time for it; `idleCores`: the cores the rest of the machine left idle meanwhile (what the governor read).
   */
  | { type: 'result'; id: number; text: string; ms: number; tokens?: EngineToken[]; threads?: number; cpuMs?: number; idleCores?: number }
  | { type: 'failed'; id: number; message: string }
