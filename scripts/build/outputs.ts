import path from 'node:path';
import { REDOC_SCRIPT, REDOC_STYLES } from '../docs/redoc-assets.js';

import { LICENSE_FILE, listFiles } from '../shared/files.js';

// Declared in shared/ (the stages need them too), and here with the rest of what the build owns.
export { LICENSE_FILE, listFiles };

/** The committed files a provider's build writes: its generated spec and docs page, and its package. */
export function providerRoots(name: string): string[] {
  return [`generated/${name}`, `generated/docs/${name}.html`, ...['package.json', 'tsconfig.build.json', 'README.md', LICENSE_FILE, 'openapi.yaml', 'src'].map((file) => `packages/${name}/${file}`)];
}

/** A package's compiled output: installed with its sources, not committed. */
export function distRoot(name: string): string {
  return `packages/${name}/dist`;
}

/** The generated files that belong to no single provider. */
export const SHARED_FILES = ['generated/README.md', 'generated/docs/index.html', `generated/docs/${REDOC_SCRIPT}`, `generated/docs/${REDOC_STYLES}`];

/**
 * The committed paths the build owns, for the drift check: all of `generated/`, and in each
 * provider package the files the generator writes (not `node_modules/` or `dist/`).
 */
export function ownedRoots(providers: string[]): string[] {
  return ['generated', ...providers.flatMap((name) => providerRoots(name).filter((root) => root.startsWith('packages/')))];
}

/** Files under `generated/` that no provider of the registry and no shared file accounts for (a removed provider's). */
export async function strayGenerated(root: string, providers: string[]): Promise<string[]> {
  const owned = new Set([...SHARED_FILES, ...providers.flatMap((name) => [`generated/docs/${name}.html`])]);
  const dirs = providers.map((name) => `generated/${name}/`);
  return (await listFiles(path.join(root, 'generated'))).map((file) => `generated/${file}`).filter((file) => !owned.has(file) && !dirs.some((dir) => file.startsWith(dir)));
}
