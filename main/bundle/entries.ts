/** Turning archive entries into validated values, with errors that name the entry and field. */
import type { z } from 'zod'
import { BundleError } from './errors'
import { manifestHeaderSchema } from './schemas'

const MiB = 1024 * 1024

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value, null, 1))
}

/** `[2].segmentUid` style, the way the user would find it in the JSON. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out
}

function decodeJson(files: ReadonlyMap<string, Uint8Array>, name: string): unknown {
  const bytes = files.get(name)
  if (!bytes) throw new BundleError('missing-entry', `The bundle has no ${name}.`, name)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new BundleError('invalid-json', `${name} is not valid UTF-8 text.`, name)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new BundleError('invalid-json', `${name} is not valid JSON: ${(error as Error).message}`, name)
  }
}

export function parseEntry<S extends z.ZodType>(files: ReadonlyMap<string, Uint8Array>, name: string, schema: S): z.infer<S> {
  const result = schema.safeParse(decodeJson(files, name))
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const field = formatPath(issue.path)
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : ''
  throw new BundleError('invalid-data', `${name}${field ? ` ${field}` : ''}: ${issue.message}${more}.`, name, field || undefined)
}

/** Checks format and version before the full schema, so each gets its own clear message. */
export function parseManifest<S extends z.ZodType>(
  files: ReadonlyMap<string, Uint8Array>,
  format: string,
  version: number,
  schema: S,
): z.infer<S> {
  const name = 'manifest.json'
  const header = manifestHeaderSchema.safeParse(decodeJson(files, name))
  if (!header.success) {
    throw new BundleError('wrong-format', `${name} does not say what kind of bundle this is (format and version).`, name)
  }
  if (header.data.format !== format) {
    throw new BundleError('wrong-format', `This is a "${header.data.format}" bundle, not a "${format}" bundle.`, name, 'format')
  }
  if (header.data.version !== version) {
    const why = header.data.version > version ? 'made by a newer Call Desk; update Call Desk to open it' : 'not a version this Call Desk reads'
    throw new BundleError('unsupported-version', `This bundle is format version ${header.data.version}, ${why} (this one reads version ${version}).`, name, 'version')
  }
  return parseEntry(files, name, schema)
}

/** Throws 'duplicate-id' naming the entry and the first repeated key. */
export function assertUnique<T>(items: readonly T[], key: (item: T) => string | number, entry: string, field: string): void {
  const seen = new Set<string | number>()
  items.forEach((item, i) => {
    const k = key(item)
    if (seen.has(k)) throw new BundleError('duplicate-id', `${entry} [${i}].${field}: ${JSON.stringify(k)} appears more than once.`, entry, `[${i}].${field}`)
    seen.add(k)
  })
}

export function inconsistent(entry: string, field: string, message: string): BundleError {
  return new BundleError('inconsistent', `${entry} ${field}: ${message}.`, entry, field)
}

/** Deep equality for the plain JSON-shaped rows compared here (same keys, same primitive values). */
export function sameRecord(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = Object.keys(ra)
  if (keys.length !== Object.keys(rb).length) return false
  return keys.every((k) => Object.hasOwn(rb, k) && Object.is(ra[k], rb[k]))
}

export { MiB }
