import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Where payspec's own tools are installed (node_modules), whatever the current directory. */
export const toolRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The project the pipeline works on: this repository, or PAYSPEC_ROOT (the tests point it at a
 * scratch copy to exercise failures without touching the real output).
 */
export const repoRoot = process.env.PAYSPEC_ROOT ? path.resolve(process.env.PAYSPEC_ROOT) : toolRoot;

/** A path relative to the repository root, with forward slashes, for messages and headers. */
export function rel(file: string): string {
  return path.relative(repoRoot, file).split(path.sep).join('/');
}

/** The executable a dev dependency installs in node_modules/.bin. */
export function bin(name: string): string {
  return path.join(toolRoot, 'node_modules', '.bin', name);
}
