/**
 * Writing files so that what is on disk is what we meant, or we say so.
 *
 * write(2) may write fewer bytes than asked (a file-size limit, a full disk,
 * a signal): every write here loops until all bytes are written, and an error
 * on the way (EFBIG, ENOSPC) is thrown. Files built next to their final name
 * are checked for their size and synced before the rename, and the folder is
 * synced after it, so a power loss leaves either the old state or the whole
 * new file, never a half file under the final name.
 */
import fs from 'node:fs'
import type fsp from 'node:fs/promises'
import path from 'node:path'

export class ShortWriteError extends Error {
  constructor(
    readonly file: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Only ${actual} of ${expected} bytes of ${path.basename(file)} reached the disk`)
    this.name = 'ShortWriteError'
  }
}

/** Writes all of `data` at `position` (or at the file position when null). */
export function writeAllSync(fd: number, data: Uint8Array, position: number | null = null): void {
  let done = 0
  while (done < data.byteLength) {
    const n = fs.writeSync(fd, data, done, data.byteLength - done, position === null ? null : position + done)
    // 0 bytes written and no error: the disk will not take more (it would loop forever).
    if (n <= 0) throw Object.assign(new Error('the disk accepted no more bytes'), { code: 'EIO' })
    done += n
  }
}

/** Async `writeAllSync` for a FileHandle. */
export async function writeAll(fh: fsp.FileHandle, data: Uint8Array, position: number): Promise<void> {
  let done = 0
  while (done < data.byteLength) {
    const { bytesWritten } = await fh.write(data, done, data.byteLength - done, position + done)
    if (bytesWritten <= 0) throw Object.assign(new Error('the disk accepted no more bytes'), { code: 'EIO' })
    done += bytesWritten
  }
}

/**
 * Makes a folder's entries (a file just created, renamed or deleted) survive a
 * power loss. Windows cannot open a folder for syncing; NTFS journals names itself.
 */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Creates `file` (refusing to replace one), writes all of `data`, checks its size and syncs it. */
export function writeNewFileDurably(file: string, data: Uint8Array, mode = 0o600): void {
  const fd = fs.openSync(file, 'wx', mode)
  try {
    writeAllSync(fd, data, 0)
    const size = fs.fstatSync(fd).size
    if (size !== data.byteLength) throw new ShortWriteError(file, data.byteLength, size)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Replaces `file` atomically: a temp file next to it, written whole and synced, renamed over it, folder synced. */
export function replaceFileDurably(file: string, data: Uint8Array, tempSuffix: string, mode = 0o600): void {
  const temp = `${file}.${tempSuffix}.tmp`
  try {
    writeNewFileDurably(temp, data, mode)
    const size = fs.statSync(temp).size
    if (size !== data.byteLength) throw new ShortWriteError(file, data.byteLength, size)
    fs.renameSync(temp, file)
    fsyncDir(path.dirname(file))
  } finally {
    fs.rmSync(temp, { force: true })
  }
}
