/**
 * Imports run one way: no cycle (type-only imports and re-exports included) in the runtime, the
 * mock package or the scripts. A cycle makes the order modules load in matter, hides which part
 * depends on which, and keeps a feature's code in every bundle of the core.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { importCycles, importGraph } from '../helpers/checks/import-graph.js';

describe('no import cycles', () => {
  it.each(['packages/runtime/src', 'packages/mock/src', 'scripts'])('in %s', (folder) => {
    const dir = path.join(toolRoot, folder);
    expect(importGraph(dir).size).toBeGreaterThan(3);
    expect(importCycles(dir)).toEqual([]);
  });

  it('the check finds a cycle through a type-only import and a re-export', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'payspec-cycles-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b: B }\n");
      writeFileSync(path.join(dir, 'b.ts'), "export type { C as B } from './c.js';\n");
      writeFileSync(path.join(dir, 'c.ts'), "import type { A } from './a.js';\nexport interface C { a: A }\n");
      expect(importCycles(dir)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
