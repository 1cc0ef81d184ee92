import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError, InvalidResponseError } from '@payspec/runtime';
import { startFaultServer, type Fault, type FaultServer, type ReceivedRequest } from '../helpers/fault-server.js';
import { listClient, type Item } from './fixtures.js';

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
