import { pathSegments, type PaginationRule } from '../../packages/runtime/src/pagination/index.js';
import { tsString } from '../shared/codegen.js';
import { operationParameters, resolveRef } from '../shared/json-ref.js';
import { SpecError } from './origin.js';

/** A list operation's `x-payspec-pagination`, checked against its success response schema. */
export interface PaginatedOperation {
  path: string;
  rule: PaginationRule;
}

type Doc = Record<string, any>;

/** The keys of each style: the query parameters it sets or reads, and the paths it reads (optional ones marked `?`). */
const STYLES = {
  page: ['param', 'next', 'current', 'last'],
  cursor: ['param', 'hasMore', 'from'],
  token: ['param', 'next'],
  link: ['next'],
  offset: ['param', 'limit', 'total'],
} as const;
type Style = keyof typeof STYLES;
const STYLE_NAMES = Object.keys(STYLES) as Style[];
const list = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');

/** What a value found at a path must be. */
type Expected = 'array' | 'integer' | 'string' | 'boolean' | 'link';

/**
 * Reads and checks `x-payspec-pagination` on a GET operation, so that a declaration that would
 * send nonsense fails the build instead of a user's loop: exactly one style with only its own
 * keys; every path exists in the 200 response schema with the type its role needs (items an array,
 * page numbers, offsets and totals integers, `hasMore` a boolean, a token a string, a link a URI
 * string); every parameter is a query parameter of the operation of the type its role needs (a page
 * number or an offset an integer, a cursor or a token a string).
 */
export function readPagination(doc: Doc, path: string, item: Doc, operation: Doc): PaginatedOperation | undefined {
  const raw = operation['x-payspec-pagination'] as unknown;
  if (raw === undefined) return undefined;
  const at = ['paths', path, 'get', 'x-payspec-pagination'];
  const fail = (message: string, ...keys: string[]) => new SpecError(`GET ${path}: x-payspec-pagination: ${message}`, [...at, ...keys]);
  if (!isMapping(raw)) throw fail('must be a mapping of `items` and one style');
  for (const key of Object.keys(raw)) {
    if (key !== 'items' && !STYLE_NAMES.includes(key as Style)) throw fail(`unknown key \`${key}\` (expected \`items\` and one of ${list(STYLE_NAMES)})`, key);
  }
  // In the order written, so that a second style is reported where it is.
  const styles = Object.keys(raw).filter((key): key is Style => key !== 'items' && raw[key] !== undefined);
  if (styles.length !== 1) {
    throw fail(`declare exactly one of ${list(STYLE_NAMES)}${styles.length ? ` (found ${list(styles)})` : ''}`, ...(styles[1] ? [styles[1]] : []));
  }
  const style = styles[0]!;
  const declared = raw[style];
  if (!isMapping(declared)) throw fail(`\`${style}\` must be a mapping`, style);
  for (const key of Object.keys(declared)) {
    if (!(STYLES[style] as readonly string[]).includes(key)) throw fail(`\`${style}.${key}\` is not a key of the ${style} style (${list(STYLES[style])})`, style, key);
  }
  const body = successSchema(doc, operation);
  if (!body) throw fail('the operation has no 200 application/json response schema');

  /** A string key of the style, or a failure naming it. */
  const key = (name: string, what: string): string => {
    const value = declared[name];
    if (value === undefined) throw fail(`\`${style}.${name}\` (${what}) is missing`, style);
    if (typeof value !== 'string' || value === '') throw fail(`\`${style}.${name}\` (${what}) must be a non-empty string`, style, name);
    return value;
  };
  const checkPath = (dotted: string, expected: Expected, keys: string[], schema: Doc = body, within = 'the response schema') => {
    if (!pathSegments(dotted)) throw fail(`\`${dotted}\` is not a path (names separated by dots, each optionally followed by [property=value])`, ...keys);
    const found = schemaAt(doc, schema, dotted, (message) => fail(message, ...keys));
    if (!found) throw fail(`\`${dotted}\` is not a property of ${within}`, ...keys);
    expectType(doc, found, `\`${dotted}\` in ${within}`, expected, (message) => fail(message, ...keys));
  };
  const params = operationParameters(doc, item, operation);
  const checkParam = (name: string, expected: 'integer' | 'string', role: string) => {
    const value = key(name, `the query parameter taking ${role}`);
    const parameter = params.find((p) => p?.in === 'query' && p.name === value);
    if (!parameter) throw fail(`\`${style}.${name}\` must name a query parameter of the operation; \`${value}\` is not one`, style, name);
    expectType(doc, resolveRef(doc, parameter.schema) ?? {}, `the query parameter \`${value}\` (${role})`, expected, (message) => fail(message, style, name));
    return value;
  };

  if (typeof raw.items !== 'string') throw fail('`items` (dotted path to the array of items) is missing', ...(raw.items === undefined ? [] : ['items']));
  const items = raw.items;
  // The item type of the generated `Pages` is derived from this path: plain names only.
  if (!/^[^.[\]=]+(\.[^.[\]=]+)*$/.test(items)) throw fail(`\`items\` must be a dotted path of property names, got ${JSON.stringify(items)}`, 'items');
  checkPath(items, 'array', ['items']);

  let rule: PaginationRule;
  if (style === 'page') {
    const param = checkParam('param', 'integer', 'the page number');
    const hasNext = declared.next !== undefined;
    if (hasNext && (declared.current !== undefined || declared.last !== undefined)) {
      throw fail('`page` takes `next`, or `current` and `last`, not both', style, declared.current !== undefined ? 'current' : 'last');
    }
    if (hasNext) {
      const next = key('next', 'the path to the next page number');
      checkPath(next, 'integer', [style, 'next']);
      rule = { items, page: { param, next } };
    } else {
      if (declared.current === undefined && declared.last === undefined) throw fail('`page` needs `next`, or `current` and `last`', style);
      const current = key('current', 'the path to the current page number');
      const last = key('last', 'the path to the last page number');
      checkPath(current, 'integer', [style, 'current']);
      checkPath(last, 'integer', [style, 'last']);
      rule = { items, page: { param, current, last } };
    }
  } else if (style === 'cursor') {
    const param = checkParam('param', 'string', 'the cursor');
    const hasMore = key('hasMore', 'the path to the boolean saying more items exist');
    checkPath(hasMore, 'boolean', [style, 'hasMore']);
    const from = key('from', 'the property of the last item the cursor is taken from');
    const itemSchema = resolveRef(doc, schemaAt(doc, body, items, () => undefined)?.items);
    checkPath(from, 'string', [style, 'from'], itemSchema ?? {}, 'the item schema');
    rule = { items, cursor: { param, hasMore, from } };
  } else if (style === 'token') {
    const param = checkParam('param', 'string', 'the token');
    const next = key('next', 'the path to the next page token');
    checkPath(next, 'string', [style, 'next']);
    rule = { items, token: { param, next } };
  } else if (style === 'link') {
    const next = key('next', 'the path to the next page link');
    checkPath(next, 'link', [style, 'next']);
    rule = { items, link: { next } };
  } else {
    const param = checkParam('param', 'integer', 'the number of items to skip');
    const limit = checkParam('limit', 'integer', 'the page size');
    if (limit === param) throw fail('`offset.param` and `offset.limit` must be two parameters', style, 'limit');
    const total = declared.total === undefined ? undefined : key('total', 'the path to the total number of items');
    if (total !== undefined) checkPath(total, 'integer', [style, 'total']);
    rule = { items, offset: { param, limit, ...(total === undefined ? {} : { total }) } };
  }
  return { path, rule };
}

/** The TypeScript type of one item, built from the runtime's `PageOf` and the items path. */
export function itemType(path: string, items: string): string {
  let type = `PageOf<paths, ${tsString(path)}>`;
  for (const key of items.split('.')) type = `NonNullable<${type}[${tsString(key)}]>`;
  return `${type}[number]`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function successSchema(doc: Doc, operation: Doc): Doc | undefined {
  const response = resolveRef(doc, operation.responses?.['200']);
  const content = response?.content ?? {};
  const json = Object.keys(content).find((type) => /json/i.test(type));
  return json ? resolveRef(doc, content[json].schema) : undefined;
}

/** A schema and the schemas it is made of (`allOf`, `anyOf`, `oneOf` members), `$ref`s followed. */
function parts(doc: Doc, schema: unknown, seen = new Set<Doc>()): Doc[] {
  const resolved = resolveRef(doc, schema);
  if (!isMapping(resolved) || seen.has(resolved)) return [];
  seen.add(resolved);
  const members = ['allOf', 'anyOf', 'oneOf'].flatMap((key) => (Array.isArray(resolved[key]) ? (resolved[key] as unknown[]) : []));
  return [resolved, ...members.flatMap((member) => parts(doc, member, seen))];
}

/**
 * The schema at a path, following `$ref`s and `allOf`/`anyOf`/`oneOf` members; a segment with
 * `[property=value]` steps into the items of an array whose item schema has that property.
 */
function schemaAt(doc: Doc, schema: Doc | undefined, dotted: string, fail: (message: string) => Error | undefined): Doc | undefined {
  let current: Doc | undefined = schema;
  for (const { key, where, equals } of pathSegments(dotted) ?? []) {
    current = parts(doc, current)
      .map((s) => resolveRef(doc, s.properties?.[key]))
      .find(isMapping);
    if (!current || where === undefined) continue;
    const array = parts(doc, current).find((s) => s.items !== undefined);
    const item = array ? resolveRef(doc, array.items) : undefined;
    const selector = item ? parts(doc, item).map((s) => resolveRef(doc, s.properties?.[where])).find(isMapping) : undefined;
    const error = !item
      ? fail(`\`${key}\` must be an array to select \`[${where}=${equals}]\` from`)
      : !selector
        ? fail(`the items of \`${key}\` have no property \`${where}\` to select \`[${where}=${equals}]\` by`)
        : !typesOf(doc, selector).has('string')
          ? fail(`\`${where}\` of the items of \`${key}\` must be a string to select \`[${where}=${equals}]\` by`)
          : !allows(doc, selector, equals!)
            ? fail(`\`${where}\` of the items of \`${key}\` can never be ${JSON.stringify(equals)}`)
            : undefined;
    if (error) throw error;
    current = item;
  }
  return current;
}

/** The JSON types a schema allows, from `type` on it and on its members. */
function typesOf(doc: Doc, schema: Doc): Set<string> {
  return new Set(parts(doc, schema).flatMap((s) => ([] as unknown[]).concat(s.type ?? []).map(String)));
}

/** Whether a string schema's `const` or `enum`, if any, allows the value. */
function allows(doc: Doc, schema: Doc, value: string): boolean {
  return parts(doc, schema).every((s) => (s.const === undefined || s.const === value) && (!Array.isArray(s.enum) || s.enum.includes(value)));
}

const URI_FORMATS = ['uri', 'uri-reference'];

/** Fails unless the schema's types, null aside, are exactly the expected one (a link: a string with a URI format, if any). */
function expectType(doc: Doc, schema: Doc, what: string, expected: Expected, fail: (message: string) => Error): void {
  const types = typesOf(doc, schema);
  const found = [...types].filter((type) => type !== 'null');
  const want = expected === 'link' ? 'string' : expected;
  const article = want === 'array' || want === 'integer' ? 'an' : 'a';
  const role = expected === 'link' ? 'a string (the URL of the next page)' : `${article} ${want}`;
  if (found.length !== 1 || found[0] !== want) throw fail(`${what} must be ${role} (found ${[...types].join(' | ') || 'no type'})`);
  if (expected === 'link') {
    const formats = parts(doc, schema).flatMap((s) => (typeof s.format === 'string' ? [s.format] : []));
    const bad = formats.find((format) => !URI_FORMATS.includes(format));
    if (bad) throw fail(`${what} must be a URL (\`format: uri\` or \`uri-reference\`), not \`format: ${bad}\``);
  }
}
