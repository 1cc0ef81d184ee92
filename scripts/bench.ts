/**
 * `pnpm bench`: the figures the README and guides/figures.md record, measured in one run on this machine.
 *
 *   pnpm bench              build and request path
 *   pnpm bench build        only the build figures
 *   pnpm bench requests     only the request path
 *   pnpm bench size         only the bundle sizes (exits 1 when a package is over budget or bundles a signer it does not use)
 *   pnpm bench tests        only the test suite: \`pnpm test\`'s wall and CPU time and its slowest files (and records
 *                           the files' durations in tests/setup/durations.json, which orders the files on a new machine)
 *   pnpm bench mock         only payspec's mock against Prism's CLI, for each provider: start-up time and requests per second
 *   --quick                 fewer rounds and requests (a smoke run, not figures to record)
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prepareBuild, runBuild, scratchCopy, syntheticProject, type RunStats } from './bench/build.js';
import { benchMock, type Failed, type MockOptions, type MockResult, type Spread, type Throughput } from './bench/mock.js';
import { benchRequests, serverMain, type RequestResult } from './bench/requests.js';
import { benchSizes, KB, sizeProblems } from './bench/size.js';
import { benchTests, recordDurations } from './bench/tests.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function buildRow(label: string, stats: RunStats, target?: string): string {
  return `| ${label} | ${seconds(stats.wallMs)} | ${seconds(stats.cpuMs)} | ${Math.round(stats.maxRssMb)} MB | ${target ?? ''} |`;
}

async function benchBuild(quick: boolean): Promise<string[]> {
  const rows: string[] = [];
  const check = (stats: RunStats, what: string, code = 0) => {
    if (stats.code !== code) throw new Error(`${what}: the build exited with ${stats.code}\n${stats.output}`);
  };

  prepareBuild();
  const project = scratchCopy();
  try {
    const cold = await runBuild(project.root);
    check(cold, 'cold build');
    rows.push(buildRow('cold build, 5 providers (no cache)', cold, '≤ 8 s'));
    const noop = await runBuild(project.root);
    check(noop, 'no-op build');
    if (!/everything is up to date/.test(noop.output)) throw new Error(`the no-op build built something:\n${noop.output}`);
    rows.push(buildRow('no-op rebuild (nothing changed)', noop, '≤ 1.5 s'));
    const spec = path.join(project.root, 'specs/stancer/openapi.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^( {2}title: .*)$/m, '$1 (bench)'));
    const one = await runBuild(project.root, ['stancer']);
    check(one, 'one provider');
    rows.push(buildRow('one provider changed (`pnpm build stancer`)', one, '≤ 3 s'));
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('      summary: Delete a customer\n', ''));
    const broken = await runBuild(project.root, ['--force']);
    check(broken, 'broken spec', 1);
    rows.push(buildRow('broken spec, 5 providers: error reported', broken, '≤ 5 s'));
  } finally {
    project.remove();
  }

  const sizes = quick ? [5, 10] : [5, 25, 50];
  const walls: number[] = [];
  for (const count of sizes) {
    const synthetic = syntheticProject(count);
    try {
      const stats = await runBuild(synthetic.root);
      check(stats, `${count} synthetic providers`);
      rows.push(buildRow(`${count} synthetic providers, cold`, stats, count === 50 ? '≤ 60 s, ≤ 1.5 GB' : undefined));
      walls.push(stats.wallMs);
    } finally {
      synthetic.remove();
    }
  }
  return [
    '| build | wall | CPU | peak memory | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    // The cost of each provider beyond a fixed start-up: flat when the pipeline scales linearly.
    `Wall time per added provider: ${sizes.slice(1).map((count, i) => `${sizes[i]} → ${count}: ${seconds((walls[i + 1]! - walls[i]!) / (count - sizes[i]!))}`).join(', ')}.`,
  ];
}

function requestRows(results: RequestResult[]): string[] {
  const byName = new Map(results.map((result) => [result.name, result]));
  const heaps = results.map((result) => result.heapMb);
  return [
    '| request | CPU per request | wall per request | CPU vs raw fetch | target |',
    '| --- | --- | --- | --- | --- |',
    ...results.map((result) => {
      const base = result.baseline ? byName.get(result.baseline) : undefined;
      const ratio = base ? `${(result.cpuUs / base.cpuUs).toFixed(2)}×` : '1.00× (baseline)';
      const target = !base || !/payspec/.test(result.name) ? '' : /Signature|JWT|RSA/.test(result.name) ? '≤ 1.6×' : /GET/.test(result.name) ? '≤ 1.3×' : '';
      return `| ${result.name} | ${result.cpuUs.toFixed(0)} µs | ${result.wallUs.toFixed(0)} µs | ${ratio} | ${target} |`;
    }),
    '',
    `Heap after each case's last round (after GC): ${Math.min(...heaps).toFixed(1)} to ${Math.max(...heaps).toFixed(1)} MB.`,
  ];
}

function mockRows(results: MockResult[], options: MockOptions): string[] {
  const ms = (s: Spread | Failed) => ('error' in s ? 'failed (below)' : `${Math.round(s.median)} ms (${Math.round(s.min)}–${Math.round(s.max)})`);
  const rps = (t: Throughput | undefined) => (!t ? 'skipped' : 'error' in t ? 'failed (below)' : `${Math.round(t.rps)} req/s`);
  const cpu = (t: Throughput | undefined) => (t && 'rps' in t && !Number.isNaN(t.cpuUsPerRequest) ? `${Math.round(t.cpuUsPerRequest)} µs` : '');
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  return [
    `Mock servers, each a fresh process on this machine's ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), on the provider's generated spec.`,
    `Ready: spawn to the first HTTP answer (a connection tried every 2 ms), median (min–max) of ${options.runs} runs each, the two servers in turns.`,
    '',
    '| provider | payspec mock ready | Prism ready | Prism / payspec |',
    '| --- | --- | --- | --- |',
    ...results.map(({ provider, readyMs: { 'payspec mock': ours, Prism: prism } }) => `| ${provider} | ${ms(ours)} | ${ms(prism)} | ${'median' in ours && 'median' in prism ? ratio(prism.median, ours.median) : ''} |`),
    '',
    `Throughput: the same GET of an example item (placeholder credentials: an HTTP Basic or Bearer header, or a request the generated client signed once), ${options.count} requests after ${options.warmup} warm-up in ${options.rounds} rounds per server taken in turns, ${options.concurrency} in flight, by \`fetch\` in this process (it shares the cores with the server); CPU: the server's processes per request.`,
    '',
    '| provider | request | payspec mock | Prism | payspec / Prism | CPU per request (payspec / Prism) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const [ours, prism] = [r.throughput?.['payspec mock'], r.throughput?.Prism];
      const both = ours && prism && 'rps' in ours && 'rps' in prism;
      return `| ${r.provider} | ${r.request} | ${rps(ours)} | ${rps(prism)} | ${both ? ratio(ours.rps, prism.rps) : ''} | ${both ? `${cpu(ours)} / ${cpu(prism)}` : ''} |`;
    }),
  ];
}

/** The size table, and what is wrong (over budget, or signing code a package does not use). */
async function benchSize(): Promise<{ rows: string[]; problems: string[] }> {
  const results = await benchSizes();
  const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} kB`;
  const rows = [
    'Minimal consumer of each package (create the client, one call), bundled with esbuild for the browser, minified; gzip level 9.',
    '',
    '| package | minified | gzipped | target (gzipped) | optional runtime features in the bundle |',
    '| --- | --- | --- | --- | --- |',
    ...results.map((r) => `| @payspec/${r.slug} | ${kb(r.minBytes)} | ${kb(r.gzipBytes)} | ≤ ${r.targetBytes / KB} kB${r.gzipBytes > r.targetBytes ? ' (over)' : ''} | ${r.features.join(', ') || 'none'} |`),
  ];
  return { rows, problems: results.flatMap(sizeProblems) };
}

/** The test suite, run as `pnpm test` runs it: wall and CPU time, the counts, the slowest files. */
async function benchTestSuite(): Promise<{ rows: string[]; problems: string[] }> {
  const run = await benchTests();
  recordDurations(run.files);
  const rows = [
    '| test suite (`pnpm test`) | wall | CPU (all processes) | tests | files |',
    '| --- | --- | --- | --- | --- |',
    `| ${run.code === 0 ? 'passed' : `failed (exit ${run.code})`} | ${seconds(run.wallMs)} | ${seconds(run.cpuMs)} | ${run.tests.passed} passed, ${run.tests.failed} failed, ${run.tests.skipped} skipped | ${run.files.length} |`,
    '',
    `Slowest files (their own duration, slowed by the files running beside them): ${run.files
      .slice(0, 8)
      .map((f) => `${f.file.replace(/^tests\//, '')} ${f.seconds.toFixed(1)} s`)
      .join(', ')}.`,
  ];
  return { rows, problems: run.code === 0 ? [] : [`pnpm test failed:\n${run.output.split('\n').slice(-40).join('\n')}`] };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = process.argv.slice(2).find((arg) => arg === 'build' || arg === 'requests' || arg === 'size' || arg === 'tests' || arg === 'mock');
  if ((only === undefined || only === 'requests') && !(globalThis as { gc?: unknown }).gc) console.warn('(run with --expose-gc, as `pnpm bench` does, for heap figures after GC)');
  console.log(`payspec bench: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}${quick ? ', quick run' : ''}\n`);
  const problems: string[] = [];
  if (only === undefined || only === 'build') console.log([...(await benchBuild(quick)), ''].join('\n'));
  if (only === undefined || only === 'tests') {
    const tests = await benchTestSuite();
    console.log([...tests.rows, ''].join('\n'));
    problems.push(...tests.problems);
  }
  if (only === undefined || only === 'size') {
    const size = await benchSize();
    console.log([...size.rows, ''].join('\n'));
    problems.push(...size.problems);
  }
  if (only === undefined || only === 'requests') {
    const results = await benchRequests(quick ? { count: 500, rounds: 3 } : { count: 3000, rounds: 5 });
    console.log([`Request path: ${quick ? 500 : 3000} sequential requests per round, median of ${quick ? 3 : 5} rounds, keep-alive node:http server in another process.`, '', ...requestRows(results)].join('\n'));
  }
  if (only === undefined || only === 'mock') {
    const options = quick ? { runs: 3, warmup: 100, count: 500, rounds: 2, concurrency: 16 } : { runs: 5, warmup: 200, count: 2000, rounds: 4, concurrency: 16 };
    const results = await benchMock(options);
    console.log([...(only === undefined ? [''] : []), ...mockRows(results, options)].join('\n'));
    const failures = results.flatMap((r) => [...Object.entries(r.readyMs), ...Object.entries(r.throughput ?? {})].flatMap(([name, t]) => ('error' in t ? [`${name} on ${r.provider}: ${t.error}`] : [])));
    problems.push(...new Set(failures));
  }
  if (problems.length > 0) {
    console.error(`\nproblems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}

if (process.argv.includes('--server')) serverMain();
else await main();
