/**
 * electron-builder's afterAllArtifactBuild hook: after the installers are
 * built, reads back what went into them and fails the build when
 *  - a fuse of a built Electron binary is not as packaging/fuses.cjs says
 *    (electron-builder flips them after afterPack, so this is the first
 *    point where they can be read back), or
 *  - app.asar lacks a file the app loads, an addon is not unpacked, or
 *    sources / tests / dev packages got in (packaging/layout.cjs).
 * Runs where installers are built (the release workflow); tests/packaging
 * checks the same rules against the config here.
 */
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const asar = require('@electron/asar')
const { fuseMismatches } = require('./fuses.cjs')
const { PACKED_FILES, UNPACKED_FILES, NEVER_PACKED } = require('./layout.cjs')

/** The unpacked apps electron-builder leaves in dist/: linux-unpacked, win-unpacked, mac-arm64/Call Desk.app … */
function builtApps(outDir, config) {
  const apps = []
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const dir = path.join(outDir, entry.name)
    if (/^linux(-.+)?-unpacked$/.test(entry.name)) {
      apps.push({ binary: path.join(dir, config.linux.executableName), resources: path.join(dir, 'resources') })
    } else if (/^win(-.+)?-unpacked$/.test(entry.name)) {
      apps.push({ binary: path.join(dir, `${config.productName}.exe`), resources: path.join(dir, 'resources') })
    } else if (/^mac(-.+)?$/.test(entry.name)) {
      const app = path.join(dir, `${config.productName}.app`)
      if (fs.existsSync(app)) apps.push({ binary: app, resources: path.join(app, 'Contents', 'Resources') })
    }
  }
  return apps
}

/** Problems with one app's resources folder (empty when its layout is right). */
function layoutProblems(resources) {
  const archive = path.join(resources, 'app.asar')
  if (!fs.existsSync(archive)) return [`no app.asar in ${resources}`]
  const packed = new Set(asar.listPackage(archive, { isPack: false }).map((p) => p.replace(/\\/g, '/').replace(/^\//, '')))
  const unpackedDir = path.join(resources, 'app.asar.unpacked')
  const unpacked = fs.existsSync(unpackedDir) ? listFiles(unpackedDir) : []
  const problems = []
  for (const file of PACKED_FILES) if (!packed.has(file)) problems.push(`missing from app.asar: ${file}`)
  for (const pattern of UNPACKED_FILES) {
    if (!unpacked.some((f) => new RegExp(pattern).test(f))) problems.push(`not unpacked beside app.asar: ${pattern}`)
  }
  for (const file of [...packed, ...unpacked]) {
    if (NEVER_PACKED.some((re) => re.test(file))) problems.push(`must not be packaged: ${file}`)
  }
  return problems
}

function listFiles(dir, prefix = '') {
  const out = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel))
    else out.push(rel)
  }
  return out
}

async function verifyBuild(buildResult) {
  const apps = builtApps(buildResult.outDir, buildResult.configuration)
  if (apps.length === 0) throw new Error(`verify-build: no built app found in ${buildResult.outDir}`)
  const problems = []
  for (const app of apps) {
    for (const p of await fuseMismatches(app.binary)) problems.push(`${app.binary}: fuse ${p}`)
    for (const p of layoutProblems(app.resources)) problems.push(`${app.resources}: ${p}`)
  }
  if (problems.length > 0) throw new Error(`verify-build: the package is not as it must be:\n  ${problems.join('\n  ')}`)
  console.log(`verify-build: fuses and layout checked in ${apps.length} app(s)`)
  return [] // no extra artifacts
}

module.exports = verifyBuild
module.exports.default = verifyBuild
module.exports.layoutProblems = layoutProblems
module.exports.builtApps = builtApps
// electron-builder looks the hook up by its option name first.
module.exports.afterAllArtifactBuild = verifyBuild
