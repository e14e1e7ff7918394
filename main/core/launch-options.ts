/** Command-line and environment options for the app, validated like any other input. */
import path from 'node:path'
import { z } from 'zod'

const LaunchOptions = z.object({
  dataDir: z
    .string()
    .min(1)
    .refine((p) => path.isAbsolute(p), { message: '--data-dir must be an absolute path' })
    .optional(),
})
export type LaunchOptions = z.infer<typeof LaunchOptions>

export class LaunchOptionsError extends Error {}

export function parseLaunchOptions(argv: string[], env: NodeJS.ProcessEnv): LaunchOptions {
  let dataDir = env.CALLDESK_DATA_DIR || undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--data-dir') {
      dataDir = argv[++i]
      if (dataDir === undefined) throw new LaunchOptionsError('--data-dir needs a folder path')
    }
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length)
  }
  const parsed = LaunchOptions.safeParse({ dataDir })
  if (!parsed.success) throw new LaunchOptionsError(parsed.error.issues.map((i) => i.message).join('; '))
  return parsed.data
}
