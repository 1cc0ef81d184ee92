import { describe, expect, it } from 'vitest';
import { ApiError, ConfigurationError, createApiErrorGuard, errorOf, InvalidResponseError, unwrap, type ApiDefinition, type RequestEvent } from '@payspec/runtime';
import { startFaultServer, type Fault } from '../helpers/fault-server.js';
import { acmeClient, thing, type Paths } from './fixtures.js';

// What the generator writes for an operation: each declared status with its JSON type and required properties.
const responses: ApiDefinition['responses'] = {
  'GET /things/{id}': { '200': ['object', 'id'], '404': ['object', 'error'], '4XX': ['object', 'message'], '503': ['object', 'error'] },
  'DELETE /things/{id}': { '204': null, default: ['object', 'error'] },
};

async function call(fault: Fault, method: 'GET' | 'DELETE' = 'GET') {
  const server = await startFaultServer([fault]);
  try {
    const client = acmeClient(server.url, { maxRetries: 0 }, { responses });
    const result = method === 'GET' ? client.GET('/things/{id}', thing) : client.DELETE('/things/{id}', thing);
    return await result.then(
      (value) => ({ value, thrown: undefined }),
      (thrown: unknown) => ({ value: undefined, thrown }),
    );
  } finally {
    await server.close();
  }
}

describe('declared responses must match what the spec declares', () => {
  it('a declared status with its declared body is an ApiError that names its operation', async () => {
    const { value } = await call({ status: 404, body: { error: 'no such thing' } });
    const error = errorOf(value!);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, body: { error: 'no such thing' }, operation: 'GET /things/{id}' });
  });

  it.each([
    ['an HTML page instead of JSON', { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not here</html>' }, /404 does not match the spec: the body is not JSON/],
    ['JSON without a required property', { status: 404, body: { detail: 'problem+json from a mock' } }, /404 does not match the spec: the body lacks `error`/],
    ['an empty body', { status: 404 }, /404 does not match the spec: the body is empty/],
    ['a range (4XX) broken', { status: 418, body: { error: 'teapot' } }, /418 does not match the spec: the body lacks `message`/],
    ['a success of the wrong JSON type', { status: 200, body: [{ id: 't1' }] }, /200 does not match the spec: the body is an array, not an object/],
    ['a success without a required property', { status: 200, body: { name: 'x' } }, /200 does not match the spec: the body lacks `id`/],
  ] as [string, Fault, RegExp][])('%s: an InvalidResponseError with the status, in both styles', async (_name, fault, message) => {
    const { thrown } = await call(fault);
    expect(thrown).toBeInstanceOf(InvalidResponseError);
    expect(thrown).toMatchObject({ kind: 'invalid-response', status: fault.status, method: 'GET', path: '/things/t1' });
    expect((thrown as Error).message).toMatch(message);
  });

  it('a status the spec does not declare is an ApiError whatever its body', async () => {
    const { value } = await call({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
    expect(errorOf(value!)).toMatchObject({ status: 502, body: '<html>Bad gateway</html>' });
  });

  it('a 204 without body and a default error body are accepted as declared', async () => {
    expect((await call({ status: 204 }, 'DELETE')).value!.response.status).toBe(204);
    const { value } = await call({ status: 500, body: { error: 'boom' } }, 'DELETE');
    expect(errorOf(value!)).toMatchObject({ status: 500, body: { error: 'boom' } });
    expect((await call({ status: 500, body: 'boom' }, 'DELETE')).thrown).toBeInstanceOf(InvalidResponseError);
  });
});

describe('isApiError', () => {
  const isApiError = createApiErrorGuard<Paths>();

  it('narrows an ApiError of the named operation, checked at run time', async () => {
    const server = await startFaultServer([{ status: 404, body: { error: 'gone' } }]);
    try {
      const thrown = await unwrap(acmeClient(server.url, { maxRetries: 0 }, { responses }).GET('/things/{id}', thing)).catch((e: unknown) => e);
      expect(isApiError(thrown, 'GET /things/{id}')).toBe(true);
      expect(isApiError(thrown, 'DELETE /things/{id}')).toBe(false);
      expect(isApiError(new Error('x'), 'GET /things/{id}')).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('responseCheck: a mismatch never hides what the server accepted', () => {
  const shapes: ApiDefinition['responses'] = { ...responses, 'POST /things/{id}': { '200': ['object', 'id', 'created'] } };
  const idempotency = { header: 'Idempotency-Key', methods: ['POST'] };
  // The id is past the 200-character snippet: only the whole body keeps it.
  const created = { note: 'n'.repeat(250), id: 't1' };

  async function post(options: Record<string, unknown>, callOptions: Record<string, unknown> = {}) {
    const server = await startFaultServer([{ status: 200, headers: { 'request-id': 'req_42' }, body: created }]);
    const events: RequestEvent[] = [];
    try {
      const client = acmeClient(server.url, { maxRetries: 0, log: (event) => events.push(event), ...options }, { responses: shapes, idempotency });
      const outcome = await client.POST('/things/{id}', { ...thing, body: {}, ...callOptions }).then(
        (value) => ({ value, thrown: undefined }),
        (thrown: unknown) => ({ value: undefined, thrown }),
      );
      return { ...outcome, events, sent: server.received };
    } finally {
      await server.close();
    }
  }

  it('by default, a write the server accepted is returned as sent and reported to log', async () => {
    const { value, thrown, events, sent } = await post({});
    expect(thrown).toBeUndefined();
    expect(value!.data).toEqual(created);
    expect(sent).toHaveLength(1);
    expect(events.filter((event) => event.type === 'response-mismatch')).toEqual([
      { type: 'response-mismatch', method: 'POST', path: '/things/t1', attempt: 1, status: 200, problem: '200 does not match the spec: the body lacks `created`', requestId: 'req_42' },
    ]);
  });

  it("'throw' fails the call with all of the answer: the body, the response, the request id and the idempotency key sent", async () => {
    const { thrown, sent } = await post({ responseCheck: 'throw' });
    expect(thrown).toBeInstanceOf(InvalidResponseError);
    const error = thrown as InvalidResponseError;
    expect(error).toMatchObject({ status: 200, accepted: true, body: created, requestId: 'req_42', idempotencyKey: sent[0]!.headers['idempotency-key'] });
    expect(error.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.bodySnippet).not.toContain('"id"');
    expect(await error.response!.json()).toEqual(created);
    expect(error.message).toMatch(/the server accepted the request/);
  });

  it("a call's own responseCheck wins over the client's; 'off' checks nothing and reports nothing", async () => {
    expect((await post({ responseCheck: 'throw' }, { responseCheck: 'report' })).thrown).toBeUndefined();
    const off = await post({}, { responseCheck: 'off' });
    expect(off.value!.data).toEqual(created);
    expect(off.events.filter((event) => event.type === 'response-mismatch')).toEqual([]);
  });

  it("a read still throws by default, and 'report' returns it", async () => {
    expect((await call({ status: 200, body: { name: 'x' } })).thrown).toBeInstanceOf(InvalidResponseError);
    const server = await startFaultServer([{ status: 200, body: { name: 'x' } }]);
    try {
      const { data } = await acmeClient(server.url, { responseCheck: 'report' }, { responses }).GET('/things/{id}', thing);
      expect(data).toEqual({ name: 'x' });
    } finally {
      await server.close();
    }
  });

  it('an unknown responseCheck is a ConfigurationError', async () => {
    expect(() => acmeClient('https://api.example.com', { responseCheck: 'warn' } as never)).toThrow(ConfigurationError);
    await expect(acmeClient('https://api.example.com').GET('/things/{id}', { ...thing, responseCheck: 'loud' } as never)).rejects.toThrow(/`responseCheck` must be one of 'throw', 'report', 'off'/);
  });

  it.each(['text', 'blob', 'arrayBuffer', 'stream'] as const)("parseAs '%s' is not checked as JSON: the body is returned as asked", async (parseAs) => {
    const server = await startFaultServer([{ status: 200, body: { name: 'no id' } }]);
    try {
      const result = await acmeClient(server.url, {}, { responses }).GET('/things/{id}', { ...thing, parseAs } as never);
      expect((result as { response: Response }).response.status).toBe(200);
      expect((result as { data?: unknown }).data).toBeDefined();
    } finally {
      await server.close();
    }
  });
});
