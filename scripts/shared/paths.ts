import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where payspec's own tools are installed (node_modules), whatever the current directory. */
export const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const defaultRoot = process.env.PAYSPEC_ROOT ? path.resolve(process.env.PAYSPEC_ROOT) : toolRoot;
const project = new AsyncLocalStorage<string>();

/**
 * The project the pipeline works on: this repository, PAYSPEC_ROOT, or the root a caller set with
 * `inProject` (the tests build scratch copies in process, several at once).
 */
export function repoRoot(): string {
  return project.getStore() ?? defaultRoot;
}

/** Runs `action` with `root` as the project of every pipeline step it calls. */
export function inProject<T>(root: string, action: () => T): T {
  return project.run(path.resolve(root), action);
}

/** A path relative to the project root, with forward slashes, for messages and headers. */
export function rel(file: string): string {
  return path.relative(repoRoot(), file).split(path.sep).join('/');
}
