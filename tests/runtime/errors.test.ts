import { describe, expect, it } from 'vitest';
import createClient from 'openapi-fetch';
import { ApiError, createApiClient, errorOf, PayspecError, unwrap } from '@payspec/runtime';

interface Paths {
  '/things/{id}': {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { 'application/json': { id: string } } };
        404: { headers: { [name: string]: unknown }; content: { 'application/json': { error: { message: string } } } };
      };
    };
  };
}

const definition = { provider: 'Acme', servers: [{ url: 'https://api.example.com' }], auth: [{ type: 'bearer' as const, option: 'token' }], credentials: [{ option: 'token' }], requestIdHeaders: ['request-id'] };
const token = 'tok_secret_value_123';

function clientAnswering(status: number, body: unknown, headers: Record<string, string> = {}) {
  return createApiClient<Paths>(definition, {
    token,
    fetch: async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }),
  } as never);
}

describe('typed errors', () => {
  it('unwrap resolves to the data of a success', async () => {
    const data = await unwrap(clientAnswering(200, { id: 'a' }).GET('/things/{id}', { params: { path: { id: 'a' } } }));
    expect(data).toEqual({ id: 'a' });
  });

  it('unwrap throws an ApiError with status, body, method, path and request id', async () => {
    const call = clientAnswering(404, { error: { message: 'No such thing' } }, { 'request-id': 'req_123' }).GET('/things/{id}', {
      params: { path: { id: 'a b' } },
    });
    const error = (await unwrap(call).catch((e: unknown) => e)) as ApiError<{ error: { message: string } }>;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(PayspecError);
    expect(error.status).toBe(404);
    expect(error.body.error.message).toBe('No such thing');
    expect(error.method).toBe('GET');
    expect(error.path).toBe('/things/a%20b');
    expect(error.requestId).toBe('req_123');
    expect(error.message).toBe('GET /things/a%20b failed with 404: No such thing');
  });

  it('errorOf returns undefined for a success and the ApiError for a failure', async () => {
    expect(errorOf(await clientAnswering(200, { id: 'a' }).GET('/things/{id}', { params: { path: { id: 'a' } } }))).toBeUndefined();
    expect(errorOf(await clientAnswering(500, { message: 'boom' }).GET('/things/{id}', { params: { path: { id: 'a' } } }))?.status).toBe(500);
  });

  it('never puts the credential in the error', async () => {
    const error = await unwrap(clientAnswering(401, { message: 'bad token' }).GET('/things/{id}', { params: { path: { id: 'a' } } })).catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain(token);
    expect(String(error)).not.toContain(token);
    expect((error as Error).stack).not.toContain(token);
  });

  it('a header given for one call wins over the client credential', async () => {
    let seen: string | null = null;
    const client = createApiClient<Paths>(definition, {
      token,
      fetch: async (request: Request) => {
        seen = request.headers.get('authorization');
        return new Response('{"id":"a"}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    } as never);
    await client.GET('/things/{id}', { params: { path: { id: 'a' } }, headers: { Authorization: 'Bearer other' } });
    expect(seen).toBe('Bearer other');
  });

  it('works on results of a plain openapi-fetch client too (method unknown)', async () => {
    const plain = createClient<Paths>({ baseUrl: 'https://api.example.com', fetch: async () => new Response('{"message":"x"}', { status: 403 }) });
    const error = errorOf(await plain.GET('/things/{id}', { params: { path: { id: 'a' } } }));
    expect(error?.status).toBe(403);
  });
});
