import type { PaginationRule } from '../../packages/runtime/src/index.js';
import { tsString } from './codegen.js';
import { operationParameters, resolveRef } from './json-ref.js';
import { SpecError } from './origin.js';

/** A list operation's `x-payspec-pagination`, checked against its success response schema. */
export interface PaginatedOperation {
  path: string;
  rule: PaginationRule;
}

type Doc = Record<string, any>;

/**
 * Reads and checks `x-payspec-pagination` on a GET operation. Every dotted path must exist in the
 * 200 response schema (items an array, `hasMore` a boolean), and the page or cursor parameter must
 * be a query parameter of the operation, so that a typo fails the build instead of a user's loop.
 */
export function readPagination(doc: Doc, path: string, item: Doc, operation: Doc): PaginatedOperation | undefined {
  const raw = operation['x-payspec-pagination'] as Record<string, any> | undefined;
  if (raw === undefined) return undefined;
  const where = `GET ${path}: x-payspec-pagination`;
  const fail = (message: string) => new SpecError(`${where}: ${message}`, ['paths', path, 'get', 'x-payspec-pagination']);
  const body = successSchema(doc, operation);
  if (!body) throw fail('the operation has no 200 application/json response schema');
  if (typeof raw.items !== 'string') throw fail('`items` (dotted path to the array of items) is missing');
  expectType(doc, body, raw.items, 'array', fail);

  const params = operationParameters(doc, item, operation);
  const hasQuery = (name: string) => params.some((p) => p?.in === 'query' && p.name === name);
  let rule: PaginationRule;
  if (raw.page && !raw.cursor) {
    const { param, next, current, last } = raw.page as Record<string, unknown>;
    if (typeof param !== 'string' || !hasQuery(param)) throw fail(`\`page.param\` must name a query parameter of the operation`);
    if (typeof next === 'string') expectType(doc, body, next, 'integer', fail);
    else if (typeof current === 'string' && typeof last === 'string') {
      expectType(doc, body, current, 'integer', fail);
      expectType(doc, body, last, 'integer', fail);
    } else throw fail('`page` needs `next`, or `current` and `last`');
    rule = { items: raw.items, page: { param, ...(typeof next === 'string' ? { next } : { current: current as string, last: last as string }) } };
  } else if (raw.cursor && !raw.page) {
    const { param, hasMore, from } = raw.cursor as Record<string, unknown>;
    if (typeof param !== 'string' || !hasQuery(param)) throw fail('`cursor.param` must name a query parameter of the operation');
    if (typeof hasMore !== 'string') throw fail('`cursor.hasMore` is missing');
    expectType(doc, body, hasMore, 'boolean', fail);
    if (typeof from !== 'string') throw fail('`cursor.from` is missing');
    expectType(doc, resolveRef(doc, schemaAt(doc, body, raw.items)?.items), from, undefined, fail);
    rule = { items: raw.items, cursor: { param, hasMore, from } };
  } else {
    throw fail('declare exactly one of `page` and `cursor`');
  }
  return { path, rule };
}

/** The TypeScript type of one item, built from the runtime's `PageOf` and the items path. */
export function itemType(path: string, items: string): string {
  let type = `PageOf<paths, ${tsString(path)}>`;
  for (const key of items.split('.')) type = `NonNullable<${type}[${tsString(key)}]>`;
  return `${type}[number]`;
}

function successSchema(doc: Doc, operation: Doc): Doc | undefined {
  const response = resolveRef(doc, operation.responses?.['200']);
  const content = response?.content ?? {};
  const json = Object.keys(content).find((type) => /json/i.test(type));
  return json ? resolveRef(doc, content[json].schema) : undefined;
}

/** The schema at a dotted property path, following `$ref`s and `allOf` members. */
function schemaAt(doc: Doc, schema: Doc | undefined, dotted: string): Doc | undefined {
  let current = resolveRef(doc, schema);
  for (const key of dotted.split('.')) {
    const candidates = [current, ...(current?.allOf ?? []).map((s: Doc) => resolveRef(doc, s))];
    current = candidates.map((s) => resolveRef(doc, s?.properties?.[key])).find(Boolean);
    if (!current) return undefined;
  }
  return current;
}

function expectType(doc: Doc, schema: Doc | undefined, dotted: string, type: string | undefined, fail: (m: string) => Error): void {
  const found = schemaAt(doc, schema, dotted);
  if (!found) throw fail(`\`${dotted}\` is not a property of the response schema`);
  if (!type) return;
  const types = ([] as unknown[]).concat(found.type ?? []);
  const ok = types.includes(type) || (type === 'integer' && types.includes('number'));
  if (!ok) throw fail(`\`${dotted}\` must be ${type === 'array' ? 'an' : 'a'} ${type} in the response schema (found ${types.join(' | ') || 'no type'})`);
}
