import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError, ConfigurationError, InvalidResponseError, readPath } from '@payspec/runtime';
import { pathSegments } from '../../../packages/runtime/src/pagination/index.js';
import { startFaultServer, type Fault, type FaultServer, type ReceivedRequest } from '../../helpers/fault-server.js';
import { listClient, token, type Item } from '../fixtures.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ id: `it_${from + i}` }));
const query = (request: ReceivedRequest) => Object.fromEntries(new URL(request.url, 'http://x').searchParams);

/** Seven items in pages of three, in each provider's style. */
function pages(style: 'next' | 'meta' | 'cursor') {
  return (_: number, request: ReceivedRequest): Fault => {
    const q = query(request);
    if (style === 'cursor') {
      const after = q.starting_after ? Number(q.starting_after.slice(3)) : 0;
      const data = ids(after + 1, Math.min(after + 3, 7));
      return { body: { data, has_more: after + 3 < 7 } };
    }
    const page = Number(q.page ?? 1);
    const data = ids((page - 1) * 3 + 1, Math.min(page * 3, 7));
    return style === 'next'
      ? { body: { response: data, pagination: { current: page, next: page < 3 ? page + 1 : null } } }
      : { body: { data, meta: { current_page: page, last_page: 3 } } };
  };
}

describe('pagination', () => {
  it.each([
    ['page number with next (Pin Payments)', '/by-next', 'next'],
    ['page number with meta (Reportei)', '/by-meta', 'meta'],
    ['cursor with has_more (Ping++)', '/by-cursor', 'cursor'],
  ] as const)('walks every item: %s', async (_, path, style) => {
    server = await startFaultServer(pages(style));
    const seen: Item[] = [];
    for await (const item of listClient(server.url).paginate(path)) {
      expectTypeOf(item).toEqualTypeOf<Item>();
      seen.push(item);
    }
    expect(seen.map((item) => item.id)).toEqual(ids(1, 7).map((item) => item.id));
    expect(server.received).toHaveLength(3);
  });

  it('follows the cursor from the last item of each page', async () => {
    server = await startFaultServer(pages('cursor'));
    await listClient(server.url).paginate('/by-cursor', { params: { query: { limit: 3 } } }).toArray();
    expect(server.received.map(query)).toEqual([{ limit: '3' }, { limit: '3', starting_after: 'it_3' }, { limit: '3', starting_after: 'it_6' }]);
  });

  it('walks pages, keeping the query it was given', async () => {
    server = await startFaultServer(pages('next'));
    const bodies = [];
    for await (const page of listClient(server.url).paginate('/by-next', { params: { query: { q: 'x' } } }).pages()) bodies.push(page);
    expect(bodies.map((page) => page.pagination.current)).toEqual([1, 2, 3]);
    expect(server.received.map(query)).toEqual([{ q: 'x' }, { q: 'x', page: '2' }, { q: 'x', page: '3' }]);
  });

  it('fetches lazily: stopping early sends no further request', async () => {
    server = await startFaultServer(pages('meta'));
    const firstFour = await listClient(server.url).paginate('/by-meta').toArray(4);
    expect(firstFour.map((item) => item.id)).toEqual(['it_1', 'it_2', 'it_3', 'it_4']);
    expect(server.received).toHaveLength(2);
  });

  it('stops on an empty page', async () => {
    server = await startFaultServer([
      { body: { response: [{ id: 'a' }], pagination: { current: 1, next: 2 } } },
      { body: { response: [], pagination: { current: 2, next: 3 } } },
    ]);
    expect((await listClient(server.url).paginate('/by-next').toArray()).map((item) => item.id)).toEqual(['a']);
    expect(server.received).toHaveLength(2);
  });

  it('ends with an InvalidResponseError, not a repeated page, when a provider gives the same next page again', async () => {
    server = await startFaultServer([
      { body: { response: [{ id: 'a' }], pagination: { current: 1, next: 2 } } },
      { body: { response: [{ id: 'b' }], pagination: { current: 2, next: 2 } } },
      { body: { response: [{ id: 'c' }], pagination: { current: 2, next: 3 } } },
    ]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of listClient(server.url).paginate('/by-next')) seen.push(item.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/`pagination\.next` \(2\) does not come after page 2/);
    expect(server.received).toHaveLength(2);
  });

  it('throws the typed ApiError of a failing page', async () => {
    server = await startFaultServer([
      { body: { data: [{ id: 'a' }], has_more: true } },
      { status: 500, body: { error: 'boom' } },
    ]);
    const client = listClient(server.url).withOptions({ maxRetries: 0 });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of client.paginate('/by-cursor')) seen.push(item.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a']);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, body: { error: 'boom' } });
  });

  it('refuses a path that is not a list operation', () => {
    // @ts-expect-error: only declared list operations can be paginated
    expect(() => listClient('http://127.0.0.1:9').paginate('/nope')).toThrow(/not a paginated list operation/);
  });
});

/** Seven items in pages of `size` (the `limit` asked, 3 by default) from `start`: ids and whether more follow. */
function slice(start: number, size = 3) {
  const data = ids(start + 1, Math.min(start + size, 7));
  return { data, more: start + size < 7 };
}

describe('pagination with a next-page token from the body', () => {
  it('sends each token back in its query parameter and stops at a null, empty or absent token', async () => {
    for (const last of [null, '', undefined]) {
      server = await startFaultServer((_, request) => {
        const q = query(request);
        const start = q.page ? Number(q.page.slice(4)) : 0;
        const { data, more } = slice(start, Number(q.limit));
        return { body: { data, meta: { cursors: more ? { after: `tok_${start + data.length}` } : last === undefined ? {} : { after: last } } } };
      });
      const seen: Item[] = [];
      for await (const item of listClient(server.url).paginate('/by-token', { params: { query: { limit: 3, q: 'x' } } })) {
        expectTypeOf(item).toEqualTypeOf<Item>();
        seen.push(item);
      }
      expect(seen.map((item) => item.id)).toEqual(ids(1, 7).map((item) => item.id));
      expect(server.received.map(query)).toEqual([
        { limit: '3', q: 'x' },
        { limit: '3', q: 'x', page: 'tok_3' },
        { limit: '3', q: 'x', page: 'tok_6' },
      ]);
      await server.close();
      server = undefined;
    }
  });

  it('a token already used ends the walk with an InvalidResponseError, no page twice', async () => {
    server = await startFaultServer([
      { body: { data: [{ id: 'a' }], meta: { cursors: { after: 'tok_1' } } } },
      { body: { data: [{ id: 'b' }], meta: { cursors: { after: 'tok_1' } } } },
    ]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of listClient(server.url).paginate('/by-token')) seen.push(item.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/the token `meta\.cursors\.after` was already used/);
    expect(server.received).toHaveLength(2);
  });

  it('the token the caller started from counts as used', async () => {
    server = await startFaultServer([{ body: { data: [{ id: 'b' }], meta: { cursors: { after: 'tok_start' } } } }]);
    const error = await listClient(server.url).paginate('/by-token', { params: { query: { page: 'tok_start' } } }).toArray().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/already used/);
    expect(server.received).toHaveLength(1);
  });

  it('a token that is not a string is nonsense: nothing more is sent', async () => {
    server = await startFaultServer([{ body: { data: [{ id: 'a' }], meta: { cursors: { after: 42 } } } }]);
    const error = await listClient(server.url).paginate('/by-token').toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/`meta\.cursors\.after` is not a string token/);
    expect(server.received).toHaveLength(1);
  });

  it('pages that go round (A, B, A with fresh tokens) end the walk at the first repeat, whatever the tokens', async () => {
    server = await startFaultServer((n) => ({ body: { data: [{ id: n % 2 === 0 ? 'a' : 'b' }], meta: { cursors: { after: `tok_${n}` } } } }));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of listClient(server.url).paginate('/by-token', { maxPages: 50 })) seen.push(item.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/the same items again as an earlier page/);
    expect(server.received).toHaveLength(3);
  });

  it('an endless list of new tokens stops at maxPages', async () => {
    server = await startFaultServer((n) => ({ body: { data: [{ id: `it_${n}` }], meta: { cursors: { after: `tok_${n}` } } } }));
    const firsts = [];
    for await (const page of listClient(server.url).paginate('/by-token', { maxPages: 4 }).pages()) firsts.push(page.data[0]!.id);
    expect(firsts).toEqual(['it_0', 'it_1', 'it_2', 'it_3']);
    expect(server.received).toHaveLength(4);
  });
});

describe('pagination with a next-page link', () => {
  /** Pages of /by-link whose next link is made by `link` from the next start. */
  const linked = (link: (from: number) => string) => (_: number, request: ReceivedRequest) => {
    const q = query(request);
    const start = q.from ? Number(q.from.slice(3)) - 1 : 0;
    const { data, more } = slice(start, Number(q.limit ?? 3));
    return { body: { _embedded: { items: data }, _links: { next: more ? { href: link(start + data.length + 1) } : null } } };
  };

  it.each([
    ['an absolute link on the provider host, under its server path', (from: number) => `https://api.example.com/v2/by-link?from=it_${from}&limit=3`],
    ['a link relative to the page', (from: number) => `?from=it_${from}&limit=3`],
    ['a link with an absolute path on this host', (from: number) => `/by-link?limit=3&from=it_${from}`],
  ])('follows %s: the link query, on the client base URL', async (_, link) => {
    server = await startFaultServer(linked(link));
    const seen: Item[] = [];
    for await (const item of listClient(server.url).paginate('/by-link', { params: { query: { limit: 3, q: 'dropped' } } })) seen.push(item);
    expect(seen.map((item) => item.id)).toEqual(ids(1, 7).map((item) => item.id));
    // The first page has the caller's query; the next ones exactly the link's.
    expect(server.received.map(query)).toEqual([
      { limit: '3', q: 'dropped' },
      { from: 'it_4', limit: '3' },
      { from: 'it_7', limit: '3' },
    ]);
    expect(server.received.map((request) => new URL(request.url, 'http://x').pathname)).toEqual(['/by-link', '/by-link', '/by-link']);
  });

  it('follows a link under a base URL with a path of its own (a proxy)', async () => {
    server = await startFaultServer(linked((from) => `https://api.example.com/v2/by-link?from=it_${from}`));
    const all = await listClient(`${server.url}/proxy`).paginate('/by-link').toArray();
    expect(all).toHaveLength(7);
    expect(server.received.map((request) => request.url)).toEqual(['/proxy/by-link', '/proxy/by-link?from=it_4', '/proxy/by-link?from=it_7']);
  });

  it('never sends anything to the host a link names: the credentials stay with the client base URL', async () => {
    server = await startFaultServer([
      { body: { _embedded: { items: [{ id: 'a' }] }, _links: { next: { href: 'https://attacker.example/by-link?from=b' } } } },
      { body: { _embedded: { items: [{ id: 'b' }] }, _links: { next: null } } },
    ]);
    expect((await listClient(server.url).paginate('/by-link').toArray()).map((item) => item.id)).toEqual(['a', 'b']);
    expect(server.received.map((request) => request.url)).toEqual(['/by-link', '/by-link?from=b']);
    expect(server.received[1]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('selects the next link from an array of link objects (links[rel=next].href)', async () => {
    server = await startFaultServer((_, request) => {
      const page = Number(query(request).page ?? 1);
      const links = [
        { rel: 'self', href: `https://api.example.com/v2/by-links?page=${page}&page_size=2` },
        ...(page > 1 ? [{ rel: 'prev', href: `https://api.example.com/v2/by-links?page=${page - 1}&page_size=2` }] : []),
        ...(page < 3 ? [{ rel: 'next', href: `https://api.example.com/v2/by-links?page=${page + 1}&page_size=2` }] : []),
      ];
      return { body: { items: ids(page * 2 - 1, Math.min(page * 2, 5)), links } };
    });
    const walked = [];
    for await (const page of listClient(server.url).paginate('/by-links', { params: { query: { page_size: 2 } } }).pages()) {
      expectTypeOf(page.links).toEqualTypeOf<{ href: string; rel: string }[]>();
      walked.push(page.items.map((item) => item.id));
    }
    expect(walked).toEqual([['it_1', 'it_2'], ['it_3', 'it_4'], ['it_5']]);
    expect(server.received.map((request) => request.url)).toEqual(['/by-links?page_size=2', '/by-links?page=2&page_size=2', '/by-links?page=3&page_size=2']);
  });

  it('refuses a link to another path than the operation with a clear InvalidResponseError', async () => {
    server = await startFaultServer([{ body: { _embedded: { items: [{ id: 'a' }] }, _links: { next: { href: 'https://api.example.com/v2/customers/cus_1/delete?confirm=1' } } } }]);
    const error = await listClient(server.url).paginate('/by-link').toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/`_links\.next\.href` leads to another path than this list's \(\/by-link\): only a link to the same operation is followed/);
    expect((error as Error).message).not.toContain('cus_1');
    expect(server.received).toHaveLength(1);
  });

  it.each([
    ['back to the first page', '/by-link', /leads to a page already fetched/],
    ['not a string', 42, /`_links\.next\.href` is not a link/],
    ['not http(s)', 'javascript:alert(1)', /is not an http\(s\) link/],
  ])('a link %s is nonsense: nothing more is sent', async (_, href, message) => {
    server = await startFaultServer([{ body: { _embedded: { items: [{ id: 'a' }] }, _links: { next: { href } } } }]);
    const error = await listClient(server.url).paginate('/by-link').toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(message);
    expect(server.received).toHaveLength(1);
  });

  it('a link to a page already fetched, in another order of the query, is caught too', async () => {
    server = await startFaultServer([
      { body: { _embedded: { items: [{ id: 'a' }] }, _links: { next: { href: '/by-link?from=b&limit=1' } } } },
      { body: { _embedded: { items: [{ id: 'b' }] }, _links: { next: { href: '/by-link?limit=1&from=b' } } } },
    ]);
    const error = await listClient(server.url).paginate('/by-link', { params: { query: { limit: 1 } } }).toArray().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/already fetched/);
    expect(server.received).toHaveLength(2);
  });
});

describe('pagination by offset and limit', () => {
  const byOffset = (withTotal: boolean, count = 7) => (_: number, request: ReceivedRequest) => {
    const q = query(request);
    const offset = Number(q.offset ?? 0);
    const data = ids(offset + 1, Math.min(offset + Number(q.limit ?? 3), count));
    return { body: withTotal ? { data, meta: { total: count } } : { data } };
  };

  it.each([
    ['with a total, 7 items', '/by-offset', true, 7, ['', '3', '6']],
    ['with a total, 6 items: no empty page is asked for', '/by-offset', true, 6, ['', '3']],
    ['without a total, 7 items: the short page is the last', '/by-short-page', false, 7, ['', '3', '6']],
    ['without a total, 6 items: the empty page is the last', '/by-short-page', false, 6, ['', '3', '6']],
  ] as const)('next offset = offset + items received, %s', async (_, path, withTotal, count, offsets) => {
    server = await startFaultServer(byOffset(withTotal, count));
    const seen = await listClient(server.url).paginate(path, { params: { query: { limit: 3 } } }).toArray();
    expect(seen.map((item) => item.id)).toEqual(ids(1, count).map((item) => item.id));
    expect(server.received.map(query)).toEqual(offsets.map((offset) => (offset ? { limit: '3', offset } : { limit: '3' })));
  });

  it('without a limit, the first page size is the page size', async () => {
    server = await startFaultServer(byOffset(false));
    expect(await listClient(server.url).paginate('/by-short-page').toArray()).toHaveLength(7);
    expect(server.received.map((request) => request.url)).toEqual(['/by-short-page', '/by-short-page?offset=3', '/by-short-page?offset=6']);
  });

  it('starts from the offset the caller gives, keeping the rest of the query', async () => {
    server = await startFaultServer(byOffset(true));
    const seen = await listClient(server.url).paginate('/by-offset', { params: { query: { offset: 2, limit: 3, q: 'x' } } }).toArray();
    expect(seen.map((item) => item.id)).toEqual(['it_3', 'it_4', 'it_5', 'it_6', 'it_7']);
    expect(server.received.map(query)).toEqual([{ offset: '2', limit: '3', q: 'x' }, { offset: '5', limit: '3', q: 'x' }]);
  });

  it('refuses a start it cannot count from before anything is sent', () => {
    const client = listClient('http://127.0.0.1:9');
    expect(() => client.paginate('/by-offset', { params: { query: { offset: -1 } } })).toThrow(ConfigurationError);
    expect(() => client.paginate('/by-offset', { params: { query: { limit: 0 } } })).toThrow(/`limit` must be a positive whole number/);
  });

  it('a server that ignores the offset is caught on the second page', async () => {
    server = await startFaultServer(() => ({ body: { data: ids(1, 3), meta: { total: 9 } } }));
    const error = await listClient(server.url).paginate('/by-offset').toArray().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/same items again/);
    expect(server.received).toHaveLength(2);
  });

  it('a total that is not a number of items is nonsense', async () => {
    server = await startFaultServer([{ body: { data: ids(1, 3), meta: { total: 'many' } } }]);
    const error = await listClient(server.url).paginate('/by-offset').toArray().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/`meta\.total` is not a number of items/);
    expect(server.received).toHaveLength(1);
  });

  it('an endless list stops at maxPages', async () => {
    server = await startFaultServer((n) => ({ body: { data: [{ id: `it_${n}` }] } }));
    const seen = await listClient(server.url).paginate('/by-short-page', { maxPages: 3 }).toArray();
    expect(seen.map((item) => item.id)).toEqual(['it_0', 'it_1', 'it_2']);
    expect(server.received.map((request) => request.url)).toEqual(['/by-short-page', '/by-short-page?offset=1', '/by-short-page?offset=2']);
  });
});

describe('paths into a response body', () => {
  const body = { a: { b: [{ rel: 'self', href: 's' }, { rel: 'next', href: 'n' }, { rel: 'next', href: 'second' }] }, 'x-y': { z: 1 } };

  it('read dotted names and select the first array element whose property has a value', () => {
    expect(readPath(body, 'a.b[rel=next].href')).toBe('n');
    expect(readPath(body, 'a.b[rel=prev].href')).toBeUndefined();
    expect(readPath(body, 'x-y.z')).toBe(1);
    expect(readPath(body, 'a.b.0.href')).toBe('s');
    expect(readPath(body, 'a.toString')).toBeUndefined();
    expect(readPath(null, 'a.b')).toBeUndefined();
  });

  it.each(['', '.a', 'a.', 'a..b', 'a[rel]', 'a[=x]', 'a[rel=next', 'a[rel=next]b'])('refuse %j', (path) => {
    expect(pathSegments(path)).toBeUndefined();
  });
});
