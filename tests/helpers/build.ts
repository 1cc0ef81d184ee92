import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parseDocument } from 'yaml';
import { listFiles } from '../../scripts/lib/outputs.js';
import { runBuildCommand } from '../../scripts/lib/build-command.js';
import { inProject, toolRoot } from '../../scripts/lib/paths.js';

export interface BuildRun {
  status: number | null;
  output: string;
}

const tsx = path.join(toolRoot, 'node_modules/.bin/tsx');
const buildScript = path.join(toolRoot, 'scripts/build.ts');
const env = (root?: string, extra: Record<string, string> = {}) => ({ ...process.env, ...(root ? { PAYSPEC_ROOT: root } : {}), FORCE_COLOR: '0', ...extra });

/**
 * Runs the pipeline in this process (`runBuildCommand`, what `scripts/build.ts` calls), on a
 * project root, and collects what it prints. Builds in one test file share the build workers.
 */
export async function buildInProcess(args: string[] = [], root = toolRoot): Promise<BuildRun> {
  const lines: string[] = [];
  const io = { out: (line: string) => void lines.push(line), err: (line: string) => void lines.push(line) };
  const status = await inProject(root, () => runBuildCommand(args, io));
  return { status, output: lines.join('\n') };
}

/** Runs the real pipeline (`scripts/build.ts`) as `pnpm build` would, in a process of its own, optionally on another project root. */
export function runBuild(args: string[] = [], root?: string, extraEnv: Record<string, string> = {}): BuildRun {
  const result = spawnSync(tsx, [buildScript, ...args], { cwd: toolRoot, env: env(root, extraEnv), encoding: 'utf8', timeout: 240_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The same, without blocking: for runs that overlap, or that a test kills (`child`). */
export function startBuild(args: string[] = [], root?: string, extraEnv: Record<string, string> = {}): { child: ChildProcess; output: () => string; done: Promise<BuildRun> } {
  const child = spawn(tsx, [buildScript, ...args], { cwd: toolRoot, env: env(root, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<BuildRun>((resolve) => child.on('close', (status) => resolve({ status, output })));
  return { child, output: () => output, done };
}

export function runBuildAsync(args: string[] = [], root?: string, extraEnv: Record<string, string> = {}): Promise<BuildRun> {
  return startBuild(args, root, extraEnv).done;
}

/**
 * A scratch copy of the project with what the pipeline reads and writes: the registry, specs,
 * overlays, committed output and the runtime. `providers` keeps only those registry entries (and
 * their output), so a failure case builds one provider instead of all.
 */
export interface ScratchProject {
  root: string;
  /** Changes a file of the copy; fails the test if the change changes nothing (a stale test). */
  edit(file: string, change: (text: string) => string): void;
  read(file: string): string;
  remove(): void;
}

export function scratchProject(providers?: string[]): ScratchProject {
  const root = mkdtempSync(path.join(tmpdir(), 'payspec-scratch-'));
  const entries = ['redocly.yaml', 'tsconfig.base.json', 'LICENSE', 'specs', 'overlays', 'generated', ...['package.json', 'tsconfig.build.json', 'README.md', 'src'].map((f) => `packages/runtime/${f}`)];
  for (const entry of entries) cpSync(path.join(toolRoot, entry), path.join(root, entry), { recursive: true });
  const registry = parseDocument(readFileSync(path.join(root, 'redocly.yaml'), 'utf8'));
  const all = Object.keys((registry.toJS() as { apis: Record<string, unknown> }).apis);
  for (const name of all) {
    if (providers && !providers.includes(name)) {
      registry.deleteIn(['apis', name]);
      rmSync(path.join(root, 'generated', name), { recursive: true, force: true });
      rmSync(path.join(root, 'generated', 'docs', `${name}.html`), { force: true });
      continue;
    }
    for (const file of ['package.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'src']) {
      cpSync(path.join(toolRoot, 'packages', name, file), path.join(root, 'packages', name, file), { recursive: true });
    }
  }
  writeFileSync(path.join(root, 'redocly.yaml'), registry.toString());
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  return {
    root,
    read,
    edit(file, change) {
      const before = read(file);
      const after = change(before);
      expect(after, `the test's edit of ${file} changed nothing`).not.toBe(before);
      writeFileSync(path.join(root, file), after);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A hash of every file under `generated/` and `packages/` (no dependencies), to prove nothing changed. */
export async function treeHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of ['generated', 'packages']) {
    for (const file of await listFiles(path.join(root, dir))) {
      if (file.includes('node_modules/')) continue;
      hash.update(`${dir}/${file}\0`).update(readFileSync(path.join(root, dir, file))).update('\0');
    }
  }
  return hash.digest('hex');
}

/**
 * A scratch project whose registry holds only a fixture provider: the spec and overlay of
 * `tests/fixtures/providers/<name>/` (`openapi.yaml`, `overlay.yaml`), copied to the same place in
 * the copy so that errors name them there. The fixture is not a provider of this repository: it is
 * in no registry and nothing of it is published.
 */
export function fixtureProject(name: string): ScratchProject & { folder: string } {
  const scratch = scratchProject([]);
  const folder = `tests/fixtures/providers/${name}`;
  cpSync(path.join(toolRoot, folder), path.join(scratch.root, folder), { recursive: true });
  const registry = parseDocument(scratch.read('redocly.yaml'));
  registry.setIn(['apis', name], registry.createNode({ root: `${folder}/openapi.yaml`, 'x-payspec': { overlays: [`${folder}/overlay.yaml`] } }));
  writeFileSync(path.join(scratch.root, 'redocly.yaml'), registry.toString());
  return { ...scratch, folder };
}

export interface BuiltFixture<Module> {
  project: ScratchProject;
  /** The generated spec, as Prism serves it. */
  spec: string;
  /** The generated package's `src/index.ts`. */
  index: string;
  /** The generated package, imported from its TypeScript source (`@payspec/runtime` is this repository's). */
  client: Module;
}

/** Builds a fixture provider with the real pipeline into a scratch project and imports its generated client. */
export async function buildFixtureProvider<Module>(name: string): Promise<BuiltFixture<Module>> {
  const project = fixtureProject(name);
  const run = await buildInProcess([], project.root);
  if (run.status !== 0) {
    project.remove();
    throw new Error(`the fixture provider ${name} did not build:\n${run.output}`);
  }
  const index = path.join(project.root, 'packages', name, 'src', 'index.ts');
  return { project, spec: path.join(project.root, 'generated', name, 'openapi.yaml'), index, client: (await import(index)) as Module };
}
