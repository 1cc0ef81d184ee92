/**
 * Build benchmarks: `pnpm build` run for real (a child process, as a user runs it) on scratch
 * copies of the project, measuring wall time, CPU time and peak memory (of the whole process,
 * worker threads included).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { toolRoot } from '../shared/paths.js';

export interface RunStats {
  code: number | null;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  output: string;
}

// Written by the child when it exits: its own resource usage (CPU of every thread, peak RSS).
const usageHook = (file: string) =>
  `data:text/javascript,${encodeURIComponent(`import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeFileSync(${JSON.stringify(file)}, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1000, rss: u.maxRSS / 1024 })); });`)}`;

/** Makes the bundle `pnpm build` runs, so that no measured build includes making it. */
export function prepareBuild(): void {
  execFileSync(process.execPath, [path.join(toolRoot, 'scripts/bundled.mjs'), '--prepare'], { cwd: toolRoot, stdio: 'ignore' });
}

/** Runs the build as `pnpm build` does (`scripts/bundled.mjs build`) on a project root and measures it. */
export function runBuild(root: string, args: string[] = []): Promise<RunStats> {
  const usage = path.join(root, '.bench-usage.json');
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', usageHook(usage), path.join(toolRoot, 'scripts/bundled.mjs'), 'build', ...args], {
      cwd: toolRoot,
      env: { ...process.env, PAYSPEC_ROOT: root, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let stats = { cpu: NaN, rss: NaN };
      try {
        stats = JSON.parse(readFileSync(usage, 'utf8')) as typeof stats;
      } catch {
        // killed before it could write
      }
      resolve({ code, wallMs, cpuMs: stats.cpu, maxRssMb: stats.rss, output });
    });
  });
}

const PROJECT_FILES = ['redocly.yaml', 'tsconfig.base.json', 'LICENSE', 'specs', 'overlays', 'generated', 'packages/runtime/package.json', 'packages/runtime/tsconfig.build.json', 'packages/runtime/README.md', 'packages/runtime/src'];

/** A scratch copy of the project: registry, specs, overlays, committed output, runtime. */
export function scratchCopy(): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'payspec-bench-'));
  for (const entry of PROJECT_FILES) cpSync(path.join(toolRoot, entry), path.join(root, entry), { recursive: true });
  for (const name of providerNames(root)) {
    for (const file of ['package.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'src']) cpSync(path.join(toolRoot, 'packages', name, file), path.join(root, 'packages', name, file), { recursive: true });
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function providerNames(root: string): string[] {
  return Object.keys((parseDocument(readFileSync(path.join(root, 'redocly.yaml'), 'utf8')).toJS() as { apis: Record<string, unknown> }).apis);
}

/**
 * A scratch project with `count` synthetic providers: copies of the five under new names
 * (`stancer-2`, `Stancer2`, ...), each with its own spec folder, overlay and registry entry, and no
 * output yet.
 */
export function syntheticProject(count: number): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'payspec-bench-'));
  for (const entry of ['tsconfig.base.json', 'LICENSE', 'packages/runtime/package.json', 'packages/runtime/tsconfig.build.json', 'packages/runtime/README.md', 'packages/runtime/src']) {
    cpSync(path.join(toolRoot, entry), path.join(root, entry), { recursive: true });
  }
  const registry = parseDocument(readFileSync(path.join(toolRoot, 'redocly.yaml'), 'utf8'));
  const originals = providerNames(toolRoot);
  const apis: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const base = originals[i % originals.length]!;
    const copy = i < originals.length ? base : `${base}-${Math.floor(i / originals.length) + 1}`;
    cpSync(path.join(toolRoot, 'specs', base), path.join(root, 'specs', copy), { recursive: true });
    const overlay = readFileSync(path.join(toolRoot, 'overlays', `${base}.overlay.yaml`), 'utf8')
      .replace(`extends: ../specs/${base}/openapi.yaml`, `extends: ../specs/${copy}/openapi.yaml`)
      .replace(/clientName: (\w+)/, (_, name: string) => `clientName: ${name}${copy === base ? '' : copy.split('-').at(-1)}`);
    cpSync(path.join(toolRoot, 'overlays', `${base}.overlay.yaml`), path.join(root, 'overlays', `${copy}.overlay.yaml`));
    writeFileSync(path.join(root, 'overlays', `${copy}.overlay.yaml`), overlay);
    apis[copy] = { root: `specs/${copy}/openapi.yaml`, 'x-payspec': { overlays: [`overlays/${copy}.overlay.yaml`] } };
  }
  registry.set('apis', apis);
  writeFileSync(path.join(root, 'redocly.yaml'), registry.toString());
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
