/**
 * The test host's stand-in for Electron's save/open dialogs: "save" writes into
 * one folder under the suggested name, "open" picks the newest bundle of that
 * kind there. Two hosts sharing the folder are a rep's and a coach's machine
 * passing a file between them.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { BundleFileChooser, BundleKind } from '../../main/ipc/handlers/bundle'
import { REHEARSAL_BUNDLE_SUFFIX, REVIEW_BUNDLE_SUFFIX } from '../../main/rehearsal/bundle-names'

const SUFFIX: Record<BundleKind, string> = { rehearsal: REHEARSAL_BUNDLE_SUFFIX, review: REVIEW_BUNDLE_SUFFIX }

export function folderBundleChooser(dir: string): BundleFileChooser {
  return {
    save: async (_kind, suggestedName) => {
      fs.mkdirSync(dir, { recursive: true })
      return path.join(dir, suggestedName)
    },
    open: async (kind) => {
      if (!fs.existsSync(dir)) return undefined
      const newest = fs
        .readdirSync(dir)
        .filter((name) => name.endsWith(SUFFIX[kind]))
        .map((name) => ({ file: path.join(dir, name), mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
        .sort((a, b) => b.mtime - a.mtime)[0]
      return newest?.file
    },
  }
}
