import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '@payspec/runtime';
import {
  serializePath,
  serializePathParam,
  serializeQuery,
  serializeQueryParam,
  type ParameterStyle,
  type PathStyle,
  type QueryStyle,
} from '../../packages/runtime/src/parameters/index.js';

/**
 * The serializer against the "Style Examples" table of OpenAPI 3.1.1 (parameter `color`), row by
 * row. Our two documented departures from the table are marked: deepObject keeps its brackets
 * literal (Ping++, Stripe), and deepObject arrays, which the table leaves undefined, use `[]`.
 */
const string = 'blue';
const array = ['blue', 'black', 'brown'];
const object = { R: 100, G: 200, B: 150 };

const pathRows: [PathStyle, boolean, string, string, string][] = [
  ['matrix', false, ';color=blue', ';color=blue,black,brown', ';color=R,100,G,200,B,150'],
  ['matrix', true, ';color=blue', ';color=blue;color=black;color=brown', ';R=100;G=200;B=150'],
  ['label', false, '.blue', '.blue,black,brown', '.R,100,G,200,B,150'],
  ['label', true, '.blue', '.blue.black.brown', '.R=100.G=200.B=150'],
  ['simple', false, 'blue', 'blue,black,brown', 'R,100,G,200,B,150'],
  ['simple', true, 'blue', 'blue,black,brown', 'R=100,G=200,B=150'],
];

const queryRows: [QueryStyle, boolean, string | undefined, string | undefined, string | undefined][] = [
  ['form', false, 'color=blue', 'color=blue,black,brown', 'color=R,100,G,200,B,150'],
  ['form', true, 'color=blue', 'color=blue&color=black&color=brown', 'R=100&G=200&B=150'],
  ['spaceDelimited', false, undefined, 'color=blue%20black%20brown', 'color=R%20100%20G%20200%20B%20150'],
  ['pipeDelimited', false, undefined, 'color=blue%7Cblack%7Cbrown', 'color=R%7C100%7CG%7C200%7CB%7C150'],
  // The table: ?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150; arrays n/a.
  ['deepObject', true, undefined, 'color[]=blue&color[]=black&color[]=brown', 'color[R]=100&color[G]=200&color[B]=150'],
];

describe('the OpenAPI 3.1 Style Examples table', () => {
  it.each(pathRows)('path %s explode=%s', (style, explode, primitive, list, map) => {
    const as = { style, explode };
    expect([serializePathParam('color', string, as), serializePathParam('color', array, as), serializePathParam('color', object, as)]).toEqual([primitive, list, map]);
  });

  it.each(queryRows)('query %s explode=%s', (style, explode, primitive, list, map) => {
    const as = { style, explode };
    if (primitive) expect(serializeQueryParam('color', string, as)).toBe(primitive);
    expect([serializeQueryParam('color', array, as), serializeQueryParam('color', object, as)]).toEqual([list, map]);
  });
});

describe('query serialization', () => {
  const form: ParameterStyle<QueryStyle> = { style: 'form', explode: true };
  const deep: ParameterStyle<QueryStyle> = { style: 'deepObject', explode: true };

  it('keeps Ping++ created[gt] byte for byte, as openapi-fetch sent it', () => {
    expect(serializeQuery({ limit: 2, created: { gt: 1500000000, lte: 1600000000 } }, { created: deep })).toBe('limit=2&created[gt]=1500000000&created[lte]=1600000000');
  });

  it('nests deepObject values with brackets, indices only for arrays holding objects', () => {
    const filter = { created: { gt: 1, lt: 2 }, ids: ['a', 'b'], lines: [{ sku: 'x' }, { sku: 'y' }], skip: undefined, none: null };
    expect(serializeQueryParam('filter', filter, deep)).toBe(
      'filter[created][gt]=1&filter[created][lt]=2&filter[ids][]=a&filter[ids][]=b&filter[lines][0][sku]=x&filter[lines][1][sku]=y',
    );
    expect(serializeQueryParam('expand', ['customer', 'invoice.subscription'], deep)).toBe('expand[]=customer&expand[]=invoice.subscription');
  });

  it('percent-encodes every name, key and value as RFC 3986 asks, delimiters inside values included', () => {
    expect(serializeQueryParam('q', "a b&c=d+e,f|g[h]#i/j?k!'()*~", form)).toBe('q=a%20b%26c%3Dd%2Be%2Cf%7Cg%5Bh%5D%23i%2Fj%3Fk%21%27%28%29%2A~');
    expect(serializeQueryParam('tags', ['a,b', 'c'], { style: 'form', explode: false })).toBe('tags=a%2Cb,c');
    expect(serializeQueryParam('f', { 'a]b': 'x[y', 'é': '€' }, deep)).toBe('f[a%5Db]=x%5By&f[%C3%A9]=%E2%82%AC');
    expect(serializeQueryParam('emoji', '😀', form)).toBe('emoji=%F0%9F%98%80');
    // A declared name keeps its brackets (an API whose parameter is literally `created[gte]`).
    expect(serializeQueryParam('created[gte]', 1, form)).toBe('created[gte]=1');
  });

  it('allowReserved passes reserved characters and percent-encoded triples, but not what breaks a query', () => {
    const reserved: ParameterStyle<QueryStyle> = { style: 'form', explode: true, allowReserved: true };
    expect(serializeQueryParam('next', "/a/b?c:d@e!$'()*,;%2F%zz", reserved)).toBe("next=/a/b?c:d@e!$'()*,;%2F%25zz");
    expect(serializeQueryParam('next', 'a&b=c+d#e[f] g', reserved)).toBe('next=a%26b%3Dc%2Bd%23e%5Bf%5D%20g');
  });

  it('scalars: booleans, bigints and Dates; undefined, null, empty arrays and objects send nothing', () => {
    expect(serializeQuery({ a: true, b: 10n, c: new Date(Date.UTC(2024, 0, 2)), d: 0, e: '' }, undefined)).toBe('a=true&b=10&c=2024-01-02T00%3A00%3A00.000Z&d=0&e=');
    expect(serializeQuery({ a: undefined, b: null, c: [], d: {}, e: [null, undefined], f: { x: undefined } }, undefined)).toBe('');
    expect(serializeQueryParam('a', ['x', null, 'y'], form)).toBe('a=x&a=y');
  });

  it('an undeclared parameter is form, exploded, as OpenAPI says', () => {
    expect(serializeQuery({ ids: ['a', 'b'], range: { from: 1, to: 2 } }, {})).toBe('ids=a&ids=b&from=1&to=2');
  });

  it.each([
    ['a nested object in a form parameter', { a: { b: 1 } }, form, /`p` cannot hold an object inside an object in style form \(only deepObject nests\)/],
    ['a nested array in a pipeDelimited parameter', [['x']], { style: 'pipeDelimited', explode: false }, /`p` cannot hold an array inside an array in style pipeDelimited/],
    ['a function', () => 1, form, /`p` must be a string, number, boolean, array or plain object, got a function/],
    ['a Map', new Map(), form, /got an object/],
    ['NaN', Number.NaN, form, /`p` must be a finite number, got NaN/],
    ['an invalid Date', new Date(Number.NaN), deep, /`p` is an invalid Date/],
    ['a lone surrogate', 'a\uD800', form, /`p` is not well-formed Unicode/],
    ['a cycle', (() => { const a: Record<string, unknown> = {}; a.self = a; return a; })(), deep, /`p` refers back to itself/],
  ] as const)('refuses %s with a ConfigurationError naming the parameter, not the value', (_name, value, style, message) => {
    let error: unknown;
    try {
      serializeQueryParam('p', value, style as ParameterStyle<QueryStyle>, 'GET /things');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: 'params.query.p' });
    expect((error as Error).message).toMatch(/^GET \/things: the query parameter/);
    expect((error as Error).message).toMatch(message);
  });
});

describe('path serialization', () => {
  const styles = { ids: { style: 'label', explode: true }, id: { style: 'simple', explode: false } } as const;

  it('fills each template in its style, encoding as RFC 3986 asks', () => {
    expect(serializePath('https://api.example.com/v1/things/{id}/parts{ids}', { id: 'a b,c', ids: ['x', 'y;z'] }, styles)).toBe(
      'https://api.example.com/v1/things/a%20b%2Cc/parts.x.y%3Bz',
    );
    expect(serializePath('/things/{id}', { id: "it's(1)*!" })).toBe('/things/it%27s%281%29%2A%21');
    expect(serializePathParam('m', '', { style: 'matrix', explode: false })).toBe(';m');
  });

  it('a segment a parameter fills never comes out `.` or `..`', () => {
    expect(() => serializePath('/things/{ids}', { ids: ['.'] }, styles, 'GET /things/{ids}')).toThrow(
      /GET \/things\/\{ids\}: the path parameter `ids` would make its path segment empty, `\.` or `\.\.`/,
    );
    expect(() => serializePath('/things/{ids}', { ids: '.' }, styles)).toThrow(ConfigurationError);
    expect(() => serializePath('/things/{id}', { id: ['..'] }, styles)).toThrow(/`id` would make its path segment/);
    expect(serializePath('/things/x{ids}', { ids: ['.'] }, styles)).toBe('/things/x..');
  });

  it('leaves a template without a value as it is (the call checks required parameters first)', () => {
    expect(serializePath('/things/{id}', {})).toBe('/things/{id}');
  });
});
