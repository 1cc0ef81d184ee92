/**
 * scripts/ reads as the pipeline: the commands at the top, a folder per part below them, a short
 * README in each, and imports that run one way (commands → build → generate, docs → spec → shared;
 * bench and mock are the commands' own).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { importGraph } from '../helpers/checks/import-graph.js';

const scripts = path.join(toolRoot, 'scripts');
/** What a folder may import: the folders of a lower rank (and its own files). */
const RANK: Record<string, number> = { shared: 0, spec: 1, generate: 2, docs: 2, build: 3, bench: 4, mock: 4 };
const COMMANDS = 5;

describe('scripts/ is laid out by what each part does', () => {
  const folders = readdirSync(scripts, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

  it('each folder is a known part, with a README and at most 12 source files', () => {
    expect(folders.sort()).toEqual(Object.keys(RANK).sort());
    for (const folder of folders) {
      expect(existsSync(path.join(scripts, folder, 'README.md')), `scripts/${folder}/README.md`).toBe(true);
      expect(readdirSync(path.join(scripts, folder)).filter((name) => /\.(ts|mjs)$/.test(name)).length, folder).toBeLessThanOrEqual(12);
    }
  });

  it('imports run one way: a part imports only the parts below it', () => {
    const wrong: string[] = [];
    const rankOf = (file: string) => {
      const [first, ...rest] = path.relative(scripts, file).split(path.sep);
      return rest.length === 0 ? COMMANDS : RANK[first!]!;
    };
    const graph = importGraph(scripts);
    expect(graph.size).toBeGreaterThan(40);
    for (const [file, targets] of graph) {
      const from = path.relative(scripts, file);
      for (const target of targets) {
        const to = path.relative(scripts, target);
        if (path.dirname(from) === path.dirname(to)) continue;
        if (rankOf(target) >= rankOf(file)) wrong.push(`${from} -> ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
