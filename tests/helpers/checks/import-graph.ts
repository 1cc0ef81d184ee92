/**
 * The import graph of a source folder, read with TypeScript's own scanner (`ts.preProcessFile`):
 * every relative `import`, `import type`, `export ... from` and `import()` between the folder's
 * files, `.js` specifiers resolved to the `.ts` (or `.mjs`/`.mts`) file they compile from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|mts|mjs)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(file);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** The specifiers a source imports or re-exports for types only (`import type`, `export type ... from`). */
function typeOnlySpecifiers(text: string): Set<string> {
  return new Set([...text.matchAll(/^\s*(?:import|export)\s+type\s[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]!));
}

/**
 * File → the files of the same folder tree it imports (absolute paths); `values` leaves out the
 * imports of types only, which no bundle follows.
 */
export function importGraph(dir: string, { values = false } = {}): Map<string, string[]> {
  const files = new Set(sourceFiles(dir));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const typeOnly = values ? typeOnlySpecifiers(text) : new Set<string>();
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith('.') && !typeOnly.has(specifier))
      .map((specifier) => {
        const target = path.resolve(path.dirname(file), specifier);
        const stem = target.replace(/\.(js|mjs|ts|mts)$/, '');
        return [target, `${stem}.ts`, `${stem}.mts`, `${stem}.mjs`].find((candidate) => files.has(candidate));
      })
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the files around it (relative to `dir`). */
export function importCycles(dir: string): string[][] {
  const graph = importGraph(dir);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].map((f) => path.relative(dir, f)));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}
