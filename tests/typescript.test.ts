/**
 * Everything TypeScript checks, in one file so that the parsed packages are shared (see
 * helpers/compile.ts): the type-check of the whole project (what `pnpm typecheck` runs, the
 * type-level tests of `tests/types/` included), the README examples against the real packages, and
 * the TypeScript code samples of the docs (`x-codeSamples` of every generated spec), and
 * the type-conformance suite generated from the specs (helpers/type-conformance.ts): every request
 * and response example must type-check, and every change of a request example that JSON Schema
 * (Ajv) rejects must not (an unused `@ts-expect-error` is a failure).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../scripts/lib/paths.js';
import { readRegistry } from '../scripts/lib/registry.js';
import { compile, compileProgram, projectConfig } from './helpers/compile.js';
import { generatedSpec } from './helpers/specs.js';
import { fixtureSource, typeCases, type CaseKind, type TypeCase } from './helpers/type-conformance.js';

const providers = (await readRegistry()).map((provider) => provider.name);
// Inside the repository so that `@payspec/<provider>` resolves through the project's tsconfig.
const dir = path.join(toolRoot, '.payspec-build', 'typescript-checks');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the project type-checks', () => {
  it('with no diagnostic under the strict tsconfig.json', () => {
    const files = projectConfig().fileNames;
    expect(files.length).toBeGreaterThan(50);
    expect(compile(files)).toEqual([]);
  });
});

function typescriptBlocks(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('README examples type-check against the real packages', () => {
  it('in the root README and every package README', () => {
    const readmes = ['README.md', 'packages/runtime/README.md', 'packages/mock/README.md', ...providers.map((name) => `packages/${name}/README.md`)];
    mkdirSync(path.join(dir, 'readme'), { recursive: true });
    const files: string[] = [];
    for (const readme of readmes) {
      typescriptBlocks(path.join(toolRoot, readme)).forEach((code, index) => {
        const file = path.join(dir, 'readme', `${readme.replace(/[/.]/g, '_')}_${index}.ts`);
        // Snippets use names they do not declare (a client, an id): declare them loosely.
        const prelude = readme.startsWith('packages/runtime')
          ? "import { unwrap } from '@payspec/runtime';\nimport type { StancerClient } from '@payspec/stancer';\ndeclare const client: StancerClient;\ndeclare const id: string;\n"
          : '';
        writeFileSync(file, `${prelude}${code}\nexport {};\n`);
        files.push(file);
      });
    }
    expect(files.length).toBeGreaterThanOrEqual(readmes.length);
    expect(compile(files, { noUnusedLocals: false })).toEqual([]);
  });
});

describe('the docs code samples type-check against the real packages', () => {
  it('one TypeScript sample per operation of every provider, all compiling', () => {
    mkdirSync(path.join(dir, 'samples'), { recursive: true });
    const files: string[] = [];
    for (const provider of providers) {
      const doc = generatedSpec(provider) as { paths: Record<string, Record<string, { operationId?: string; 'x-codeSamples'?: { lang: string; source: string }[] }>> };
      for (const [route, item] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          if (!operation?.operationId) continue;
          const samples = (operation['x-codeSamples'] ?? []).filter((sample) => sample.lang === 'TypeScript');
          expect(samples, `${provider} ${method.toUpperCase()} ${route}`).toHaveLength(1);
          const file = path.join(dir, 'samples', `${provider}_${operation.operationId}.ts`);
          writeFileSync(file, samples[0]!.source);
          files.push(file);
        }
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(providers.length * 4);
    expect(compile(files)).toEqual([]);
  });
});

const KINDS: CaseKind[] = ['example', 'response', 'removed-required', 'wrong-type', 'extra-property'];

describe('type conformance of the generated types with the specs', () => {
  it('every example type-checks and every change the schema rejects fails to, for every provider', () => {
    mkdirSync(path.join(dir, 'conformance'), { recursive: true });
    const fixtures = new Map<string, { provider: string; caseAtLine: Map<number, TypeCase> }>();
    const counts: Record<string, Record<CaseKind, number>> = {};
    for (const provider of providers) {
      const cases = typeCases(generatedSpec(provider));
      const { source, caseAtLine } = fixtureSource(`@payspec/${provider}`, cases);
      const file = path.join(dir, 'conformance', `${provider}.ts`);
      writeFileSync(file, source);
      fixtures.set(file, { provider, caseAtLine });
      counts[provider] = Object.fromEntries(KINDS.map((kind) => [kind, cases.filter((c) => c.kind === kind).length])) as Record<CaseKind, number>;
    }

    const program = compileProgram([...fixtures.keys()], { noUnusedLocals: false });
    const failures = ts.getPreEmitDiagnostics(program).flatMap((diagnostic) => {
      const fixture = diagnostic.file && fixtures.get(path.resolve(diagnostic.file.fileName));
      const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
      const testCase = fixture?.caseAtLine.get(line);
      const what = testCase ? `[${fixture!.provider}] ${testCase.kind}: ${testCase.label}` : `${diagnostic.file?.fileName ?? ''}:${line}`;
      return [`${what}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`];
    });

    console.log(
      [
        'type conformance: cases checked per provider',
        `  ${'provider'.padEnd(14)}${KINDS.map((k) => k.padStart(18)).join('')}`,
        ...providers.map((p) => `  ${p.padEnd(14)}${KINDS.map((k) => String(counts[p]![k]).padStart(18)).join('')}`),
        `  failures: ${failures.length}`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    for (const provider of providers) {
      expect(counts[provider]!.example, `${provider} has request examples`).toBeGreaterThan(0);
      expect(counts[provider]!.response, `${provider} has response examples`).toBeGreaterThan(0);
      expect(counts[provider]!['wrong-type'], `${provider} has wrong-type cases`).toBeGreaterThan(0);
    }
    const total = (kind: CaseKind) => providers.reduce((sum, p) => sum + counts[p]![kind], 0);
    expect(total('removed-required')).toBeGreaterThan(0);
    expect(total('extra-property')).toBeGreaterThan(0);
  });
});
