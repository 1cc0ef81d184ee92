/**
 * Builds providers on worker threads (one per core but the one this thread needs) while this
 * thread compiles the staged runtime and then checks each package as soon as its provider is built.
 * The first failure stops the others at their next step.
 */
import { Worker } from 'node:worker_threads';
import { serialize, type FromWorker, type SerializedError, type ToWorker } from './worker-messages.js';
import type { ClientSpec } from './client-spec.js';
import { repoRoot } from './paths.js';
import type { Provider } from './registry.js';

export interface BuiltResult {
  provider: Provider;
  spec: ClientSpec;
  inputs: string[];
}

// Workers load the TypeScript sources through tsx, as this process does.
const bootstrap = (file: string) => `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;

/** Prepares this thread's part (while the workers start) and returns the check of one built provider. */
export type PrepareChecks = () => Promise<(built: BuiltResult) => Promise<void>>;

export async function buildOnWorkers(
  providers: Provider[],
  stage: string,
  size: number,
  progress: (provider: string, step: string, done: boolean) => void,
  prepareChecks: PrepareChecks,
): Promise<{ built: BuiltResult[]; failures: SerializedError[] }> {
  const workers = Array.from({ length: Math.max(1, Math.min(size, providers.length)) }, () => new Worker(bootstrap(new URL('./build-worker.ts', import.meta.url).href), { eval: true }));
  const send = (worker: Worker, message: ToWorker) => worker.postMessage(message);
  const built: BuiltResult[] = [];
  const failures: SerializedError[] = [];
  let next = 0;
  let stopped = false;
  const fail = (error: SerializedError) => {
    failures.push(error);
    stopped = true;
    for (const worker of workers) send(worker, { type: 'abort' });
  };
  // Checks run in order on this thread, after the preparation.
  const check = prepareChecks();
  let checks: Promise<unknown> = check;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const take = () => {
              if (stopped || next >= providers.length) return resolve();
              const id = next++;
              send(worker, { type: 'build', id, root: repoRoot(), provider: providers[id]!, stage });
            };
            worker.on('message', (message: FromWorker) => {
              if (message.type === 'progress') return progress(message.provider, message.step, message.done);
              if (message.type === 'done') {
                const result = { provider: providers[message.id]!, spec: message.result.spec as ClientSpec, inputs: message.result.inputs };
                checks = checks.then(async () => {
                  if (stopped) return;
                  try {
                    progress(result.provider.name, 'check package', false);
                    await (await check)(result);
                    progress(result.provider.name, 'check package', true);
                    built.push(result);
                  } catch (error) {
                    fail(serialize(error, result.provider.name));
                  }
                });
              } else if (!message.error.cancelled) fail(message.error);
              take();
            });
            worker.on('error', reject);
            take();
          }),
      ),
    );
    await checks;
    await check;
    return { built, failures };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
