/**
 * Registers every contract channel with ipcMain behind one wrapper: the sender
 * must be one of our windows showing an app page, and the overlay window may
 * call only its own channels; then the shared dispatcher validates input and
 * output.
 */
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { invokeContract, invokeNames, OVERLAY_INVOKE_NAMES, type Envelope, type InvokeName } from '../../contract/ipc-contract'
import type { Dispatch } from '../ipc/dispatch'
import { isAppUrl } from './app-url'

export interface IpcWindows {
  /** webContents id of the overlay window, which gets only OVERLAY_INVOKE_NAMES. */
  overlayId(): number | undefined
}

const overlayAllowed = new Set<InvokeName>(OVERLAY_INVOKE_NAMES)

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent) return false // top-level frames of our pages only
  const fromOurWindow = BrowserWindow.getAllWindows().some((w) => w.webContents.id === event.sender.id)
  return fromOurWindow && isAppUrl(frame.url, app.isPackaged)
}

export function registerIpc(dispatch: Dispatch, windows: IpcWindows = { overlayId: () => undefined }): void {
  for (const name of invokeNames) {
    const { channel } = invokeContract[name]
    ipcMain.handle(channel, async (event, input): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'forbidden', message: `${channel} is only available to Call Desk's own pages.` } }
      }
      if (event.sender.id === windows.overlayId() && !overlayAllowed.has(name)) {
        return { ok: false, error: { code: 'forbidden', message: `${channel} is not available to the prompt overlay.` } }
      }
      return dispatch(channel, input)
    })
  }
}
