// application/x-www-form-urlencoded bodies with bracket notation for nesting, the convention of
// Rack/Rails and the APIs built on it (Pin Payments, Stripe):
//   { card: { number: '42' } }        -> card[number]=42
//   { tags: ['a', 'b'] }              -> tags[]=a&tags[]=b        (array of scalars: empty brackets)
//   { lines: [{ name: 'x' }] }        -> lines[0][name]=x         (array holding objects: indices)
// The output is exactly `new URLSearchParams(pairs).toString()`, so brackets are percent-encoded
// (%5B %5D) and spaces become `+`; servers decode that the same as literal brackets.

import { isPlainObject, scalarText } from '../core/client/parameters.js';

type Pair = [string, string];

/** The body as an encoded form string. Throws a TypeError naming the key of any value it cannot encode. */
export function encodeForm(body: unknown): string {
  return new URLSearchParams(formPairs(body)).toString();
}

/**
 * The body flattened to (key, value) pairs, unencoded, in property order. Values: strings as-is,
 * finite numbers and bigints via String, booleans as `true`/`false`, Dates as ISO 8601, null as an
 * empty value; undefined properties and array elements are left out.
 */
export function formPairs(body: unknown): Pair[] {
  if (!isPlainObject(body)) throw new TypeError(`encodeForm: the body must be a plain object, got ${describe(body)}.`);
  const pairs: Pair[] = [];
  const ancestors = new Set<object>();
  const visitObject = (prefix: string | undefined, object: Record<string, unknown>): void => {
    enter(ancestors, object, prefix);
    for (const [key, value] of Object.entries(object)) visit(prefix === undefined ? key : `${prefix}[${key}]`, value);
    ancestors.delete(object);
  };
  const visit = (key: string, value: unknown): void => {
    if (value === undefined) return;
    const scalar = scalarValue(key, value);
    if (scalar !== undefined) {
      pairs.push([key, scalar]);
    } else if (Array.isArray(value)) {
      enter(ancestors, value, key);
      const items = value.filter((item) => item !== undefined);
      // Empty brackets only work for scalars; objects need indices to keep their fields together.
      if (items.every((item) => !isContainer(item))) items.forEach((item) => visit(`${key}[]`, item));
      else items.forEach((item, index) => visit(`${key}[${index}]`, item));
      ancestors.delete(value);
    } else if (isPlainObject(value)) {
      visitObject(key, value);
    } else {
      throw new TypeError(`encodeForm: cannot encode ${key}, a ${describe(value)}.`);
    }
  };
  visitObject(undefined, body);
  return pairs;
}

/** The string for a scalar value ('' for null), or undefined when the value is not a scalar. */
function scalarValue(key: string, value: unknown): string | undefined {
  if (value === null) return '';
  return scalarText(value, (problem) => {
    throw new TypeError(`encodeForm: ${key} ${problem}.`);
  });
}

function isContainer(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value);
}

/** Guards against cycles, which would otherwise recurse until the stack overflows. */
function enter(ancestors: Set<object>, value: object, key: string | undefined): void {
  if (ancestors.has(value)) throw new TypeError(`encodeForm: ${key ?? 'the body'} refers back to itself.`);
  ancestors.add(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'object';
  return typeof value;
}
