/**
 * Rehearsal bundles (audio included) live in a content-addressed folder,
 * `<root>/<team id>/<sha256>`, not in PostgreSQL rows; see README.md for why.
 * A file is written to a temp name, fsynced and renamed, so a name always
 * holds its whole content; a file whose row never committed (the server was
 * killed in between) is removed by sweep() at the next start.
 */
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Pool } from './db'

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const SHA = /^[0-9a-f]{64}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export class BlobStore {
  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true })
  }

  pathOf(teamId: string, sha: string): string {
    if (!UUID.test(teamId) || !SHA.test(sha)) throw new Error('bad blob address')
    return path.join(this.root, teamId, sha)
  }

  has(teamId: string, sha: string): boolean {
    return fs.existsSync(this.pathOf(teamId, sha))
  }

  /** Writes the bytes under their hash (a no-op when already there); returns the hash. */
  put(teamId: string, bytes: Uint8Array): string {
    const sha = sha256Hex(bytes)
    const final = this.pathOf(teamId, sha)
    if (fs.existsSync(final)) return sha
    const dir = path.dirname(final)
    fs.mkdirSync(dir, { recursive: true })
    const temp = path.join(dir, `.tmp-${randomUUID()}`)
    const fd = fs.openSync(temp, 'wx')
    try {
      let written = 0
      while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written, bytes.byteLength - written)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temp, final)
    const dfd = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(dfd)
    } finally {
      fs.closeSync(dfd)
    }
    return sha
  }

  read(teamId: string, sha: string): Buffer {
    return fs.readFileSync(this.pathOf(teamId, sha))
  }

  remove(teamId: string, sha: string): void {
    fs.rmSync(this.pathOf(teamId, sha), { force: true })
  }

  /** Every file in the folder (temp files included), for sweeps and tests. */
  files(): Array<{ teamId: string; name: string }> {
    const out: Array<{ teamId: string; name: string }> = []
    for (const teamId of fs.readdirSync(this.root)) {
      const dir = path.join(this.root, teamId)
      if (!fs.statSync(dir).isDirectory()) continue
      for (const name of fs.readdirSync(dir)) out.push({ teamId, name })
    }
    return out
  }

  /**
   * Removes temp files and files no row refers to: what a server killed
   * between writing a file and committing its row left behind. Run at start,
   * before serving, so no upload is in flight.
   */
  async sweep(pool: Pool): Promise<string[]> {
    const { rows } = await pool.query<{ team_id: string; sha256: string }>('SELECT team_id, sha256 FROM blobs')
    const known = new Set(rows.map((r) => `${r.team_id}/${r.sha256}`))
    const removed: string[] = []
    for (const f of this.files()) {
      if (f.name.startsWith('.tmp-') || !known.has(`${f.teamId}/${f.name}`)) {
        fs.rmSync(path.join(this.root, f.teamId, f.name), { force: true })
        removed.push(`${f.teamId}/${f.name}`)
      }
    }
    return removed
  }
}
