/**
 * The build workers: worker threads that build providers' specs and docs, one per core but the one
 * the main thread needs. The pool lives as long as the process and is shared by every build it runs
 * (the tests run many), so the tools are loaded once per worker. Idle workers do not keep the
 * process alive. While the workers build, the main thread compiles and checks each package as its
 * spec is ready; the first failure of a build stops its other providers at their next step.
 */
import { Worker } from 'node:worker_threads';
import type { ClientSpec } from './client-spec.js';
import { repoRoot } from './paths.js';
import type { Provider } from './registry.js';
import { serialize, type FromWorker, type SerializedError, type ToWorker } from './worker-messages.js';

export interface BuiltResult {
  provider: Provider;
  spec: ClientSpec;
  inputs: string[];
}

type Job = Omit<Extract<ToWorker, { type: 'build' }>, 'type' | 'id'>;
interface Pending {
  job: Job;
  progress(step: string, done: boolean): void;
  resolve(result: { spec: unknown; inputs: string[] }): void;
  reject(error: SerializedError): void;
}

// Run from the sources (tsx, the tests), a worker loads them through tsx too; run from the bundle
// (`scripts/bundled.mjs`, plain Node), it loads the bundle's worker, beside this file.
const fromSources = import.meta.url.endsWith('.ts');
const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./build-worker.ts', import.meta.url).href)}); })`;
const startWorker = () => (fromSources ? new Worker(bootstrap, { eval: true }) : new Worker(new URL('./build-worker.js', import.meta.url)));

class BuildPool {
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, number>();
  readonly #pending = new Map<number, Pending>();
  readonly #queue: number[] = [];
  #next = 0;
  #count = 0;

  constructor(readonly size: number) {}

  run(job: Job, progress: Pending['progress']): Promise<{ spec: unknown; inputs: string[] }> {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#pending.set(id, { job, progress, resolve, reject });
      this.#queue.push(id);
      this.#dispatch();
    });
  }

  abort(build: number): void {
    for (const worker of [...this.#idle, ...this.#busy.keys()]) worker.postMessage({ type: 'abort', build } satisfies ToWorker);
  }

  #dispatch(): void {
    while (this.#queue.length) {
      let worker = this.#idle.pop();
      if (!worker && this.#count < this.size) worker = this.#spawn();
      if (!worker) return;
      const id = this.#queue.shift()!;
      this.#busy.set(worker, id);
      worker.ref();
      worker.postMessage({ type: 'build', id, ...this.#pending.get(id)!.job } satisfies ToWorker);
    }
  }

  #spawn(): Worker {
    this.#count++;
    const worker = startWorker();
    worker.on('message', (message: FromWorker) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      if (message.type === 'progress') return pending.progress(message.step, message.done);
      this.#pending.delete(message.id);
      this.#release(worker);
      if (message.type === 'done') pending.resolve(message.result);
      else pending.reject(message.error);
    });
    worker.on('error', (error) => {
      // A crashed worker fails its job; the pool starts another when there is work.
      const id = this.#busy.get(worker);
      this.#busy.delete(worker);
      this.#count--;
      const pending = id === undefined ? undefined : this.#pending.get(id);
      if (pending) {
        this.#pending.delete(id!);
        pending.reject(serialize(error, pending.job.provider.name));
      }
      this.#dispatch();
    });
    return worker;
  }

  #release(worker: Worker): void {
    this.#busy.delete(worker);
    worker.unref();
    this.#idle.push(worker);
    this.#dispatch();
  }
}

let pool: BuildPool | undefined;
let builds = 0;

/** Prepares this thread's part (while the workers work) and returns the check of one built provider. */
export type PrepareChecks = () => Promise<(built: BuiltResult) => Promise<void>>;

export async function buildOnWorkers(
  providers: Provider[],
  stage: string,
  size: number,
  progress: (provider: string, step: string, done: boolean) => void,
  prepareChecks: PrepareChecks,
): Promise<{ built: BuiltResult[]; failures: SerializedError[] }> {
  pool ??= new BuildPool(Math.max(1, size));
  const build = builds++;
  const built: BuiltResult[] = [];
  const failures: SerializedError[] = [];
  let stopped = false;
  const fail = (error: SerializedError) => {
    if (error.cancelled) return;
    failures.push(error);
    if (!stopped) pool!.abort(build);
    stopped = true;
  };
  // Checks run in order on this thread, after the preparation; a failed preparation fails the build once.
  const check = prepareChecks();
  const ready = check.then(
    () => true,
    (error: unknown) => {
      fail(serialize(error));
      return false;
    },
  );
  let checks: Promise<unknown> = ready;
  await Promise.all(
    providers.map((provider) =>
      pool!.run({ build, root: repoRoot(), provider, stage }, (step, done) => progress(provider.name, step, done)).then(
        (result) => {
          const done = { provider, spec: result.spec as ClientSpec, inputs: result.inputs };
          checks = checks.then(async () => {
            if (stopped || !(await ready)) return;
            try {
              progress(provider.name, 'check package', false);
              await (await check)(done);
              progress(provider.name, 'check package', true);
              built.push(done);
            } catch (error) {
              fail(serialize(error, provider.name));
            }
          });
        },
        fail,
      ),
    ),
  );
  await checks;
  return { built, failures };
}
