/**
 * electron-builder configuration: the installers for Linux (AppImage, deb),
 * macOS (dmg, zip; hardened runtime, notarised when the Apple secrets are set)
 * and Windows (NSIS). `npm run dist` builds the ones for the system it runs on;
 * .github/workflows/release.yml runs it on hosted runners for all three.
 *
 * A .cjs module rather than JSON so the fuse table and the file rules are
 * shared with tests/packaging and the after-build check (packaging/).
 */
'use strict'
const { ELECTRON_FUSES } = require('./packaging/fuses.cjs')

/** Native code loaded at run time: unpacked next to app.asar, since dlopen cannot read inside an archive. */
const ASAR_UNPACK = [
  '**/*.node',
  // The Electron build of better-sqlite3 (scripts/ensure-electron-native.mjs).
  'out/native/**',
  // whisper.cpp's addon, loaded by the speech engine process.
  'node_modules/smart-whisper/build/Release/**',
  // The ONNX runtime's addon with its shared libraries beside it. (The VAD weights stay in app.asar:
  // main reads them through fs, and inside the archive the integrity check covers them.)
  'node_modules/onnxruntime-node/bin/**',
]

/** Source trees and build leftovers inside dependencies that nothing loads at run time. */
const NODE_MODULES_EXCLUDE = [
  '!node_modules/smart-whisper/{whisper.cpp,src,node-addon-api,scripts}/**',
  '!node_modules/smart-whisper/build/{Release/obj.target,Release/.deps,Release/node-addon-api}/**',
  '!node_modules/smart-whisper/build/*.{mk,gypi,txt}',
  '!node_modules/smart-whisper/build/Makefile',
  '!node_modules/smart-whisper/binding.gyp',
  '!node_modules/better-sqlite3/{deps,src}/**',
  '!node_modules/better-sqlite3/build/{Release/obj,Release/obj.target,Release/.deps,deps}/**',
  '!node_modules/better-sqlite3/build/Release/test_extension.node',
]

/**
 * What goes into the installer for one OS: electron-vite's output and
 * package.json (production node_modules are added by electron-builder;
 * devDependencies never are), minus what nothing loads at run time.
 * onnxruntime-node ships every OS's binaries (~290 MB): each installer keeps
 * only its own OS and arch.
 *
 * Each platform gets the whole list rather than a top-level `files` plus a
 * platform one: a platform list of exclusions only makes electron-builder
 * start its own file set from "**\/*", which would package the whole project.
 */
function filesFor(os) {
  return [
    'out/**/*',
    'package.json',
    '!**/*.map',
    '!out/**/*.test.*',
    ...NODE_MODULES_EXCLUDE,
    `!node_modules/onnxruntime-node/bin/napi-v6/!(${os})/**`,
    `!node_modules/onnxruntime-node/bin/napi-v6/${os}/!(\${arch})/**`,
  ]
}

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'app.calldesk.desktop',
  productName: 'Call Desk',
  copyright: 'Call Desk',
  directories: { output: 'dist', buildResources: 'build' },
  asar: true,
  asarUnpack: ASAR_UNPACK,
  // No rebuild: better-sqlite3's Electron build is in out/native (scripts/ensure-electron-native.mjs,
  // run by `npm run dist`), and whisper.cpp and onnxruntime are Node-API addons that load under
  // Electron as built. A rebuild would also recompile node_modules in place for Electron (breaking
  // the Node tests) and lose whisper.cpp's vector flags (scripts/build-whisper.mjs).
  npmRebuild: false,
  electronFuses: {
    ...ELECTRON_FUSES,
    // Flipping fuses breaks the ad-hoc signature of an unsigned Apple Silicon build; re-sign it ad hoc.
    resetAdHocDarwinSignature: true,
  },
  // Reads the fuses back out of each built binary and checks app.asar's layout (fails the build otherwise).
  afterAllArtifactBuild: './packaging/verify-build.cjs',
  linux: {
    target: ['AppImage', 'deb'],
    executableName: 'call-desk',
    category: 'Office',
    synopsis: 'A call coach that transcribes on this computer',
    maintainer: 'Call Desk <maintainers@calldesk.invalid>',
    files: filesFor('linux'),
  },
  mac: {
    // onnxruntime-node ships macOS binaries for Apple Silicon only; build on an Apple Silicon Mac
    // (whisper.cpp and better-sqlite3 are compiled for the machine that runs npm ci / dist).
    target: [
      { target: 'dmg', arch: ['arm64'] },
      { target: 'zip', arch: ['arm64'] },
    ],
    category: 'public.app-category.business',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Notarised when APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID (or APPLE_API_KEY*) are set;
    // signed when CSC_LINK + CSC_KEY_PASSWORD are. Without them the build is unsigned (for testing only).
    notarize: Boolean(process.env.APPLE_TEAM_ID || process.env.APPLE_API_KEY),
    extendInfo: {
      NSMicrophoneUsageDescription: 'Call Desk records your side of a call to transcribe it on this computer.',
    },
    files: filesFor('darwin'),
  },
  win: {
    target: ['nsis'],
    files: filesFor('win32'),
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  publish: null,
}
