import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError, ConfigurationError, createStancerClient, unwrap, type ConflictErrorBody, type Customer, type ErrorBody } from '@payspec/stancer';
import { expectNoViolations, fetchWithout, mockUrl, useMock, preferStatus, recordRequests, violations } from '../helpers/prism.js';

await useMock('stancer');

const secretKey = 'stest_placeholder0000000000000000';
const id = 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk';
const client = () => createStancerClient({ secretKey, baseUrl: mockUrl('stancer') });

describe('Stancer client against Prism', () => {
  it('creates a customer (POST /customers)', async () => {
    const { data, error, response } = await client().POST('/customers', {
      body: { email: 'david@example.net', mobile: '+33639980102', name: 'David Coaster' },
    });
    expectNoViolations(response);
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<Customer | undefined>();
    expect(data).toMatchObject({ id, email: 'david@example.net', live_mode: false });
    expect(data!.created).toBeTypeOf('number');
  });

  it('gets a customer (GET /customers/{id})', async () => {
    const { data, response } = await client().GET('/customers/{id}', { params: { path: { id } } });
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expect(new URL(response.url).pathname).toBe(`/customers/${id}`);
    expect(data?.id).toBe(id);
    expect(data?.mobile).toMatch(/^\+\d{8,15}$/);
  });

  it('takes a mobile number of 8 to 16 characters in any form, as Stancer checks it', async () => {
    for (const mobile of ['0639980102', '+33639980102', '06 39 98 01 02']) {
      const { response } = await client().PATCH('/customers/{id}', { params: { path: { id } }, body: { mobile } });
      expectNoViolations(response);
    }
    const { response } = await client().PATCH('/customers/{id}', { params: { path: { id } }, body: { mobile: '0639' } });
    expect(violations(response).map((v) => v.location.join('.'))).toContain('request.body.mobile');
  });

  it('updates a customer with only the changed fields (PATCH, 204)', async () => {
    const { data, error, response } = await client().PATCH('/customers/{id}', {
      params: { path: { id } },
      body: { mobile: '+33612345678' },
    });
    expectNoViolations(response);
    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });

  it('deletes a customer (DELETE, 204)', async () => {
    const { error, response } = await client().DELETE('/customers/{id}', { params: { path: { id } } });
    expectNoViolations(response);
    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
  });

  it('authenticates with HTTP Basic: the secret key as user name, empty password', async () => {
    const { fetch, sent } = recordRequests();
    const spy = createStancerClient({ secretKey, baseUrl: mockUrl('stancer'), fetch });
    const { response } = await spy.GET('/customers/{id}', { params: { path: { id } } });
    expectNoViolations(response);
    expect(sent[0]!.headers.get('authorization')).toBe(`Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`);
  });
});

describe('Stancer errors against Prism', () => {
  it('401 when no credentials reach the API', async () => {
    const withoutAuth = createStancerClient({
      secretKey,
      baseUrl: mockUrl('stancer'),
      fetch: fetchWithout('authorization'),
    });
    const result = await withoutAuth.GET('/customers/{id}', { params: { path: { id } } });
    expect(result.response.status).toBe(401);
    expect(violations(result.response).map((v) => v.code)).toContain(401);
    const failure = await unwrap(result).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, method: 'GET', path: `/customers/${id}` });
    expect((failure as ApiError<ErrorBody>).body.error.type).toBe('invalid_request_error');
  });

  it('404 for an unknown customer, typed as the provider error body', async () => {
    const result = await client().GET('/customers/{id}', { params: { path: { id } }, ...preferStatus(404) });
    expectNoViolations(result.response);
    expect(result.response.status).toBe(404);
    expectTypeOf(result.error).toEqualTypeOf<ErrorBody | undefined>();
    expect(result.error?.error.message).toMatch(/No such customer/);
    await expect(unwrap(client().DELETE('/customers/{id}', { params: { path: { id } }, ...preferStatus(404) }))).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      method: 'DELETE',
      message: expect.stringContaining('No such customer'),
    });
  });

  it('409 when the customer exists, naming the existing customer', async () => {
    const result = await client().POST('/customers', { body: { email: 'david@example.net' }, ...preferStatus(409) });
    expectNoViolations(result.response);
    expect(result.response.status).toBe(409);
    const body = result.error as ConflictErrorBody;
    expect(body.error.message.id).toMatch(/^cust_[0-9A-Za-z]{24}$/);
  });

  it('400 for a body that breaks a constraint, with the violation reported by Prism', async () => {
    const result = await client().POST('/customers', { body: { email: 'david@example.net', name: 'Al' } });
    expect(result.response.status).toBe(400);
    expect(violations(result.response)).toContainEqual(expect.objectContaining({ code: 'minLength', location: ['request', 'body', 'name'] }));
    expect(result.error?.error.type).toBe('invalid_request_error');
  });

  it('400 when neither email nor mobile is given', async () => {
    const result = await client().POST('/customers', { body: { name: 'David Coaster' } as never });
    expect(result.response.status).toBe(400);
    expect(violations(result.response).map((v) => v.code)).toContain('anyOf');
  });

  it('refuses a malformed customer id in the path', async () => {
    const result = await client().GET('/customers/{id}', { params: { path: { id: 'cust_short' } } });
    // The spec gives GET no 400 (the provider documents none), so Prism answers with its own 422.
    expect(result.response.status).toBe(422);
    // Prism's own problem+json body lists what is wrong.
    const problem = result.error as unknown as { validation: { location: string[]; code: string }[] };
    expect(problem.validation).toContainEqual(expect.objectContaining({ location: ['path', 'id'], code: 'pattern' }));
  });
});

describe('Stancer client options', () => {
  it.each(['sk_live_1234567890', 'pk_test_abc', 'stest-abc123', ' stest_abc123'])('refuses the key %j without echoing it', (key) => {
    let thrown: unknown;
    try {
      createStancerClient({ secretKey: key });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).option).toBe('secretKey');
    expect((thrown as Error).message).not.toContain(key.trim());
  });

  it('refuses a missing key', () => {
    expect(() => createStancerClient({ secretKey: '' })).toThrow(/`secretKey` option is required/);
  });

  it('accepts test and live keys and defaults to the live host', async () => {
    const urls: string[] = [];
    const capture = async (request: Request) => {
      urls.push(request.url);
      return new Response(null, { status: 204 });
    };
    await createStancerClient({ secretKey: 'sprod_placeholder', fetch: capture }).DELETE('/customers/{id}', { params: { path: { id } } });
    await createStancerClient({ secretKey, fetch: capture }).DELETE('/customers/{id}', { params: { path: { id } } });
    expect(urls).toEqual([`https://api.stancer.com/v1/customers/${id}`, `https://api.stancer.com/v1/customers/${id}`]);
  });

  it('rejects a baseUrl that is not an http(s) URL', () => {
    expect(() => createStancerClient({ secretKey, baseUrl: 'localhost:4010' })).toThrow(ConfigurationError);
  });
});
