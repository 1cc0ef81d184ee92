/**
 * The runtime attacked as a hostile server, proxy or careless caller would, through the generated
 * clients, against local 127.0.0.1 servers. Every case asserts the safe outcome; every error and log
 * event is searched for every secret in play, and the suite ends by asserting that none was found.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  PayspecError,
  UserAbortError,
  createApiClient,
  requestIdOf,
  unwrap,
  type ApiDefinition,
  type RequestEvent,
} from '@payspec/runtime';
import { oauth2ClientCredentials } from '@payspec/runtime/oauth2';
import { retryAfterDelay } from '../../packages/runtime/src/core/transport/retry.js';
import { createCyberSourceClient } from '@payspec/cybersource';
import { createPinPaymentsClient } from '@payspec/pin-payments';
import { createPingppClient } from '@payspec/pingpp';
import { createReporteiClient } from '@payspec/reportei';
import { createStancerClient } from '@payspec/stancer';
import { startFaultServer, type Fault, type FaultServer, type ReceivedRequest } from '../helpers/fault-server.js';
import { SecretLedger } from '../helpers/checks/secret-ledger.js';

// Obvious placeholders, long enough to be searched for.
const stancerKey = 'stest_adversarial_placeholder_key';
const pinKey = 'pin_adversarial_placeholder_key';
const accessToken = 'reportei_adversarial_access_token';
const customerToken = 'reportei_adversarial_customer_token';
const pingppKey = 'sk_test_adversarial_placeholder';
const cybs = { merchantId: 'payspec_test_merchant', keyId: '00000000-0000-4000-8000-000000000000', sharedSecret: Buffer.from('payspec-adversarial-shared-secret').toString('base64') };
const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pemBody = privatePem.split('\n')[1]!;
const basic = (key: string) => Buffer.from(`${key}:`).toString('base64');

/** Secret header values the servers saw (signatures, tokens), added as they arrive. */
const seenSecrets = new Set<string>();
const ledger = new SecretLedger(() => [stancerKey, pinKey, accessToken, customerToken, pingppKey, cybs.sharedSecret, pemBody, basic(stancerKey), basic(pinKey), basic(pingppKey), ...seenSecrets]);
const SECRET_HEADERS = ['authorization', 'x-customer-token', 'signature', 'pingplusplus-signature'];

function remember(request: ReceivedRequest): void {
  for (const name of SECRET_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') {
      seenSecrets.add(value);
      // The signature itself, without the header's other parameters.
      const quoted = /signature="([^"]+)"/.exec(value)?.[1];
      if (quoted) seenSecrets.add(quoted);
    }
  }
}

const servers: FaultServer[] = [];
async function serve(faults: Fault[] | ((n: number, request: ReceivedRequest) => Fault), max = 20): Promise<FaultServer> {
  const server = await startFaultServer((n, request) => {
    remember(request);
    return typeof faults === 'function' ? faults(n, request) : (faults[Math.min(n, faults.length - 1)] ?? {});
  }, max);
  servers.push(server);
  return server;
}

/** What a call threw (failing the test if it did not), scanned for secrets with the events it logged. */
async function failure(label: string, call: () => Promise<unknown>, events: RequestEvent[] = []): Promise<PayspecError> {
  const error = await call().then(
    () => expect.unreachable(`${label}: the call should have failed`),
    (e: unknown) => e,
  );
  ledger.scanError(label, error);
  ledger.scanEvents(label, events);
  expect(error, `${label}: every failure is a PayspecError`).toBeInstanceOf(PayspecError);
  return error as PayspecError;
}

function logTo(events: RequestEvent[]) {
  return (event: RequestEvent) => void events.push(event);
}

const stancer = (baseUrl: string, extra: Record<string, unknown> = {}) => createStancerClient({ secretKey: stancerKey, baseUrl, ...extra });
const reportei = (baseUrl: string, extra: Record<string, unknown> = {}) => createReporteiClient({ accessToken, customerToken, baseUrl, ...extra });
const customer = { params: { path: { id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } } };
// Bodies with what each spec requires at the top, so that only the fault under test is a fault.
const stancerCustomer = { id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk', created: 1_700_000_000, live_mode: false };
const pinList = { response: [], count: 0, pagination: { current: 1, previous: null, next: null, per_page: 25, pages: 1, count: 0 } };

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  console.log(`adversarial runtime suite: ${ledger.searches} secret searches in errors and log events, ${ledger.found.length} found`);
  expect(ledger.found).toEqual([]);
  expect(ledger.searches).toBeGreaterThan(2_000);
});

describe('credentials never follow a redirect to another origin', () => {
  const clients = [
    ['Reportei token headers', (url: string, log: (e: RequestEvent) => void) => reportei(url, { log }).GET('/customers/settings')],
    ['CyberSource HTTP Signature', (url: string, log: (e: RequestEvent) => void) =>
      createCyberSourceClient({ ...cybs, baseUrl: url, log }).GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } })],
    ['Ping++ RSA signature', (url: string, log: (e: RequestEvent) => void) =>
      createPingppClient({ secretKey: pingppKey, privateKey: privatePem, baseUrl: url, log }).GET('/customers/{id}', { params: { path: { id: 'cus_1' } } })],
    ['Stancer Basic', (url: string, log: (e: RequestEvent) => void) => stancer(url, { log }).GET('/customers/{id}', customer)],
  ] as const;
  for (const status of [301, 302, 303, 307, 308]) {
    for (const [name, call] of clients) {
      it(`${status} to another origin: ${name} reaches nothing there, and the call fails with the 3xx`, async () => {
        const other = await serve([{ status: 200, body: {} }]);
        const origin = await serve([{ status, headers: { location: `${other.url}/steal` } }]);
        const events: RequestEvent[] = [];
        const error = await failure(`${status} ${name}`, () => unwrap(call(origin.url, logTo(events)) as Promise<never>), events);
        expect(other.received).toHaveLength(0);
        expect(origin.received).toHaveLength(1);
        expect(error).toBeInstanceOf(ApiError);
        expect(error.message).toMatch(new RegExp(`failed with ${status} \\(a redirect to another origin, not followed`));
      });
    }
  }

  it('a redirect to a look-alike origin (other port, user info) is refused too', async () => {
    const other = await serve([{ status: 200, body: {} }]);
    const host = new URL(other.url);
    const origin = await serve([{ status: 307, headers: { location: `http://user:pass@${host.host}/x` } }]);
    await failure('user-info redirect', () => unwrap(stancer(origin.url).GET('/customers/{id}', customer)));
    expect(other.received).toHaveLength(0);
  });
});

describe('same-origin redirects are followed correctly', () => {
  it('307 on a PUT re-sends the same body once, re-signed for the new target', async () => {
    const server = await serve((n) => (n === 0 ? { status: 307, headers: { location: '/tms/v2/customers/MOVED' } } : { status: 200, body: { id: 'MOVED' } }));
    const body = { buyerInformation: { email: 'test@example.com' } };
    const { response } = await createCyberSourceClient({ ...cybs, baseUrl: server.url }).PATCH('/tms/v2/customers/{customerId}', {
      params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } },
      body,
    } as never);
    expect(response.status).toBe(200);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['PATCH /tms/v2/customers/D9F340DD3DB9C276E053A2598D0A41A3', 'PATCH /tms/v2/customers/MOVED']);
    expect(server.received[1]!.body.toString()).toBe(server.received[0]!.body.toString());
    const [first, second] = server.received.map((r) => String(r.headers.signature));
    expect(second).not.toBe(first);
    expect(server.received[1]!.headers.digest).toBe(server.received[0]!.headers.digest);
  });

  it('a redirected PUT is sent once per hop, never three times', async () => {
    const server = await serve((n) => (n === 0 ? { status: 308, headers: { location: '/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } } : { status: 200, body: { response: {} } }));
    const { response } = await createPinPaymentsClient({ secretKey: pinKey, baseUrl: server.url }).PUT('/customers/{customer_token}', {
      params: { path: { customer_token: 'cus_old' } },
      body: { email: 'roland@pinpayments.com' },
    } as never);
    expect(response.status).toBe(200);
    expect(server.received).toHaveLength(2);
    expect(server.received.map((r) => r.body.toString())).toEqual(['{"email":"roland@pinpayments.com"}', '{"email":"roland@pinpayments.com"}']);
  });

  it('303 after a POST becomes a GET without body or content type', async () => {
    const server = await serve((n) => (n === 0 ? { status: 303, headers: { location: '/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } } : { status: 200, body: stancerCustomer }));
    const { data } = await stancer(server.url).POST('/customers', { body: { email: 'david@example.net' } });
    expect(data).toEqual(stancerCustomer);
    expect(server.received[1]).toMatchObject({ method: 'GET', url: '/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk' });
    expect(server.received[1]!.body.length).toBe(0);
    expect(server.received[1]!.headers['content-type']).toBeUndefined();
    expect(server.received[1]!.headers.authorization).toBe(`Basic ${basic(stancerKey)}`);
  });

  it('a redirect loop stops after 5 hops with an ApiError, and is not retried', async () => {
    const server = await serve([{ status: 302, headers: { location: '/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } }]);
    const events: RequestEvent[] = [];
    const error = await failure('redirect loop', () => unwrap(stancer(server.url, { log: logTo(events) }).GET('/customers/{id}', customer)), events);
    expect(error.message).toMatch(/more than 5 redirects/);
    expect(server.received).toHaveLength(6);
    expect(events.filter((e) => e.type === 'redirect')).toHaveLength(5);
  });

  it('a redirect without a Location is the answer, not a crash', async () => {
    const server = await serve([{ status: 302 }]);
    const error = await failure('no location', () => unwrap(stancer(server.url).GET('/customers/{id}', customer)));
    expect(error).toMatchObject({ kind: 'api', status: 302 });
  });
});

describe('credentials are header-safe from the start, and never echoed', () => {
  it.each([
    ['CR LF', `${stancerKey}\r\nx-evil: 1`],
    ['LF', `${stancerKey}\n`],
    ['NUL', `${stancerKey}\u0000`],
    ['a character no header can carry', `${stancerKey}€`],
  ])('a secret key with %s is refused when the client is created', async (_name, secretKey) => {
    const error = await failure(`credential ${_name}`, async () => createStancerClient({ secretKey }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: 'secretKey' });
  });

  it('a per-call token header with CR LF is refused before anything is sent', async () => {
    const server = await serve([{ status: 200, body: {} }]);
    const error = await failure('per-call header', () =>
      reportei(server.url).GET('/customers/settings', { headers: { 'x-customer-token': `${customerToken}\r\nx-evil: 1` } }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/header `x-customer-token` in `headers` contains a control character/);
    expect(server.received).toHaveLength(0);
  });

  it('a header parameter with LF is refused the same way', async () => {
    const error = await failure('params.header', () =>
      reportei('http://127.0.0.1:9').GET('/customers/settings', { params: { header: { 'x-customer-token': `${customerToken}\n` } } } as never),
    );
    expect(error).toMatchObject({ kind: 'configuration', option: 'params.header' });
  });

  it('client headers with a NUL are refused when the client is created', async () => {
    const error = await failure('client headers', async () => stancer('http://127.0.0.1:9', { headers: { 'x-trace': `${stancerKey}\u0000` } }));
    expect(error).toMatchObject({ kind: 'configuration', option: 'headers' });
  });

  it('a signer input with a line break is refused when the client is created', async () => {
    const error = await failure('cybs keyId', async () => createCyberSourceClient({ ...cybs, keyId: `${cybs.keyId}\r\n` }));
    expect(error).toMatchObject({ option: 'keyId' });
  });

  it('a server that echoes the credentials back in its error does not put them into the ApiError', async () => {
    const server = await serve((_, request) => ({
      status: 401,
      headers: { 'x-echo': String(request.headers.authorization), 'www-authenticate': 'Basic realm="x"' },
      body: { error: { message: `invalid key ${stancerKey} (sent ${String(request.headers.authorization)})`, type: 'invalid_request_error' } },
    }));
    const events: RequestEvent[] = [];
    const error = await failure('echoing server', () => unwrap(stancer(server.url, { log: logTo(events) }).GET('/customers/{id}', customer)), events);
    expect(error).toMatchObject({ status: 401 });
    expect(error.message).toContain('[redacted]');
    expect((error as ApiError).headers.get('x-echo')).toMatch(/\[redacted\]/);
  });

  it('a server that echoes a signature back does not put it into the ApiError', async () => {
    const server = await serve((_, request) => ({ status: 400, body: { error: { message: `bad signature ${String(request.headers['pingplusplus-signature'])}` } } }));
    const error = await failure('echoed signature', () =>
      unwrap(createPingppClient({ secretKey: pingppKey, privateKey: privatePem, baseUrl: server.url }).GET('/customers/{id}', { params: { path: { id: 'cus_1' } } })),
    );
    expect(error.message).toContain('[redacted]');
  });

  it('a custom fetch that fails with the request headers in its error gets a scrubbed cause', async () => {
    const events: RequestEvent[] = [];
    const error = await failure('leaky fetch', () =>
      stancer('http://127.0.0.1:9', {
        maxRetries: 0,
        log: logTo(events),
        fetch: async (request: Request) => {
          throw Object.assign(new Error(`proxy refused ${request.headers.get('authorization')}`), { request: { headers: Object.fromEntries(request.headers) } });
        },
      }).GET('/customers/{id}', customer),
      events,
    );
    expect(error).toBeInstanceOf(ConnectionError);
  });
});

describe('baseUrl is validated and never echoed', () => {
  it.each([
    ['user:password@', 'http://user:hunter2-secret-pass@127.0.0.1:9', /user name or password/],
    ['a query', 'http://127.0.0.1:9/v1?key=abc', /query string/],
    ['a fragment', 'http://127.0.0.1:9/v1#frag', /fragment/],
    ['another scheme', 'file:///etc/passwd', /http or https/],
    ['not a URL', 'not a url', /absolute http\(s\) URL/],
  ])('a baseUrl with %s is a ConfigurationError', async (_name, baseUrl, message) => {
    const error = await failure(`baseUrl ${_name}`, async () => stancer(baseUrl));
    expect(error).toMatchObject({ kind: 'configuration', option: 'baseUrl' });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('hunter2');
  });

  it('a per-call baseUrl with user info is refused too', async () => {
    const error = await failure('per-call baseUrl', () => stancer('http://127.0.0.1:9').GET('/customers/{id}', { ...customer, baseUrl: 'http://u:hunter2-secret@127.0.0.1:9' } as never));
    expect(error).toMatchObject({ option: 'baseUrl' });
    expect(error.message).not.toContain('hunter2');
  });
});

describe('path parameters can never change the shape of the path', () => {
  const pin = (url: string) => createPinPaymentsClient({ secretKey: pinKey, baseUrl: url });
  it.each([['..'], ['.'], [''], ['a/b'], ['..\\x'], ['tok\n']])('%j is refused before anything is sent', async (value) => {
    const server = await serve([{ status: 200, body: {} }]);
    const error = await failure(`path ${JSON.stringify(value)}`, () => pin(server.url).GET('/customers/{customer_token}/charges', { params: { path: { customer_token: value } } }));
    expect(error).toMatchObject({ kind: 'configuration', option: 'params.path.customer_token' });
    expect(server.received).toHaveLength(0);
  });

  it('a missing or non-scalar path parameter is refused', async () => {
    await expect(pin('http://127.0.0.1:9').GET('/customers/{customer_token}/charges', { params: { path: {} } } as never)).rejects.toThrow(/`customer_token` is required/);
    await expect(pin('http://127.0.0.1:9').GET('/customers/{customer_token}/charges', { params: { path: { customer_token: { a: 1 } } } } as never)).rejects.toThrow(
      /must be a string or a number, got object/,
    );
  });

  it('reserved characters and replacement patterns stay inside their segment', async () => {
    const server = await serve([{ status: 200, body: pinList }]);
    await pin(server.url).GET('/customers/{customer_token}/charges', { params: { path: { customer_token: "$`?#$&%2e%2e" } } });
    expect(server.received[0]!.url).toBe('/customers/%24%60%3F%23%24%26%252e%252e/charges');
  });
});

describe('settings are bounded', () => {
  it.each([
    ['timeout', 2 ** 31],
    ['timeout', 0],
    ['timeout', Number.NaN],
    ['timeout', Infinity],
    ['maxRetries', 11],
    ['maxRetries', 1.5],
    ['maxResponseBytes', 0],
    ['maxResponseBytes', 2 ** 31],
  ])('%s: %s is a ConfigurationError on the client and on a call', async (option, value) => {
    expect(() => stancer('http://127.0.0.1:9', { [option]: value })).toThrow(ConfigurationError);
    await expect(stancer('http://127.0.0.1:9').GET('/customers/{id}', { ...customer, [option]: value })).rejects.toMatchObject({ kind: 'configuration', option });
  });

  it('the largest timeout is honoured, not turned into 1 ms', async () => {
    const server = await serve([{ status: 200, body: stancerCustomer, delayMs: 50 }]);
    const { response } = await stancer(server.url, { timeout: 2 ** 31 - 1 }).GET('/customers/{id}', customer);
    expect(response.status).toBe(200);
    expect(server.received).toHaveLength(1);
  });
});

describe('a logger can never change the outcome', () => {
  it.each([
    ['throws on every event', () => { throw new Error('logger broke'); }],
    ['throws on request events only', (event: RequestEvent) => { if (event.type === 'request') throw new Error('logger broke'); }],
    ['returns a rejected promise', async () => { throw new Error('logger broke'); }],
  ])('a logger that %s: the 200 is returned after one attempt', async (_name, log) => {
    const server = await serve([{ status: 200, body: stancerCustomer }]);
    const data = await unwrap(stancer(server.url, { log }).GET('/customers/{id}', customer));
    expect(data).toEqual(stancerCustomer);
    expect(server.received).toHaveLength(1);
  });
});

describe('Retry-After is read strictly', () => {
  it.each([['-1'], ['1.5'], ['1, 2'], ['Thursday, 01-Jan-2099 00:00:00 GMT'], ['Wed, 31 Feb 2029 00:00:00 GMT'], ['soon']])('%j is unreadable, so the usual backoff applies', (value) => {
    expect(retryAfterDelay(new Headers({ 'retry-after': value }))).toBeUndefined();
  });

  it('reads delay-seconds and an IMF-fixdate', () => {
    const now = Date.UTC(2026, 10, 26, 8, 0, 0);
    expect(retryAfterDelay(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterDelay(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 08:00:02 GMT' }), now)).toBe(2000);
  });

  it('a 503 with Retry-After: -1 is retried after the backoff, not at once', async () => {
    const server = await serve([{ status: 503, headers: { 'retry-after': '-1' }, body: {} }, { status: 200, body: stancerCustomer }]);
    await unwrap(stancer(server.url).GET('/customers/{id}', customer));
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(370);
  });
});

describe('every success body is parsed or a typed error', () => {
  it.each([
    ['HTML from a proxy', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Bad gateway page</body></html>' }, /200 body \(text\/html\) is not valid JSON/],
    ['white space only', { status: 200, body: '   ' }, /not valid JSON/],
    ['truncated JSON', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id": "cust_' }, /not valid JSON/],
    ['empty JSON', { status: 200, headers: { 'content-type': 'application/json' }, body: '' }, /body is empty/],
  ] as [string, Fault, RegExp][])('%s: an InvalidResponseError with kind, method and path, not retried', async (name, fault, message) => {
    const server = await serve([fault]);
    const error = await failure(name, () => stancer(server.url).GET('/customers/{id}', customer));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ kind: 'invalid-response', method: 'GET', path: '/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk', status: 200 });
    expect(error.message).toMatch(message);
    expect(server.received).toHaveLength(1);
  });

  it('a status outside 200..599 is an InvalidResponseError', async () => {
    const server = await serve([{ status: 999, body: {} }]);
    const error = await failure('status 999', () => stancer(server.url).GET('/customers/{id}', customer));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 999 });
  });

  it('a fetch option that resolves to something else is a ConfigurationError', async () => {
    const error = await failure('bad fetch', () => stancer('http://127.0.0.1:9', { fetch: async () => ({ status: 200 }) }).GET('/customers/{id}', customer));
    expect(error).toMatchObject({ kind: 'configuration', option: 'fetch' });
  });
});

describe('response size is capped', () => {
  it('a declared length over the cap is refused before reading, once, without a retry', async () => {
    const server = await serve([{ status: 200, headers: { 'content-length': String(50 * 1024 * 1024) }, streamBytes: 1024 }]);
    const error = await failure('declared size', () => stancer(server.url).GET('/customers/{id}', customer));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/exceeds maxResponseBytes \(10485760\)/);
    expect(server.received).toHaveLength(1);
  });

  it('an endless body stops being read at the cap', async () => {
    const server = await serve([{ status: 200, streamBytes: 200 * 1024 * 1024 }]);
    const error = await failure('streamed size', () => stancer(server.url, { maxResponseBytes: 1024 * 1024 }).GET('/customers/{id}', customer));
    expect(error.message).toMatch(/more than 1048576 bytes received/);
    expect(server.received).toHaveLength(1);
    // The server stopped early: far less than the 200 MiB it wanted to send went out.
    expect(server.streamed()).toBeLessThan(32 * 1024 * 1024);
  });

  it('an error body over the cap is capped too', async () => {
    const server = await serve([{ status: 500, streamBytes: 4 * 1024 * 1024 }]);
    const error = await failure('error size', () => stancer(server.url, { maxResponseBytes: 64 * 1024 }).GET('/customers/{id}', customer));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.received).toHaveLength(1);
  });
});

describe('request bodies that cannot be encoded are typed errors', () => {
  it.each([
    ['a cycle', () => { const a: Record<string, unknown> = { email: 'a@b.c' }; a.self = a; return a; }],
    ['a BigInt', () => ({ email: 'a@b.c', n: 10n })],
  ])('%s in a JSON body is a ConfigurationError naming the body', async (_name, make) => {
    const error = await failure(`body ${_name}`, () => stancer('http://127.0.0.1:9').POST('/customers', { body: make() } as never));
    expect(error).toMatchObject({ kind: 'configuration', option: 'body' });
  });
});

describe('pagination never repeats a page and stops on nonsense', () => {
  const pin = (url: string) => createPinPaymentsClient({ secretKey: pinKey, baseUrl: url });
  const page = (ids: string[], next: unknown) => ({ status: 200, body: { response: ids.map((token) => ({ token })), count: 9, pagination: { current: 1, previous: null, next, per_page: 1, pages: 9, count: 9 } } });

  async function walk(iterable: AsyncIterable<{ token?: string }>): Promise<{ seen: string[]; error: unknown }> {
    const seen: string[] = [];
    try {
      for await (const item of iterable) seen.push(String(item.token));
    } catch (error) {
      ledger.scanError('pagination', error);
      return { seen, error };
    }
    return { seen, error: undefined };
  }

  it('a next page the server already gave ends the walk with an InvalidResponseError, no duplicate', async () => {
    const server = await serve([page(['a'], 2), page(['b'], 1)]);
    const { seen, error } = await walk(pin(server.url).paginate('/customers'));
    expect(seen).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.received).toHaveLength(2);
  });

  it('a server that ignores the page number (same items, ever-increasing next) is caught on page 2', async () => {
    const server = await serve((n) => page(['same'], n + 2));
    const { seen, error } = await walk(pin(server.url).paginate('/customers'));
    expect(seen).toEqual(['same']);
    expect((error as Error).message).toMatch(/same items again/);
    expect(server.received).toHaveLength(2);
  });

  it('an endless list stops at maxPages', async () => {
    const server = await serve((n) => page([`c${n}`], n + 2));
    const { seen, error } = await walk(pin(server.url).paginate('/customers', { maxPages: 3 }));
    expect(error).toBeUndefined();
    expect(seen).toEqual(['c0', 'c1', 'c2']);
    expect(server.received).toHaveLength(3);
  });

  it('next: "abc" is nonsense: no page=NaN request is sent', async () => {
    const server = await serve([page(['a'], 'abc')]);
    const { error } = await walk(pin(server.url).paginate('/customers'));
    expect((error as Error).message).toMatch(/`pagination\.next` is not a page number/);
    expect(server.received.map((r) => r.url)).toEqual(['/customers']);
  });

  it('items that are not an array are an InvalidResponseError, not a TypeError', async () => {
    const server = await serve([{ status: 200, body: { response: { token: 'a' }, count: 1, pagination: { next: null } } }]);
    const { error } = await walk(pin(server.url).paginate('/customers'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ method: 'GET', path: '/customers' });
  });

  it('a repeated cursor ends the walk without a duplicate page', async () => {
    const server = await serve([
      { status: 200, body: { object: 'list', url: '/v1/customers', has_more: true, data: [{ id: 'cus_1' }] } },
      { status: 200, body: { object: 'list', url: '/v1/customers', has_more: true, data: [{ id: 'cus_2' }, { id: 'cus_1' }] } },
    ]);
    const { seen, error } = await walk(createPingppClient({ secretKey: pingppKey, baseUrl: server.url }).paginate('/customers') as AsyncIterable<{ token?: string }>);
    expect(seen).toHaveLength(3);
    expect((error as Error).message).toMatch(/cursor `id` of the last item was already used/);
    expect(server.received).toHaveLength(2);
  });

  it('pages that go round (A, B, A, ...) with ever-new page numbers end at the first repeat', async () => {
    const server = await serve((n) => ({ status: 200, body: { ...pinList, response: [{ token: n % 2 === 0 ? 'cus_a' : 'cus_b' }], pagination: { ...pinList.pagination, current: n + 1, next: n + 2 } } }), 60);
    const { seen, error } = await walk(createPinPaymentsClient({ secretKey: pinKey, baseUrl: server.url }).paginate('/customers', { maxPages: 50 }) as AsyncIterable<{ token?: string }>);
    expect(seen).toEqual(['cus_a', 'cus_b']);
    expect((error as Error).message).toMatch(/the same items again as an earlier page/);
    expect(server.received).toHaveLength(3);
  });

  it('a meta page that is not the page asked for is nonsense', async () => {
    const server = await serve([{ status: 200, body: { data: [{ uuid: 'a' }], meta: { current_page: 5, last_page: 9 } } }]);
    const { error } = await walk(reportei(server.url).paginate('/customers') as AsyncIterable<{ token?: string }>);
    expect((error as Error).message).toMatch(/asked for page 1, the server says it is page 5/);
  });
});

describe('servers that echo what they were sent', () => {
  // A gateway or debug proxy that answers 200 with the request's own headers: in the body (which
  // then lacks what the spec requires) and in every response header, the request id's included.
  const echo = (request: ReceivedRequest): Fault => {
    const sent = Object.fromEntries(SECRET_HEADERS.flatMap((name) => (typeof request.headers[name] === 'string' ? [[name, request.headers[name] as string]] : [])));
    const values = Object.values(sent);
    // The parts a proxy may echo on their own: the token after the scheme, a signature's parameter.
    const parts = values.flatMap((value) => [value.replace(/^\S+ /, ''), /signature="([^"]+)"/.exec(value)?.[1] ?? '']).filter(Boolean);
    return {
      status: 200,
      headers: { 'v-c-correlation-id': values[0] ?? 'none', uniquetransactionid: parts[0] ?? 'none', 'x-echo': [...values, ...parts].join(' | ') },
      body: { echoed: sent, parts, note: 'x'.repeat(300) },
    };
  };
  const clients = [
    ['Stancer Basic', (url: string, log: (e: RequestEvent) => void) => stancer(url, { log }).GET('/customers/{id}', customer)],
    ['Pin Payments Basic', (url: string, log: (e: RequestEvent) => void) =>
      createPinPaymentsClient({ secretKey: pinKey, baseUrl: url, log }).GET('/customers/{customer_token}', { params: { path: { customer_token: 'cus_1' } } })],
    ['Reportei token headers', (url: string, log: (e: RequestEvent) => void) => reportei(url, { log }).GET('/customers/settings')],
    ['Ping++ RSA signature', (url: string, log: (e: RequestEvent) => void) =>
      createPingppClient({ secretKey: pingppKey, privateKey: privatePem, baseUrl: url, log }).GET('/customers/{id}', { params: { path: { id: 'cus_1' } } })],
  ] as const;

  // CyberSource's customer requires no key: its echo is a success, below.
  for (const [name, call] of clients) {
    it(`${name}: a 200 that echoes the credentials and lacks what the spec requires is an InvalidResponseError holding the scrubbed body and response`, async () => {
      const server = await serve((_n, request) => echo(request));
      const events: RequestEvent[] = [];
      const error = await failure(`echo ${name}`, () => call(server.url, logTo(events)) as Promise<unknown>, events);
      expect(error).toBeInstanceOf(InvalidResponseError);
      const invalid = error as InvalidResponseError;
      expect(invalid).toMatchObject({ status: 200, accepted: true });
      // The whole body is there (the note past the 200-character snippet too), with [redacted] for what was echoed.
      expect((invalid.body as { note: string }).note).toHaveLength(300);
      expect(JSON.stringify(invalid.body)).toContain('[redacted]');
      expect(invalid.response?.status).toBe(200);
      expect(await invalid.response!.text()).toContain('[redacted]');
      expect(invalid.response!.headers.get('x-echo')).toContain('[redacted]');
      ledger.scanEvents(`echo ${name} response`, [await invalid.response!.text(), Object.fromEntries(invalid.response!.headers)]);
      expect(events.some((event) => event.type === 'response')).toBe(true);
    });
  }

  it('CyberSource: an echoed signature in the request-id header never reaches a log event or requestIdOf', async () => {
    const server = await serve((_n, request) => ({ ...echo(request), body: { id: 'D9F340DD3DB9C276E053A2598D0A41A3', echoed: request.headers.signature } }));
    const events: RequestEvent[] = [];
    const result = await createCyberSourceClient({ ...cybs, baseUrl: server.url, log: logTo(events) }).GET('/tms/v2/customers/{customerId}', {
      params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } },
    });
    expect(result.response.status).toBe(200);
    const responses = events.filter((event) => event.type === 'response');
    expect(responses).toHaveLength(1);
    expect((responses[0] as { requestId?: string }).requestId).toContain('[redacted]');
    expect(requestIdOf(result.response)).toContain('[redacted]');
    // The data is the caller's own, as the server sent it; what the client itself says is scrubbed.
    ledger.scanEvents('echoed request id', [...events, requestIdOf(result.response)]);
  });

  it('a create the server accepted with a body that breaks the spec is returned and reported, never thrown by default', async () => {
    // Stancer answers POST /customers with the customer; this one lacks `live_mode` but has the id.
    const server = await serve((_n, request) => ({ ...echo(request), body: { id: 'cust_created', created: 1_700_000_000, echoed: request.headers.authorization } }));
    const events: RequestEvent[] = [];
    const created = await unwrap(stancer(server.url, { log: logTo(events) }).POST('/customers', { body: { email: 'david@example.net' } } as never));
    expect(created).toMatchObject({ id: 'cust_created' });
    expect(server.received).toHaveLength(1);
    const mismatch = events.find((event) => event.type === 'response-mismatch');
    expect(mismatch).toMatchObject({ method: 'POST', path: '/customers', status: 200 });
    expect((mismatch as { problem: string }).problem).toMatch(/lacks `live_mode`/);
    ledger.scanEvents('accepted create', events);
    // Asked to throw, the error still holds the created customer, and nothing was sent twice.
    const strict = await failure('accepted create, strict', () => stancer(server.url, { responseCheck: 'throw' }).POST('/customers', { body: { email: 'david@example.net' } } as never));
    expect(strict).toMatchObject({ status: 200, accepted: true, body: { id: 'cust_created', echoed: '[redacted]' } });
    expect(strict.message).toMatch(/the server accepted the request/);
    expect(server.received).toHaveLength(2);
  });
});

describe('hostile token endpoints', () => {
  const oauthClientSecret = 'oauth_adversarial_client_secret';
  const definition: ApiDefinition = {
    provider: 'Acme',
    servers: [{ url: 'https://api.example.com' }],
    auth: [{ type: 'oauth2', name: 'oauth', tokenUrl: '/oauth/token', options: { clientId: 'clientId', clientSecret: 'clientSecret' }, scopes: ['read'] }],
    credentials: [{ option: 'clientId' }, { option: 'clientSecret' }],
    security: [['oauth']],
    oauth2: oauth2ClientCredentials,
    responses: { 'GET /things/{id}': { '200': ['object', 'id'] } },
  };
  const acme = (url: string, log: (e: RequestEvent) => void) =>
    createApiClient<Record<string, any>>(definition, { clientId: 'adversarial_client', clientSecret: oauthClientSecret, baseUrl: url, log, maxRetries: 0 } as never);

  it('a token endpoint and an API that echo the client secret, the Basic header and the token put none of them into an error or a log event', async () => {
    const server = await serve((_n, request) =>
      request.url.startsWith('/oauth/token')
        ? { status: 200, headers: { 'x-echo': String(request.headers.authorization) }, body: { access_token: 'oauth_adversarial_access_token', token_type: 'Bearer', expires_in: 3600, echoed: request.headers.authorization, body: request.body.toString() } }
        : { status: 200, headers: { 'x-echo': String(request.headers.authorization) }, body: { echoed: request.headers.authorization, secret: oauthClientSecret } },
    );
    seenSecrets.add(oauthClientSecret).add('oauth_adversarial_access_token');
    const events: RequestEvent[] = [];
    const error = await failure('oauth echo', () => acme(server.url, logTo(events)).GET('/things/{id}', { params: { path: { id: 't1' } } }), events);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(JSON.stringify((error as InvalidResponseError).body)).toContain('[redacted]');
  });

  it('an expires_in below zero is an expired token: every call asks for a new one', async () => {
    let issued = 0;
    const server = await serve((_n, request) =>
      request.url.startsWith('/oauth/token') ? { status: 200, body: { access_token: `oauth_expired_token_${++issued}`, token_type: 'Bearer', expires_in: -3600 } } : { status: 200, body: { id: 't1' } },
    );
    const client = acme(server.url, () => undefined);
    for (let i = 0; i < 3; i++) await client.GET('/things/{id}', { params: { path: { id: 't1' } } });
    const api = server.received.filter((r) => !r.url.startsWith('/oauth/token'));
    expect(api.map((r) => r.headers.authorization)).toEqual(['Bearer oauth_expired_token_1', 'Bearer oauth_expired_token_2', 'Bearer oauth_expired_token_3']);
  });

  it('a token endpoint that never answers does not hold up a call its caller aborts', async () => {
    const server = await serve((_n, request) => (request.url.startsWith('/oauth/token') ? { status: 200, body: {}, delayMs: 60_000 } : { status: 200, body: { id: 't1' } }));
    const controller = new AbortController();
    const pending = acme(server.url, () => undefined).GET('/things/{id}', { params: { path: { id: 't1' } }, signal: controller.signal });
    await vi.waitFor(() => expect(server.received).toHaveLength(1), { timeout: 60_000 });
    controller.abort();
    const error = await failure('oauth abort', () => pending);
    expect(error).toBeInstanceOf(UserAbortError);
  });
});
