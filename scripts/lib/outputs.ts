import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './paths.js';

/** Every file below `dir`, as paths relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(sub: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = path.join(sub, entry.name);
      if (entry.isDirectory()) await walk(relative);
      else out.push(relative.split(path.sep).join('/'));
    }
  }
  await walk('');
  return out.sort();
}

/**
 * The generated paths under the repository root that the build owns: all of `generated/`, and in
 * each provider package the files the generator writes (not `node_modules/` or `dist/`).
 */
export function ownedRoots(providers: string[]): string[] {
  return ['generated', ...providers.flatMap((name) => ['package.json', 'tsconfig.build.json', 'README.md', 'src'].map((file) => `packages/${name}/${file}`))];
}

/** Files that differ between the staged output and the working tree (changed, added or removed). */
export async function compareOutputs(stage: string, roots: string[]): Promise<string[]> {
  const differences: string[] = [];
  for (const root of roots) {
    const staged = await filesOf(path.join(stage, root));
    const current = await filesOf(path.join(repoRoot, root));
    for (const file of new Set([...staged, ...current])) {
      const relative = file ? `${root}/${file}` : root;
      const [a, b] = await Promise.all([readMaybe(path.join(stage, relative)), readMaybe(path.join(repoRoot, relative))]);
      if (a === undefined) differences.push(`${relative} (should not exist)`);
      else if (b === undefined) differences.push(`${relative} (missing)`);
      else if (!a.equals(b)) differences.push(`${relative} (differs)`);
    }
  }
  return differences.sort();
}

async function filesOf(target: string): Promise<string[]> {
  try {
    return (await stat(target)).isDirectory() ? await listFiles(target) : [''];
  } catch {
    return [];
  }
}

async function readMaybe(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * Moves the staged output into the working tree. Each owned path is swapped by rename (the old one
 * is moved aside first and deleted last), so a failure never leaves a half-written file behind.
 */
export async function installOutputs(stage: string, roots: string[]): Promise<void> {
  const aside = path.join(stage, '.previous');
  await mkdir(aside, { recursive: true });
  for (const root of roots) {
    const from = path.join(stage, root);
    const to = path.join(repoRoot, root);
    const old = path.join(aside, root);
    await mkdir(path.dirname(to), { recursive: true });
    await mkdir(path.dirname(old), { recursive: true });
    await rename(to, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    try {
      await rename(from, to);
    } catch (error) {
      // Put the previous output back before giving up.
      await rename(old, to).catch(() => undefined);
      throw error;
    }
  }
  await rm(aside, { recursive: true, force: true });
}

