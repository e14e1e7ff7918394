#!/usr/bin/env node
/**
 * Builds smart-whisper's whisper.cpp addon with the CPU's vector instructions.
 *
 * Why our own build step: the package's install script compiles whisper.cpp
 * with the compiler's defaults, which on x86-64 means SSE2 only — ggml then
 * runs several times slower (no AVX2/FMA/F16C), too slow for live prompts.
 * npm's allowScripts keeps the package's own script from running
 * (package.json), and this postinstall builds it once with the right flags.
 *
 *   CALLDESK_WHISPER_CFLAGS  overrides the flags, e.g. "-O3 -march=x86-64-v3"
 *                            when building an app for other machines.
 *
 * The result is a Node-API addon: the same file loads under Node and Electron.
 * Skips when the addon is already built with the same flags (stamp file).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

const require = createRequire(import.meta.url)
let pkgDir
try {
  pkgDir = path.dirname(require.resolve('smart-whisper/package.json'))
} catch {
  console.log('[build-whisper] smart-whisper is not installed; nothing to build')
  process.exit(0)
}

function defaultFlags() {
  // Apple Silicon and other arm64 targets get NEON from the default target; on
  // x86-64 build for the machine doing the install (it is the one that runs it).
  if (os.arch() === 'x64' && process.platform !== 'win32') return '-O3 -march=native'
  return '-O3'
}

const flags = process.env.CALLDESK_WHISPER_CFLAGS?.trim() || defaultFlags()
const addon = path.join(pkgDir, 'build', 'Release', 'smart-whisper.node')
const stamp = path.join(pkgDir, 'build', 'calldesk-flags.txt')

/**
 * smart-whisper 0.8.1 declares its whisper_context_params without initialising
 * them and sets only use_gpu, so flash attention and DTW token timestamps get
 * whatever was on the stack (zeros where we looked; a non-zero DTW flag with a
 * garbage preset would slow or crash every load). Start from whisper.cpp's own
 * defaults instead. Idempotent; a newer smart-whisper without the line is left alone.
 */
const PATCH = 'ctx-params-defaults-1'
const modelCc = path.join(pkgDir, 'src', 'binding', 'model.cc')
const UNINITIALISED = '    whisper_context_params params;\n'
const source = fs.readFileSync(modelCc, 'utf8')
if (source.includes(UNINITIALISED)) {
  fs.writeFileSync(modelCc, source.replace(UNINITIALISED, '    whisper_context_params params = whisper_context_default_params();\n'))
  console.log('[build-whisper] patched smart-whisper: context params start from whisper_context_default_params()')
}
const wanted = `${flags}\n${PATCH}`
if (fs.existsSync(addon) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) {
  console.log(`[build-whisper] up to date (${flags})`)
  process.exit(0)
}

// npm puts its bundled node-gyp on PATH for lifecycle scripts and names it here.
const nodeGyp = process.env.npm_config_node_gyp
const [cmd, args] = nodeGyp ? [process.execPath, [nodeGyp, 'rebuild']] : ['npx', ['--yes', 'node-gyp', 'rebuild']]
console.log(`[build-whisper] compiling whisper.cpp (${flags}); about a minute`)
const t0 = Date.now()
const res = spawnSync(cmd, args, {
  cwd: pkgDir,
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, CFLAGS: flags, CXXFLAGS: flags },
  encoding: 'utf8',
  shell: process.platform === 'win32',
})
if (res.status !== 0) {
  // Compiler warnings are noise on success; on failure they are the diagnosis.
  process.stderr.write(res.stderr ?? '')
  console.error(`[build-whisper] failed (exit ${res.status}); transcription will not work until this builds`)
  process.exit(1)
}
fs.writeFileSync(stamp, wanted)
console.log(`[build-whisper] built in ${Math.round((Date.now() - t0) / 1000)} s`)
