/**
 * The type-conformance cases of one provider, generated from its spec: every request and response
 * example must type-check against its generated type, and every change to a request example that
 * the schema rejects (a required property removed, a scalar of another type, an unknown property in
 * a closed object) must fail to type-check. JSON Schema (Ajv) decides what the schema rejects, so
 * the types are held to exactly the spec's rules.
 */
import { resolveRef, refSegments } from '../../../scripts/shared/json-ref.js';
import { pointerTo, validatorFor } from './specs.js';

export type CaseKind = 'example' | 'response' | 'removed-required' | 'wrong-type' | 'extra-property';

export interface TypeCase {
  kind: CaseKind;
  /** Where the case comes from, for a failure message. */
  label: string;
  /** The TypeScript type the value is assigned to. */
  type: string;
  value: unknown;
  /** Whether the assignment must fail to compile (it is then written under `@ts-expect-error`). */
  rejected: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const lit = (value: string | number) => (typeof value === 'number' ? String(value) : JSON.stringify(value));
const UNKNOWN_KEY = 'x_not_in_the_spec';

/** Every path to a property inside a JSON value (through objects and arrays), parents first. */
function propertyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => propertyPaths(item, [...prefix, i]));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...propertyPaths(child, [...prefix, key])]);
}

/** Every object inside a JSON value, root included, as paths. */
function objectPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectPaths(item, [...prefix, i]));
  if (!value || typeof value !== 'object') return [];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...prefix, key]))];
}

function edit(value: unknown, at: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, at.at(-1)!);
  return copy;
}

/**
 * A value of another JSON type than `value` (undefined for containers). A boolean for strings and
 * numbers: range, length and pattern keywords never apply to it, so a schema that rejects it rejects
 * its type, as a type can.
 */
function otherType(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || value === null) return true;
  if (typeof value === 'boolean') return 'not a boolean';
  return undefined;
}

function examplesOf(doc: Record<string, any>, media: Record<string, any>): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (media && 'example' in media) out.push(['example', media.example]);
  for (const [name, example] of Object.entries((media?.examples ?? {}) as Record<string, unknown>)) {
    const resolved = resolveRef(doc, example);
    if (resolved && 'value' in resolved) out.push([name, resolved.value]);
  }
  return out;
}

/** All cases of a spec. `paths` is the name of the generated `paths` type in the fixture. */
export function typeCases(doc: Record<string, any>): TypeCase[] {
  const check = validatorFor(doc);
  const cases: TypeCase[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const op = `paths[${lit(path)}][${lit(method)}]`;

      const bodyBase = operation.requestBody?.$ref ? refSegments(operation.requestBody.$ref) : ['paths', path, method, 'requestBody'];
      for (const [mediaType, media] of Object.entries((resolveRef(doc, operation.requestBody)?.content ?? {}) as Record<string, any>)) {
        if (!media?.schema) continue;
        const type = `NonNullable<${op}['requestBody']>['content'][${lit(mediaType)}]`;
        const schema = pointerTo([...bodyBase, 'content', mediaType, 'schema']);
        for (const [name, example] of examplesOf(doc, media)) {
          const label = `${method.toUpperCase()} ${path} ${mediaType} example ${name}`;
          cases.push({ kind: 'example', label, type, value: example, rejected: false });
          const rejects = (value: unknown) => check(schema, value).length > 0;
          for (const at of propertyPaths(example)) {
            if (typeof at.at(-1) === 'number') continue;
            const removed = edit(example, at, (parent, key) => delete parent[key]);
            if (rejects(removed)) cases.push({ kind: 'removed-required', label: `${label}: without ${at.join('.')}`, type, value: removed, rejected: true });
            const current = at.reduce<any>((value, key) => value?.[key], example);
            const replacement = otherType(current);
            if (replacement === undefined) continue;
            const retyped = edit(example, at, (parent, key) => (parent[key] = replacement));
            if (rejects(retyped)) cases.push({ kind: 'wrong-type', label: `${label}: ${at.join('.')} as ${typeof replacement}`, type, value: retyped, rejected: true });
          }
          for (const at of objectPaths(example)) {
            const extended = at.length === 0 ? { ...(example as object), [UNKNOWN_KEY]: 1 } : edit(example, [...at, UNKNOWN_KEY], (parent, key) => (parent[key] = 1));
            if (rejects(extended)) cases.push({ kind: 'extra-property', label: `${label}: ${[...at, UNKNOWN_KEY].join('.')}`, type, value: extended, rejected: true });
          }
        }
      }

      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, any>)) {
        for (const [mediaType, media] of Object.entries((resolveRef(doc, response)?.content ?? {}) as Record<string, any>)) {
          const key = /^\d+$/.test(status) ? Number(status) : status;
          const type = `${op}['responses'][${lit(key)}]['content'][${lit(mediaType)}]`;
          for (const [name, example] of examplesOf(doc, media)) {
            cases.push({ kind: 'response', label: `${method.toUpperCase()} ${path} ${status} ${mediaType} example ${name}`, type, value: example, rejected: false });
          }
        }
      }
    }
  }
  return cases;
}

/** The fixture source: one exported constant per case, rejected ones under `@ts-expect-error`. Lines map back to cases. */
export function fixtureSource(packageName: string, cases: TypeCase[]): { source: string; caseAtLine: Map<number, TypeCase> } {
  const lines = [`import type { paths } from ${JSON.stringify(packageName)};`, ''];
  const caseAtLine = new Map<number, TypeCase>();
  cases.forEach((testCase, index) => {
    lines.push(`// ${testCase.kind}: ${testCase.label.replace(/\*\//g, '*\\/').replace(/\n/g, ' ')}`);
    if (testCase.rejected) {
      caseAtLine.set(lines.length + 1, testCase);
      lines.push('// @ts-expect-error');
    }
    caseAtLine.set(lines.length + 1, testCase);
    lines.push(`export const case${index}: ${testCase.type} = ${JSON.stringify(testCase.value)};`);
  });
  return { source: `${lines.join('\n')}\n`, caseAtLine };
}
