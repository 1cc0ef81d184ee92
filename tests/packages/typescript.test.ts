/**
 * Everything TypeScript checks, in one file so that the parsed packages are shared (see
 * helpers/checks/compile.ts): the type-check of the whole project (what `pnpm typecheck` runs, the
 * type-level tests of `tests/types/` included), the README and guide examples against the real packages, and
 * the TypeScript code samples of the docs (`x-codeSamples` of every generated spec), and
 * the type-conformance suite generated from the specs (helpers/from-specs/type-conformance.ts): every request
 * and response example must type-check, and every change of a request example that JSON Schema
 * (Ajv) rejects must not (an unused `@ts-expect-error` is a failure).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { compileProgram, diagnosticsOf, projectConfig, semanticDiagnostics } from '../helpers/checks/compile.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';
import { fixtureSource, typeCases, type CaseKind, type TypeCase } from '../helpers/from-specs/type-conformance.js';

const providers = (await readRegistry()).map((provider) => provider.name);
// Inside the repository so that `@payspec/<provider>` resolves through the project's tsconfig.
const dir = path.join(toolRoot, '.payspec-build', 'typescript-checks');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Every file below is written first, then all are checked by ONE program under the project's
 * options (the checker loads and checks the packages once, not once per group); each test asserts
 * on the diagnostics of its own files.
 */
function typescriptBlocks(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

function readmeFiles(): { readmes: string[]; files: string[] } {
  const guides = readdirSync(path.join(toolRoot, 'guides')).filter((file) => file.endsWith('.md')).map((file) => `guides/${file}`);
  const readmes = ['README.md', ...guides, 'packages/runtime/README.md', 'packages/mock/README.md', ...providers.map((name) => `packages/${name}/README.md`)];
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
  return { readmes, files };
}

interface Sample {
  label: string;
  samples: number;
}
function sampleFiles(): { files: string[]; operations: Sample[] } {
  mkdirSync(path.join(dir, 'samples'), { recursive: true });
  const files: string[] = [];
  const operations: Sample[] = [];
  for (const provider of providers) {
    const doc = generatedSpec(provider) as { paths: Record<string, Record<string, { operationId?: string; 'x-codeSamples'?: { lang: string; source: string }[] }>> };
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation?.operationId) continue;
        const samples = (operation['x-codeSamples'] ?? []).filter((sample) => sample.lang === 'TypeScript');
        operations.push({ label: `${provider} ${method.toUpperCase()} ${route}`, samples: samples.length });
        if (samples.length !== 1) continue;
        const file = path.join(dir, 'samples', `${provider}_${operation.operationId}.ts`);
        writeFileSync(file, samples[0]!.source);
        files.push(file);
      }
    }
  }
  return { files, operations };
}

const KINDS: CaseKind[] = ['example', 'response', 'removed-required', 'wrong-type', 'extra-property'];

function conformanceFiles() {
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
  return { fixtures, counts };
}

const projectFiles = projectConfig().fileNames;
const readme = readmeFiles();
const samples = sampleFiles();
const conformance = conformanceFiles();
// Made when the first test needs it, and shared by all four.
let program: ts.Program | undefined;
const checked = () => (program ??= compileProgram([...projectFiles, ...readme.files, ...samples.files, ...conformance.fixtures.keys()]));

describe('the project type-checks', () => {
  it('with no diagnostic under the strict tsconfig.json', () => {
    expect(projectFiles.length).toBeGreaterThan(50);
    expect(diagnosticsOf(checked(), projectFiles, { global: true })).toEqual([]);
  });
});

describe('README examples type-check against the real packages', () => {
  it('in the root README, every guide and every package README', () => {
    expect(readme.files.length).toBeGreaterThanOrEqual(readme.readmes.length);
    expect(diagnosticsOf(checked(), readme.files)).toEqual([]);
  });
});

describe('the docs code samples type-check against the real packages', () => {
  it('one TypeScript sample per operation of every provider, all compiling', () => {
    for (const operation of samples.operations) expect(operation.samples, operation.label).toBe(1);
    expect(samples.files.length).toBeGreaterThanOrEqual(providers.length * 4);
    expect(diagnosticsOf(checked(), samples.files)).toEqual([]);
  });
});

describe('type conformance of the generated types with the specs', () => {
  it('every example type-checks and every change the schema rejects fails to, for every provider', () => {
    const { fixtures, counts } = conformance;
    const failures = [...fixtures.keys()].flatMap((file) => semanticDiagnostics(checked(), file)).flatMap((diagnostic) => {
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
