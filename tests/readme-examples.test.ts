import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../scripts/lib/paths.js';
import { readRegistry } from '../scripts/lib/registry.js';

const providers = (await readRegistry()).map((provider) => provider.name);
// Inside the repository so that the packages and their types resolve as for any project file.
const dir = path.join(toolRoot, '.payspec-build', 'readme-examples');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function typescriptBlocks(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('README examples type-check against the real packages', () => {
  it('in the root README and every package README', () => {
    const readmes = ['README.md', 'packages/runtime/README.md', ...providers.map((name) => `packages/${name}/README.md`)];
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const readme of readmes) {
      typescriptBlocks(path.join(toolRoot, readme)).forEach((code, index) => {
        const file = path.join(dir, `${readme.replace(/[/.]/g, '_')}_${index}.ts`);
        // Snippets use names they do not declare (a client, an id): declare them loosely.
        const prelude = readme.startsWith('packages/runtime')
          ? "import { unwrap } from '@payspec/runtime';\nimport type { StancerClient } from '@payspec/stancer';\ndeclare const client: StancerClient;\ndeclare const id: string;\n"
          : '';
        writeFileSync(file, `${prelude}${code}\nexport {};\n`);
        files.push(file);
      });
    }
    expect(files.length).toBeGreaterThanOrEqual(readmes.length);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true, noUnusedLocals: false }, include: ['*.ts'] }),
    );
    const tsc = spawnSync(path.join(toolRoot, 'node_modules/.bin/tsc'), ['-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});
