import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../scripts/lib/paths.js';

// Serving, printing its URL and stopping on signals: tests/adversarial/processes.test.ts. The same
// command from an installed @payspec/mock: tests/mock-package.test.ts.
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
    const started = Date.now();
    const run = pnpmMock('stancer', '--port', String(port));
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`pnpm mock: 127.0.0.1:${port} is already in use: pick another port with --port`);
    expect(run.stdout).toBe('');
    // Found before Prism is started (Prism takes seconds to load).
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
