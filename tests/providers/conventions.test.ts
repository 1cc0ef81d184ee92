// What SDK users expect from the generated clients (issue 15): credentials and base URL from the
// environment, an identifying User-Agent, request ids with the data, status error classes typed
// with the provider's bodies, and refusal of secrets and unusable signers in a browser.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  createStancerClient,
  InternalServerError,
  NotFoundError,
  unwrap,
  withResponse,
  type ConflictErrorBody,
  type ErrorBody,
} from '@payspec/stancer';
import { createCyberSourceClient, requestIdOf, NotFoundError as CyberSourceNotFound, type ErrorResponse } from '@payspec/cybersource';
import { createReporteiClient } from '@payspec/reportei';
import { createPingppClient } from '@payspec/pingpp';
import { createPinPaymentsClient } from '@payspec/pin-payments';
import { startFaultServer } from '../helpers/fault-server.js';
import { expectNoViolations, mockUrl, preferStatus, useMock } from '../helpers/prism.js';

await useMock('stancer');
await useMock('cybersource');

const secretKey = 'stest_placeholder0000000000000000';
const id = 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk';
const cybersource = { merchantId: 'payspec_test_merchant', keyId: '00000000-0000-4000-8000-000000000000', sharedSecret: Buffer.from('payspec-placeholder-shared-secret').toString('base64') };
const versionOf = (slug: string) => (JSON.parse(readFileSync(new URL(`../../packages/${slug}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

/** Sets environment variables for one test; `afterEach` puts the old values back. */
const saved = new Map<string, string | undefined>();
function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** A browser-like global (window, document, navigator) for one test; `afterEach` removes it. */
const g = globalThis as Record<string, unknown>;
const addedGlobals: string[] = [];
function pretendBrowser(): void {
  for (const [name, value] of Object.entries({ window: { document: {} }, document: {}, navigator: { userAgent: 'Mozilla/5.0 (test)' } })) {
    if (name in g) continue;
    Object.defineProperty(g, name, { value, configurable: true, writable: true });
    addedGlobals.push(name);
  }
}

afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  saved.clear();
  for (const name of addedGlobals.splice(0)) delete g[name];
});

describe('environment defaults', () => {
  it('reads the credential and the base URL from STANCER_SECRET_KEY and STANCER_BASE_URL', async () => {
    setEnv({ STANCER_SECRET_KEY: secretKey, STANCER_BASE_URL: mockUrl('stancer') });
    const { data, response } = await createStancerClient().GET('/customers/{id}', { params: { path: { id } } });
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expect(new URL(response.url).origin).toBe(new URL(mockUrl('stancer')).origin);
    expect(data?.id).toBe(id);
  });

  it('an explicit option always wins over its variable', async () => {
    const server = await startFaultServer([{ status: 200, body: { id, object: 'customer', created: 1, live_mode: false } }]);
    try {
      setEnv({ STANCER_SECRET_KEY: 'stest_from_the_environment_000000', STANCER_BASE_URL: 'http://127.0.0.1:9/unused' });
      await createStancerClient({ secretKey, baseUrl: server.url }).GET('/customers/{id}', { params: { path: { id } } });
      expect(server.received).toHaveLength(1);
      expect(server.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`);
    } finally {
      await server.close();
    }
  });

  it('`environment` wins over <PROVIDER>_BASE_URL', () => {
    setEnv({ PIN_PAYMENTS_SECRET_KEY: 'pin_placeholder_key', PIN_PAYMENTS_BASE_URL: 'http://127.0.0.1:9' });
    const seen: string[] = [];
    const client = createPinPaymentsClient({ environment: 'live', fetch: async (request) => (seen.push(request.url), new Response('{}', { status: 500 })), maxRetries: 0 });
    return client.GET('/customers').then(() => expect(new URL(seen[0]!).origin).toBe('https://api.pinpayments.com'));
  });

  it('every credential of a multi-credential provider has its own variable', async () => {
    setEnv({ CYBERSOURCE_MERCHANT_ID: cybersource.merchantId, CYBERSOURCE_KEY_ID: cybersource.keyId, CYBERSOURCE_SHARED_SECRET: cybersource.sharedSecret });
    const { response } = await createCyberSourceClient({ baseUrl: mockUrl('cybersource') }).GET('/tms/v2/customers/{customerId}', {
      params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } },
    });
    expectNoViolations(response);
    expect(response.status).toBe(200);
  });

  it('a missing credential names the option and its variable, never a value', () => {
    setEnv({ REPORTEI_ACCESS_TOKEN: undefined, PINGPP_SECRET_KEY: 'not-a-ping-key-secret-value' });
    expect(() => createReporteiClient()).toThrow(/`accessToken` option is required \(or set the REPORTEI_ACCESS_TOKEN environment variable\)/);
    const error = (() => {
      try {
        createPingppClient();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(inspect(error, { depth: 5 })).not.toContain('not-a-ping-key-secret-value');
  });
});

describe('identification', () => {
  it('sends User-Agent payspec-<provider>/<version> (node/<version>) on the wire, and a caller can replace it', async () => {
    const server = await startFaultServer([{ status: 204 }]);
    try {
      await createStancerClient({ secretKey, baseUrl: server.url }).DELETE('/customers/{id}', { params: { path: { id } } });
      expect(server.received[0]!.headers['user-agent']).toBe(`payspec-stancer/${versionOf('stancer')} (node/${process.versions.node})`);
      expect(server.received[0]!.headers['x-payspec-client']).toBeUndefined();
      await createStancerClient({ secretKey, baseUrl: server.url, headers: { 'User-Agent': 'my-shop/2.0' } }).DELETE('/customers/{id}', { params: { path: { id } } });
      expect(server.received[1]!.headers['user-agent']).toBe('my-shop/2.0');
      await createStancerClient({ secretKey, baseUrl: server.url }).DELETE('/customers/{id}', { params: { path: { id } }, headers: { 'user-agent': 'one-call/1' } });
      expect(server.received[2]!.headers['user-agent']).toBe('one-call/1');
    } finally {
      await server.close();
    }
  });

  it('in a browser, identifies itself with X-Payspec-Client instead (a page cannot set User-Agent)', async () => {
    pretendBrowser();
    const sent: Request[] = [];
    const client = createStancerClient({ secretKey, dangerouslyAllowBrowser: true, baseUrl: 'https://api.example.test', fetch: async (request) => (sent.push(request), new Response(null, { status: 204 })) });
    await client.DELETE('/customers/{id}', { params: { path: { id } } });
    expect(sent[0]!.headers.get('x-payspec-client')).toBe(`payspec-stancer/${versionOf('stancer')} (browser)`);
    expect(sent[0]!.headers.get('user-agent')).toBeNull();
 
    // A page whose API does not allow the header in CORS drops it.
    const quiet = createStancerClient({ secretKey, dangerouslyAllowBrowser: true, baseUrl: 'https://api.example.test', headers: { 'X-Payspec-Client': null }, fetch: async (request) => (sent.push(request), new Response(null, { status: 204 })) });
    await quiet.DELETE('/customers/{id}', { params: { path: { id } } });
    expect(sent[1]!.headers.get('x-payspec-client')).toBeNull();
  });
});

describe('request ids and raw responses on success', () => {
  it('withResponse gives the data, the response and the request id from the header the overlay declares (CyberSource in Prism)', async () => {
    const client = createCyberSourceClient({ ...cybersource, baseUrl: mockUrl('cybersource') });
    const { data, response, requestId } = await withResponse(client.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }));
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expect(data.id).toBe('D9F340DD3DB9C276E053A2598D0A41A3');
    // Prism sends the spec's example of `uniqueTransactionID`, the first header the overlay lists.
    expect(requestId).toBe('6a3f1c2d9b8e7a6f5e4d3c2b1a0f9e8d');
    expect(requestIdOf(response)).toBe(requestId);
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  });

  it('errors carry the same request id', async () => {
    const client = createCyberSourceClient({ ...cybersource, baseUrl: mockUrl('cybersource') });
    const error = await unwrap(client.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } }, ...preferStatus(404) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CyberSourceNotFound);
    expect((error as ApiError).requestId).toBe('6a3f1c2d9b8e7a6f5e4d3c2b1a0f9e8d');
    if (error instanceof CyberSourceNotFound) expectTypeOf(error.body).toEqualTypeOf<ErrorResponse>();
  });

  it('a provider whose overlay declares no request-id header reports none, whatever the server sends', async () => {
    const server = await startFaultServer([{ status: 200, headers: { 'x-request-id': 'req_not_declared' }, body: { id, object: 'customer', created: 1, live_mode: false } }]);
    try {
      const { requestId } = await withResponse(createStancerClient({ secretKey, baseUrl: server.url }).GET('/customers/{id}', { params: { path: { id } } }));
      expect(requestId).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});

describe('status error classes', () => {
  const client = () => createStancerClient({ secretKey, baseUrl: mockUrl('stancer') });

  it('a 404 is a NotFoundError whose body is typed as the spec declares it', async () => {
    const error = await unwrap(client().GET('/customers/{id}', { params: { path: { id } }, ...preferStatus(404) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect((error as Error).name).toBe('NotFoundError');
    if (!(error instanceof NotFoundError)) throw new Error('not a NotFoundError');
    expectTypeOf(error.body).toEqualTypeOf<ErrorBody>();
    expectTypeOf(error.status).toEqualTypeOf<404>();
    expect(error.body.error.message).toMatch(/No such customer/);
  });

  it('a 409 is a ConflictError with the conflict body, a 401 an AuthenticationError', async () => {
    const conflict = await unwrap(client().POST('/customers', { body: { email: 'david@example.net' }, ...preferStatus(409) })).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    if (conflict instanceof ConflictError) {
      expectTypeOf(conflict.body).toEqualTypeOf<ConflictErrorBody>();
      expect(conflict.body.error.message.id).toMatch(/^cust_/);
    }
    const denied = await unwrap(client().GET('/customers/{id}', { params: { path: { id } }, ...preferStatus(401) })).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AuthenticationError);
  });

  it('any 5xx is an InternalServerError; a status the spec never declares has an unknown body', async () => {
    const server = await startFaultServer([{ status: 502, body: { oops: true } }]);
    try {
      const error = await unwrap(createStancerClient({ secretKey, baseUrl: server.url, maxRetries: 0 }).GET('/customers/{id}', { params: { path: { id } } })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error).toMatchObject({ status: 502, body: { oops: true } });
      if (error instanceof InternalServerError) {
        expectTypeOf(error.body).toEqualTypeOf<unknown>();
        // @ts-expect-error 404 is not a server error status
        expect(error.status === 404).toBe(false);
      }
    } finally {
      await server.close();
    }
  });
});

describe('browser safety', () => {
  it('refuses a secret credential in a browser unless dangerouslyAllowBrowser is set', () => {
    pretendBrowser();
    const attempt = () => createStancerClient({ secretKey, baseUrl: 'https://api.example.test' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/browser.*`secretKey`.*dangerouslyAllowBrowser: true/);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigurationError).option).toBe('dangerouslyAllowBrowser');
      expect(inspect(error, { depth: 5 })).not.toContain(secretKey);
    }
    expect(() => createStancerClient({ secretKey, baseUrl: 'https://api.example.test', dangerouslyAllowBrowser: true })).not.toThrow();
  });

  it('the same client outside a browser needs no opt-in', () => {
    expect(() => createStancerClient({ secretKey, baseUrl: 'https://api.example.test' })).not.toThrow();
  });

  it('CyberSource HTTP Signature refuses to run in a browser even when allowed, naming JWT instead; JWT works there', async () => {
    pretendBrowser();
    const attempt = () => createCyberSourceClient({ ...cybersource, dangerouslyAllowBrowser: true });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/`http-signature` scheme cannot work in a browser: it signs the `date` and `host` headers.*`authentication: 'jwt'`/);
    const sent: Request[] = [];
    const jwt = createCyberSourceClient({ ...cybersource, authentication: 'jwt', dangerouslyAllowBrowser: true, fetch: async (request) => (sent.push(request), new Response(null, { status: 204 })) });
    await jwt.DELETE('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } });
    expect(sent[0]!.headers.get('authorization')).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sent[0]!.headers.get('signature')).toBeNull();
  });
});
