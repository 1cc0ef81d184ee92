import { describe, expect, it } from 'vitest';
import { buildInProcess } from '../helpers/build.js';

describe('committed generated output', () => {
  it('matches what the pipeline generates from the specs and overlays', async () => {
    const run = await buildInProcess(['--check']);
    // On failure the output lists the stale files and the fix: run `pnpm build` and commit.
    expect(run.output).toContain('generated output is up to date');
    expect(run.status, run.output).toBe(0);
  });
});
