/**
 * What makes `pnpm build` fast keeps it correct: an edit of a spec or an overlay that changes none
 * of its values (a comment, the layout, a string's quoting) builds nothing, and one that changes a
 * value builds; `pnpm build` as it runs (plain Node, from the bundle of scripts/ that
 * `scripts/bundled.mjs` makes) writes exactly what the sources write, on a scratch copy.
 */
import { describe, expect, it } from 'vitest';
import { buildInProcess, runBuild, scratchProject, treeHash } from '../helpers/build.js';

describe('the build cache compares inputs by content', () => {
  it('a comment, a re-quoted title and a comment in the overlay build nothing; a changed title builds', async () => {
    const project = scratchProject(['stancer']);
    try {
      const first = await buildInProcess([], project.root);
      expect(first.status, first.output).toBe(0);
      const built = await treeHash(project.root);

      project.edit('specs/stancer/openapi.yaml', (text) => `# Edited by hand.\n${text.replace(/^( {2}title: )(.+)$/m, "$1'$2'")}`);
      project.edit('overlays/stancer.overlay.yaml', (text) => `${text}\n# Nothing changes below.\n`);
      const same = await buildInProcess([], project.root);
      expect(same.status, same.output).toBe(0);
      expect(same.output).toContain('[stancer] up to date');
      expect(same.output).toContain('everything is up to date');
      expect(await treeHash(project.root)).toBe(built);

      project.edit('specs/stancer/openapi.yaml', (text) => text.replace(/^( {2}title: ')(.+)'$/m, "$1$2 (edited)'"));
      const changed = await buildInProcess([], project.root);
      expect(changed.status, changed.output).toBe(0);
      expect(changed.output).toMatch(/built 1 of 1 provider\(s\)/);
      expect(project.read('generated/stancer/openapi.yaml')).toMatch(/^ {2}title: .*\(edited\)/m);
    } finally {
      project.remove();
    }
  });
});

describe('pnpm build from the bundle', () => {
  it('writes what the sources write, byte for byte, and then finds nothing to do', async () => {
    const project = scratchProject(['stancer']);
    try {
      const sources = await buildInProcess([], project.root);
      expect(sources.status, sources.output).toBe(0);
      const fromSources = await treeHash(project.root);

      const bundled = await runBuild(['--force'], project.root);
      expect(bundled.status, bundled.output).toBe(0);
      expect(bundled.output).toMatch(/built 1 of 1 provider\(s\), 0 file\(s\) changed/);
      expect(await treeHash(project.root)).toBe(fromSources);

      const again = await runBuild([], project.root);
      expect(again.status, again.output).toBe(0);
      expect(again.output).toContain('everything is up to date');
    } finally {
      project.remove();
    }
  });
});
