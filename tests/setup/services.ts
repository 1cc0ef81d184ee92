/**
 * The run's shared services, started on demand by a small broker on 127.0.0.1 (vitest's global
 * set-up; test files reach it through `inject('services')`, see helpers/services.ts):
 *
 * - `POST /mocks/<provider>`: the provider's mock (@payspec/mock, stateless), served by one mock host process (setup/mock-host.mjs), shared.
 * - `POST /builds` `{ args, root }`: `pnpm build` run in this process (`runBuildCommand`) on a
 *   scratch project. Every test file's builds run here, so the pipeline's tools (TypeScript,
 *   Redocly, openapi-typescript, attw) load once per run instead of once per test worker.
 * - `POST /fixtures/<name>`: a fixture provider (`tests/fixtures/providers/<name>/`) built once with
 *   the real pipeline into a scratch project, and a mock of its generated spec, shared.
 * - `POST /typecheck` `{ files }`: TypeScript's diagnostics of files under the project's options
 *   (helpers/checks/compile.ts), in this process: the libraries' declarations are parsed and bound once
 *   for every file's check, not once per test worker.
 *
 * Files that need none of them never wait for one. Everything is stopped and removed afterwards,
 * also when `pnpm test` is killed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { onOrphaned } from '../../packages/mock/src/lifecycle.mjs';
import { runBuildCommand } from '../../scripts/build/build-command.js';
import { inProject, toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { compile } from '../helpers/checks/compile.js';
import { fixtureProject, type ScratchProject } from '../helpers/scratch.js';
import type { BuildRun, BuiltFixtureInfo } from '../helpers/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    services: string;
  }
}

const mocks = new Map<string, Promise<{ url: string }>>();
const fixtures = new Map<string, Promise<{ info: BuiltFixtureInfo; project: ScratchProject }>>();
let host: ChildProcess | undefined;
const waiting = new Map<number, { resolve: (url: string) => void; reject: (error: Error) => void }>();
let nextId = 0;

/**
 * A mock of a spec, served by the mock host (setup/mock-host.mjs), stateless: these tests check
 * requests and the documented examples, and files running at once share each mock.
 */
function serveShared(spec: string): Promise<{ url: string }> {
  if (!host) {
    host = fork(path.join(import.meta.dirname, 'mock-host.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    host.on('message', (message: { id: number; url?: string; error?: string }) => {
      const wait = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.url) wait?.resolve(message.url);
      else wait?.reject(new Error(message.error));
    });
    host.on('exit', (code, signal) => {
      for (const wait of waiting.values()) wait.reject(new Error(`the mock host stopped (${signal ?? code})`));
      waiting.clear();
      host = undefined;
    });
  }
  const id = nextId++;
  const started = new Promise<string>((resolve, reject) => waiting.set(id, { resolve, reject }));
  host.send({ id, spec, options: { stateless: true } });
  return started.then((url) => ({ url }));
}
let broker: Server | undefined;
let unwatch: (() => void) | undefined;

async function build(args: string[], root: string): Promise<BuildRun> {
  const lines: string[] = [];
  const io = { out: (line: string) => void lines.push(line), err: (line: string) => void lines.push(line) };
  const status = await inProject(root, () => runBuildCommand(args, io));
  return { status, output: lines.join('\n') };
}

async function buildFixture(name: string) {
  const project = fixtureProject(name);
  try {
    const run = await build([], project.root);
    if (run.status !== 0) throw new Error(`the fixture provider ${name} did not build:\n${run.output}`);
    const spec = path.join(project.root, 'generated', name, 'openapi.yaml');
    const mock = await serveShared(spec);
    const info: BuiltFixtureInfo = { root: project.root, spec, index: path.join(project.root, 'packages', name, 'src', 'index.ts'), url: mock.url };
    return { info, project };
  } catch (error) {
    // The build's own error is the news; a copy that cannot be removed must not hide it.
    try {
      project.remove();
    } catch {
      // left in the temporary folder
    }
    throw error;
  }
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, work: Promise<unknown>): void {
  work.then(
    // `connection: close`: a kept-alive socket the server times out could meet the next request (fetch failed).
    (body) => response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(body)),
    (error: Error) => response.writeHead(500, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ error: error?.stack ?? String(error) })),
  );
}

export async function setup(project: TestProject): Promise<void> {
  const providers = new Set((await readRegistry()).map((provider) => provider.name));
  broker = createServer((request, response) => {
    const url = request.url ?? '';
    if (request.method !== 'POST') return void response.writeHead(405).end(JSON.stringify({ error: 'POST only' }));
    const mock = /^\/mocks\/([a-z0-9-]+)$/.exec(url)?.[1];
    if (mock !== undefined) {
      if (!providers.has(mock)) return void response.writeHead(404).end(JSON.stringify({ error: `no such provider in redocly.yaml: ${mock}` }));
      let started = mocks.get(mock);
      if (!started) mocks.set(mock, (started = serveShared(path.join(toolRoot, 'generated', mock, 'openapi.yaml'))));
      return answer(response, started.then(({ url: mockUrl }) => ({ url: mockUrl })));
    }
    const fixture = /^\/fixtures\/([a-z0-9-]+)$/.exec(url)?.[1];
    if (fixture !== undefined) {
      let built = fixtures.get(fixture);
      if (!built) fixtures.set(fixture, (built = buildFixture(fixture)));
      return answer(response, built.then(({ info }) => info));
    }
    if (url === '/typecheck') {
      return answer(
        response,
        readBody(request).then((body) => ({ diagnostics: compile((body as { files: string[] }).files) })),
      );
    }
    if (url === '/builds') {
      return answer(
        response,
        readBody(request).then((body) => {
          const { args, root } = body as { args: string[]; root: string };
          return build(args, root);
        }),
      );
    }
    response.writeHead(404).end(JSON.stringify({ error: `no such service: ${url}` }));
  });
  // A build or a fixture can take long on a busy machine: no server-side limit on a request's life.
  broker.requestTimeout = 0;
  broker.headersTimeout = 0;
  await new Promise<void>((resolve) => broker!.listen(0, '127.0.0.1', resolve));
  project.provide('services', `http://127.0.0.1:${(broker.address() as AddressInfo).port}`);
  // `pnpm test` killed (SIGTERM or SIGKILL) orphans vitest: stop the services and the run with it.
  unwatch = onOrphaned(() => void teardown().finally(() => process.exit(1)));
}

export async function teardown(): Promise<void> {
  unwatch?.();
  await new Promise<void>((resolve) => (broker ? broker.close(() => resolve()) : resolve()));
  const stopped = host ? new Promise((resolve) => host!.once('exit', resolve)) : undefined;
  host?.kill();
  await stopped;
  const built = await Promise.allSettled(fixtures.values());
  for (const result of built) if (result.status === 'fulfilled') result.value.project.remove();
  mocks.clear();
  fixtures.clear();
}
