/**
 * The Electron fuses of the packaged app: one table, read by the
 * electron-builder config (which flips them), the build hook that reads them
 * back out of the built binaries, and tests/packaging.
 *
 * Fuses are bits compiled into the Electron binary; flipping them at package
 * time turns features off for good, whatever the environment or command line says.
 */
'use strict'
const { FuseV1Options, getCurrentFuseWire } = require('@electron/fuses')

/** electron-builder's `electronFuses` keys → the state the security checklist asks for. */
const ELECTRON_FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node that runs any script.
  runAsNode: false,
  // Cookies and local storage encrypted at rest with the OS keychain key.
  enableCookieEncryption: true,
  // NODE_OPTIONS could preload code into the main process.
  enableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would open a debugger on the main process.
  enableNodeCliInspectArguments: false,
  // app.asar is checked against the hash embedded at build time (macOS and Windows; Linux has no support yet).
  enableEmbeddedAsarIntegrityValidation: true,
  // Only resources/app.asar is loaded, never a loose resources/app folder planted beside it.
  onlyLoadAppFromAsar: true,
  // file:// gets no extra privileges: the app's pages come from app://calldesk.
  grantFileProtocolExtraPrivileges: false,
})

/** electron-builder key → @electron/fuses wire index. */
const FUSE_INDEX = Object.freeze({
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
})

// The wire stores each fuse as an ASCII byte: '0' off, '1' on ('r' removed).
const OFF = 0x30
const ON = 0x31

/**
 * Reads the fuse wire of a built Electron binary (a Linux executable, a
 * Windows .exe, or a macOS .app) and lists every fuse that differs from
 * ELECTRON_FUSES. An empty list means the binary is as the checklist asks.
 */
async function fuseMismatches(electronBinary) {
  const wire = await getCurrentFuseWire(electronBinary)
  const problems = []
  for (const [name, wanted] of Object.entries(ELECTRON_FUSES)) {
    const actual = wire[FUSE_INDEX[name]]
    const expected = wanted ? ON : OFF
    if (actual !== expected) {
      const shown = actual === undefined ? 'missing' : actual === ON ? 'on' : actual === OFF ? 'off' : `state ${actual}`
      problems.push(`${name}: ${shown}, expected ${wanted ? 'on' : 'off'}`)
    }
  }
  return problems
}

module.exports = { ELECTRON_FUSES, FUSE_INDEX, fuseMismatches }
