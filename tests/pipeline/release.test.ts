/**
 * The release flow: what `pnpm -r publish` would publish (a dry run, as `pnpm release:publish`
 * runs it without the dry run), and the version and changelog that changesets writes into a
 * generated package surviving the build, on a scratch copy.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { buildInProcess, scratchProject } from '../helpers/build.js';

// What pnpm gives the scripts it runs (npm_config_*, a NODE_PATH into this repository's
// node_modules) is not what a maintainer's shell has.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_PATH$)/i.test(key))), FORCE_COLOR: '0' };

const manifests = readdirSync(path.join(toolRoot, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    try {
      return [{ dir: entry.name, ...(JSON.parse(readFileSync(path.join(toolRoot, 'packages', entry.name, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean }) }];
    } catch {
      return [];
    }
  });

describe('pnpm -r publish --dry-run', () => {
  it('publishes the runtime, the mock and a client per provider of the registry at their versions, each with its LICENSE and without compiler state, and not the private root', async () => {
    const providers = (await readRegistry()).map((provider) => provider.name);
    expect(manifests.filter((pkg) => !pkg.private).map((pkg) => pkg.dir).sort()).toEqual(['mock', 'runtime', ...providers].sort());
    // --force: list every package, also one whose version is on the registry already (after a release).
    const run = spawnSync('pnpm', ['-r', 'publish', '--dry-run', '--no-git-checks', '--force'], { cwd: toolRoot, env, encoding: 'utf8', timeout: 180_000 });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    const published = [...output.matchAll(/^\+ (\S+)$/gm)].map((match) => match[1]).sort();
    expect(published).toEqual(manifests.filter((pkg) => !pkg.private).map((pkg) => `${pkg.name}@${pkg.version}`).sort());
    expect(output).not.toMatch(/^\+ payspec@/m);

    // npm's own listing of each tarball, between "📦 name@version" and "Tarball Details".
    for (const pkg of manifests.filter((p) => !p.private)) {
      const section = new RegExp(`📦\\s+${pkg.name.replace(/[/@]/g, '\\$&')}@${pkg.version.replace(/\./g, '\\.')}\\n[\\s\\S]*?Tarball Contents\\n([\\s\\S]*?)Tarball Details`).exec(output.replace(/^npm notice ?/gm, ''));
      expect(section, `${pkg.name} in the dry run`).not.toBeNull();
      const files = section![1]!.split('\n').flatMap((line) => /^\S+\s+(\S.*)$/.exec(line.trim())?.[1] ?? []);
      expect(files, pkg.name).toContain('LICENSE');
      expect(files, pkg.name).toContain('package.json');
      if (pkg.dir !== 'mock') expect(files, pkg.name).toContain('dist/index.js');
      expect(files.filter((file) => file.includes('tsbuildinfo')), pkg.name).toEqual([]);
    }
  });
});

describe('the version and the changelog are the release flow’s', () => {
  it('a new provider starts at 0.1.0; a bumped version and a new CHANGELOG.md survive the build, and the cache rebuilds on either', async () => {
    const project = scratchProject(['stancer']);
    const manifest = 'packages/stancer/package.json';
    const changelogFile = path.join(project.root, 'packages/stancer/CHANGELOG.md');
    const cachedVersion = () => (JSON.parse(project.read('.payspec-build/cache.json')) as { providers: Record<string, { spec: { packageVersion: string } }> }).providers.stancer!.spec.packageVersion;
    try {
      // Never released: no package.json yet.
      rmSync(path.join(project.root, manifest));
      const first = await buildInProcess([], project.root);
      expect(first.status, first.output).toBe(0);
      expect(JSON.parse(project.read(manifest)).version).toBe('0.1.0');
      expect(cachedVersion()).toBe('0.1.0');
      expect((await buildInProcess([], project.root)).output).toContain('[stancer] up to date');

      // What `changeset version` does: a new version in package.json, and a CHANGELOG.md.
      project.edit(manifest, (text) => text.replace('"version": "0.1.0"', '"version": "1.2.3"'));
      const changelog = '# @payspec/stancer\n\n## 1.2.3\n\n### Minor Changes\n\n- Something new.\n';
      writeFileSync(changelogFile, changelog);
      const bumped = await buildInProcess([], project.root);
      expect(bumped.status, bumped.output).toBe(0);
      expect(bumped.output).not.toContain('[stancer] up to date');
      expect(bumped.output).toMatch(/built 1 of 1 provider/);
      expect(JSON.parse(project.read(manifest)).version).toBe('1.2.3');
      expect(cachedVersion()).toBe('1.2.3');
      expect(readFileSync(changelogFile, 'utf8')).toBe(changelog);
      // The rest of the manifest is still the generator's.
      expect(JSON.parse(project.read(manifest)).files).toContain('CHANGELOG.md');
      expect((await buildInProcess([], project.root)).output).toContain('[stancer] up to date');

      // The changelog is no output of the build, yet a change of it alone rebuilds (it is staged with the package).
      writeFileSync(changelogFile, `${changelog}- Something else.\n`);
      const relogged = await buildInProcess([], project.root);
      expect(relogged.status, relogged.output).toBe(0);
      expect(relogged.output).not.toContain('[stancer] up to date');
      expect(readFileSync(changelogFile, 'utf8')).toBe(`${changelog}- Something else.\n`);
      expect(JSON.parse(project.read(manifest)).version).toBe('1.2.3');

      const check = await buildInProcess(['--check', '--force'], project.root);
      expect(check.status, check.output).toBe(0);
      expect(check.output).toContain('generated output is up to date');
    } finally {
      project.remove();
    }
  });
});
