/**
 * A Prism mock per provider, started on demand: the global setup serves a small broker on
 * 127.0.0.1, and a test file asks it for the providers it uses (`await useMock('stancer')`). Each
 * mock starts once, on a free port, is shared by every file that asks, and is stopped afterwards.
 * Files that need no mock never wait for one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { onOrphaned } from '../../packages/mock/src/lifecycle.mjs';
import { startMock, type RunningMock } from '../../scripts/lib/prism.js';
import { readRegistry } from '../../scripts/lib/registry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mockBroker: string;
  }
}

const mocks = new Map<string, Promise<RunningMock>>();
let broker: Server | undefined;
let unwatch: (() => void) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const providers = new Set((await readRegistry()).map((provider) => provider.name));
  broker = createServer((request, response) => {
    const provider = /^\/mocks\/([a-z0-9-]+)$/.exec(request.url ?? '')?.[1];
    if (request.method !== 'POST' || !provider || !providers.has(provider)) {
      response.writeHead(404).end(JSON.stringify({ error: `no such provider in redocly.yaml: ${provider}` }));
      return;
    }
    let mock = mocks.get(provider);
    if (!mock) mocks.set(provider, (mock = startMock(provider)));
    mock.then(
      ({ url }) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url })),
      (error: Error) => response.writeHead(500).end(JSON.stringify({ error: error.message })),
    );
  });
  await new Promise<void>((resolve) => broker!.listen(0, '127.0.0.1', resolve));
  project.provide('mockBroker', `http://127.0.0.1:${(broker.address() as AddressInfo).port}`);
  // `pnpm test` killed (SIGTERM or SIGKILL) orphans vitest: stop the mocks and the run with it.
  unwatch = onOrphaned(() => void teardown().finally(() => process.exit(1)));
}

export async function teardown(): Promise<void> {
  unwatch?.();
  await new Promise<void>((resolve) => (broker ? broker.close(() => resolve()) : resolve()));
  const started = await Promise.allSettled(mocks.values());
  await Promise.all(started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.stop()] : [])));
  mocks.clear();
}
