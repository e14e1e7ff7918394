/** Electron's native save/open dialogs for remote-coach bundles; the core never sees Electron. */
import { dialog } from 'electron'
import type { BundleFileChooser, BundleKind } from '../ipc/handlers/bundle'

const FILTER: Record<BundleKind, Electron.FileFilter> = {
  rehearsal: { name: 'Call Desk rehearsal', extensions: ['zip'] },
  review: { name: 'Call Desk review', extensions: ['zip'] },
}

export const electronBundleDialogs: BundleFileChooser = {
  save: async (kind, suggestedName) => {
    const result = await dialog.showSaveDialog({
      title: kind === 'rehearsal' ? 'Export the rehearsal for your coach' : 'Export your review for the rep',
      defaultPath: suggestedName,
      filters: [FILTER[kind]],
    })
    return result.canceled ? undefined : result.filePath
  },
  open: async (kind) => {
    const result = await dialog.showOpenDialog({
      title: kind === 'rehearsal' ? 'Import a rehearsal to review' : 'Merge a coach’s review',
      filters: [FILTER[kind]],
      properties: ['openFile'],
    })
    return result.canceled ? undefined : result.filePaths[0]
  },
}
