import { describe, expect, it } from 'vitest';
import { encodeForm, formPairs } from '../../../packages/runtime/src/form/index.js';

/** Decodes a form the way a server does, for round-trip checks. */
const decode = (encoded: string) => [...new URLSearchParams(encoded)];

describe('formPairs', () => {
  it('flattens nested objects with brackets', () => {
    expect(formPairs({ amount: 400, card: { number: '4200000000000000', expiry_month: 12 } })).toEqual([
      ['amount', '400'],
      ['card[number]', '4200000000000000'],
      ['card[expiry_month]', '12'],
    ]);
  });

  it('flattens deeper nesting', () => {
    expect(formPairs({ a: { b: { c: { d: 'x' } } } })).toEqual([['a[b][c][d]', 'x']]);
  });

  it('uses empty brackets for arrays of scalars', () => {
    expect(formPairs({ tags: ['a', 'b', 3, true] })).toEqual([
      ['tags[]', 'a'],
      ['tags[]', 'b'],
      ['tags[]', '3'],
      ['tags[]', 'true'],
    ]);
  });

  it('uses indices for arrays of objects, recursing into them', () => {
    expect(formPairs({ lines: [{ name: 'x', qty: 1 }, { name: 'y', tags: ['t'] }] })).toEqual([
      ['lines[0][name]', 'x'],
      ['lines[0][qty]', '1'],
      ['lines[1][name]', 'y'],
      ['lines[1][tags][]', 't'],
    ]);
  });

  it('indexes arrays of arrays', () => {
    expect(formPairs({ m: [['a'], ['b', 'c']] })).toEqual([
      ['m[0][]', 'a'],
      ['m[1][]', 'b'],
      ['m[1][]', 'c'],
    ]);
  });

  it('writes booleans, numbers, bigints, null and Dates', () => {
    expect(
      formPairs({ yes: true, no: false, zero: 0, neg: -1.5, big: 10n ** 20n, nothing: null, at: new Date('2026-01-02T03:04:05Z') }),
    ).toEqual([
      ['yes', 'true'],
      ['no', 'false'],
      ['zero', '0'],
      ['neg', '-1.5'],
      ['big', '100000000000000000000'],
      ['nothing', ''],
      ['at', '2026-01-02T03:04:05.000Z'],
    ]);
  });

  it('writes null inside arrays as an empty value', () => {
    expect(formPairs({ tags: ['a', null] })).toEqual([
      ['tags[]', 'a'],
      ['tags[]', ''],
    ]);
  });

  it('skips undefined everywhere, keeping array indices contiguous', () => {
    expect(
      formPairs({
        skip: undefined,
        card: { number: '42', cvc: undefined },
        tags: [undefined, 'a', undefined],
        lines: [undefined, { name: 'x', note: undefined }, { name: 'y' }],
      }),
    ).toEqual([
      ['card[number]', '42'],
      ['tags[]', 'a'],
      ['lines[0][name]', 'x'],
      ['lines[1][name]', 'y'],
    ]);
  });

  it('produces no pairs for empty objects and arrays', () => {
    expect(formPairs({})).toEqual([]);
    expect(formPairs({ meta: {}, tags: [], deep: { inner: {} } })).toEqual([]);
  });

  it('accepts objects without a prototype', () => {
    const body = Object.assign(Object.create(null) as Record<string, unknown>, { a: '1' });
    expect(formPairs(body)).toEqual([['a', '1']]);
  });
});

describe('encodeForm', () => {
  it('matches URLSearchParams encoding (brackets percent-encoded, spaces as +)', () => {
    const body = { card: { number: '4200 0000' }, tags: ['a'] };
    const encoded = encodeForm(body);
    expect(encoded).toBe('card%5Bnumber%5D=4200+0000&tags%5B%5D=a');
    expect(encoded).toBe(new URLSearchParams(formPairs(body)).toString());
  });

  it('round-trips reserved characters and unicode', () => {
    const body = { 'k&=+ y': 'a&b=c+d e', name: 'Zoë 日本 😀', path: '/?#%', nested: { 'x y': '100%' } };
    expect(decode(encodeForm(body))).toEqual([
      ['k&=+ y', 'a&b=c+d e'],
      ['name', 'Zoë 日本 😀'],
      ['path', '/?#%'],
      ['nested[x y]', '100%'],
    ]);
  });

  it('encodes an empty object as an empty string', () => {
    expect(encodeForm({})).toBe('');
  });
});

describe('encodeForm errors', () => {
  it('rejects NaN and infinities, naming the key', () => {
    expect(() => encodeForm({ card: { amount: Number.NaN } })).toThrow(TypeError);
    expect(() => encodeForm({ card: { amount: Number.NaN } })).toThrow(/card\[amount\] must be a finite number, got NaN/);
    expect(() => encodeForm({ list: [1, Infinity] })).toThrow(/list\[\] must be a finite number, got Infinity/);
  });

  it('rejects a body that is not a plain object', () => {
    for (const body of [null, undefined, 'a=b', 42, ['a'], new Date(), new Map([['a', 1]]), new URLSearchParams('a=b')]) {
      expect(() => encodeForm(body)).toThrow(TypeError);
    }
    expect(() => encodeForm(['a'])).toThrow(/plain object, got array/);
  });

  it('rejects values a form cannot carry, naming the key', () => {
    expect(() => encodeForm({ meta: { when: new Date('nope') } })).toThrow(/meta\[when\] is an invalid Date/);
    expect(() => encodeForm({ cb: () => 1 })).toThrow(/cannot encode cb, a function/);
    expect(() => encodeForm({ s: Symbol('x') })).toThrow(/cannot encode s, a symbol/);
    expect(() => encodeForm({ m: new Map() })).toThrow(/cannot encode m, a Map/);
  });

  it('rejects cycles instead of overflowing the stack', () => {
    const body: Record<string, unknown> = { a: '1' };
    body.self = { back: body };
    expect(() => encodeForm(body)).toThrow(/self\[back\] refers back to itself/);
    const list: unknown[] = [];
    list.push(list);
    expect(() => encodeForm({ list })).toThrow(/refers back to itself/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { id: 'x' };
    expect(formPairs({ a: shared, b: shared })).toEqual([
      ['a[id]', 'x'],
      ['b[id]', 'x'],
    ]);
  });
});
