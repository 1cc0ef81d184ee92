/**
 * OAuth 2.0 client credentials (`@payspec/runtime/oauth2`): the token module on its own (a fake
 * `send` and clock), then a client with a hand-written definition against a local server that is
 * both the token endpoint and the API, through the real transport.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConfigurationError,
  createApiClient,
  InternalServerError,
  InvalidResponseError,
  TimeoutError,
  UserAbortError,
  type ApiDefinition,
  type BaseClientOptions,
  type OAuth2Scheme,
  type OutgoingRequest,
  type RequestEvent,
} from '@payspec/runtime';
import { createTokenAuthenticator, EXPIRY_MARGIN_MS, oauth2ClientCredentials, type TokenAuthenticatorInit } from '@payspec/runtime/oauth2';
import { startFaultServer, type Fault, type FaultServer, type ReceivedRequest } from '../../helpers/fault-server.js';
import { SecretLedger } from '../../helpers/checks/secret-ledger.js';
import type { Paths } from '../fixtures.js';

const clientId = 'client_id_1';
const clientSecret = 'client-secret/with+odd chars';
const scheme: OAuth2Scheme = { type: 'oauth2', name: 'oauth', tokenUrl: '/oauth/token', options: { clientId: 'clientId', clientSecret: 'clientSecret' }, scopes: ['read', 'write'] };

/** The module with a fake token endpoint: each call answers with the next body (or response). */
function moduleWith(answers: (n: number) => Response | Record<string, unknown>, clock = { now: 1_000_000 }) {
  const sent: { url: string; headers: Headers; body: string }[] = [];
  const redacted: string[] = [];
  const init: TokenAuthenticatorInit = {
    provider: 'Acme',
    scheme,
    clientId,
    clientSecret,
    tokenUrl: 'https://auth.example.com/oauth/token',
    send: async (request) => {
      sent.push(request);
      const answer = answers(sent.length);
      return answer instanceof Response ? answer : Response.json(answer);
    },
    redact: (value) => void redacted.push(value),
    now: () => clock.now,
  };
  return { authenticate: createTokenAuthenticator(init), sent, redacted, clock };
}

const request = (headers = new Headers()): OutgoingRequest => ({ method: 'GET', url: 'https://api.example.com/things/1', headers, body: undefined });

describe('the token module', () => {
  it('asks with grant_type, scope and HTTP Basic (form-encoded id and secret, RFC 6749 §2.3.1), and sends the token as Bearer', async () => {
    const { authenticate, sent, redacted } = moduleWith(() => ({ access_token: 'at_1', token_type: 'Bearer', expires_in: 3600 }));
    const outgoing = request();
    await authenticate(outgoing);
    expect(outgoing.headers.get('authorization')).toBe('Bearer at_1');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('https://auth.example.com/oauth/token');
    expect(Object.fromEntries(new URLSearchParams(sent[0]!.body))).toEqual({ grant_type: 'client_credentials', scope: 'read write' });
    expect(sent[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    const basic = Buffer.from(sent[0]!.headers.get('authorization')!.replace(/^Basic /, ''), 'base64').toString();
    expect(basic).toBe(`${clientId}:client-secret%2Fwith%2Bodd+chars`);
    expect(redacted).toContain('at_1');
    expect(redacted).toContain('client-secret%2Fwith%2Bodd+chars');
  });

  it('keeps the token until shortly before expires_in (a tenth of a short lifetime, at most a minute), then fetches another', async () => {
    let n = 0;
    const { authenticate, sent, clock } = moduleWith(() => ({ access_token: `at_${++n}`, token_type: 'bearer', expires_in: 3600 }));
    await authenticate(request());
    clock.now += 3600_000 - EXPIRY_MARGIN_MS - 1;
    await authenticate(request());
    expect(sent).toHaveLength(1);
    clock.now += 1;
    const outgoing = request();
    await authenticate(outgoing);
    expect(sent).toHaveLength(2);
    expect(outgoing.headers.get('authorization')).toBe('Bearer at_2');

    const short = moduleWith(() => ({ access_token: 'at', expires_in: '10' }));
    await short.authenticate(request());
    short.clock.now += 8_999;
    await short.authenticate(request());
    expect(short.sent).toHaveLength(1);
    short.clock.now += 1;
    await short.authenticate(request());
    expect(short.sent).toHaveLength(2);
  });

  it('without expires_in the token is kept until the API refuses it', async () => {
    const { authenticate, sent, clock } = moduleWith(() => ({ access_token: 'at', token_type: 'Bearer' }));
    await authenticate(request());
    clock.now += 365 * 24 * 3600_000;
    await authenticate(request());
    expect(sent).toHaveLength(1);
  });

  it.each([[-60], [0], ['-5'], ['soon']])('expires_in %j means expired already: the token serves the request that asked for it, and is never reused', async (expiresIn) => {
    const { authenticate, sent } = moduleWith((n) => ({ access_token: `at_${n}`, token_type: 'Bearer', expires_in: expiresIn }));
    const first = request();
    await authenticate(first);
    expect(first.headers.get('authorization')).toBe('Bearer at_1');
    const second = request();
    await authenticate(second);
    expect(second.headers.get('authorization')).toBe('Bearer at_2');
    expect(sent).toHaveLength(2);
  });

  it('concurrent requests share one token request; a failed one is not cached', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let n = 0;
    const sent: unknown[] = [];
    const authenticate = createTokenAuthenticator({
      provider: 'Acme', scheme, clientId, clientSecret, tokenUrl: 'https://auth.example.com/t', redact: () => undefined,
      send: async (body) => {
        sent.push(body);
        await gate;
        return ++n === 1 ? new Response('{"error":"temporarily_unavailable"}', { status: 400 }) : Response.json({ access_token: 'at_ok' });
      },
    });
    const first = Promise.allSettled([1, 2, 3].map(() => authenticate(request())));
    release();
    expect((await first).map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(sent).toHaveLength(1);
    const outgoing = request();
    await authenticate(outgoing);
    expect(sent).toHaveLength(2);
    expect(outgoing.headers.get('authorization')).toBe('Bearer at_ok');
  });

  it('renew drops the token the refused request carried, once for many requests, and never touches a header of the caller', async () => {
    let n = 0;
    const { authenticate, sent } = moduleWith(() => ({ access_token: `at_${++n}` }));
    const a = request();
    const b = request();
    await authenticate(a);
    await authenticate(b);
    expect(authenticate.renew!(a)).toBe(true);
    expect(authenticate.renew!(b)).toBe(true);
    await Promise.all([authenticate(a), authenticate(b)]);
    expect(sent).toHaveLength(2);
    expect(a.headers.get('authorization')).toBe('Bearer at_2');
    expect(b.headers.get('authorization')).toBe('Bearer at_2');

    const own = request(new Headers({ authorization: 'Bearer callers-own' }));
    await authenticate(own);
    expect(own.headers.get('authorization')).toBe('Bearer callers-own');
    expect(authenticate.renew!(own)).toBe(false);
    expect(sent).toHaveLength(2);
  });

  it('puts the client id and secret in the body when the overlay says so', async () => {
    const sent: { headers: Headers; body: string }[] = [];
    const bodyScheme: OAuth2Scheme = { ...scheme, clientAuthentication: 'body', scopes: [] };
    const authenticate = oauth2ClientCredentials.authenticators({
      provider: 'Acme', credentials: { clientId, clientSecret }, tokenUrl: undefined, baseUrl: 'https://auth.example.com/v1', fetch: undefined, redact: () => undefined,
      send: async (body) => (sent.push(body), Response.json({ access_token: 'at' })),
      stores: { own: new Map(), parent: undefined },
    })(bodyScheme);
    await authenticate(request());
    expect(sent[0]!.headers.has('authorization')).toBe(false);
    expect(Object.fromEntries(new URLSearchParams(sent[0]!.body))).toEqual({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  });

  it.each([
    ['not JSON, holding the token', new Response('access_token=at_leak&token_type=bearer', { status: 200 }), /is not a JSON object/],
    ['without access_token', Response.json({ token: 'at_leak' }), /has no `access_token`/],
    ['another token type', Response.json({ access_token: 'at_leak', token_type: 'mac' }), /`token_type` other than Bearer/],
    ['a token with a line break', Response.json({ access_token: 'at_leak\r\nx-evil: 1' }), /control character/],
  ])('a success %s is an InvalidResponseError that quotes nothing', async (_name, answer, message) => {
    const { authenticate } = moduleWith(() => answer);
    const error = await Promise.resolve(authenticate(request())).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).message).toMatch(message);
    expect((error as InvalidResponseError).bodySnippet).toBe('');
    expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain('at_leak');
  });

  it('a refusal is the ApiError of its status with the RFC 6749 error body', async () => {
    const { authenticate } = moduleWith(() => Response.json({ error: 'invalid_client', error_description: 'Client authentication failed' }, { status: 401 }));
    const error = await Promise.resolve(authenticate(request())).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, method: 'POST', path: '/oauth/token', operation: undefined, body: { error: 'invalid_client' } });
    expect((error as ApiError).message).toBe('POST /oauth/token failed with 401 (the OAuth 2.0 token request of Acme was refused): Client authentication failed');
  });
});

/** A local server that is the token endpoint (`/oauth/token`) and the API (`/things/...`). */
async function authServer(api: (n: number, request: ReceivedRequest) => Fault = () => ({ status: 200, body: { id: 't1' } }), token: (n: number) => Fault = (n) => ({ body: { access_token: `at_${n}_secret`, token_type: 'Bearer', expires_in: 3600 } })) {
  let tokens = 0;
  let calls = 0;
  const server = await startFaultServer((_n, received) => (received.url.startsWith('/oauth/token') ? token(++tokens) : api(++calls, received)), 40);
  const tokenRequests = () => server.received.filter((r) => r.url.startsWith('/oauth/token'));
  const apiRequests = () => server.received.filter((r) => !r.url.startsWith('/oauth/token'));
  return { server, tokenRequests, apiRequests };
}

const oauthDefinition = (extra: Partial<OAuth2Scheme> = {}): ApiDefinition => ({
  provider: 'Acme',
  servers: [{ url: 'https://api.example.com' }],
  auth: [{ ...scheme, ...extra }],
  credentials: [{ option: 'clientId' }, { option: 'clientSecret' }],
  security: [['oauth']],
  operationSecurity: { 'GET /health': [] },
  oauth2: oauth2ClientCredentials,
  tokenUrlEnv: 'ACME_TOKEN_URL',
});

const servers: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function client(baseUrl: string, options: Record<string, unknown> = {}, definition = oauthDefinition()) {
  return createApiClient<Paths>(definition, { clientId, clientSecret, baseUrl, ...options } as BaseClientOptions);
}
const thing = { params: { path: { id: 't1' } } } as const;

describe('a client with OAuth 2.0 client credentials', () => {
  it('resolves a relative tokenUrl against the base URL, fetches one token for many calls and sends it only to the API', async () => {
    const { server, tokenRequests, apiRequests } = await authServer();
    servers.push(server);
    const acme = client(`${server.url}/v2`);
    for (let i = 0; i < 3; i++) expect((await acme.GET('/things/{id}', thing)).data).toEqual({ id: 't1' });
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]).toMatchObject({ method: 'POST', url: '/oauth/token' });
    expect(tokenRequests()[0]!.headers.authorization).toMatch(/^Basic /);
    expect(apiRequests().map((r) => [r.url, r.headers.authorization])).toEqual(Array(3).fill(['/v2/things/t1', 'Bearer at_1_secret']));
  });

  it('an operation without security fetches no token', async () => {
    const { server, tokenRequests, apiRequests } = await authServer(() => ({ status: 200, body: { ok: true } }));
    servers.push(server);
    await client(server.url).request('GET' as never, '/health' as never);
    expect(tokenRequests()).toHaveLength(0);
    expect(apiRequests()[0]!.headers.authorization).toBeUndefined();
  });

  it('after a 401 it fetches a new token once and sends the request (a POST too) once more', async () => {
    const { server, tokenRequests, apiRequests } = await authServer((n) => (n === 1 ? { status: 401, body: { error: 'expired' } } : { status: 200, body: { id: 't1' } }));
    servers.push(server);
    const events: RequestEvent[] = [];
    const { data } = await client(server.url, { log: (event: RequestEvent) => events.push(event) }).POST('/things/{id}', { ...thing, body: { name: 'x' } } as never);
    expect(data).toEqual({ id: 't1' });
    expect(tokenRequests()).toHaveLength(2);
    expect(apiRequests().map((r) => [r.method, r.headers.authorization, r.body.toString()])).toEqual([
      ['POST', 'Bearer at_1_secret', '{"name":"x"}'],
      ['POST', 'Bearer at_2_secret', '{"name":"x"}'],
    ]);
    expect(events.filter((e) => e.type === 'response' && e.path === '/things/t1').map((e) => e.type === 'response' && [e.status, e.retryInMs])).toEqual([[401, 0], [200, undefined]]);
  });

  it('a second 401 is the answer: one renewal per request', async () => {
    const { server, tokenRequests, apiRequests } = await authServer(() => ({ status: 401, body: { error: 'nope' } }));
    servers.push(server);
    const result = await client(server.url).GET('/things/{id}', thing);
    expect(result.response.status).toBe(401);
    expect(tokenRequests()).toHaveLength(2);
    expect(apiRequests()).toHaveLength(2);
  });

  it('token requests share the transport: retried on 5xx, then an InternalServerError that holds no secret', async () => {
    const { server, tokenRequests, apiRequests } = await authServer(undefined, () => ({ status: 503, body: { error: 'temporarily_unavailable', error_description: `echo ${clientSecret}` } }));
    servers.push(server);
    const events: RequestEvent[] = [];
    const error = await client(server.url, { maxRetries: 1, log: (event: RequestEvent) => events.push(event) }).GET('/things/{id}', thing).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(tokenRequests()).toHaveLength(2);
    expect(apiRequests()).toHaveLength(0);
    const ledger = new SecretLedger(() => [clientSecret, Buffer.from(`${clientId}:client-secret%2Fwith%2Bodd+chars`).toString('base64'), 'client-secret%2Fwith%2Bodd+chars']);
    ledger.scanError('token 503', error);
    ledger.scanEvents('token 503', events);
    expect(ledger.found).toEqual([]);
    expect(events.find((e) => e.type === 'request')).toMatchObject({ path: '/oauth/token', headers: { authorization: '[redacted]' } });
  });

  it('a token endpoint redirecting to another origin is not followed: the secret goes nowhere else', async () => {
    const elsewhere = await startFaultServer([{ status: 200, body: { access_token: 'stolen' } }]);
    servers.push(elsewhere);
    const { server, apiRequests } = await authServer(undefined, () => ({ status: 307, headers: { location: `${elsewhere.url}/oauth/token` } }));
    servers.push(server);
    const error = await client(server.url).GET('/things/{id}', thing).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 307, path: '/oauth/token' });
    expect(elsewhere.received).toHaveLength(0);
    expect(apiRequests()).toHaveLength(0);
  });

  it('client credentials in the body, and a tokenUrl from its environment variable', async () => {
    const { server, tokenRequests } = await authServer();
    servers.push(server);
    process.env.ACME_TOKEN_URL = `${server.url}/oauth/token?tenant=1`;
    try {
      await client('https://api.invalid', { fetch: (r: Request) => fetch(r.url.startsWith('https://api.invalid') ? r.url.replace('https://api.invalid', server.url) : r, r.url.startsWith('https://api.invalid') ? { headers: r.headers } : undefined) }, oauthDefinition({ clientAuthentication: 'body' })).GET('/things/{id}', thing);
    } finally {
      delete process.env.ACME_TOKEN_URL;
    }
    expect(tokenRequests()[0]!.url).toBe('/oauth/token?tenant=1');
    expect(tokenRequests()[0]!.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(tokenRequests()[0]!.body.toString()).get('client_secret')).toBe(clientSecret);
  });

  it('the time spent getting a token does not count against the attempt\'s timeout', async () => {
    // Answers held until the test releases them, on a fake clock: the token takes 4 s and the call
    // 4 s against a timeout of 5 s, decided by the timers, not by how fast the machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const asked: { url: string; answer: (response: Response) => void }[] = [];
      let onAsked: () => void = () => undefined;
      const nextRequest = () => new Promise<void>((resolve) => (onAsked = resolve));
      const fetch = (input: Request) =>
        new Promise<Response>((resolve, reject) => {
          input.signal.addEventListener('abort', () => reject(input.signal.reason));
          asked.push({ url: new URL(input.url).pathname, answer: resolve });
          onAsked();
        });
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

      let tokenAsked = nextRequest();
      const first = client('https://api.example.com', { timeout: 5_000, maxRetries: 0, fetch }).POST('/things/{id}', { ...thing, body: {} } as never);
      await tokenAsked;
      await vi.advanceTimersByTimeAsync(4_000);
      const apiAsked = nextRequest();
      asked[0]!.answer(json({ access_token: 'at_1', token_type: 'Bearer', expires_in: 3600 }));
      await apiAsked;
      // 8 s since the call began, 4 s since it was authenticated.
      await vi.advanceTimersByTimeAsync(4_000);
      asked[1]!.answer(json({ id: 't1' }));
      expect((await first).data).toEqual({ id: 't1' });
      expect(asked.map((request) => request.url)).toEqual(['/oauth/token', '/things/t1']);

      // The timeout still holds for the request itself: 5 s without an answer is a TimeoutError.
      tokenAsked = nextRequest();
      const second = client('https://api.example.com', { timeout: 5_000, maxRetries: 0, fetch }).POST('/things/{id}', { ...thing, body: {} } as never);
      await tokenAsked;
      const secondAsked = nextRequest();
      asked[2]!.answer(json({ access_token: 'at_2', token_type: 'Bearer', expires_in: 3600 }));
      await secondAsked;
      const outcome = second.then(() => 'answered', (error: unknown) => error);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await outcome).toBeInstanceOf(TimeoutError);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the caller's abort ends a call that waits for a token at once, and an aborted call asks for no token", async () => {
    // A token endpoint that answers only when the test says so.
    const asked: ((response: Response) => void)[] = [];
    let onAsked: () => void = () => undefined;
    const tokenAsked = new Promise<void>((resolve) => (onAsked = resolve));
    const fetch = (input: Request) =>
      new Promise<Response>((resolve, reject) => {
        input.signal.addEventListener('abort', () => reject(input.signal.reason));
        asked.push(resolve);
        onAsked();
      });
    const acme = client('https://api.example.com', { fetch, maxRetries: 0 });
    const controller = new AbortController();
    const pending = acme.GET('/things/{id}', { ...thing, signal: controller.signal }).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await tokenAsked;
    controller.abort();
    // Rejected while the token request is still unanswered.
    const error = await pending;
    expect(error).toBeInstanceOf(UserAbortError);
    expect(error).toMatchObject({ kind: 'abort', method: 'GET', path: '/things/t1' });
    expect(asked).toHaveLength(1);

    const aborted = new AbortController();
    aborted.abort();
    await expect(client('https://api.example.com', { fetch, maxRetries: 0 }).GET('/things/{id}', { ...thing, signal: aborted.signal })).rejects.toBeInstanceOf(UserAbortError);
    expect(asked).toHaveLength(1);
    asked[0]!(Response.json({ access_token: 'at_late', token_type: 'Bearer', expires_in: 3600 }));
  });

  it('withOptions keeps the token unless the client credentials, the token endpoint or fetch change', async () => {
    const { server, tokenRequests } = await authServer();
    servers.push(server);
    const acme = client(server.url);
    await acme.GET('/things/{id}', thing);
    await acme.withOptions({ maxRetries: 0, timeout: 5_000 }).GET('/things/{id}', thing);
    await acme.withOptions({ maxRetries: 0 }).withOptions({ timeout: 1_000 }).GET('/things/{id}', thing);
    expect(tokenRequests()).toHaveLength(1);
    await acme.withOptions({ clientSecret: 'another-secret' } as never).GET('/things/{id}', thing);
    await acme.withOptions({ tokenUrl: `${server.url}/oauth/token?tenant=2` } as never).GET('/things/{id}', thing);
    expect(tokenRequests()).toHaveLength(3);
  });

  it('refuses a tokenUrl it cannot use, without quoting it', () => {
    for (const [tokenUrl, message] of [
      ['ftp://auth.example.com/token', /must use http or https/],
      ['https://user:pw@auth.example.com/token', /user name or password/],
      ['https://auth.example.com/token#x', /fragment/],
      ['', /non-empty string/],
    ] as const) {
      const attempt = () => client('https://api.example.com', { tokenUrl });
      expect(attempt).toThrow(ConfigurationError);
      expect(attempt).toThrow(message);
    }
  });

  it('needs the OAuth 2.0 module the generated package imports', () => {
    const { oauth2: _, ...definition } = oauthDefinition();
    expect(() => client('https://api.example.com', {}, definition)).toThrow(/@payspec\/runtime\/oauth2/);
  });
});
