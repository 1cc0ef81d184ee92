/**
 * Idempotency keys declared only in an overlay, through a generated client: the fixture provider
 * of `tests/fixtures/providers/idempotent/` (a POST that requires an `Idempotency-Key` UUID header
 * and may answer 503) is built by the real pipeline into a scratch project and called against Prism
 * started on its generated spec. A 503 then a success: the same key twice, each request valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureWithMock, typecheckWithFixture, type FixtureWithMock } from '../helpers/fixture-provider.js';
import { expectNoViolations } from '../helpers/prism.js';

type Result = { data?: { id: string }; error?: unknown; response: Response };
interface IdempotentModule {
  createIdempotentClient(options: { apiKey: string; baseUrl: string; fetch?: (request: Request) => Promise<Response> }): {
    POST(path: '/payments', init: { body: { amount: number; currency: string }; idempotencyKey?: string; headers?: Record<string, string> }): Promise<Result>;
    GET(path: '/payments/{id}', init: { params: { path: { id: string } } }): Promise<Result>;
  };
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let fixture: FixtureWithMock<IdempotentModule>;

beforeAll(async () => {
  fixture = await buildFixtureWithMock<IdempotentModule>('idempotent');
});

afterAll(async () => {
  await fixture?.dispose();
});

/** A client whose first `failures` requests ask Prism for a 503; every request and response is kept. */
function flakyClient(failures: number) {
  const sent: Request[] = [];
  const responses: Response[] = [];
  const client = fixture.client.createIdempotentClient({
    apiKey: 'test_key',
    baseUrl: fixture.prism.url,
    fetch: async (request) => {
      sent.push(request.clone());
      const headers = new Headers(request.headers);
      if (sent.length <= failures) headers.set('prefer', 'code=503');
      const response = await fetch(new Request(request, { headers }));
      responses.push(response);
      return response;
    },
  });
  return { client, sent, responses, keys: () => sent.map((request) => request.headers.get('idempotency-key')) };
}

describe('idempotency keys from the overlay, against Prism', () => {
  it('a 503 then a success: the same generated UUID v4 key on both attempts, each request valid', async () => {
    const { client, responses, keys } = flakyClient(1);
    const { data, response } = await client.POST('/payments', { body: { amount: 1000, currency: 'EUR' } });
    expect(responses.map((r) => r.status)).toEqual([503, 201]);
    for (const r of responses) expectNoViolations(r);
    expect(response.status).toBe(201);
    expect(data?.id).toBe('pay_0001');
    const [first, second] = keys();
    expect(first).toMatch(UUID_V4);
    expect(second).toBe(first);
  });

  it('each call gets its own key; a caller key (option or header) is used as given', async () => {
    const { client, responses, keys } = flakyClient(0);
    await client.POST('/payments', { body: { amount: 1000, currency: 'EUR' } });
    await client.POST('/payments', { body: { amount: 1000, currency: 'EUR' } });
    await client.POST('/payments', { body: { amount: 1000, currency: 'EUR' }, idempotencyKey: '0b9d7c36-3a52-4e0e-9a38-2f7b0c1d9e41' });
    await client.POST('/payments', { body: { amount: 1000, currency: 'EUR' }, headers: { 'Idempotency-Key': '5a7c1e2d-9b3f-4d6a-8c0e-1f2a3b4c5d6e' } });
    for (const r of responses) expectNoViolations(r);
    const [a, b, c, d] = keys();
    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(b).not.toBe(a);
    expect([c, d]).toEqual(['0b9d7c36-3a52-4e0e-9a38-2f7b0c1d9e41', '5a7c1e2d-9b3f-4d6a-8c0e-1f2a3b4c5d6e']);
  });

  it('a method the overlay does not list gets no key', async () => {
    const { client, responses, keys } = flakyClient(0);
    await client.GET('/payments/{id}', { params: { path: { id: 'pay_0001' } } });
    expectNoViolations(responses[0]!);
    expect(keys()).toEqual([null]);
  });

  it('the spec requires the header, yet the generated types leave it to the client', async () => {
    expect(await typecheckWithFixture(fixture, 'idempotent', (generated) => `import type { IdempotentClient } from '${generated}';

export function check(client: IdempotentClient) {
  void client.POST('/payments', { body: { amount: 1, currency: 'EUR' } });
  void client.POST('/payments', { body: { amount: 1, currency: 'EUR' }, idempotencyKey: 'k-1' });
  void client.POST('/payments', { body: { amount: 1, currency: 'EUR' }, params: { header: { 'Idempotency-Key': 'k-2' } } });
  // @ts-expect-error: the key is a string
  void client.POST('/payments', { body: { amount: 1, currency: 'EUR' }, idempotencyKey: 1 });
}
`)).toEqual([]);
  });
});
