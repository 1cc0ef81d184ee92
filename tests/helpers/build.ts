import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { toolRoot } from '../../scripts/lib/paths.js';

export interface BuildRun {
  status: number | null;
  output: string;
}

/** Runs the real pipeline (`scripts/build.ts`) as `pnpm build` would, optionally on another project root. */
export function runBuild(args: string[] = [], root?: string): BuildRun {
  const result = spawnSync(path.join(toolRoot, 'node_modules/.bin/tsx'), [path.join(toolRoot, 'scripts/build.ts'), ...args], {
    cwd: toolRoot,
    env: { ...process.env, ...(root ? { PAYSPEC_ROOT: root } : {}), FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
