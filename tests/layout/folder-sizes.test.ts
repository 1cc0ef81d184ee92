/**
 * No source folder grows into a flat list: at most 12 source files in any folder of scripts/, of
 * the hand-written packages' sources, and of tests/ (a larger one is split by what its files do).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { folders } from '../helpers/checks/tree.js';

const MAX = 12;
const SOURCE = /\.(ts|mts|mjs)$/;

it(`every source folder holds at most ${MAX} source files`, () => {
  const roots = ['scripts', 'tests', 'packages/runtime/src', 'packages/mock/src'].map((folder) => path.join(toolRoot, folder));
  const checked = roots.flatMap(folders);
  expect(checked.length).toBeGreaterThan(20);
  const crowded = checked
    .map((dir) => ({ dir: path.relative(toolRoot, dir), files: readdirSync(dir).filter((name) => SOURCE.test(name)).length }))
    .filter(({ files }) => files > MAX);
  expect(crowded).toEqual([]);
});
