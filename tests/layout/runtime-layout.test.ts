/**
 * The runtime's folders tell the story its exports map tells: the core every client bundles in
 * `core/`, each optional feature in a folder named like its subpath export, imports only from a
 * feature to the core, and a short README in every folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { importGraph } from '../helpers/checks/import-graph.js';
import { folders } from '../helpers/checks/tree.js';

const runtime = path.join(toolRoot, 'packages/runtime');
const src = path.join(runtime, 'src');
const subpaths = Object.keys((JSON.parse(readFileSync(path.join(runtime, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports)
  .filter((key) => key !== '.' && key !== './package.json')
  .map((key) => key.slice(2));

describe('the runtime is laid out like its exports map', () => {
  it('each subpath export is a folder with an index.ts, and each folder of src/ is the core, the signers or an export', () => {
    expect(subpaths.length).toBeGreaterThan(5);
    for (const subpath of subpaths) expect(existsSync(path.join(src, subpath, 'index.ts')), subpath).toBe(true);
    const top = readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const exported = new Set(subpaths.map((subpath) => subpath.split('/')[0]!));
    expect(top.filter((name) => name !== 'core' && !exported.has(name))).toEqual([]);
  });

  it('every folder has a README and at most 12 source files', () => {
    for (const dir of folders(src)) {
      const relative = path.relative(runtime, dir);
      expect(existsSync(path.join(dir, 'README.md')) || dir === src, `${relative}/README.md`).toBe(true);
      expect(readdirSync(dir).filter((name) => name.endsWith('.ts')).length, relative).toBeLessThanOrEqual(12);
    }
  });

  it('code runs from a feature to the core, never from the core to a feature or between features', () => {
    const wrong: string[] = [];
    // Types only may name a feature (the client definition holds the feature modules it is given).
    for (const [file, targets] of importGraph(src, { values: true })) {
      const from = path.relative(src, file).split(path.sep);
      // The root index re-exports some features' names too (bundlers drop them unused: `sideEffects: false`, see bundle-size).
      if (from.length === 1) continue;
      for (const target of targets) {
        const to = path.relative(src, target).split(path.sep);
        if (from[0] === to[0] || to[0] === 'core') continue; // its own folder, the core
        wrong.push(`${from.join('/')} -> ${to.join('/')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
