/**
 * The archive layer: writing with fflate, and a strict reader that trusts
 * nothing. fflate's unzipSync inflates into a buffer of the size the archive
 * *claims*, and checks no names, so the reader walks the central directory
 * itself, refuses anything odd before inflating a byte, and inflates with
 * fflate's streaming Inflate so an entry that lies about its size is cut off
 * as soon as it passes the claim.
 */
import { Inflate, zipSync, type Zippable } from 'fflate'
import { BundleError } from './errors'

export interface ZipLimits {
  /** Size of the .zip file itself. */
  maxArchiveBytes: number
  maxEntries: number
  /** Inflated size of all entries together. */
  maxTotalBytes: number
  /** Inflated size of one entry, by name; entries not listed use `defaultEntryBytes`. */
  maxEntryBytes: Readonly<Record<string, number>>
  defaultEntryBytes: number
}

export interface ZipSpec {
  /** The only names accepted; anything else is refused. */
  allowed: ReadonlySet<string>
  limits: ZipLimits
}

const SIG_LOCAL = 0x04034b50
const SIG_CENTRAL = 0x02014b50
const SIG_EOCD = 0x06054b50
const EOCD_BYTES = 22
const CENTRAL_BYTES = 46
const LOCAL_BYTES = 30
/** Compressed bytes fed to the inflater at a time: bounds one step's output to ~1032× this. */
const INFLATE_STEP = 4 * 1024

/** Entries are written in this order; `level: 0` stores (audio does not compress and deflating it is slow). */
export function writeZip(entries: ReadonlyArray<{ name: string; data: Uint8Array; store?: boolean }>, mtime: number): Uint8Array {
  const files: Zippable = {}
  // DOS timestamps only cover 1980–2099; the time is informative, so an odd clock must not break export.
  const date = new Date(Math.min(Math.max(mtime, Date.UTC(1980, 0, 2)), Date.UTC(2099, 11, 30)))
  for (const e of entries) files[e.name] = [e.data, { level: e.store ? 0 : 6, mtime: date }]
  return zipSync(files)
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** Why a name is unsafe, or undefined. Checked before "unknown" so traversal gets its own message. */
function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'it is empty'
  if (name.includes('\\')) return 'it contains a backslash'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'it is an absolute path'
  if (name.split('/').some((part) => part === '..' || part === '.')) return 'it climbs out of the archive (..)'
  if (name.includes('/')) return 'it is inside a folder'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return 'it contains control characters'
  return undefined
}

interface CentralEntry {
  name: string
  method: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
}

/**
 * Returns every entry's bytes by name. All structural checks (count, names,
 * declared sizes, header consistency, overlap) happen before any inflating.
 */
export function readZip(bytes: Uint8Array, spec: ZipSpec): Map<string, Uint8Array> {
  const { limits } = spec
  if (bytes.byteLength > limits.maxArchiveBytes) {
    throw new BundleError('too-large', `The file is ${bytes.byteLength} bytes; a bundle may be at most ${limits.maxArchiveBytes}.`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u32 = (at: number) => view.getUint32(at, true)
  const u16 = (at: number) => view.getUint16(at, true)
  const looksLikeZip = bytes.byteLength >= 4 && u32(0) === SIG_LOCAL

  // The end record sits in the last 22 + up to 65535 (comment) bytes.
  let eocd = -1
  for (let at = bytes.byteLength - EOCD_BYTES; at >= 0 && at >= bytes.byteLength - EOCD_BYTES - 0xffff; at--) {
    if (u32(at) === SIG_EOCD && at + EOCD_BYTES + u16(at + 20) === bytes.byteLength) {
      eocd = at
      break
    }
  }
  if (eocd < 0) {
    if (looksLikeZip) throw new BundleError('truncated', 'The bundle is truncated or damaged: its end-of-archive record is missing.')
    throw new BundleError('not-a-zip', 'This file is not a Call Desk bundle (it is not a zip archive).')
  }
  const disk = u16(eocd + 4)
  const cdDisk = u16(eocd + 6)
  const onDisk = u16(eocd + 8)
  const count = u16(eocd + 10)
  const cdSize = u32(eocd + 12)
  const cdOffset = u32(eocd + 16)
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) {
    throw new BundleError('unsupported', 'Split (multi-part) archives are not supported.')
  }
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new BundleError('unsupported', 'ZIP64 archives are not supported.')
  }
  if (count > limits.maxEntries) {
    throw new BundleError('too-many-entries', `The bundle has ${count} entries; at most ${limits.maxEntries} are allowed.`)
  }
  // The directory must end exactly where the end record starts: a gap or overlap means a damaged or crafted file.
  if (cdOffset + cdSize !== eocd) {
    throw new BundleError('truncated', 'The bundle is truncated or damaged: its central directory is not where the archive says.')
  }

  const entries: CentralEntry[] = []
  const seen = new Set<string>()
  let totalDeclared = 0
  let at = cdOffset
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_BYTES > eocd || u32(at) !== SIG_CENTRAL) {
      throw new BundleError('corrupt', `The bundle is damaged: central directory record ${i + 1} is invalid.`)
    }
    const flags = u16(at + 8)
    const method = u16(at + 10)
    const nameLen = u16(at + 28)
    const extraLen = u16(at + 30)
    const commentLen = u16(at + 32)
    const next = at + CENTRAL_BYTES + nameLen + extraLen + commentLen
    if (next > eocd) throw new BundleError('corrupt', `The bundle is damaged: central directory record ${i + 1} runs past its end.`)
    let name: string
    try {
      name = decoder.decode(bytes.subarray(at + CENTRAL_BYTES, at + CENTRAL_BYTES + nameLen))
    } catch {
      throw new BundleError('unsafe-name', `Entry ${i + 1} has a name that is not valid UTF-8.`)
    }
    const shown = JSON.stringify(name)
    const unsafe = unsafeNameReason(name)
    if (unsafe) throw new BundleError('unsafe-name', `Entry ${shown} is refused: ${unsafe}.`, name)
    if (!spec.allowed.has(name)) throw new BundleError('unknown-entry', `Entry ${shown} is not part of this kind of bundle.`, name)
    if (seen.has(name)) throw new BundleError('duplicate-entry', `Entry ${shown} appears more than once.`, name)
    seen.add(name)
    if (flags & 1) throw new BundleError('unsupported', `Entry ${shown} is encrypted.`, name)
    if (method !== 0 && method !== 8) throw new BundleError('unsupported', `Entry ${shown} uses compression method ${method}; only stored and deflate are supported.`, name)
    const entry: CentralEntry = {
      name,
      method,
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42),
    }
    const max = limits.maxEntryBytes[name] ?? limits.defaultEntryBytes
    if (entry.size > max) {
      throw new BundleError('entry-too-large', `Entry ${shown} is ${entry.size} bytes; at most ${max} are allowed.`, name)
    }
    if (method === 0 && entry.compressedSize !== entry.size) {
      throw new BundleError('corrupt', `Entry ${shown} is damaged: stored sizes disagree.`, name)
    }
    totalDeclared += entry.size
    if (totalDeclared > limits.maxTotalBytes) {
      throw new BundleError('too-large', `The bundle's contents exceed ${limits.maxTotalBytes} bytes.`, name)
    }
    entries.push(entry)
    at = next
  }
  if (at !== eocd) throw new BundleError('corrupt', 'The bundle is damaged: its central directory has trailing bytes.')

  // Local headers must agree with the directory, and entries' data must not overlap
  // (overlapping entries are how some zip bombs multiply one compressed stream).
  const ranges: Array<{ start: number; end: number; entry: CentralEntry; dataStart: number }> = []
  for (const e of entries) {
    const shown = JSON.stringify(e.name)
    const lh = e.localOffset
    if (lh + LOCAL_BYTES > cdOffset || u32(lh) !== SIG_LOCAL) {
      throw new BundleError('truncated', `Entry ${shown} is missing or damaged (no local header where the directory points).`, e.name)
    }
    const nameLen = u16(lh + 26)
    const extraLen = u16(lh + 28)
    const localName = bytes.subarray(lh + LOCAL_BYTES, lh + LOCAL_BYTES + nameLen)
    if (new TextDecoder().decode(localName) !== e.name || u16(lh + 8) !== e.method) {
      throw new BundleError('corrupt', `Entry ${shown} is damaged: its local header disagrees with the directory.`, e.name)
    }
    const dataStart = lh + LOCAL_BYTES + nameLen + extraLen
    const end = dataStart + e.compressedSize
    if (end > cdOffset) throw new BundleError('truncated', `Entry ${shown} is truncated.`, e.name)
    ranges.push({ start: lh, end, entry: e, dataStart })
  }
  ranges.sort((a, b) => a.start - b.start)
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]!.start < ranges[i - 1]!.end) {
      throw new BundleError('corrupt', `Entry ${JSON.stringify(ranges[i]!.entry.name)} overlaps another entry.`, ranges[i]!.entry.name)
    }
  }

  const out = new Map<string, Uint8Array>()
  for (const r of ranges) {
    const e = r.entry
    const raw = bytes.subarray(r.dataStart, r.end)
    const data = e.method === 0 ? raw.slice() : inflateCapped(raw, e.size, e.name)
    if (crc32(data) !== e.crc) {
      throw new BundleError('corrupt', `Entry ${JSON.stringify(e.name)} is damaged (checksum mismatch).`, e.name)
    }
    out.set(e.name, data)
  }
  return out
}

/** Inflates at most `declared` bytes; more means the directory lied (a zip bomb), less means damage. */
function inflateCapped(compressed: Uint8Array, declared: number, name: string): Uint8Array {
  const shown = JSON.stringify(name)
  const out = new Uint8Array(declared)
  let written = 0
  let ended = false
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.byteLength > declared) {
      throw new BundleError('entry-too-large', `Entry ${shown} inflates to more than the ${declared} bytes it declares.`, name)
    }
    out.set(chunk, written)
    written += chunk.byteLength
    if (final) ended = true
  })
  try {
    for (let pos = 0; pos < compressed.byteLength || pos === 0; pos += INFLATE_STEP) {
      const last = pos + INFLATE_STEP >= compressed.byteLength
      inflater.push(compressed.subarray(pos, pos + INFLATE_STEP), last)
      if (last) break
    }
  } catch (error) {
    if (error instanceof BundleError) throw error
    throw new BundleError('corrupt', `Entry ${shown} is damaged: ${(error as Error).message}.`, name)
  }
  if (!ended || written !== declared) {
    throw new BundleError('corrupt', `Entry ${shown} is damaged: it inflates to ${written} bytes, not the ${declared} it declares.`, name)
  }
  return out
}
