/**
 * Starts one Prism mock per provider of the registry, on free ports, before any test file runs,
 * and stops them all afterwards. Tests read the URLs with `inject('mockUrls')`.
 */
import type { TestProject } from 'vitest/node';
import { onOrphaned } from '../../scripts/lib/lifecycle.js';
import { startMock, type RunningMock } from '../../scripts/lib/prism.js';
import { readRegistry } from '../../scripts/lib/registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrls: Record<string, string>;
  }
}

let mocks: RunningMock[] = [];
let unwatch: (() => void) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const providers = await readRegistry();
  const started = await Promise.allSettled(providers.map((provider) => startMock(provider.name)));
  mocks = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await teardown();
    throw (failed as PromiseRejectedResult).reason;
  }
  project.provide('mockUrls', Object.fromEntries(mocks.map((mock) => [mock.provider, mock.url])));
  // `pnpm test` killed (SIGTERM or SIGKILL) orphans vitest: stop the mocks and the run with it.
  unwatch = onOrphaned(() => void teardown().finally(() => process.exit(1)));
}

export async function teardown(): Promise<void> {
  unwatch?.();
  await Promise.all(mocks.map((mock) => mock.stop()));
  mocks = [];
}
