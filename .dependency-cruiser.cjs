/**
 * Import circles, type-only imports included. ESLint's import-x/no-cycle skips `import type`
 * (types vanish at runtime), but a type circle still ties two modules together: a file cannot
 * be understood, moved or tested without the other. The layer rule itself is in eslint.config.js.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Two modules import each other (perhaps through others, perhaps only for types). Move the shared part down a layer.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|build|node_modules|server/dist)/' },
    // Count `import type` edges too: the point of this check.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
}
