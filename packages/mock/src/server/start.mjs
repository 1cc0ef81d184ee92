// @ts-check
/**
 * Starting a mock in this process: the spec read, its resources and Prism's operations prepared,
 * the server listening. Resolves once requests are accepted.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { CORE_SCHEMA, load } from 'js-yaml';
import { readResources } from '../state/resources.mjs';
import { statefulMocker } from '../state/respond.mjs';
import { Store } from '../state/store.mjs';
import { quote } from '../terminal.mjs';
import { createMockServer } from './http-server.mjs';
import { forPrism, prismHttp, silentLogger } from './prism-engine.mjs';

/** Why a mock did not start, in one line (`reason` says which case). */
export class MockStartError extends Error {
  /**
   * @param {'port-in-use' | 'bad-spec' | 'listen-failed'} reason
   * @param {string} message
   */
  constructor(reason, message) {
    super(message);
    this.name = 'MockStartError';
    this.reason = reason;
  }
}

/**
 * A port the OS says is free on the interface.
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * @typedef {object} ServeOptions
 * @property {number} [port] default: a free port
 * @property {string} [host] default 127.0.0.1
 * @property {boolean} [stateless] answer with the spec's examples only, as Prism does (default false)
 * @property {(line: string) => void} [log] one line per request, and the mock's own errors
 * @typedef {object} RunningMock
 * @property {string} url
 * @property {number} port
 * @property {() => void} reset forgets every change: the state is the spec's examples again
 * @property {() => Promise<void>} stop closes the server and its connections
 */

/**
 * @param {string | Record<string, any>} spec a spec file (YAML or JSON) or a parsed document
 * @param {ServeOptions} [options]
 * @returns {Promise<RunningMock>}
 */
export async function serve(spec, options = {}) {
  /** @type {any} */
  let document;
  try {
    // YAML 1.2's core schema, as the pipeline writes it: dates stay strings.
    const text = typeof spec === 'string' ? await readFile(spec, 'utf8') : undefined;
    // An empty file is no document (js-yaml refuses to read one): said as such below.
    document = text === undefined ? spec : text.trim() ? load(text, { schema: CORE_SCHEMA }) : null;
  } catch (error) {
    throw new MockStartError('bad-spec', `${typeof spec === 'string' ? quote(spec) : 'the spec'} cannot be read: ${quote(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error))}`);
  }
  const name = typeof spec === 'string' ? quote(spec) : 'the spec';
  if (!document || typeof document !== 'object' || typeof document.openapi !== 'string') throw new MockStartError('bad-spec', `${name} is not an OpenAPI 3 document (it has no \`openapi\` version)`);
  const prism = prismHttp();
  const model = readResources(document);
  if (model.problems.length) throw new MockStartError('bad-spec', `${name}: its x-payspec-resources are wrong: ${model.problems.map((problem) => `${problem.pointer.join('.')}: ${problem.message}`).join('; ')}`);
  let operations;
  try {
    operations = await prism.getHttpOperationsFromSpec(forPrism(document));
  } catch (error) {
    throw new MockStartError('bad-spec', `Prism cannot read ${name}: ${quote(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error))}`);
  }
  const store = new Store(model.resources);
  const mock = options.stateless ? prism.mock : statefulMocker({ document, model, store, original: prism.mock });
  const instance = prism.createInstance({}, { logger: silentLogger, mock });
  const server = createMockServer({ prism, instance, operations, log: options.log ?? (() => undefined) });
  const host = options.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', (/** @type {NodeJS.ErrnoException} */ error) =>
      reject(error.code === 'EADDRINUSE' ? new MockStartError('port-in-use', `${host}:${options.port} is already in use: pick another port with --port`) : new MockStartError('listen-failed', `cannot listen on ${host}:${options.port ?? 0}: ${error.message}`)),
    );
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    reset: () => store.reset(),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
