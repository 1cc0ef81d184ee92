/**
 * Every client of the registry in every runtime the README names: Node, Bun, Deno, Cloudflare's
 * workerd (through Miniflare, with and without `nodejs_compat`) and Vercel's edge runtime. The
 * built packages (`pnpm build`) are bundled with esbuild into one module that makes each client's
 * call (derived from its spec, helpers/from-specs/client-call.ts) through a recording `fetch`; each runtime
 * runs it, and the test checks the request each client sent (signed or authenticated, the
 * `User-Agent` naming that runtime) and the data it returned.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { clientCallOf, okExampleOf } from '../helpers/from-specs/client-call.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

const providers = (await readRegistry()).map((provider) => provider.name);
const dir = mkdtempSync(path.join(tmpdir(), 'payspec-runtimes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = providers.map((provider) => {
  const call = clientCallOf(generatedSpec(provider), provider);
  return { provider, ...call, body: okExampleOf(generatedSpec(provider), call.path) };
});

/** What the module reports for each client. */
interface Outcome {
  provider: string;
  data: unknown;
  sent: { method: string; url: string; headers: Record<string, string> }[];
}

// One call per client, through a fetch that records the request and answers with the spec's example.
const source = `${providers.map((provider, i) => `import * as client${i} from ${JSON.stringify(path.join(toolRoot, 'packages', provider, 'dist', 'index.js'))};`).join('\n')}
const clients = [${providers.map((_, i) => `client${i}`).join(', ')}];
const cases = ${JSON.stringify(cases)};
export async function run() {
  const outcomes = [];
  for (const [i, c] of cases.entries()) {
    const client = clients[i];
    const factory = Object.keys(client).find((name) => /^create\\w+Client$/.test(name));
    const sent = [];
    const fetch = async (request) => {
      sent.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers) });
      return new Response(JSON.stringify(c.body), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const api = client[factory]({ ...c.options, fetch });
    const data = await client.unwrap(api.GET(c.path, { params: { path: c.params } }));
    outcomes.push({ provider: c.provider, data, sent });
  }
  return outcomes;
}
export default { async fetch() { return Response.json(await run()); } };
`;

const esm = path.join(dir, 'clients.mjs');
const iife = path.join(dir, 'clients.js');
beforeAll(async () => {
  for (const provider of providers) expect(existsSync(path.join(toolRoot, 'packages', provider, 'dist', 'index.js')), `packages/${provider}/dist: run \`pnpm build\` first`).toBe(true);
  writeFileSync(path.join(dir, 'entry.mjs'), source);
  // For the runtimes without Node's modules: what a browser or edge bundler would produce.
  const common = { entryPoints: [path.join(dir, 'entry.mjs')], bundle: true, platform: 'browser' as const, target: 'es2022', nodePaths: [path.join(toolRoot, 'node_modules')], logLevel: 'error' as const };
  await build({ ...common, format: 'esm', outfile: esm });
  await build({ ...common, format: 'iife', globalName: 'payspecClients', outfile: iife });
});

const bin = (name: string) => path.join(toolRoot, 'node_modules', '.bin', name);

/** Runs the module with a command-line runtime; its outcomes. */
function runWith(command: string, args: string[]): Outcome[] {
  const runner = path.join(dir, 'runner.mjs');
  writeFileSync(runner, `import { run } from './clients.mjs';\nconsole.log(JSON.stringify(await run()));\n`);
  const result = spawnSync(command, [...args, runner], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } });
  expect(result.status, `${command}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Outcome[];
}

async function runInWorkerd(flags: string[]): Promise<Outcome[]> {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({ modules: true, script: readFileSync(esm, 'utf8'), compatibilityDate: '2025-09-01', compatibilityFlags: flags });
  try {
    const response = await mf.dispatchFetch('http://localhost/');
    expect(response.status).toBe(200);
    return (await response.json()) as Outcome[];
  } finally {
    await mf.dispose();
  }
}

async function runInEdgeRuntime(): Promise<Outcome[]> {
  const { EdgeRuntime } = await import('edge-runtime');
  const runtime = new EdgeRuntime({ initialCode: readFileSync(iife, 'utf8') });
  return (await runtime.evaluate<Promise<Outcome[]>>('payspecClients.run()')) as Outcome[];
}

const version = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' }).stdout.trim();

const runtimes: [name: string, expected: () => RegExp, outcomes: () => Promise<Outcome[]> | Outcome[]][] = [
  ['Node', () => new RegExp(`\\(node/${process.versions.node.replace(/\./g, '\\.')}\\)$`), () => runWith(process.execPath, [])],
  ['Bun', () => new RegExp(`\\(bun/${version(bin('bun'), ['--version']).replace(/\./g, '\\.')}\\)$`), () => runWith(bin('bun'), ['run'])],
  ['Deno', () => /\(deno\/\d+\.\d+\.\d+\)$/, () => runWith(bin('deno'), ['run', '--no-prompt', '--no-config'])],
  ["Cloudflare's workerd", () => /\(workerd\)$/, () => runInWorkerd([])],
  ["Cloudflare's workerd with nodejs_compat", () => /\(workerd\)$/, () => runInWorkerd(['nodejs_compat'])],
  ["Vercel's edge runtime", () => /\(edge-runtime\)$/, () => runInEdgeRuntime()],
];

describe.each(runtimes)('every client in %s', (_name, expected, outcomes) => {
  it('sends its authenticated request, names the runtime in its User-Agent, and returns the data', async () => {
    const results = await outcomes();
    expect(results.map((result) => result.provider)).toEqual(providers);
    for (const [i, { provider, data, sent }] of results.entries()) {
      const c = cases[i]!;
      const url = `${generatedSpec(provider).servers[0].url}${c.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(c.params[name]!))}`;
      expect(sent.map(({ method, url }) => ({ method, url })), provider).toEqual([{ method: 'GET', url }]);
      const headers = sent[0]!.headers;
      expect(Object.keys(headers).some((name) => name === 'authorization' || name === 'signature'), `${provider}: ${Object.keys(headers).join(', ')}`).toBe(true);
      expect(headers['user-agent'], provider).toMatch(new RegExp(`^payspec-${provider}/\\d+\\.\\d+\\.\\d+ `));
      expect(headers['user-agent'], provider).toMatch(expected());
      expect(data, provider).toEqual(c.body);
    }
  });
});
