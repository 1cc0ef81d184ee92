import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, toolRoot } from './paths.js';

/** Prism's own entry point, run with this Node so that the guard below can be preloaded. */
const prismCli = path.join(path.dirname(createRequire(path.join(toolRoot, 'package.json')).resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
const exitWithParent = pathToFileURL(path.join(toolRoot, 'scripts/lib/exit-with-parent.mjs')).href;

export interface RunningMock {
  provider: string;
  url: string;
  stop(): Promise<void>;
}

/** A port the OS says is free on the loopback interface. */
export function freePort(host = '127.0.0.1'): Promise<number> {
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

/** Stops Prism and anything it started: its whole process group, SIGTERM then SIGKILL. */
function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
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
 * Starts Prism on a provider's generated spec and resolves once it accepts requests. Static
 * examples (no `--dynamic`) keep responses predictable for tests.
 */
export async function startMock(provider: string, options: { port?: number; host?: string; timeoutMs?: number; log?: (line: string) => void } = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const spec = path.join(repoRoot(), 'generated', provider, 'openapi.yaml');
  // Its own process group (stopped as a whole), and a guard that exits it when this process is gone.
  const child = spawn(process.execPath, ['--import', exitWithParent, prismCli, 'mock', spec, '--host', host, '--port', String(port)], {
    cwd: repoRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://${host}:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`Prism for ${provider} exited with ${code} before listening:\n${output}`));
    child.once('exit', onExit);
    const poll = () => {
      if (/Prism is listening/.test(output)) {
        child.off('exit', onExit);
        return resolve();
      }
      if (Date.now() > deadline) {
        child.off('exit', onExit);
        void stopProcess(child);
        return reject(new Error(`Prism for ${provider} did not start within ${options.timeoutMs ?? 60_000} ms:\n${output}`));
      }
      setTimeout(poll, 100);
    };
    poll();
  });
  return { provider, url, stop: () => stopProcess(child) };
}
