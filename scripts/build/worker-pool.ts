/**
 * The build workers: worker threads that build providers' specs and docs, one per core but the one
 * the main thread needs. The pool lives as long as the process and is shared by every build it runs
 * (the tests run many), so the tools are loaded once per worker. Idle workers do not keep the
 * process alive. While the workers build, the main thread compiles and checks each package as its
 * spec is ready (its docs page renders meanwhile); the first failure of a build stops its other
 * providers at their next step. On a single core there are no workers: all of it runs on this thread.
 */
import { AsyncResource } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import type { ClientSpec } from '../spec/client-spec.js';
import { repoRoot } from '../shared/paths.js';
import type { Provider } from '../spec/registry.js';
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
  spec(spec: unknown): void;
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

  run(job: Job, progress: Pending['progress'], spec: Pending['spec']): Promise<{ spec: unknown; inputs: string[] }> {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#pending.set(id, { job, progress, spec, resolve, reject });
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
      if (message.type === 'spec') return pending.spec(message.spec);
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

/** Builds one provider's spec and docs; `spec` is told the client definition as soon as it is final. */
type BuildSpec = (provider: Provider, progress: (step: string, done: boolean) => void, spec: (spec: unknown) => void) => Promise<{ spec: unknown; inputs: string[] }>;

/**
 * Builds the providers' specs and docs on `size` workers, or on this thread when `size` is 0 (a
 * single core: a worker would only compete with this thread for it), and checks each package here
 * as soon as its spec is final, while its docs page renders.
 */
export async function buildOnWorkers(
  providers: Provider[],
  stage: string,
  size: number,
  progress: (provider: string, step: string, done: boolean) => void,
  prepareChecks: PrepareChecks,
): Promise<{ built: BuiltResult[]; failures: SerializedError[] }> {
  const build = builds++;
  const here = new AbortController();
  let buildSpec: BuildSpec;
  let abort: () => void;
  if (size > 0) {
    pool ??= new BuildPool(size);
    buildSpec = (provider, onProgress, onSpec) => pool!.run({ build, root: repoRoot(), provider, stage }, onProgress, onSpec);
    abort = () => pool!.abort(build);
  } else {
    buildSpec = async (provider, onProgress, onSpec) => {
      const { buildProvider } = await import('./pipeline.js');
      try {
        // A copy, as a worker would send: the docs step adds the page's anchors to its own.
        const built = await buildProvider(provider, stage, (_name, step, done = false) => onProgress(step, done), here.signal, (spec) => onSpec(structuredClone(spec)));
        return { spec: built.spec, inputs: built.inputs };
      } catch (error) {
        throw serialize(error, provider.name);
      }
    };
    abort = () => here.abort();
  }
  const built: BuiltResult[] = [];
  const failures: SerializedError[] = [];
  let stopped = false;
  const fail = (error: SerializedError) => {
    if (error.cancelled) return;
    failures.push(error);
    if (!stopped) abort();
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
  /** Queues the check of a provider's package; resolves to whether it passed. */
  const checkPackage = (provider: Provider, spec: ClientSpec): Promise<boolean> => {
    const passed = checks.then(async () => {
      if (stopped || !(await ready)) return false;
      try {
        progress(provider.name, 'check package', false);
        await (await check)({ provider, spec, inputs: [] });
        progress(provider.name, 'check package', true);
        return true;
      } catch (error) {
        fail(serialize(error, provider.name));
        return false;
      }
    });
    checks = passed;
    return passed;
  };
  await Promise.all(
    providers.map(async (provider) => {
      let passed: Promise<boolean> | undefined;
      try {
        const result = await buildSpec(
          provider,
          (step, done) => progress(provider.name, step, done),
          // A worker's message arrives in the context the pool was made in: the check runs in this build's (its project, `inProject`).
          AsyncResource.bind((spec: unknown) => void (passed ??= checkPackage(provider, spec as ClientSpec))),
        );
        passed ??= checkPackage(provider, result.spec as ClientSpec);
        if (await passed) built.push({ provider, spec: result.spec as ClientSpec, inputs: result.inputs });
      } catch (error) {
        fail(typeof (error as SerializedError)?.cancelled === 'boolean' ? (error as SerializedError) : serialize(error, provider.name));
      }
    }),
  );
  await checks;
  return { built, failures };
}
