// @ts-check
/**
 * Starting and stopping Prism on a spec. Prism runs with this Node in its own process group
 * (stopped as a whole), with prism-preload.mjs loaded first: it exits when its parent is gone
 * and has the deepObject decoder fixed.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { escapeControls } from './terminal.mjs';

const require = createRequire(import.meta.url);
/** Prism's own entry point, run with this Node so that the preload applies. */
const prismCli = path.join(path.dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
const preload = new URL('./prism-preload.mjs', import.meta.url).href;

/**
 * @typedef {object} RunningMock
 * @property {string} url
 * @property {() => Promise<void>} stop Stops Prism and everything it started.
 */

/**
 * @typedef {object} MockOptions
 * @property {number} [port] default: a free port
 * @property {string} [host] default 127.0.0.1
 * @property {number} [timeoutMs] how long Prism may take to listen (default 60 s)
 * @property {(line: string) => void} [log] receives Prism's output, line by line
 */

/** Why a mock did not start, in one line (`reason` says which case). */
export class MockStartError extends Error {
  /**
   * @param {'port-in-use' | 'prism-exited' | 'timeout'} reason
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
 * Whether something already listens on host:port (binding it is the only reliable test).
 * @param {string} host
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function inUse(host, port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error) => resolve(/** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE'));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/**
 * Stops a process group: SIGTERM, then SIGKILL after 5 s.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
function stopGroup(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    /** @param {NodeJS.Signals} signal */
    const signalGroup = (signal) => {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), signal);
      } catch {
        child.kill(signal);
      }
    };
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup('SIGTERM');
  });
}

/**
 * The line of Prism's output that says why it stopped (it may print its whole usage after it).
 * @param {string} output
 */
function cause(output) {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  // Prism's own verdict (`✖  fatal  "x.yaml" is not a valid JSON Schema`), before its usage text.
  const fatal = lines.map((line) => /\bfatal\s+(\S.*)$/.exec(line)?.[1]).find(Boolean);
  // Otherwise an error line that is not one of the usage text's option lines.
  const found = fatal ?? lines.find((line) => /error|EADDRINUSE|ENOENT|cannot|unable/i.test(line) && !/^-/.test(line) && !/\[(boolean|string|number|required)\b/.test(line)) ?? lines.at(-1) ?? 'no output';
  // The line may quote a path the user typed: no control character reaches the terminal raw.
  return escapeControls(found);
}

/**
 * Starts Prism on a spec and resolves once it accepts requests. Static examples (no `--dynamic`)
 * keep responses predictable.
 * @param {string} spec path of the OpenAPI document
 * @param {MockOptions} [options]
 * @returns {Promise<RunningMock>}
 */
export async function startPrism(spec, options = {}) {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  if (await inUse(host, port)) throw new MockStartError('port-in-use', `${host}:${port} is already in use: pick another port with --port`);
  const child = spawn(process.execPath, ['--import', preload, prismCli, 'mock', spec, '--host', host, '--port', String(port)], {
    cwd: path.dirname(spec),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
    detached: true,
  });
  let output = '';
  /** @param {Buffer} chunk */
  const collect = (chunk) => {
    const text = chunk.toString();
    output += text;
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  /** @type {NodeJS.ReadableStream} */ (child.stdout).on('data', collect);
  /** @type {NodeJS.ReadableStream} */ (child.stderr).on('data', collect);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  await new Promise((resolve, reject) => {
    const onExit = () => {
      const line = cause(output);
      reject(/EADDRINUSE/.test(output) ? new MockStartError('port-in-use', `${host}:${port} is already in use: pick another port with --port`) : new MockStartError('prism-exited', `Prism stopped before listening: ${line}`));
    };
    child.once('exit', onExit);
    const poll = () => {
      if (/Prism is listening/.test(output)) {
        child.off('exit', onExit);
        return resolve(undefined);
      }
      if (Date.now() > deadline) {
        child.off('exit', onExit);
        void stopGroup(child);
        return reject(new MockStartError('timeout', `Prism did not start listening within ${timeoutMs} ms: ${cause(output)}`));
      }
      setTimeout(poll, 100);
    };
    poll();
  });
  return { url: `http://${host}:${port}`, stop: () => stopGroup(child) };
}
