/** Saves an exported file the way a browser does (Electron shows its save dialog). */
import type { ExportFile } from '../../../contract/ipc-contract'

export function saveFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // The download has its own copy by the next tick; free the blob shortly after.
  setTimeout(() => URL.revokeObjectURL(url), 5000)
}
