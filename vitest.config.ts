import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Native addons (better-sqlite3, whisper.cpp) and worker threads behave best in forked processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep heavy files (Chromium, whisper) from starving each other.
    maxWorkers: 2,
  },
})
