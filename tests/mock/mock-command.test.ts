import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { processesWithEnv } from '../helpers/processes.js';

// Serving, printing its URL and stopping on signals: tests/adversarial/processes.test.ts. The same
// command from an installed @payspec/mock: tests/packages/mock-package.test.ts.
const pnpmMock = (...args: string[]) => spawnSync('pnpm', ['--silent', 'mock', ...args], { cwd: toolRoot, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

describe('pnpm mock', () => {
  it.each(['--help', '-h'])('%s prints the usage and exits 0', (flag) => {
    const run = pnpmMock(flag);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: pnpm mock <provider> \[--port 4010\] \[--host 127\.0\.0\.1\]/);
    expect(run.stdout).toContain('providers: stancer');
    expect(run.stdout).toContain('Prefer: code=404');
  });

  it('explains its usage for an unknown provider (exit 2)', () => {
    const run = pnpmMock('nope');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pnpm mock: unknown provider "nope" \(providers: .*stancer.*\)\nusage: pnpm mock <provider>/);
  });

  it('refuses an unknown option (with the usage) and a bad port (exit 2)', () => {
    const option = pnpmMock('stancer', '--verbose');
    expect(option.status).toBe(2);
    expect(option.stderr.trim().split('\n')).toHaveLength(2);
    expect(option.stderr).toMatch(/^pnpm mock: Unknown option '--verbose'/);
    const port = pnpmMock('stancer', '--port', '70000');
    expect(port.status).toBe(2);
    expect(port.stderr.trim()).toBe('pnpm mock: --port must be a port number (1-65535), not "70000"');
  });

  it('reports a busy port in one line (exit 1), starting no Prism', async () => {
    const server = createServer();
    servers.push(server);
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    // Every process of the command carries a marker; while it runs, its processes are watched for a Prism.
    const marker = randomUUID();
    const child = spawn('pnpm', ['--silent', 'mock', 'stancer', '--port', String(port)], { cwd: toolRoot, env: { ...process.env, FORCE_COLOR: '0', PAYSPEC_PROCESS_MARKER: marker }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const commands = new Set<string>();
    let running = true;
    void exited.then(() => (running = false));
    // Prism takes seconds to load: one started would be seen here.
    while (running) {
      for (const { command } of processesWithEnv('PAYSPEC_PROCESS_MARKER', marker)) commands.add(command);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await exited).toBe(1);
    expect(stderr.trim()).toBe(`pnpm mock: 127.0.0.1:${port} is already in use: pick another port with --port`);
    expect(stdout).toBe('');
    expect(commands.size, 'the command was seen running').toBeGreaterThan(0);
    expect([...commands].filter((command) => command.includes('prism'))).toEqual([]);
  });
});
