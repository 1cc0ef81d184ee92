/**
 * `startMock` from a vitest `globalSetup`, as guides/mocks.md tells users to run it: a nested
 * vitest run (fixtures/global-setup.config.ts) whose setup starts a mock per provider of the
 * registry and provides their URLs, and whose test calls each through its generated client.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';

it('a globalSetup starts the mocks, the tests reach them, the teardown stops them', async () => {
  const providers = (await readRegistry()).length;
  const run = spawnSync('pnpm', ['exec', 'vitest', 'run', '--config', 'tests/mock/fixtures/global-setup.config.ts'], { cwd: toolRoot, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status, output).toBe(0);
  expect(output).toContain(`payspec-global-setup: ${providers} providers answered`);
  expect(output).toContain(`payspec-global-setup: ${providers} mocks stopped`);
});
