import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { DurationSequencer } from './tests/setup/sequencer.js';
import { useMemoryTmpdir } from './tests/setup/tmpdir.js';

// Before any worker or child process starts: they inherit it (see tests/setup/tmpdir.ts).
useMemoryTmpdir();

// Tests import the packages by name, resolved to their sources so no compile step is needed first.
const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true }).filter(
  (entry) => entry.isDirectory() && existsSync(new URL(`./packages/${entry.name}/src/index.ts`, import.meta.url)),
);
const alias = [
  ...packages.map((entry) => ({ find: new RegExp(`^@payspec/${entry.name}$`), replacement: fileURLToPath(new URL(`./packages/${entry.name}/src/index.ts`, import.meta.url)) })),
  // The runtime's subpath exports (`@payspec/runtime/signers/http-signature`), as its package.json maps them: a folder each.
  { find: /^@payspec\/runtime\/(.+)$/, replacement: `${fileURLToPath(new URL('./packages/runtime/src/', import.meta.url))}$1/index.ts` },
];

/**
 * The fast inner loop (`pnpm test:unit`): files that start nothing (no build, no Prism, no child
 * process, no browser). `pnpm test` runs both projects.
 */
const unit = [
  'tests/runtime/**/*.test.ts',
  'tests/types/**/*.test.ts',
  'tests/adversarial/runtime.test.ts',
  'tests/packages/bundle-size.test.ts',
  'tests/docs/docs.test.ts',
  'tests/packages/examples.test.ts',
  'tests/layout/folder-sizes.test.ts',
  'tests/layout/import-cycles.test.ts',
  'tests/layout/runtime-layout.test.ts',
  'tests/layout/scripts-layout.test.ts',
  'tests/packages/packages.test.ts',
  'tests/pipeline/typing-schema.test.ts',
  'tests/mock/ids.test.ts',
];

export default defineConfig({
  resolve: { alias },
  test: {
    // Workers exit when the main process is gone (killed with SIGKILL, say), like the mocks do.
    setupFiles: ['packages/mock/src/exit-with-parent.mjs'],
    // Most files wait on servers, child processes and timers rather than compute: more files than cores run at once.
    maxWorkers: 4,
    // Test files share their workers' module cache: modules are loaded once per worker, not once
    // per file. Every file cleans up what it starts.
    isolate: false,
    // Safety nets for a test that never ends, not budgets: every test waits for states (a port, an
    // exit, a page's element), and a busy 2-core machine may take minutes where a fast one takes seconds.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // The slowest files first, by their last durations (see tests/setup/sequencer.ts).
    sequence: { sequencer: DurationSequencer },
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: unit,
          // The run's shared builds, fixture providers and mocks, started on demand.
          globalSetup: ['tests/setup/services.ts'],
        },
      },
    ],
  },
});
