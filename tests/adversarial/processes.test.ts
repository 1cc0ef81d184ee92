/**
 * No mock outlives the command that started it: `pnpm mock` and `pnpm test` (its mock host) killed
 * with SIGTERM, SIGKILL or (for `pnpm mock`) SIGINT to the pnpm process alone. Every process started here carries
 * a unique marker in its environment, so the test finds exactly its own processes in /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { freePort } from '../../scripts/mock/start-mock.js';
import { awaitGone, processesWithEnv } from '../helpers/processes.js';

const started: string[] = [];

const processesWith = (marker: string) => processesWithEnv('PAYSPEC_PROCESS_MARKER', marker);

function launch(args: string[], ready: RegExp): { child: ChildProcess; marker: string; ready: Promise<void>; output: () => string } {
  const marker = randomUUID();
  started.push(marker);
  const child = spawn('pnpm', args, { cwd: toolRoot, env: { ...process.env, PAYSPEC_PROCESS_MARKER: marker, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const isReady = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', (code) => reject(new Error(`pnpm ${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, marker, ready: isReady, output: () => output };
}

async function expectNoneLeft(marker: string): Promise<void> {
  expect(await awaitGone('PAYSPEC_PROCESS_MARKER', marker)).toEqual([]);
}

afterAll(() => {
  // Whatever happened above, nothing of ours is left running.
  for (const marker of started) for (const { pid } of processesWith(marker)) process.kill(pid, 'SIGKILL');
});

describe.concurrent('pnpm mock serves a provider and stops with pnpm', () => {
  it.each(['SIGTERM', 'SIGKILL', 'SIGINT'] as const)('when pnpm gets %s', async (signal) => {
    const port = await freePort();
    const run = launch(['mock', 'stancer', '--port', String(port)], /mock listening on/);
    await run.ready;
    expect(run.output()).toContain(`stancer mock listening on http://127.0.0.1:${port}`);
    expect(processesWith(run.marker).some((p) => p.command.includes('bundled.mjs mock'))).toBe(true);
    const response = await fetch(`http://127.0.0.1:${port}/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk`, {
      headers: { authorization: `Basic ${Buffer.from('stest_placeholder:').toString('base64')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(((await response.json()) as { id: string }).id).toBe('cust_9Cle7TXKkjhwqcWx4Kl5cQYk');
    const exited = new Promise<number | null>((resolve) => run.child.on('exit', (code) => resolve(code)));
    run.child.kill(signal);
    // A signal it handles is a clean stop (pnpm passes on the exit code); SIGKILL ends pnpm at once.
    if (signal !== 'SIGKILL') expect(await exited).toBe(0);
    await expectNoneLeft(run.marker);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});

describe.concurrent('pnpm test stops its mock host', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)('when pnpm gets %s', async (signal) => {
    const run = launch(['test', '--config', 'tests/adversarial/fixtures/hold.config.ts'], /payspec-hold: mocks ready/);
    await run.ready;
    expect(processesWith(run.marker).some((p) => p.command.includes('mock-host.mjs'))).toBe(true);
    run.child.kill(signal);
    await expectNoneLeft(run.marker);
  });
});
