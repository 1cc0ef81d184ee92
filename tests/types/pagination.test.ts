/**
 * Type-level promises of `paginate` in every pagination style, checked by the type-check of
 * `pnpm test` (the functions are never called): the items and pages keep the types of the
 * `Pages` map whatever the style, and `.toArray()` gives the items. The generated client of the
 * fixture provider is checked the same way in `tests/features/pagination-styles.test.ts`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Paginator } from '@payspec/runtime';
import { listClient, type Item, type ListPaths } from '../runtime/fixtures.js';

type Body<Path extends keyof ListPaths> = ListPaths[Path]['get']['responses'][200]['content']['application/json'];

export async function everyStyle(client: ReturnType<typeof listClient>) {
  const token = client.paginate('/by-token', { params: { query: { limit: 10 } } });
  expectTypeOf(token).toEqualTypeOf<Paginator<Item, Body<'/by-token'>>>();
  for await (const page of token.pages()) expectTypeOf(page.meta.cursors.after).toEqualTypeOf<string | null>();
  for await (const item of client.paginate('/by-link')) expectTypeOf(item).toEqualTypeOf<Item>();
  for await (const page of client.paginate('/by-links').pages()) expectTypeOf(page.links[0]).toEqualTypeOf<{ href: string; rel: string } | undefined>();
  expectTypeOf(await client.paginate('/by-offset', { params: { query: { offset: 20, limit: 10 } }, maxPages: 2 }).toArray(5)).toEqualTypeOf<Item[]>();
  for await (const page of client.paginate('/by-offset').pages()) expectTypeOf(page.meta.total).toBeNumber();
  expectTypeOf(client.paginate('/by-short-page')).toEqualTypeOf<Paginator<Item, Body<'/by-short-page'>>>();
  // @ts-expect-error: the offset is the operation's own query parameter, a number
  client.paginate('/by-offset', { params: { query: { offset: 'ten' } } });
  // @ts-expect-error: a token is a string
  client.paginate('/by-token', { params: { query: { page: 2 } } });
}

describe('pagination types', () => {
  it('are checked by the type-check of `pnpm test`', () => {
    expect(typeof everyStyle).toBe('function');
  });
});
