/**
 * The client request path benchmark: sequential requests to a local keep-alive node:http server (in
 * a process of its own, so that only the client's CPU is measured here), by raw `fetch`, by bare
 * openapi-fetch, and by the payspec clients (unsigned GET, JSON POST, form POST, each signer).
 * Reports the median CPU and wall time per request over several rounds, and the heap after a round.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import createClient from 'openapi-fetch';
import { createCyberSourceClient } from '../../packages/cybersource/src/index.js';
import { createPinPaymentsClient } from '../../packages/pin-payments/src/index.js';
import { createPingppClient } from '../../packages/pingpp/src/index.js';
import type { paths as StancerPaths } from '../../packages/stancer/src/index.js';
import { createStancerClient } from '../../packages/stancer/src/index.js';

export interface RequestResult {
  name: string;
  /** What it is compared with (raw fetch of the same request). */
  baseline?: string;
  cpuUs: number;
  wallUs: number;
  heapMb: number;
}

const stancerCustomer = { id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk', object: 'customer', created: 1_700_000_000, live_mode: false, email: 'david@example.net', name: 'David Coaster' };
const cybsCustomer = { id: 'D9F340DD3DB9C276E053A2598D0A41A3', _links: { self: { href: '/tms/v2/customers/D9F340DD3DB9C276E053A2598D0A41A3' } } };
const pingppCustomer = { id: 'cus_1', object: 'customer', created: 1_700_000_000, livemode: false, app: 'app_1', name: null, email: null, currency: 'cny', description: null, metadata: {}, sources: { object: 'list', url: '/v1/customers/cus_1/sources', has_more: false, data: [] }, default_source: null };

/** The server, run in a child process: answers every path with a fixed body, over keep-alive. */
export function serverMain(): void {
  void import('node:http').then(({ createServer }) => {
    const bodies: [RegExp, string][] = [
      [/^\/tms\//, JSON.stringify(cybsCustomer)],
      [/^\/v1\/customers/, JSON.stringify(pingppCustomer)],
      [/^\/1\/customers/, JSON.stringify({ response: { token: 'cus_1', email: 'roland@pinpayments.com' } })],
      [/./, JSON.stringify(stancerCustomer)],
    ];
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const body = bodies.find(([pattern]) => pattern.test(request.url ?? ''))![1];
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  });
}

function startServer(): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('../bench.ts', import.meta.url)), ['--server'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message: { port: number }) => resolve({ url: `http://127.0.0.1:${message.port}`, child }));
    child.once('error', reject);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** One round of `count` sequential calls: CPU and wall time per call, and the heap after it. */
async function round(call: () => Promise<unknown>, count: number): Promise<{ cpu: number; wall: number; heap: number }> {
  gc();
  const startCpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(startCpu);
  const wall = ((performance.now() - start) * 1000) / count;
  gc();
  return { cpu: (used.user + used.system) / count, wall, heap: process.memoryUsage().heapUsed / 1024 / 1024 };
}

/**
 * Every case warmed up first, then the rounds taken in turns (case 1, case 2, ..., case 1, ...),
 * so that no case profits from running later in a warmer process; medians over the rounds.
 */
async function measureAll(cases: [string, () => Promise<unknown>, string?][], options: { count: number; rounds: number }): Promise<RequestResult[]> {
  for (const [, call] of cases) for (let i = 0; i < Math.min(options.count, 500); i++) await call();
  const samples = cases.map(() => ({ cpu: [] as number[], wall: [] as number[], heap: 0 }));
  for (let r = 0; r < options.rounds; r++) {
    for (const [index, [, call]] of cases.entries()) {
      const result = await round(call, options.count);
      samples[index]!.cpu.push(result.cpu);
      samples[index]!.wall.push(result.wall);
      samples[index]!.heap = result.heap;
    }
  }
  return cases.map(([name, , baseline], index) => ({
    name,
    ...(baseline ? { baseline } : {}),
    cpuUs: median(samples[index]!.cpu),
    wallUs: median(samples[index]!.wall),
    heapMb: samples[index]!.heap,
  }));
}

export async function benchRequests(options: { count: number; rounds: number }): Promise<RequestResult[]> {
  const { url, child } = await startServer();
  try {
    const stancerKey = 'stest_bench_placeholder_key';
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cybs = { merchantId: 'payspec_bench', keyId: '00000000-0000-4000-8000-000000000000', sharedSecret: Buffer.from('payspec-bench-shared-secret').toString('base64') };
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bare = createClient<StancerPaths>({ baseUrl: url });
    const stancer = createStancerClient({ secretKey: stancerKey, baseUrl: url });
    const pin = createPinPaymentsClient({ secretKey: 'pin_bench_placeholder', baseUrl: `${url}/1` });
    const signature = createCyberSourceClient({ ...cybs, baseUrl: url });
    const jwt = createCyberSourceClient({ ...cybs, authentication: 'jwt', baseUrl: url });
    const pingpp = createPingppClient({ secretKey: 'sk_test_bench_placeholder', privateKey, baseUrl: `${url}/v1` });
    const id = { params: { path: { id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } } };
    const customer = { email: 'david@example.net', name: 'David Coaster' };
    const pinCustomer = { email: 'roland@pinpayments.com', card_token: 'card_pDUQgXJsmTfhFhBqkOl1Zw' };
    const rawGet = (path: string) => async () => (await fetch(`${url}${path}`)).json();
    const cases: [string, () => Promise<unknown>, string?][] = [
      ['raw fetch GET', rawGet('/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk')],
      // What any client with a timeout pays: an AbortSignal per request, which undici then watches.
      ['raw fetch GET with a timeout signal', async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 60_000);
        try {
          return await (await fetch(`${url}/customers/cust_9Cle7TXKkjhwqcWx4Kl5cQYk`, { signal: controller.signal })).json();
        } finally {
          clearTimeout(timer);
        }
      }, 'raw fetch GET'],
      ['openapi-fetch GET', () => bare.GET('/customers/{id}', id), 'raw fetch GET'],
      ['payspec GET (Stancer, Basic)', () => stancer.GET('/customers/{id}', id), 'raw fetch GET'],
      ['raw fetch JSON POST', async () => (await fetch(`${url}/customers`, { method: 'POST', headers: json, body: JSON.stringify(customer) })).json()],
      ['payspec JSON POST (Stancer)', () => stancer.POST('/customers', { body: customer }), 'raw fetch JSON POST'],
      ['raw fetch form POST', async () => (await fetch(`${url}/1/customers`, { method: 'POST', headers: form, body: new URLSearchParams(pinCustomer).toString() })).json()],
      ['payspec form POST (Pin Payments)', () => pin.POST('/customers', { headers: form, body: pinCustomer }), 'raw fetch form POST'],
      ['raw fetch GET (CyberSource path)', rawGet('/tms/v2/customers/D9F340DD3DB9C276E053A2598D0A41A3')],
      ['payspec GET, HTTP Signature (CyberSource)', () => signature.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }), 'raw fetch GET (CyberSource path)'],
      ['payspec GET, JWT (CyberSource)', () => jwt.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }), 'raw fetch GET (CyberSource path)'],
      ['raw fetch GET (Ping++ path)', rawGet('/v1/customers/cus_1')],
      ['payspec GET, RSA signature (Ping++)', () => pingpp.GET('/customers/{id}', { params: { path: { id: 'cus_1' } } }), 'raw fetch GET (Ping++ path)'],
    ];
    return await measureAll(cases, options);
  } finally {
    child.kill();
  }
}
