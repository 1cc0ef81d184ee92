/**
 * The mock benchmark: payspec's own mock (`packages/mock/bin/payspec-mock.mjs`) against Prism's CLI,
 * on each registry provider's generated spec. Each server is a fresh process of its own (its own
 * process group, killed whole afterwards): the time from spawning it to its first HTTP answer, over
 * several runs taken in turns, then the requests per second it answers for the same GET (`fetch`,
 * a fixed number in flight, rounds taken in turns) and the CPU its processes spent per request
 * (Linux: /proc). A server that does not start or answer has an `error` instead of a figure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../packages/mock/src/server/start.mjs';
import { readRegistry } from '../spec/registry.js';
import { toolRoot } from '../shared/paths.js';
import { readYaml } from '../shared/yaml-file.js';
import { benchRequest } from './mock-request.js';

const prismPackage = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
const prismCli = path.join(path.dirname(prismPackage), (JSON.parse(readFileSync(prismPackage, 'utf8')) as { bin: { prism: string } }).bin.prism);

export const SERVERS = {
  'payspec mock': (spec: string, port: number) => ['packages/mock/bin/payspec-mock.mjs', spec, '--port', String(port)],
  Prism: (spec: string, port: number) => [prismCli, 'mock', spec, '--host', '127.0.0.1', '--port', String(port)],
};
export type ServerName = keyof typeof SERVERS;
const NAMES = Object.keys(SERVERS) as ServerName[];

export interface Spread {
  median: number;
  min: number;
  max: number;
}
/** Why a server gave no figure: it did not start, or did not answer 200. */
export type Failed = { error: string };
export type Throughput = { rps: number; cpuUsPerRequest: number } | Failed;
export interface MockResult {
  provider: string;
  readyMs: Record<ServerName, Spread | Failed>;
  /** The request measured, or why none was. */
  request: string;
  throughput?: Record<ServerName, Throughput>;
}
export interface MockOptions {
  runs: number;
  warmup: number;
  count: number;
  /** The throughput's requests are taken in this many rounds per server, in turns. */
  rounds: number;
  concurrency: number;
}

interface Server {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
  log: () => string;
}

const live = new Set<number>();
const killGroup = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
};
const killAll = () => live.forEach((pid) => killGroup(pid, 'SIGKILL'));

/** Spawns a server in a process group of its own, its output to a file (a pipe would make it wait for this busy process). */
async function start(name: ServerName, spec: string, logDir: string): Promise<Server> {
  const port = await freePort();
  const logFile = path.join(logDir, `${name.replace(/\W/g, '-')}-${port}.log`);
  const fd = openSync(logFile, 'w');
  try {
    const child = spawn(process.execPath, SERVERS[name](spec, port), { cwd: toolRoot, detached: true, stdio: ['ignore', fd, fd] });
    live.add(child.pid!);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return { child, port, exited, log: () => readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' / ').slice(-400) };
  } finally {
    closeSync(fd);
  }
}

async function stop(server: Server): Promise<void> {
  const pid = server.child.pid!;
  killGroup(pid, 'SIGTERM');
  await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  // Whatever of the group is left (a child of the server, or a server that ignored SIGTERM).
  killGroup(pid, 'SIGKILL');
  await server.exited;
  live.delete(pid);
}

/** Resolves at the first byte of an HTTP answer: a connection tried every 2 ms until one is accepted. */
function firstAnswer(server: Server, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (exited || performance.now() > deadline) return reject(new Error(`${exited ? 'exited' : 'not listening after 60 s'}: ${server.log()}`));
      const socket = connect(server.port, '127.0.0.1');
      socket.once('connect', () => socket.end('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n'));
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 2);
      });
    };
    attempt();
  });
}

/** CPU time (ms) of the live processes of a process group (Linux; NaN elsewhere). */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // After the command name: state, ppid, pgrp, ..., utime and stime (the 14th and 15th fields), in 1/100 s.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return Number.NaN;
  }
  return ticks * 10;
}

/** `count` requests, `concurrency` in flight; the statuses other than 200 counted. */
async function load(url: string, headers: Record<string, string>, count: number, concurrency: number): Promise<{ ms: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, failed };
}

/**
 * Both servers started (as for the ready time), the request checked (200) and warmed up on each, then
 * `rounds` rounds of `count / rounds` requests taken in turns, so that a machine busier for a while
 * weighs on both: requests per second and the server's CPU per request over all its rounds.
 */
async function throughputs(spec: string, request: { path: string; headers: Record<string, string> }, options: MockOptions, logDir: string): Promise<Record<ServerName, Throughput>> {
  const results = {} as Record<ServerName, Throughput>;
  const ready: { name: ServerName; server: Server; url: string; ms: number; cpuMs: number }[] = [];
  try {
    for (const name of NAMES) {
      try {
        const server = await start(name, spec, logDir);
        ready.push({ name, server, url: `http://127.0.0.1:${server.port}${request.path}`, ms: 0, cpuMs: 0 });
        await firstAnswer(server);
        const check = await fetch(ready.at(-1)!.url, { headers: request.headers });
        if (check.status !== 200) throw new Error(`answered ${check.status}: ${(await check.text()).slice(0, 200)}`);
        await load(ready.at(-1)!.url, request.headers, options.warmup, options.concurrency);
      } catch (error) {
        results[name] = { error: (error as Error).message };
      }
    }
    const measured = ready.filter(({ name }) => !results[name]);
    const perRound = Math.ceil(options.count / options.rounds);
    for (let round = 0; round < options.rounds; round++) {
      for (const entry of round % 2 === 0 ? measured : [...measured].reverse()) {
        const cpuBefore = groupCpuMs(entry.server.child.pid!);
        const { ms, failed } = await load(entry.url, request.headers, perRound, options.concurrency);
        entry.cpuMs += groupCpuMs(entry.server.child.pid!) - cpuBefore;
        entry.ms += ms;
        if (failed > 0) results[entry.name] ??= { error: `${failed} of ${perRound} answers were not 200` };
      }
    }
    const total = perRound * options.rounds;
    for (const { name, ms, cpuMs } of measured) results[name] ??= { rps: (total * 1000) / ms, cpuUsPerRequest: (cpuMs * 1000) / total };
    return results;
  } finally {
    for (const { server } of ready) await stop(server);
  }
}

/** Milliseconds from spawning a server to its first HTTP answer. */
async function readyTime(name: ServerName, spec: string, logDir: string): Promise<number> {
  const started = performance.now();
  const server = await start(name, spec, logDir);
  try {
    await firstAnswer(server);
    return performance.now() - started;
  } finally {
    await stop(server);
  }
}

const spread = (values: number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
};

export async function benchMock(options: MockOptions): Promise<MockResult[]> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'payspec-bench-mock-'));
  // Nothing left running, whatever ends this process (the servers are out of its process group: a Ctrl+C does not reach them).
  const interrupted = (signal: NodeJS.Signals) => () => {
    killAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onSignal = { SIGINT: interrupted('SIGINT'), SIGTERM: interrupted('SIGTERM') };
  process.on('exit', killAll).on('SIGINT', onSignal.SIGINT).on('SIGTERM', onSignal.SIGTERM);
  try {
    const providers = await readRegistry();
    const results: MockResult[] = [];
    // One start of each server, not counted: the first provider's runs would otherwise pay for a cold file cache.
    for (const name of NAMES) await readyTime(name, `generated/${providers[0]!.name}/openapi.yaml`, logDir).catch(() => undefined);
    for (const provider of providers) {
      const spec = `generated/${provider.name}/openapi.yaml`;
      const samples = Object.fromEntries(NAMES.map((name) => [name, [] as number[]])) as Record<ServerName, number[]>;
      const failed: Partial<Record<ServerName, Failed>> = {};
      for (let run = 0; run < options.runs; run++) {
        // In turns, each run starting with the other server, so that neither always starts on a quieter machine.
        for (const name of run % 2 === 0 ? NAMES : [...NAMES].reverse()) {
          if (failed[name]) continue;
          await readyTime(name, spec, logDir).then(
            (ms) => samples[name].push(ms),
            (error: Error) => (failed[name] = { error: error.message }),
          );
        }
      }
      const readyMs = Object.fromEntries(NAMES.map((name) => [name, failed[name] ?? spread(samples[name])])) as MockResult['readyMs'];
      const request = await benchRequest((await readYaml(spec)).data as Record<string, any>, provider.name);
      if ('skipped' in request) {
        results.push({ provider: provider.name, readyMs, request: request.skipped });
        continue;
      }
      results.push({ provider: provider.name, readyMs, request: request.what, throughput: await throughputs(spec, request, options, logDir) });
    }
    return results;
  } finally {
    killAll();
    process.off('exit', killAll).off('SIGINT', onSignal.SIGINT).off('SIGTERM', onSignal.SIGTERM);
    rmSync(logDir, { recursive: true, force: true });
  }
}
