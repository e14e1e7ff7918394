#!/usr/bin/env node
/**
 * Makes native modules loadable by Electron before `npm start`.
 *
 * better-sqlite3 is a Node-API-less addon compiled per ABI: node_modules keeps
 * the build for Node (tests, CLI), and this script puts an Electron build in
 * out/native/better_sqlite3-electron-<abi>.node, which main loads. It tries
 * the project's prebuilt binary for Electron first and compiles it otherwise.
 * whisper.node uses Node-API and needs nothing.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    const bin = require('electron')
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : undefined
  } catch {
    return undefined
  }
}

const bin = electronBinary()
if (!bin) {
  console.error(
    'The Electron binary is not installed (its download failed or was skipped). ' +
      'Run "npm install" again with network access, or set ELECTRON_MIRROR if your network blocks GitHub.',
  )
  process.exit(1)
}

const electronVersion = require('electron/package.json').version
// Electron's ABI number, asked of Electron itself.
const abi = execFileSync(bin, ['-p', 'process.versions.modules'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
  .toString()
  .trim()
const target = path.join(root, 'out', 'native', `better_sqlite3-electron-${abi}.node`)
if (fs.existsSync(target)) process.exit(0)

const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'))
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-native-'))
fs.cpSync(pkgDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`) })
const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' })
console.log(`Preparing better-sqlite3 for Electron ${electronVersion} (ABI ${abi})…`)
try {
  run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`])
} catch {
  const gyp = require.resolve('node-gyp/bin/node-gyp.js')
  run(process.execPath, [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'])
}
fs.mkdirSync(path.dirname(target), { recursive: true })
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target)
fs.rmSync(work, { recursive: true, force: true })
console.log(`Electron build of better-sqlite3 ready: ${path.relative(root, target)}`)
