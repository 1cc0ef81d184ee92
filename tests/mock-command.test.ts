import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolRoot } from '../scripts/lib/paths.js';

// Serving, printing its URL and stopping on signals: tests/adversarial/processes.test.ts.
const tsx = path.join(toolRoot, 'node_modules/.bin/tsx');
const script = path.join(toolRoot, 'scripts/mock.ts');

describe('pnpm mock', () => {
  it('explains its usage for an unknown provider', () => {
    const run = spawnSync(tsx, [script, 'nope'], { cwd: toolRoot, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/usage: pnpm mock <provider>[\s\S]*providers: .*stancer/);
  });
});
