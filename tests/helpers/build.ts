import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { toolRoot } from '../../scripts/shared/paths.js';
import { service, type BuildRun } from './services.js';

export type { BuildRun } from './services.js';
export { fixtureProject, scratchProject, treeHash, type ScratchProject } from './scratch.js';

// What `pnpm build` runs (package.json): plain Node on the bundle of scripts/, which
// tests/pipeline/build-speed.test.ts proves writes what the sources write.
const bundled = path.join(toolRoot, 'scripts/bundled.mjs');
const env = (root?: string, extra: Record<string, string> = {}) => ({ ...process.env, ...(root ? { PAYSPEC_ROOT: root } : {}), FORCE_COLOR: '0', ...extra });

/**
 * Runs the pipeline in process (`runBuildCommand`, what `scripts/build.ts` calls) on a project root
 * and collects what it prints: in the run's shared services (setup/services.ts), so that every test
 * file's builds share one copy of the pipeline's tools.
 */
export function buildInProcess(args: string[] = [], root = toolRoot): Promise<BuildRun> {
  return service<BuildRun>('/builds', { args, root });
}

/** Runs `pnpm build` as package.json runs it (`node scripts/bundled.mjs build`), in a process of its own, optionally on another project root. */
export function runBuild(args: string[] = [], root?: string, extraEnv: Record<string, string> = {}): Promise<BuildRun> {
  return startBuild(args, root, extraEnv).done;
}

/** The same, with the child process: for runs a test watches (`reached`) or kills (`child`). */
export function startBuild(
  args: string[] = [],
  root?: string,
  extraEnv: Record<string, string> = {},
): { child: ChildProcess; output: () => string; reached: (text: string) => Promise<void>; done: Promise<BuildRun> } {
  const child = spawn(process.execPath, [bundled, 'build', ...args], { cwd: toolRoot, env: env(root, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wait of waiting.filter((w) => output.includes(w.text))) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve();
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const done = new Promise<BuildRun>((resolve) => child.on('close', (status) => resolve({ status, output })));
  // Resolves once the build has printed `text`: a state, however long the machine takes to get there.
  const reached = (text: string) => (output.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ text, resolve })));
  return { child, output: () => output, reached, done };
}
