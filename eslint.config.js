// The dependency rule of ../shared/docs/architecture.md, written once as data and linted
// (the way VS Code states its layers in its ESLint config). `npm run lint` runs it with the import-circle
// check (.dependency-cruiser.cjs, which also counts `import type`); `npm test` runs lint first.
import boundaries from 'eslint-plugin-boundaries'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** Domain features: each may use the base layer and other features, never the layers above it. */
const FEATURES = ['recording', 'transcription', 'live', 'debrief', 'plan', 'schedule', 'prospect', 'rehearsal', 'bundle', 'export', 'settings', 'sync']
/** The base layer: storage, audio, the coach, files. Pure services every feature builds on. */
const BASE = ['store', 'audio', 'coach', 'fs']

/**
 * Layer → the layers it may import. A file's layer is the first element whose pattern matches it.
 * Anything not listed for a layer is an error, which is what makes an upward import fail lint.
 */
const LAYERS = {
  contract: ['contract'],
  kernel: ['contract', 'kernel'], // main/errors.ts: the AppError every main layer throws
  base: ['contract', 'kernel', 'base'],
  feature: ['contract', 'kernel', 'base', 'feature'],
  ipc: ['contract', 'kernel', 'base', 'feature', 'ipc'],
  cli: ['contract', 'kernel', 'base', 'feature', 'cli'],
  core: ['contract', 'kernel', 'base', 'feature', 'ipc', 'core'],
  app: ['contract', 'kernel', 'core', 'ipc', 'app'],
  'main-entry': ['contract', 'kernel', 'core', 'ipc', 'app'],
  preload: ['contract', 'preload'],
  renderer: ['contract', 'renderer'],
}

const ELEMENTS = [
  { type: 'contract', pattern: 'contract/**', partialMatch: false },
  { type: 'main-entry', pattern: 'main/index.ts', mode: 'file' },
  { type: 'kernel', pattern: 'main/errors.ts', mode: 'file' },
  { type: 'core', pattern: 'main/core/**', partialMatch: false },
  { type: 'app', pattern: 'main/app/**', partialMatch: false },
  { type: 'ipc', pattern: 'main/ipc/**', partialMatch: false },
  { type: 'cli', pattern: 'main/cli/**', partialMatch: false },
  { type: 'base', pattern: `main/{${BASE.join(',')}}/**`, partialMatch: false },
  { type: 'feature', pattern: `main/{${FEATURES.join(',')}}/**`, partialMatch: false },
  { type: 'preload', pattern: 'preload/**', partialMatch: false },
  { type: 'renderer', pattern: 'renderer/**', partialMatch: false },
  // Tests, benches and scripts may reach anything (they are the only other users of the composition root).
  { type: 'harness', pattern: '{tests,bench,scripts}/**', partialMatch: false },
  { type: 'server', pattern: 'server/**', partialMatch: false },
]

const SOURCES = ['main/**/*.{ts,tsx}', 'contract/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}', 'server/**/*.ts', 'tests/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts']

/** Node and Electron have no business in the pure layers: the renderer runs sandboxed, the contract is shared by both sides. */
const NO_RUNTIME_IMPORTS = {
  patterns: [
    { group: ['node:*', 'electron', 'better-sqlite3', 'onnxruntime-node', 'smart-whisper'], message: 'This layer runs in both processes (or sandboxed): no Node, Electron or native modules here.' },
  ],
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'build/**', 'node_modules/**', 'server/dist/**', '**/*.d.ts', 'tests/**/fixtures/**'] },
  {
    files: SOURCES,
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/include': SOURCES,
      // Two elements are single files (main/index.ts, main/errors.ts): say so with 'file' mode without a warning each run.
      'boundaries/legacy-warnings': false,
      // Resolve extensionless imports the way tsc does, so each import lands on a file and its layer.
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            ...Object.entries(LAYERS).map(([from, allowed]) => ({
              from: { element: { type: from } },
              disallow: { to: { element: { type: `!(${allowed.join('|')})` } } },
            })),
            // Electron adapters implement ports the features declare (EngineLauncher, OverlayWindow): types only.
            { from: { element: { type: 'app' } }, allow: { to: { element: { type: 'feature' } }, dependency: { kind: 'type' } } },
          ],
        },
      ],
    },
  },
  {
    files: ['contract/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', NO_RUNTIME_IMPORTS] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The no-control-regex rule is referenced by a disable comment in main/bundle/zip.ts.
    files: ['main/**/*.ts'],
    rules: { 'no-control-regex': 'error' },
  },
)
