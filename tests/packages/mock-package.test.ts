/**
 * The packages as a user meets them: every one (@payspec/runtime, @payspec/mock and a client per
 * provider of the registry) packed with `pnpm -r pack`, as `pnpm -r publish` publishes them. Each tarball is checked
 * (no compiler state, the LICENSE, where the project lives, no path of this machine), then all are
 * installed together with npm into an empty folder outside this repository, where each client
 * sends a request through a recording `fetch`, and the installed client goes through a whole journey
 * (create, read, update, delete, read again) against `payspec-mock stancer` and against the
 * programmatic `startMock('stancer')`, both serving the spec the package ships. Needs the built
 * packages (`pnpm build`) and the npm registry for the dependencies (openapi-fetch, Prism).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../scripts/build/outputs.js';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { checkPublishable } from '../../scripts/build/verify.js';
import { freePort } from '../../scripts/mock/start-mock.js';
import { awaitGone, processesWithEnv } from '../helpers/processes.js';
import { clientCallOf, okExampleOf } from '../helpers/from-specs/client-call.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

const root = mkdtempSync(path.join(tmpdir(), 'payspec-mock-package-'));
const app = path.join(root, 'app');
const providers = (await readRegistry(toolRoot)).map((provider) => provider.name);
const packages = ['runtime', 'mock', ...providers];
const manifestOf = (name: string) => JSON.parse(readFileSync(path.join(toolRoot, 'packages', name, 'package.json'), 'utf8')) as { name: string; version: string };
/** Where each package's tarball is unpacked (`<dir>/package/...`). */
const unpacked = (name: string) => path.join(root, 'unpacked', name, 'package');
const bin = path.join(app, 'node_modules', '.bin', 'payspec-mock');
const marker = randomUUID();
// What pnpm gives the scripts it runs (npm_config_*, a NODE_PATH into this repository's
// node_modules) is not what a user's folder has.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_PATH$)/i.test(key))), PAYSPEC_PROCESS_MARKER: marker, FORCE_COLOR: '0' };
const servers: Server[] = [];

beforeAll(() => {
  const tarballs = path.join(root, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  for (const name of packages) {
    if (name !== 'mock') expect(existsSync(path.join(toolRoot, 'packages', name, 'dist', 'index.js')), `packages/${name}/dist: run \`pnpm build\` first`).toBe(true);
  }
  // Every package of the workspace packed by one pnpm, as `pnpm -r publish` packs them.
  const pack = spawnSync('pnpm', ['-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballs], { cwd: toolRoot, encoding: 'utf8', env });
  expect(pack.status, pack.stderr).toBe(0);
  for (const name of packages) {
    const { name: packageName, version } = manifestOf(name);
    const tarball = path.join(tarballs, `${packageName.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
    expect(existsSync(tarball), tarball).toBe(true);
    mkdirSync(path.dirname(unpacked(name)), { recursive: true });
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', path.dirname(unpacked(name))], { encoding: 'utf8' });
    expect(untar.status, untar.stderr).toBe(0);
  }
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const files = readdirSync(tarballs).map((file) => path.join(tarballs, file));
  expect(files).toHaveLength(packages.length);
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files], { cwd: app, encoding: 'utf8', env });
  expect(install.status, install.stderr).toBe(0);
});

afterAll(() => {
  for (const server of servers) server.close();
  for (const { pid } of processesWithEnv('PAYSPEC_PROCESS_MARKER', marker)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe.each(packages)('the packed @payspec/%s', (name) => {
  const license = readFileSync(path.join(toolRoot, 'LICENSE'), 'utf8');
  // This machine's paths: the repository and the temporary folders (the run's, and the one it replaced: tests/setup/tmpdir.ts).
  const temporary = [tmpdir(), ...(process.env.PAYSPEC_OUTER_TMPDIR ? [process.env.PAYSPEC_OUTER_TMPDIR] : [])];
  const machinePaths = [...new Set([toolRoot, realpathSync(toolRoot), ...temporary, ...temporary.map((dir) => realpathSync(dir))])];

  it('holds no compiler state and the LICENSE, names the project, and no path of this machine', async () => {
    const dir = unpacked(name);
    const files = await listFiles(dir);
    expect(files).toContain('package.json');
    expect(files.filter((file) => /tsbuildinfo/i.test(file))).toEqual([]);
    expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toBe(license);
    if (name !== 'mock') expect(files).toContain('dist/index.js');

    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe(`@payspec/${name}`);
    expect(pkg.version).toBe(manifestOf(name).version);
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/payspec/payspec.git', directory: `packages/${name}` });
    expect(pkg.homepage).toBe(`https://github.com/payspec/payspec/tree/main/packages/${name}#readme`);
    expect(pkg.bugs).toEqual({ url: 'https://github.com/payspec/payspec/issues' });
    // pnpm rewrote the workspace range: a provider depends on the runtime packed beside it.
    expect(JSON.stringify(pkg.dependencies ?? {})).not.toContain('workspace:');
    if (providers.includes(name)) expect(pkg.dependencies['@payspec/runtime']).toBe(`^${manifestOf('runtime').version}`);

    // Source and declaration maps point at the shipped sources, relatively.
    const maps = files.filter((file) => file.endsWith('.map'));
    if (name !== 'mock') expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources, sourceRoot } = JSON.parse(readFileSync(path.join(dir, map), 'utf8')) as { sources: string[]; sourceRoot?: string };
      expect(sourceRoot ?? '', map).toBe('');
      for (const source of sources) {
        expect(path.isAbsolute(source), `${map}: ${source}`).toBe(false);
        expect(files, `${map}: ${source}`).toContain(path.posix.join(path.posix.dirname(map), source));
      }
    }
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'latin1');
      for (const machinePath of machinePaths) expect(text.includes(machinePath), `${file} holds ${machinePath}`).toBe(false);
    }
  });
});

/** One request per client, read from its generated spec (helpers/from-specs/client-call.ts). */
const clientCall = (provider: string) => clientCallOf(generatedSpec(provider), provider);
const okExample = (provider: string, route: string) => okExampleOf(generatedSpec(provider), route);

describe('the installed clients', () => {
  it('every provider of the registry has a call derived from its spec: credentials of the declared form, a GET by example ids', () => {
    for (const provider of providers) {
      const call = clientCall(provider);
      expect(Object.keys(call.options).length, `${provider}: a credential option`).toBeGreaterThan(0);
      expect(Object.keys(call.params).length, `${provider}: path parameters`).toBeGreaterThan(0);
    }
  });

  it('each client, imported from its installed package, sends its request through a custom fetch and returns the answer', () => {
    // One copy of the runtime: the providers' `^version` range resolved to the packed runtime.
    for (const provider of providers) expect(existsSync(path.join(app, 'node_modules/@payspec', provider, 'node_modules/@payspec/runtime'))).toBe(false);
    const clientCalls = Object.fromEntries(providers.map((provider) => [provider, clientCall(provider)]));
    const cases = providers.map((provider) => ({ provider, package: `@payspec/${provider}`, ...clientCalls[provider]!, body: okExample(provider, clientCalls[provider]!.path) }));
    writeFileSync(path.join(app, 'clients.json'), JSON.stringify(cases));
    writeFileSync(
      path.join(app, 'clients.mjs'),
      `import { readFileSync } from 'node:fs';
const results = [];
for (const c of JSON.parse(readFileSync('clients.json', 'utf8'))) {
  const client = await import(c.package);
  const factory = Object.keys(client).find((name) => /^create\\w+Client$/.test(name));
  const sent = [];
  const fetch = async (input, init) => {
    const request = new Request(input, init);
    sent.push({ method: request.method, url: request.url, headers: [...request.headers.keys()] });
    return new Response(JSON.stringify(c.body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const api = client[factory]({ ...c.options, fetch });
  const data = await client.unwrap(api.GET(c.path, { params: { path: c.params } }));
  results.push({ provider: c.provider, factory, resolved: import.meta.resolve(c.package), sent, data });
}
console.log(JSON.stringify(results));
`,
    );
    const call = spawnSync(process.execPath, ['clients.mjs'], { cwd: app, encoding: 'utf8', env, timeout: 120_000 });
    expect(call.status, call.stderr).toBe(0);
    const results = JSON.parse(call.stdout) as { provider: string; factory: string; resolved: string; sent: { method: string; url: string; headers: string[] }[]; data: unknown }[];
    expect(results.map((r) => r.provider)).toEqual(providers);
    for (const { provider, factory, resolved, sent, data } of results) {
      const index = readFileSync(path.join(toolRoot, 'packages', provider, 'src/index.ts'), 'utf8');
      expect(factory).toBe(/export function (create\w+Client)/.exec(index)?.[1]);
      expect(resolved).toBe(`file://${realpathSync(app)}/node_modules/@payspec/${provider}/dist/index.js`);
      const { path: route, params } = clientCalls[provider]!;
      const url = `${generatedSpec(provider).servers[0].url}${route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!))}`;
      expect(sent.map(({ method, url }) => ({ method, url })), provider).toEqual([{ method: 'GET', url }]);
      // Authenticated: a credential header or a signature.
      expect(sent[0]!.headers.some((header) => header === 'authorization' || header === 'signature'), `${provider}: ${sent[0]!.headers.join(', ')}`).toBe(true);
      expect(data, provider).toEqual(okExample(provider, route));
    }
  });
});

// A command that should end does so quickly; one that serves instead must not hang the test.
const run = (...args: string[]) => spawnSync(bin, args, { cwd: app, encoding: 'utf8', env, timeout: 120_000, killSignal: 'SIGTERM' });

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
    expect(version.stdout.trim()).toBe(manifestOf('mock').version);
  });

  it('says in one line which package is missing', () => {
    // Every provider's package is installed here: a name that is none of them.
    expect(providers).not.toContain('adyen');
    const missing = run('adyen');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('payspec-mock: @payspec/adyen is not installed here: npm install @payspec/adyen (or pass the path of a spec)');
  });

  it('reports a busy port in one line', async () => {
    const server = createServer();
    servers.push(server);
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    const busy = run('stancer', '--port', String(port));
    expect(busy.status).toBe(1);
    expect(busy.stderr.trim()).toBe(`payspec-mock: 127.0.0.1:${port} is already in use: pick another port with --port`);
  });

  /** The journey the installed client makes against a mock at `baseUrl`, as a module printing what it saw. */
  const journey = `import { createStancerClient, unwrap } from '@payspec/stancer';
export async function journey(baseUrl) {
  const stancer = createStancerClient({ secretKey: 'stest_placeholder00000000000000', baseUrl, maxRetries: 0 });
  const example = await stancer.GET('/customers/{id}', { params: { path: { id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } } });
  const created = await unwrap(stancer.POST('/customers', { body: { email: 'ada@example.com', name: 'Ada Lovelace' } }));
  const at = { params: { path: { id: created.id } } };
  const read = await unwrap(stancer.GET('/customers/{id}', at));
  await unwrap(stancer.PATCH('/customers/{id}', { ...at, body: { name: 'Ada King' } }));
  const updated = await unwrap(stancer.GET('/customers/{id}', at));
  await unwrap(stancer.DELETE('/customers/{id}', at));
  const gone = await stancer.GET('/customers/{id}', at);
  return { example: example.response.status, violations: example.response.headers.get('sl-violations'), fresh: created.id !== 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk', read: [read.email, read.name], updated: updated.name, gone: gone.response.status };
}
`;
  const expected = { example: 200, violations: null, fresh: true, read: ['ada@example.com', 'Ada Lovelace'], updated: 'Ada King', gone: 404 };

  it('startMock serves the provider in the caller\'s process: the installed client\'s journey, reset() and stop()', () => {
    writeFileSync(path.join(app, 'journey.mjs'), journey);
    writeFileSync(
      path.join(app, 'api.mjs'),
      `import { startMock } from '@payspec/mock';
import { journey } from './journey.mjs';
const mock = await startMock('stancer');
const seen = await journey(mock.url);
// A customer made before reset() is gone after it; the spec's examples are back.
const { createStancerClient } = await import('@payspec/stancer');
const stancer = createStancerClient({ secretKey: 'stest_placeholder00000000000000', baseUrl: mock.url });
const made = await stancer.POST('/customers', { body: { email: 'b@example.com', name: 'Babbage' } });
mock.reset();
const afterReset = await stancer.GET('/customers/{id}', { params: { path: { id: made.data.id } } });
await mock.stop();
const stopped = await fetch(mock.url).then(() => 'answered', () => 'refused');
console.log(JSON.stringify({ ...seen, afterReset: afterReset.response.status, stopped }));
`,
    );
    const call = spawnSync(process.execPath, ['api.mjs'], { cwd: app, encoding: 'utf8', env });
    expect(call.status, call.stderr).toBe(0);
    expect(JSON.parse(call.stdout)).toEqual({ ...expected, afterReset: 404, stopped: 'refused' });
  });

  it('payspec-mock serves the provider: the installed client\'s journey, and SIGTERM stops it (one process, no Prism CLI)', async () => {
    const port = await freePort();
    const mock: ChildProcess = spawn(bin, ['stancer', '--port', String(port)], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    mock.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    mock.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 120_000, interval: 100 }).toContain(`stancer mock listening on http://127.0.0.1:${port}`);
    const running = processesWithEnv('PAYSPEC_PROCESS_MARKER', marker);
    expect(running.some((p) => p.command.includes('payspec-mock'))).toBe(true);
    expect(running.some((p) => p.command.includes('prism-cli'))).toBe(false);

    writeFileSync(path.join(app, 'journey.mjs'), journey);
    writeFileSync(path.join(app, 'call.mjs'), `import { journey } from './journey.mjs';\nconsole.log(JSON.stringify(await journey(process.argv[2])));\n`);
    const call = spawnSync(process.execPath, ['call.mjs', `http://127.0.0.1:${port}`], { cwd: app, encoding: 'utf8', env });
    expect(call.status, call.stderr).toBe(0);
    expect(JSON.parse(call.stdout)).toEqual(expected);
    // One line per request, the status it got.
    await expect.poll(() => output, { timeout: 30_000, interval: 50 }).toMatch(/GET \/customers\/cust_\w+ → 404/);
    expect(output).toMatch(/POST \/customers → 200/);

    const exited = new Promise<number | null>((resolve) => mock.on('exit', (code) => resolve(code)));
    mock.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await awaitGone('PAYSPEC_PROCESS_MARKER', marker)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
