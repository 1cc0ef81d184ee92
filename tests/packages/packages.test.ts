import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../../scripts/shared/header.js';
import { LICENSE_FILE, listFiles, ownedRoots } from '../../scripts/build/outputs.js';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';

const providers = (await readRegistry()).map((provider) => provider.name);

describe('generated files', () => {
  it('every file the build owns starts with the fixed header line', async () => {
    const files: string[] = [];
    for (const root of ownedRoots(providers)) {
      const inside = await listFiles(path.join(toolRoot, root));
      files.push(...(inside.length ? inside.map((file) => `${root}/${file}`) : [root]));
    }
    expect(files.length).toBeGreaterThan(providers.length * 5);
    // A package's LICENSE is the project's, verbatim (checked below), not a generated text.
    expect(files.filter((file) => file.endsWith(`/${LICENSE_FILE}`))).toHaveLength(providers.length);
    for (const file of files.filter((f) => !f.endsWith(`/${LICENSE_FILE}`))) {
      const text = readFileSync(path.join(toolRoot, file), 'utf8');
      const first = file.endsWith('.json') && !file.endsWith('tsconfig.build.json') ? JSON.parse(text)['//'] : text.split('\n')[0];
      expect(first, file).toContain(GENERATED);
    }
  });
});

describe('licenses', () => {
  const license = readFileSync(path.join(toolRoot, LICENSE_FILE), 'utf8');

  it('the project is MIT-licensed by its contributors', () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 payspec contributors\n/);
  });

  it.each(['runtime', 'mock', ...providers])('packages/%s ships the project LICENSE, verbatim, and lists it in `files`', (name) => {
    const dir = path.join(toolRoot, 'packages', name);
    expect(readFileSync(path.join(dir, LICENSE_FILE), 'utf8')).toBe(license);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(pkg.files).toContain(LICENSE_FILE);
  });
});

describe.each(['runtime', 'mock', ...providers])('package.json of packages/%s', (name) => {
  const pkg = JSON.parse(readFileSync(path.join(toolRoot, 'packages', name, 'package.json'), 'utf8'));

  it('says where its code, docs and issues are', () => {
    expect(pkg.name).toBe(`@payspec/${name}`);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/payspec/payspec.git', directory: `packages/${name}` });
    expect(pkg.homepage).toBe(`https://github.com/payspec/payspec/tree/main/packages/${name}#readme`);
    expect(pkg.bugs).toEqual({ url: 'https://github.com/payspec/payspec/issues' });
    expect(pkg.publishConfig).toEqual({ access: 'public' });
  });
});

describe.each(providers)('package @payspec/%s', (provider) => {
  const dir = path.join(toolRoot, 'packages', provider);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));

  it('is a publishable ES module package with types first in its exports', () => {
    expect(pkg.name).toBe(`@payspec/${provider}`);
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.exports['.'])[0]).toBe('types');
    expect(pkg.files).toContain('dist');
    expect(pkg.engines.node).toMatch(/^>=20/);
  });

  it('depends only on openapi-fetch and the runtime', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@payspec/runtime', 'openapi-fetch']);
  });

  it('has a README with a runnable example of its factory', () => {
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const index = readFileSync(path.join(dir, 'src/index.ts'), 'utf8');
    const factory = /export function (create\w+Client)/.exec(index)?.[1];
    expect(factory).toBeDefined();
    expect(readme).toContain(`import { ${factory}, isApiError, unwrap } from '@payspec/${provider}'`);
    expect(readme).toMatch(/## Operations/);
  });
});
