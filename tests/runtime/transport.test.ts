import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  ConnectionError,
  InvalidResponseError,
  Redactor,
  TimeoutError,
  unwrap,
  UserAbortError,
  type RequestEvent,
} from '@payspec/runtime';
import { startFaultServer, type Fault, type FaultServer } from '../helpers/fault-server.js';
import { send } from '../../packages/runtime/src/core/transport/transport.js';
import { acmeClient, thing, token } from './fixtures.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(faults: Fault[]) {
  server = await startFaultServer(faults);
  return server;
}

const ok: Fault = { status: 200, body: { id: 't1' } };
const unavailable: Fault = { status: 503, body: { error: 'try later' } };

/** Runs a test against its own fault server (tests here run concurrently), closing it afterwards. */
async function withServer(faults: Fault[], run: (server: FaultServer) => Promise<void>): Promise<void> {
  const s = await startFaultServer(faults);
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

/** Runs the call and returns what it threw (failing if it did not throw). */
async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

describe.concurrent('retries', () => {
  it('waits out Retry-After (seconds) on 429, then succeeds on the second attempt', async () => {
    await withServer([{ status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } }, ok], async (s) => {
    const data = await unwrap(acmeClient(s.url).GET('/things/{id}', thing));
    expect(data).toEqual({ id: 't1' });
    expect(s.received).toHaveLength(2);
    expect(s.received[1]!.at - s.received[0]!.at).toBeGreaterThanOrEqual(950);
    });
  });

  it('retries a 503 with backoff and returns the success of the second attempt', async () => {
    await withServer([unavailable, ok], async (s) => {
    const { data, response } = await acmeClient(s.url).GET('/things/{id}', thing);
    expect(response.status).toBe(200);
    expect(data).toEqual({ id: 't1' });
    expect(s.received).toHaveLength(2);
    // First backoff: 500 ms minus up to 25% jitter.
    expect(s.received[1]!.at - s.received[0]!.at).toBeGreaterThanOrEqual(370);
    });
  });

  it('gives up after maxRetries (default 2, so 3 attempts) with the typed error body', async () => {
    await withServer([unavailable], async (s) => {
    const error = await failure(unwrap(acmeClient(s.url).GET('/things/{id}', thing)));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'api', status: 503, body: { error: 'try later' }, method: 'GET', path: '/things/t1' });
    expect(s.received).toHaveLength(3);
    });
  });

  it('takes maxRetries from the client, withOptions and the call', async () => {
    await withServer([unavailable], async (s) => {
    await acmeClient(s.url, { maxRetries: 1 }).GET('/things/{id}', thing);
    expect(s.received).toHaveLength(2);
    await acmeClient(s.url).withOptions({ maxRetries: 0 }).GET('/things/{id}', thing);
    expect(s.received).toHaveLength(3);
    await acmeClient(s.url, { maxRetries: 1 }).GET('/things/{id}', { ...thing, maxRetries: 0 });
    expect(s.received).toHaveLength(4);
    });
  });

  it('retries a reset connection and succeeds', async () => {
    await withServer([{ reset: true }, ok], async (s) => {
    expect(await unwrap(acmeClient(s.url).GET('/things/{id}', thing))).toEqual({ id: 't1' });
    expect(s.received).toHaveLength(2);
    });
  });

  it('throws a ConnectionError after every attempt was reset', async () => {
    await withServer([{ reset: true }], async (s) => {
    const error = await failure(acmeClient(s.url).GET('/things/{id}', thing));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ kind: 'connection', attempts: 3, method: 'GET', path: '/things/t1' });
    expect(s.received).toHaveLength(3);
    });
  });

  it('retries PUT and DELETE, which are idempotent', async () => {
    await withServer([unavailable, ok, unavailable, ok], async (s) => {
    expect((await acmeClient(s.url).PUT('/things/{id}', { ...thing, body: { a: 1 } })).response.status).toBe(200);
    expect((await acmeClient(s.url).DELETE('/things/{id}', thing)).response.status).toBe(200);
    expect(s.received.map((r) => r.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE']);
    expect(s.received[1]!.body.toString()).toBe('{"a":1}');
    });
  });

  it('does not wait out a Retry-After longer than a minute: the 429 goes back to the caller', async () => {
    await withServer([{ status: 429, headers: { 'retry-after': '3600' }, body: { error: 'quota' } }], async (s) => {
    const { error, response } = await acmeClient(s.url).GET('/things/{id}', thing);
    expect(response.status).toBe(429);
    expect(error).toEqual({ error: 'quota' });
    expect(s.received).toHaveLength(1);
    });
  });
});

describe.concurrent('a POST or PATCH is never sent twice', () => {
  it.each([
    ['a 503', unavailable],
    ['a reset connection', { reset: true }],
    ['a 429 with Retry-After', { status: 429, headers: { 'retry-after': '0' }, body: { error: 'x' } }],
  ] as [string, Fault][])('POST after %s: one attempt', async (_, fault) => {
    await withServer([fault, ok], async (s) => {
    await acmeClient(s.url).POST('/things/{id}', { ...thing, body: { a: 1 } }).catch((e: unknown) => e);
    await acmeClient(s.url).PATCH('/things/{id}', { ...thing, body: { a: 1 } }).catch((e: unknown) => e);
    expect(s.received.map((r) => r.method)).toEqual(['POST', 'PATCH']);
    });
  });

  it('unless the provider honours an idempotency key and the request carries one: same key, same bytes', async () => {
    await withServer([unavailable, ok], async (s) => {
    const client = acmeClient(s.url, {}, { idempotency: { header: 'Idempotency-Key', methods: ['POST'] } });
    const { response } = await client.POST('/things/{id}', { ...thing, body: { a: 'é' }, headers: { 'Idempotency-Key': 'key-1' } });
    expect(response.status).toBe(200);
    expect(s.received).toHaveLength(2);
    expect(s.received.map((r) => r.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
    expect(s.received[0]!.body.equals(s.received[1]!.body)).toBe(true);
    expect(s.received[1]!.body.toString('utf8')).toBe('{"a":"é"}');
    });
  });
});

describe.concurrent('idempotency keys', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('a declared method gets a new UUID v4 per call, the same on each retry of that call, and is retried', async () => {
    await withServer([unavailable, ok, ok], async (s) => {
    const client = acmeClient(s.url, {}, { idempotency: { header: 'Idempotency-Key', methods: ['POST'] } });
    await client.POST('/things/{id}', { ...thing, body: { a: 1 } });
    await client.POST('/things/{id}', { ...thing, body: { a: 1 } });
    const keys = s.received.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID_V4);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toMatch(UUID_V4);
    expect(keys[2]).not.toBe(keys[0]);
    });
  });

  it('idempotencyKey overrides the generated key; a method not declared gets none and is not retried', async () => {
    await withServer([ok, unavailable, ok], async (s) => {
    const client = acmeClient(s.url, {}, { idempotency: { header: 'Idempotency-Key', methods: ['POST'] } });
    await client.POST('/things/{id}', { ...thing, body: { a: 1 }, idempotencyKey: 'order-42' });
    await client.PATCH('/things/{id}', { ...thing, body: { a: 1 } });
    expect(s.received.map((r) => [r.method, r.headers['idempotency-key']])).toEqual([['POST', 'order-42'], ['PATCH', undefined]]);
    });
  });

  it('a body-field key goes into the JSON body, the same bytes on every retry', async () => {
    await withServer([unavailable, ok], async (s) => {
    const client = acmeClient(s.url, {}, { idempotency: { bodyField: 'idempotency_key', methods: ['POST'] } });
    await client.POST('/things/{id}', { ...thing, body: { a: 1 } });
    expect(s.received).toHaveLength(2);
    const bodies = s.received.map((r) => JSON.parse(r.body.toString('utf8')) as { a: number; idempotency_key: string });
    expect(bodies[0]!.idempotency_key).toMatch(UUID_V4);
    expect(s.received[1]!.body.equals(s.received[0]!.body)).toBe(true);
    });
  });

  it('refuses an idempotencyKey where the API declares none, or one that cannot be a header value', async () => {
    const plain = acmeClient('http://127.0.0.1:9');
    await expect(plain.POST('/things/{id}', { ...thing, body: { a: 1 }, idempotencyKey: 'k' })).rejects.toMatchObject({ name: 'ConfigurationError', option: 'idempotencyKey' });
    const keyed = acmeClient('http://127.0.0.1:9', {}, { idempotency: { header: 'Idempotency-Key', methods: ['POST'] } });
    await expect(keyed.POST('/things/{id}', { ...thing, body: { a: 1 }, idempotencyKey: 'a\r\nb' })).rejects.toMatchObject({ name: 'ConfigurationError', option: 'idempotencyKey' });
  });
});

describe.concurrent('timeouts and aborts', () => {
  it('a response slower than the timeout is a TimeoutError after each allowed attempt timed out', async () => {
    // The server would answer after a minute: ending far sooner (whatever the machine's speed) shows the timeout ended each attempt.
    await withServer([{ ...ok, delayMs: 60_000 }], async (s) => {
    const started = Date.now();
    const error = await failure(acmeClient(s.url, { timeout: 150, maxRetries: 1 }).GET('/things/{id}', thing));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, timeout: 150 });
    expect(s.received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(30_000);
    });
  });

  it('counts the body in the timeout: headers on time, body too late', async () => {
    await withServer([{ ...ok, bodyDelayMs: 2_000 }], async (s) => {
    const error = await failure(acmeClient(s.url, { timeout: 150 }).GET('/things/{id}', { ...thing, maxRetries: 0 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(s.received).toHaveLength(1);
    });
  });

  it('a POST that times out is not retried', async () => {
    await withServer([{ ...ok, delayMs: 2_000 }], async (s) => {
    const error = await failure(acmeClient(s.url, { timeout: 150 }).POST('/things/{id}', { ...thing, body: {} }));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(s.received).toHaveLength(1);
    });
  });

  it("respects the caller's AbortSignal: UserAbortError, no retry", async () => {
    await withServer([{ ...ok, delayMs: 60_000 }], async (s) => {
    // Aborted once the server has the request (a state, not a delay that a busy machine could outrun).
    const controller = new AbortController();
    const pending = failure(acmeClient(s.url).GET('/things/{id}', { ...thing, signal: controller.signal }));
    await vi.waitFor(() => expect(s.received).toHaveLength(1), { timeout: 60_000 });
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(UserAbortError);
    expect(error).toMatchObject({ kind: 'abort', attempts: 1 });
    expect(s.received).toHaveLength(1);
    });
  });

  it('an abort while waiting to retry stops at once', async () => {
    // The retry would wait 50 s: ending far sooner (whatever the machine's speed) shows the abort ended the wait.
    await withServer([{ status: 503, headers: { 'retry-after': '50' }, body: { error: 'x' } }], async (s) => {
    const started = Date.now();
    const error = await failure(acmeClient(s.url).GET('/things/{id}', { ...thing, signal: AbortSignal.timeout(200) }));
    expect(error).toBeInstanceOf(UserAbortError);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(s.received).toHaveLength(1);
    });
  });
});

// Not concurrent: the fake clock is global, and the tests beside it wait on real timers.
describe('a timeout on a fake clock', () => {
  it('a timed-out attempt is retried and the next one can succeed', async () => {
    // On a fake clock, with answers the test releases: the first attempt is never answered, the
    // retry at once, so no machine is too slow to answer within the 150 ms.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const answers: ((response: Response) => void)[] = [];
      const fetch = (input: Request) =>
        new Promise<Response>((resolve, reject) => {
          input.signal.addEventListener('abort', () => reject(input.signal.reason));
          answers.push(resolve);
        });
      const pending = acmeClient('https://api.example.com', { timeout: 150, fetch }).GET('/things/{id}', thing);
      // Through the first attempt's timeout and the backoff, until the retry is sent.
      for (let step = 0; answers.length < 2 && step < 10_000; step++) await vi.advanceTimersByTimeAsync(10);
      expect(answers).toHaveLength(2);
      answers[1]!(new Response(JSON.stringify({ id: 't1' }), { status: 200, headers: { 'content-type': 'application/json' } }));
      expect(await unwrap(pending)).toEqual({ id: 't1' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe.concurrent('bodies that cannot be read', () => {
  it('malformed JSON in a success is an InvalidResponseError, not retried', async () => {
    await withServer([{ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id": "t1",' }], async (s) => {
    const error = await failure(acmeClient(s.url).GET('/things/{id}', thing));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, bodySnippet: '{"id": "t1",', attempts: 1 });
    expect(s.received).toHaveLength(1);
    });
  });

  it('an empty success body declared as JSON is an InvalidResponseError', async () => {
    await withServer([{ status: 200, headers: { 'content-type': 'application/json' }, body: '' }], async (s) => {
    const error = await failure(acmeClient(s.url).GET('/things/{id}', thing));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain('body is empty');
    expect(s.received).toHaveLength(1);
    });
  });

  it('an empty 503 is retried, then an ApiError with an undefined body', async () => {
    await withServer([{ status: 503 }], async (s) => {
    const error = await failure(unwrap(acmeClient(s.url).GET('/things/{id}', thing)));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, body: undefined });
    expect(s.received).toHaveLength(3);
    });
  });

  it('a non-JSON error body (an HTML 502 from a proxy) is kept as text', async () => {
    await withServer([{ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' }], async (s) => {
    const error = await failure(unwrap(acmeClient(s.url, { maxRetries: 0 }).GET('/things/{id}', thing)));
    expect(error).toMatchObject({ status: 502, body: '<h1>Bad gateway</h1>' });
    });
  });
});

describe('logging', () => {
  it('reports every attempt with status, duration, request id and retry delay, and never a secret', async () => {
    const s = await serve([{ ...unavailable, headers: { 'request-id': 'req_1' } }, { ...ok, headers: { 'request-id': 'req_2' } }]);
    const events: RequestEvent[] = [];
    await acmeClient(s.url, { log: (event) => events.push(event), headers: { 'x-api-key': 'another-secret' } }).GET('/things/{id}', thing);
    expect(events.map((e) => [e.type, e.attempt])).toEqual([
      ['request', 1],
      ['response', 1],
      ['request', 2],
      ['response', 2],
    ]);
    expect(events[1]).toMatchObject({ method: 'GET', path: '/things/t1', status: 503, requestId: 'req_1' });
    expect(events[1]).toHaveProperty('retryInMs');
    expect(events[3]).toMatchObject({ status: 200, requestId: 'req_2' });
    expect(events[3]).not.toHaveProperty('retryInMs');
    expect((events[3] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
    expect(events[0]).toMatchObject({ headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } });
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('another-secret');
    // The server did get the real credentials.
    expect(s.received[0]!.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('reports failures with their kind', async () => {
    const s = await serve([{ reset: true }]);
    const events: RequestEvent[] = [];
    await acmeClient(s.url, { log: (event) => events.push(event), maxRetries: 0 }).GET('/things/{id}', thing).catch(() => undefined);
    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'connection', attempt: 1 });
  });
});

describe('settings', () => {
  it('rejects a bad maxRetries or timeout with a ConfigurationError naming the option', async () => {
    expect(() => acmeClient('http://127.0.0.1:9', { maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => acmeClient('http://127.0.0.1:9', { timeout: 0 })).toThrow(/timeout/);
    await expect(acmeClient('http://127.0.0.1:9').GET('/things/{id}', { ...thing, maxRetries: 1.5 })).rejects.toMatchObject({
      kind: 'configuration',
      option: 'maxRetries',
    });
  });
});

describe('re-signing', () => {
  it('authenticates every attempt afresh, over the same body bytes', async () => {
    const s = await serve([unavailable, ok]);
    const seen: { attempt: number; body: string | undefined }[] = [];
    const response = await send(new Request(`${s.url}/things/t1`, { method: 'PUT', body: '{"a":"é"}' }), {
      fetch: (url, init) => fetch(url, init),
      authenticate: ({ headers, body }) => {
        seen.push({ attempt: seen.length + 1, body: body && new TextDecoder().decode(body) });
        headers.set('signature', `attempt-${seen.length}`);
      },
      secretHeaders: new Set(),
      redactor: new Redactor(),
      idempotencyHeader: undefined,
      requestIdHeaders: [],
      log: () => undefined,
      parseAs: 'json',
      maxRetries: 2,
      timeout: 5_000,
      maxResponseBytes: 1_000_000,
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      { attempt: 1, body: '{"a":"é"}' },
      { attempt: 2, body: '{"a":"é"}' },
    ]);
    expect(s.received.map((r) => r.headers.signature)).toEqual(['attempt-1', 'attempt-2']);
  });
});
