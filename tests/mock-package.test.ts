/**
 * The mock as a package user meets it: @payspec/runtime, @payspec/stancer and @payspec/mock packed
 * (`pnpm pack`, as they would be published) and installed with npm into an empty folder outside
 * this repository, then `payspec-mock stancer` serves the spec the package ships and the installed
 * client calls it. Needs the built packages (`pnpm build`) and the npm registry for the
 * dependencies (openapi-fetch, Prism).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../scripts/lib/paths.js';
import { checkPublishable } from '../scripts/lib/verify.js';
import { freePort } from '../scripts/lib/prism.js';
import { awaitGone, processesWithEnv } from './helpers/processes.js';

const root = mkdtempSync(path.join(tmpdir(), 'payspec-mock-package-'));
const app = path.join(root, 'app');
const bin = path.join(app, 'node_modules', '.bin', 'payspec-mock');
const marker = randomUUID();
// What pnpm gives the scripts it runs (npm_config_*, a NODE_PATH into this repository's
// node_modules) is not what a user's folder has.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_PATH$)/i.test(key))), PAYSPEC_PROCESS_MARKER: marker, FORCE_COLOR: '0' };
const servers: Server[] = [];

beforeAll(() => {
  const tarballs = path.join(root, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  for (const name of ['runtime', 'stancer', 'mock']) {
    const dir = path.join(toolRoot, 'packages', name);
    if (name !== 'mock') expect(existsSync(path.join(dir, 'dist', 'index.js')), `packages/${name}/dist: run \`pnpm build\` first`).toBe(true);
    const pack = spawnSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8', env });
    expect(pack.status, pack.stderr).toBe(0);
  }
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const files = readdirSync(tarballs).map((file) => path.join(tarballs, file));
  expect(files).toHaveLength(3);
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files], { cwd: app, encoding: 'utf8', env });
  expect(install.status, install.stderr).toBe(0);
}, 300_000);

afterAll(() => {
  for (const server of servers) server.close();
  for (const { pid } of processesWithEnv('PAYSPEC_PROCESS_MARKER', marker)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

// A command that should end does so quickly; one that serves instead must not hang the test.
const run = (...args: string[]) => spawnSync(bin, args, { cwd: app, encoding: 'utf8', env, timeout: 30_000, killSignal: 'SIGTERM' });

describe('payspec-mock from the installed packages', () => {
  it('@payspec/mock passes publint (strict), as the built packages do', async () => {
    await expect(checkPublishable(toolRoot, 'mock')).resolves.toBeUndefined();
  });

  it('ships the spec with the client package', () => {
    expect(existsSync(path.join(app, 'node_modules/@payspec/stancer/openapi.yaml'))).toBe(true);
    // Resolved through the package's exports, as the command resolves it.
    const resolved = spawnSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@payspec/stancer/openapi.yaml'))"], { cwd: app, encoding: 'utf8', env });
    expect(resolved.stdout.trim()).toMatch(/node_modules\/@payspec\/stancer\/openapi\.yaml$/);
  });

  it('--help prints the usage and exits 0; --version the version', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: payspec-mock <provider \| spec\.yaml> \[--port 4010\] \[--host 127\.0\.0\.1\]/);
    expect(run('-h').stdout).toBe(help.stdout);
    const version = run('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe('0.1.0');
  });

  it('says in one line which package is missing', () => {
    const missing = run('reportei');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('payspec-mock: @payspec/reportei is not installed here: npm install @payspec/reportei (or pass the path of a spec)');
  });

  it('reports a busy port in one line', async () => {
    const server = createServer();
    servers.push(server);
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    const busy = run('stancer', '--port', String(port));
    expect(busy.status).toBe(1);
    expect(busy.stderr.trim()).toBe(`payspec-mock: 127.0.0.1:${port} is already in use: pick another port with --port`);
  });

  it('serves the provider: the installed client calls it with no violation, and SIGTERM leaves no Prism', async () => {
    const port = await freePort();
    const mock: ChildProcess = spawn(bin, ['stancer', '--port', String(port)], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    mock.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    mock.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 60_000, interval: 100 }).toContain(`stancer mock listening on http://127.0.0.1:${port}`);
    expect(processesWithEnv('PAYSPEC_PROCESS_MARKER', marker).some((p) => p.command.includes('prism-cli'))).toBe(true);

    writeFileSync(
      path.join(app, 'call.mjs'),
      `import { createStancerClient, unwrap } from '@payspec/stancer';
const stancer = createStancerClient({ secretKey: 'stest_placeholder00000000000000', baseUrl: process.argv[2] });
const { data, response } = await stancer.GET('/customers/{id}', { params: { path: { id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } } });
const created = await unwrap(stancer.POST('/customers', { body: { email: 'david@example.net', name: 'David Coaster' } }));
console.log(JSON.stringify({ status: response.status, violations: response.headers.get('sl-violations'), id: data?.id, created: created.id }));
`,
    );
    const call = spawnSync(process.execPath, ['call.mjs', `http://127.0.0.1:${port}`], { cwd: app, encoding: 'utf8', env });
    expect(call.status, call.stderr).toBe(0);
    expect(JSON.parse(call.stdout)).toEqual({ status: 200, violations: null, id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk', created: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk' });

    const exited = new Promise<number | null>((resolve) => mock.on('exit', (code) => resolve(code)));
    mock.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await awaitGone('PAYSPEC_PROCESS_MARKER', marker)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  }, 90_000);
});
