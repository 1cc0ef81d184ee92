import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the packages by name, resolved to their sources so no compile step is needed first.
const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true }).filter(
  (entry) => entry.isDirectory() && existsSync(new URL(`./packages/${entry.name}/src/index.ts`, import.meta.url)),
);
const alias = [
  ...packages.map((entry) => ({ find: new RegExp(`^@payspec/${entry.name}$`), replacement: fileURLToPath(new URL(`./packages/${entry.name}/src/index.ts`, import.meta.url)) })),
  // The runtime's subpath exports (`@payspec/runtime/signers/http-signature`), as its package.json maps them.
  { find: /^@payspec\/runtime\/(.+)$/, replacement: `${fileURLToPath(new URL('./packages/runtime/src/', import.meta.url))}$1.ts` },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/services.ts'],
    // Workers exit when the main process is gone (killed with SIGKILL, say), like the mocks do.
    setupFiles: ['packages/mock/src/exit-with-parent.mjs'],
    // Most files wait on servers, child processes and timers rather than compute: more files than cores run at once.
    maxWorkers: 3,
    // Test files share their workers' module cache: the tools (TypeScript, Redocly, the pipeline)
    // are loaded once per worker, not once per file. Every file cleans up what it starts.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
