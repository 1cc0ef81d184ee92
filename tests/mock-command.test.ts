import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolRoot } from '../scripts/lib/paths.js';
import { freePort } from '../scripts/lib/prism.js';

const tsx = path.join(toolRoot, 'node_modules/.bin/tsx');
const script = path.join(toolRoot, 'scripts/mock.ts');

describe('pnpm mock', () => {
  it('serves a provider on the given port, prints its URL, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(tsx, [script, 'stancer', '--port', String(port)], { cwd: toolRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('mock listening on') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`stancer mock listening on http://127.0.0.1:${port}`);
      const response = await fetch(`http://127.0.0.1:${port}/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk`, {
        headers: { authorization: `Basic ${Buffer.from('stest_placeholder:').toString('base64')}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(((await response.json()) as { id: string }).id).toBe('cust_9Cle7TXKkjhwqcWx4Kl5cQYk');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);

  it('explains its usage for an unknown provider', () => {
    const run = spawnSync(tsx, [script, 'nope'], { cwd: toolRoot, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/usage: pnpm mock <provider>[\s\S]*providers: .*stancer/);
  });
});
