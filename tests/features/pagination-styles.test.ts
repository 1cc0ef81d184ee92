/**
 * Every pagination style through a generated client: the fixture provider of
 * `tests/fixtures/providers/page-styles/` (one list per style, shaped like Stripe's search,
 * GoCardless, Mollie, PayPal and two offset lists) is built by the real pipeline into a scratch
 * project, its generated client walks each list against Prism started on its generated spec
 * (`Prefer: example=firstPage|lastPage` picked per request), and the test checks the exact query of
 * every page and that Prism found no violation. The generated `Pages` types are type-checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureWithMock, typecheckWithFixture, type FixtureWithMock } from '../helpers/fixture-provider.js';
import { examplePicker, expectNoViolations } from '../helpers/prism.js';

interface Item {
  id: string;
  email: string;
}
interface Paginator {
  [Symbol.asyncIterator](): AsyncIterator<Item>;
  pages(): AsyncIterable<Record<string, unknown>>;
  toArray(limit?: number): Promise<Item[]>;
}
/** The generated module, as far as this file uses it (its real types are checked below). */
interface PageStylesModule {
  createPageStylesClient(options: { apiKey: string; baseUrl: string; fetch?: (request: Request) => Promise<Response> }): {
    paginate(path: string, init?: { params?: { query?: Record<string, unknown> }; maxPages?: number }): Paginator;
  };
}

let fixture: FixtureWithMock<PageStylesModule>;

beforeAll(async () => {
  fixture = await buildFixtureWithMock<PageStylesModule>('page-styles');
});

afterAll(async () => {
  await fixture?.dispose();
});

/**
 * A client whose requests ask Prism for the `lastPage` example when they carry what continues the
 * walk (a token, a link's query, an offset), else for `firstPage`; every response is kept.
 */
function pagingClient(continues: (query: URLSearchParams) => boolean) {
  const picker = examplePicker((url) => (continues(url.searchParams) ? 'lastPage' : 'firstPage'));
  const client = fixture.client.createPageStylesClient({ apiKey: 'test_key', baseUrl: fixture.prism.url, fetch: picker.fetch });
  return { client, responses: picker.responses, queries: () => picker.responses.map((response) => new URL(response.url).search) };
}

async function collect(iterable: AsyncIterable<Item>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of iterable) ids.push(item.id);
  return ids;
}

describe('a next-page token read from the body', () => {
  it('Stripe search: `next_page` sent back as `page`, until it is null', async () => {
    const { client, responses, queries } = pagingClient((query) => query.has('page'));
    const ids = await collect(client.paginate('/customers/search', { params: { query: { query: 'status:active', limit: 2 } } }));
    expect(ids).toEqual(['cus_1', 'cus_2', 'cus_3']);
    expect(queries()).toEqual(['?query=status%3Aactive&limit=2', '?query=status%3Aactive&limit=2&page=tok_page_2']);
    responses.forEach(expectNoViolations);
  });

  it('GoCardless: `meta.cursors.after` sent back as `after`, page by page', async () => {
    const { client, responses, queries } = pagingClient((query) => query.has('after'));
    const pages = [];
    for await (const page of client.paginate('/mandates', { params: { query: { limit: 2 } } }).pages()) pages.push(page.meta);
    expect(pages).toEqual([
      { cursors: { before: null, after: 'MD2' }, limit: 2 },
      { cursors: { before: 'MD3', after: null }, limit: 2 },
    ]);
    expect(queries()).toEqual(['?limit=2', '?limit=2&after=MD2']);
    responses.forEach(expectNoViolations);
  });
});

describe('a next-page link', () => {
  it("Mollie: `_links.next.href` on the provider's host, followed on the client's base URL with the link's query", async () => {
    const { client, responses, queries } = pagingClient((query) => query.has('from'));
    expect(await collect(client.paginate('/profiles', { params: { query: { limit: 2 } } }))).toEqual(['pfl_1', 'pfl_2', 'pfl_3']);
    expect(queries()).toEqual(['?limit=2', '?from=pfl_3&limit=2']);
    expect(responses.map((response) => new URL(response.url).origin)).toEqual([fixture.prism.url, fixture.prism.url]);
    responses.forEach(expectNoViolations);
  });

  it('PayPal: the `rel: next` object of `links`, until there is none', async () => {
    const { client, responses, queries } = pagingClient((query) => query.get('page') === '2');
    expect((await client.paginate('/invoices', { params: { query: { page_size: 2 } } }).toArray()).map((item) => item.id)).toEqual(['INV-1', 'INV-2', 'INV-3']);
    expect(queries()).toEqual(['?page_size=2', '?page=2&page_size=2']);
    responses.forEach(expectNoViolations);
  });
});

describe('offset and limit', () => {
  it('with a total: the next offset is the items received, and the total ends the walk without an empty page', async () => {
    const { client, responses, queries } = pagingClient((query) => Number(query.get('offset') ?? 0) > 0);
    expect(await collect(client.paginate('/payments', { params: { query: { limit: 2 } } }))).toEqual(['pay_1', 'pay_2', 'pay_3']);
    expect(queries()).toEqual(['?limit=2', '?limit=2&offset=2']);
    responses.forEach(expectNoViolations);
  });

  it('without a total: a short page ends the walk', async () => {
    const { client, responses, queries } = pagingClient((query) => Number(query.get('offset') ?? 0) > 0);
    expect(await collect(client.paginate('/payouts', { params: { query: { limit: 2 } } }))).toEqual(['po_1', 'po_2', 'po_3']);
    expect(queries()).toEqual(['?limit=2', '?limit=2&offset=2']);
    responses.forEach(expectNoViolations);
  });

  it('maxPages stops the walk, whatever the style', async () => {
    for (const [path, query] of [['/payments', { limit: 2 }], ['/profiles', { limit: 2 }], ['/customers/search', { query: 'x', limit: 2 }]] as const) {
      const { client, responses } = pagingClient(() => false);
      expect(await client.paginate(path, { params: { query }, maxPages: 1 }).toArray()).toHaveLength(2);
      expect(responses).toHaveLength(1);
      responses.forEach(expectNoViolations);
    }
  });
});

describe('the generated client types every style', () => {
  it('items and pages of each list are typed from the spec (type-checked against the generated package)', async () => {
    expect(await typecheckWithFixture(fixture, 'page-styles', (generated) => `import { expectTypeOf } from 'vitest';
import type { Customer, PageStylesClient, PageStylesPages } from '${generated}';

export async function check(client: PageStylesClient) {
  expectTypeOf<PageStylesPages['/customers/search']['item']>().toEqualTypeOf<Customer>();
  for await (const item of client.paginate('/customers/search', { params: { query: { query: 'x' } } })) expectTypeOf(item).toEqualTypeOf<Customer>();
  for await (const page of client.paginate('/mandates').pages()) expectTypeOf(page.meta.cursors.after).toEqualTypeOf<string | null>();
  for await (const page of client.paginate('/profiles').pages()) expectTypeOf(page._embedded.profiles).toEqualTypeOf<Customer[]>();
  for await (const page of client.paginate('/invoices').pages()) expectTypeOf(page.links[0]?.rel).toEqualTypeOf<'self' | 'next' | 'prev' | 'first' | 'last' | undefined>();
  expectTypeOf(await client.paginate('/payments', { params: { query: { offset: 10, limit: 5 } }, maxPages: 2 }).toArray(3)).toEqualTypeOf<Customer[]>();
  for await (const item of client.paginate('/payouts')) expectTypeOf(item.email).toBeString();
  // @ts-expect-error: the search query is required
  client.paginate('/customers/search');
  // @ts-expect-error: an offset is a number
  client.paginate('/payments', { params: { query: { offset: 'ten' } } });
}
`)).toEqual([]);
  });
});
