/**
 * A build worker (a worker thread): builds the providers it is sent into the shared staging folder
 * (lint, bundle, overlays, types, package, docs), while the main thread compiles and checks the
 * packages that are ready. It talks to `worker-pool.ts` with the messages below.
 */
import { parentPort } from 'node:worker_threads';
import { inProject } from '../shared/paths.js';
import { serialize, type FromWorker, type ToWorker } from './worker-messages.js';

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
// One controller per build: a build that failed elsewhere stops its jobs here.
const aborts = new Map<number, AbortController>();
const abortOf = (build: number) => {
  let controller = aborts.get(build);
  if (!controller) aborts.set(build, (controller = new AbortController()));
  return controller;
};

async function build(message: Extract<ToWorker, { type: 'build' }>): Promise<void> {
  const { buildProvider } = await import('./pipeline.js');
  const progress = (_provider: string, step: string, done = false) => post({ type: 'progress', id: message.id, step, done });
  try {
    const onSpec = (spec: unknown) => post({ type: 'spec', id: message.id, spec });
    const built = await inProject(message.root, () => buildProvider(message.provider, message.stage, progress, abortOf(message.build).signal, onSpec));
    post({ type: 'done', id: message.id, result: { spec: built.spec, inputs: built.inputs } });
  } catch (error) {
    post({ type: 'failed', id: message.id, error: serialize(error, message.provider.name) });
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') abortOf(message.build).abort();
  else void build(message);
});
