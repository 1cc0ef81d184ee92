/**
 * The type-conformance suite: for every provider, a fixture generated from its spec (see
 * helpers/type-conformance.ts) is compiled with the TypeScript compiler under the project's strict
 * settings. Any diagnostic is a failure: an example that does not type-check, or a change the
 * schema rejects that the types accept (an unused `@ts-expect-error`).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { toolRoot } from '../scripts/lib/paths.js';
import { readRegistry } from '../scripts/lib/registry.js';
import { generatedSpec } from './helpers/specs.js';
import { fixtureSource, typeCases, type CaseKind, type TypeCase } from './helpers/type-conformance.js';

const providers = (await readRegistry()).map((provider) => provider.name);
// Inside the repository so that `@payspec/<provider>` resolves through the project's tsconfig.
const dir = path.join(toolRoot, '.payspec-build', 'type-conformance');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KINDS: CaseKind[] = ['example', 'response', 'removed-required', 'wrong-type', 'extra-property'];

describe('type conformance of the generated types with the specs', () => {
  it('every example type-checks and every change the schema rejects fails to, for every provider', () => {
    mkdirSync(dir, { recursive: true });
    const fixtures = new Map<string, { provider: string; caseAtLine: Map<number, TypeCase> }>();
    const counts: Record<string, Record<CaseKind, number>> = {};
    for (const provider of providers) {
      const cases = typeCases(generatedSpec(provider));
      const { source, caseAtLine } = fixtureSource(`@payspec/${provider}`, cases);
      const file = path.join(dir, `${provider}.ts`);
      writeFileSync(file, source);
      fixtures.set(file, { provider, caseAtLine });
      counts[provider] = Object.fromEntries(KINDS.map((kind) => [kind, cases.filter((c) => c.kind === kind).length])) as Record<CaseKind, number>;
    }

    const config = ts.getParsedCommandLineOfConfigFile(path.join(toolRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const program = ts.createProgram([...fixtures.keys()], { ...config.options, noEmit: true, noUnusedLocals: false });
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
  }, 120_000);
});
