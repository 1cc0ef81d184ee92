import { describe, expect, it } from 'vitest';
import { ApiError, createApiErrorGuard, errorOf, InvalidResponseError, unwrap, type ApiDefinition } from '@payspec/runtime';
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
