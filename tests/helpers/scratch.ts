/**
 * Scratch copies of the project for pipeline tests, used by the test files and by the run's shared
 * services (setup/services.ts, in vitest's main process: so no `vitest` import here).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { listFiles } from '../../scripts/build/outputs.js';
import { toolRoot } from '../../scripts/shared/paths.js';

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
      if (after === before) throw new Error(`the test's edit of ${file} changed nothing (a stale test)`);
      writeFileSync(path.join(root, file), after);
    },
    // Retried: a build that just failed may still be closing files in the copy.
    remove: () => rmSync(root, { recursive: true, force: true, maxRetries: 5 }),
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

