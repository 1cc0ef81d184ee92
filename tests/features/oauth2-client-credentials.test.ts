/**
 * OAuth 2.0 client credentials through a generated client: the fixture provider of
 * `tests/fixtures/providers/client-credentials/` is built by the real pipeline into a scratch
 * project; its generated client gets tokens from a small token endpoint of this file (node:http on
 * 127.0.0.1, checking the grant and the client's HTTP Basic credentials) and calls Prism started on
 * the generated spec, which checks every request's Bearer token (no `sl-violations`). The token is
 * fetched once and shared, fetched again once after a 401, never sent to Prism with the secret,
 * and neither the secret nor a token appears in an error or a log event.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthenticationError, InvalidResponseError, type RequestEvent } from '@payspec/runtime';
import { buildFixtureWithMock, typecheckWithFixture, type FixtureWithMock } from '../helpers/fixture-provider.js';
import { expectNoViolations, recordRequests, violations } from '../helpers/prism.js';
import { SecretLedger } from '../helpers/checks/secret-ledger.js';

interface Result {
  data?: unknown;
  error?: unknown;
  response: Response;
}
interface ClientCredentialsClient {
  GET(path: string, init?: Record<string, unknown>): Promise<Result>;
  POST(path: string, init?: Record<string, unknown>): Promise<Result>;
}
/** The generated module, as far as this file uses it (its real types are checked below). */
interface ClientCredentialsModule {
  createClientCredentialsClient(options?: Record<string, unknown>): ClientCredentialsClient;
  definition: { auth: { type: string; scopes?: string[] }[] };
}

const clientId = 'client-1';
const clientSecret = 'client-secret-s3cr3t/+=';
const basicOfClient = `Basic ${Buffer.from(`${clientId}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;

interface TokenRequest {
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}
/** What the token endpoint answers for the n-th request (1-based), once the client is authenticated. */
type TokenAnswer = (n: number) => { status?: number; body: unknown; delayMs?: number };

/** A token endpoint: checks the grant and the client's HTTP Basic credentials, then answers as told. */
async function startTokenEndpoint(answer: TokenAnswer = (n) => ({ body: { access_token: `at-${n}-opaque-token`, token_type: 'Bearer', expires_in: 3600 } })) {
  const requests: TokenRequest[] = [];
  const issued: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
      requests.push({ headers: req.headers, form });
      const reply = (status: number, body: unknown, delayMs = 0) =>
        setTimeout(() => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(typeof body === 'string' ? body : JSON.stringify(body)), delayMs);
      if (req.method !== 'POST' || req.url !== '/oauth/token' || form.grant_type !== 'client_credentials') return reply(400, { error: 'unsupported_grant_type' });
      if (req.headers.authorization !== basicOfClient) return reply(401, { error: 'invalid_client' });
      const { status = 200, body, delayMs } = answer(requests.length);
      const token = (body as { access_token?: unknown })?.access_token;
      if (typeof token === 'string') issued.push(token);
      reply(status, body, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoints.push(server);
  return { url, tokenUrl: `${url}/oauth/token`, requests, issued };
}

const endpoints: Server[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((server) => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))));
});

let fixture: FixtureWithMock<ClientCredentialsModule>;
beforeAll(async () => {
  fixture = await buildFixtureWithMock<ClientCredentialsModule>('client-credentials');
});
afterAll(async () => {
  await fixture?.dispose();
});

/**
 * A client of the fixture with the token endpoint's URL; `prefer401` makes Prism answer those API
 * requests (by their 1-based number) with the spec's 401, as an API refusing an expired token would.
 */
function client(tokenUrl: string, options: Record<string, unknown> = {}, prefer401: number[] = []) {
  const recorder = recordRequests();
  const events: RequestEvent[] = [];
  let api = 0;
  const fetch = (request: Request) => {
    if (request.url.startsWith(fixture.prism.url) && prefer401.includes(++api)) request.headers.set('Prefer', 'code=401');
    return recorder.fetch(request);
  };
  const created = fixture.client.createClientCredentialsClient({ clientId, clientSecret, baseUrl: fixture.prism.url, tokenUrl, fetch, log: (event: RequestEvent) => events.push(event), ...options });
  const toPrism = () => recorder.sent.filter((request) => request.url.href.startsWith(fixture.prism.url));
  const toTokenEndpoint = () => recorder.sent.filter((request) => !request.url.href.startsWith(fixture.prism.url));
  return { client: created, sent: recorder.sent, toPrism, toTokenEndpoint, events };
}

describe('the token', () => {
  it('is fetched once (grant, scopes of the spec, HTTP Basic) and sent as Bearer on every call, never with the secret to the API', async () => {
    const endpoint = await startTokenEndpoint();
    const { client: api, toPrism, toTokenEndpoint } = client(endpoint.tokenUrl);
    const results = [await api.GET('/widgets'), await api.POST('/widgets', { body: { name: 'Sprocket' } }), await api.GET('/widgets')];
    expect(results.map((result) => result.response.status)).toEqual([200, 201, 200]);
    expect(results[0]!.data).toEqual({ data: [{ id: 'wid_1', name: 'Sprocket' }] });
    results.forEach((result) => expectNoViolations(result.response));
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]!.form).toEqual({ grant_type: 'client_credentials', scope: 'widgets:read widgets:write' });
    expect(endpoint.requests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(toPrism().map((request) => request.headers.get('authorization'))).toEqual(Array(3).fill('Bearer at-1-opaque-token'));
    for (const request of toPrism()) expect(`${[...request.headers].join()}${request.text}`).not.toContain(clientSecret);
    for (const request of toTokenEndpoint()) expect(request.headers.get('authorization')).toBe(basicOfClient);
  });

  it('is not fetched for an operation without security', async () => {
    const endpoint = await startTokenEndpoint();
    const { client: api, toPrism } = client(endpoint.tokenUrl);
    const result = await api.GET('/status');
    expect(result.data).toEqual({ status: 'ok' });
    expectNoViolations(result.response);
    expect(endpoint.requests).toHaveLength(0);
    expect(toPrism()[0]!.headers.get('authorization')).toBeNull();
  });

  it('concurrent first calls share one token request', async () => {
    const endpoint = await startTokenEndpoint((n) => ({ body: { access_token: `at-${n}-opaque-token`, token_type: 'bearer', expires_in: 3600 }, delayMs: 150 }));
    const { client: api, toPrism } = client(endpoint.tokenUrl);
    const results = await Promise.all(Array.from({ length: 5 }, () => api.GET('/widgets')));
    results.forEach((result) => expectNoViolations(result.response));
    expect(endpoint.requests).toHaveLength(1);
    expect(new Set(toPrism().map((request) => request.headers.get('authorization')))).toEqual(new Set(['Bearer at-1-opaque-token']));
  });

  it('is fetched again shortly before it expires', async () => {
    // expires_in 1: dropped a tenth of its lifetime early, at 900 ms.
    const endpoint = await startTokenEndpoint((n) => ({ body: { access_token: `at-${n}-opaque-token`, token_type: 'Bearer', expires_in: 1 } }));
    // The clock is the test's (only Date, before the client reads it; timers and sockets stay real):
    // however slow the machine, the first two calls happen at the same instant and the third 950 ms later.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { client: api, toPrism } = client(endpoint.tokenUrl);
      await api.GET('/widgets');
      await api.GET('/widgets');
      vi.setSystemTime(Date.now() + 950);
      await api.GET('/widgets');
      expect(endpoint.requests).toHaveLength(2);
      expect(toPrism().map((request) => request.headers.get('authorization'))).toEqual(['Bearer at-1-opaque-token', 'Bearer at-1-opaque-token', 'Bearer at-2-opaque-token']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is fetched again once after a 401, and the call (a POST too) is sent once more with the new token', async () => {
    const endpoint = await startTokenEndpoint();
    const { client: api, toPrism } = client(endpoint.tokenUrl, {}, [1]);
    const result = await api.POST('/widgets', { body: { name: 'Sprocket' } });
    expect(result.response.status).toBe(201);
    expectNoViolations(result.response);
    expect(endpoint.requests).toHaveLength(2);
    expect(toPrism().map((request) => [request.method, request.headers.get('authorization'), request.text])).toEqual([
      ['POST', 'Bearer at-1-opaque-token', '{"name":"Sprocket"}'],
      ['POST', 'Bearer at-2-opaque-token', '{"name":"Sprocket"}'],
    ]);
    // The next call keeps the new token.
    await api.GET('/widgets');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('a second 401 is the answer (one renewal per call): an AuthenticationError with the spec\'s 401 body', async () => {
    const endpoint = await startTokenEndpoint();
    const { client: api, toPrism } = client(endpoint.tokenUrl, {}, [1, 2]);
    const result = await api.GET('/widgets');
    expect(result.response.status).toBe(401);
    expect(result.error).toEqual({ message: 'invalid_token' });
    expect(violations(result.response)).toEqual([]);
    expect(endpoint.requests).toHaveLength(2);
    expect(toPrism()).toHaveLength(2);
  });
});

describe('a token endpoint that refuses', () => {
  it('invalid_client is an AuthenticationError of the token endpoint, thrown even without unwrap; nothing reaches the API', async () => {
    const endpoint = await startTokenEndpoint();
    const { client: api, toPrism } = client(endpoint.tokenUrl, { clientSecret: 'not-the-secret-value' });
    const error = await api.GET('/widgets').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, method: 'POST', path: '/oauth/token', body: { error: 'invalid_client' }, operation: undefined });
    expect((error as Error).message).toBe('POST /oauth/token failed with 401 (the OAuth 2.0 token request of ClientCredentials was refused): invalid_client');
    expect(toPrism()).toHaveLength(0);
  });

  it('a success that is not a token response is an InvalidResponseError that quotes nothing', async () => {
    const endpoint = await startTokenEndpoint(() => ({ body: 'access_token=at-form-encoded-token&token_type=bearer' }));
    const error = await client(endpoint.tokenUrl).client.GET('/widgets').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ path: '/oauth/token', status: 200, bodySnippet: '' });
  });
});

describe('secrets', () => {
  it('neither the client secret nor a token appears in any error or log event, however the endpoints misbehave', async () => {
    const issued: string[] = [];
    const ledger = new SecretLedger(() => [clientSecret, encodeURIComponent(clientSecret), basicOfClient.slice('Basic '.length), ...issued]);
    const scenarios: [string, TokenAnswer, number[]][] = [
      ['the API refuses twice', (n) => ({ body: { access_token: `at-${n}-opaque-token`, token_type: 'Bearer' } }), [1, 2]],
      ['the endpoint echoes the secret in its error', () => ({ status: 400, body: { error: 'invalid_request', error_description: `bad secret ${clientSecret} for ${clientId}` } }), []],
      ['the endpoint fails, then again', () => ({ status: 503, body: { error: `down; your secret was ${encodeURIComponent(clientSecret)}` } }), []],
      ['a token that cannot be sent', (n) => ({ body: { access_token: `at-${n}-bad\ntoken`, token_type: 'Bearer' } }), []],
      ['a token of another type', (n) => ({ body: { access_token: `at-${n}-mac-token`, token_type: 'mac' } }), []],
    ];
    for (const [label, answer, prefer401] of scenarios) {
      const endpoint = await startTokenEndpoint(answer);
      const { client: api, events } = client(endpoint.tokenUrl, { maxRetries: 1 }, prefer401);
      const outcome = await api.GET('/widgets').then((result) => (result.response.ok ? undefined : result.error), (e: unknown) => e);
      expect(outcome, label).toBeDefined();
      issued.push(...endpoint.issued, ...endpoint.issued.map((token) => token.split('\n')[0]!));
      // Every credential is scrubbed from what a server says, the client id too.
      if (label.includes('echoes')) expect((outcome as { body?: unknown }).body).toEqual({ error: 'invalid_request', error_description: 'bad secret [redacted] for [redacted]' });
      ledger.scanError(label, outcome);
      ledger.scanEvents(label, events);
      expect(events.filter((event) => event.type === 'request' && event.path === '/oauth/token').every((event) => event.type === 'request' && event.headers.authorization === '[redacted]'), label).toBe(true);
    }
    console.log(`oauth2 secrets: ${ledger.searches} searches, ${ledger.found.length} found`);
    expect(ledger.found).toEqual([]);
    expect(ledger.searches).toBeGreaterThan(100);
  });
});

describe('the generated package', () => {
  it('imports @payspec/runtime/oauth2 and asks for the union of the scopes its operations require', async () => {
    expect(fixture.client.definition.auth).toMatchObject([{ type: 'oauth2', scopes: ['widgets:read', 'widgets:write'] }]);
  });

  it('types the client id, the secret and tokenUrl as options (type-checked against the generated package)', async () => {
    expect(await typecheckWithFixture(fixture, 'client-credentials', (generated) => `import { expectTypeOf } from 'vitest';
import { createClientCredentialsClient, type ClientCredentialsClientOptions } from '${generated}';

export function check() {
  createClientCredentialsClient({ clientId: 'id', clientSecret: 'secret', tokenUrl: 'http://127.0.0.1:9999/oauth/token' });
  createClientCredentialsClient();
  // @ts-expect-error: the token is fetched, not given
  createClientCredentialsClient({ accessToken: 'at' });
  expectTypeOf<ClientCredentialsClientOptions['clientSecret']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<ClientCredentialsClientOptions['tokenUrl']>().toEqualTypeOf<string | undefined>();
}
`)).toEqual([]);
  });
});
