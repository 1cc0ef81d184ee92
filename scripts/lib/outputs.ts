import { readdir } from 'node:fs/promises';
import path from 'node:path';

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

/** The compiled output of every package, installed with the sources but not committed. */
export function distRoots(providers: string[]): string[] {
  return ['runtime', ...providers].map((name) => `packages/${name}/dist`);
}
