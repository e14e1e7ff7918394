/**
 * Shared argv tokenizing for the CLIs: `node:util` parseArgs (strict) does the splitting,
 * its errors become one short sentence; each CLI then validates the result with zod.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Bad arguments: each CLI prints the message and its usage, and exits with code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/** Tokenizes argv strictly; an unknown option or a missing/ambiguous value throws a UsageError. */
export function tokenize<O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
  } catch (err) {
    const e = err as Error & { code?: string }
    // Node's own messages are long and suggest `--` tricks; say what is wrong in our words.
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1]
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${flag ?? e.message}`)
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(/does not take/.test(e.message) ? `${flag} takes no value` : `${flag} needs a value`)
    }
    throw new UsageError(e.message)
  }
}
