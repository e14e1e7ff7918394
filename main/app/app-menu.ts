/**
 * The application menu. Electron's default menu ships Reload, Force Reload and
 * Toggle Developer Tools: in a packaged build a stray Ctrl+R would drop the
 * page mid-call and DevTools would open the app's internals. Packaged builds
 * get a minimal menu (edit commands for text fields, window and quit only);
 * development keeps Electron's default.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron'

export function minimalMenuTemplate(platform: string): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = []
  if (platform === 'darwin') {
    template.push({ role: 'appMenu', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] })
  }
  template.push(
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }, ...(platform === 'darwin' ? [] : [{ role: 'quit' } as const])] },
  )
  return template
}

export function installAppMenu(isPackaged: boolean, platform = process.platform): void {
  if (!isPackaged) return
  Menu.setApplicationMenu(Menu.buildFromTemplate(minimalMenuTemplate(platform)))
}
