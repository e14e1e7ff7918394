/** Reading and writing bundle files for the UI layer (file dialogs hand over paths). */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { replaceFileDurably } from '../fs/durable'
import { BundleError } from './errors'
import { DEFAULT_REHEARSAL_LIMITS } from './rehearsal-bundle'

/**
 * Reads a bundle file, refusing one larger than `maxBytes` from its size on
 * disk, before reading it into memory. The default is the rehearsal limit
 * (the larger of the two kinds); the import checks its own limit again.
 */
export function readBundleFile(filePath: string, maxBytes = DEFAULT_REHEARSAL_LIMITS.maxArchiveBytes): Uint8Array {
  let size: number
  try {
    const stat = fs.statSync(filePath)
    if (!stat.isFile()) throw new Error('it is not a file')
    size = stat.size
  } catch (error) {
    throw new BundleError('not-found', `The bundle ${filePath} could not be opened: ${(error as Error).message}`)
  }
  if (size > maxBytes) throw new BundleError('too-large', `The file is ${size} bytes; a bundle may be at most ${maxBytes}.`)
  return fs.readFileSync(filePath)
}

/**
 * Writes next to the target and renames, so a half-written bundle never carries
 * the final name: every byte is written (a short write is retried, then fails),
 * the size is checked and the file synced before the rename, the folder after.
 */
export function writeBundleFile(filePath: string, bytes: Uint8Array): void {
  try {
    replaceFileDurably(filePath, bytes, randomUUID())
  } catch (error) {
    throw new BundleError('write-failed', `The bundle could not be saved to ${filePath}: ${(error as Error).message}. Nothing was saved.`)
  }
}
