// @ts-check
/**
 * The request-path cases of `pnpm bench requests`, run by plain `node --expose-gc` (see
 * `requests.ts`): raw `fetch`, bare openapi-fetch and the payspec clients from their built
 * packages (`packages/<slug>/dist`), as an installed client runs. Arguments: the server's URL, the
 * calls per round and the rounds; the results go back over IPC.
 */
import { generateKeyPairSync } from 'node:crypto';
import createClient from 'openapi-fetch';
import { createCyberSourceClient } from '../../packages/cybersource/dist/index.js';
import { createPinPaymentsClient } from '../../packages/pin-payments/dist/index.js';
import { createPingppClient } from '../../packages/pingpp/dist/index.js';
import { createStancerClient } from '../../packages/stancer/dist/index.js';

const [url = '', count = '3000', rounds = '5'] = process.argv.slice(2);

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const gc = () => /** @type {{ gc?: () => void }} */ (globalThis).gc?.();

/**
 * One round of `count` sequential calls: CPU and wall time per call, and the heap after it.
 * @param {() => Promise<unknown>} call
 * @param {number} count
 */
async function round(call, count) {
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
 * @param {[string, () => Promise<unknown>, string?][]} cases
 * @param {{ count: number; rounds: number }} options
 */
async function measureAll(cases, options) {
  for (const [, call] of cases) for (let i = 0; i < Math.min(options.count, 500); i++) await call();
  const samples = cases.map(() => ({ cpu: /** @type {number[]} */ ([]), wall: /** @type {number[]} */ ([]), heap: 0 }));
  for (let r = 0; r < options.rounds; r++) {
    for (const [index, [, call]] of cases.entries()) {
      const result = await round(call, options.count);
      const sample = samples[index];
      if (!sample) continue;
      sample.cpu.push(result.cpu);
      sample.wall.push(result.wall);
      sample.heap = result.heap;
    }
  }
  return cases.map(([name, , baseline], index) => ({
    name,
    ...(baseline ? { baseline } : {}),
    cpuUs: median(samples[index]?.cpu ?? []),
    wallUs: median(samples[index]?.wall ?? []),
    heapMb: samples[index]?.heap ?? 0,
  }));
}

const stancerKey = 'stest_bench_placeholder_key';
const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const cybs = { merchantId: 'payspec_bench', keyId: '00000000-0000-4000-8000-000000000000', sharedSecret: Buffer.from('payspec-bench-shared-secret').toString('base64') };
const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** @type {any} */
const bare = createClient({ baseUrl: url });
const stancer = createStancerClient({ secretKey: stancerKey, baseUrl: url });
const pin = createPinPaymentsClient({ secretKey: 'pin_bench_placeholder', baseUrl: `${url}/1` });
const signature = createCyberSourceClient({ ...cybs, baseUrl: url });
const jwt = createCyberSourceClient({ ...cybs, authentication: 'jwt', baseUrl: url });
const pingpp = createPingppClient({ secretKey: 'sk_test_bench_placeholder', privateKey, baseUrl: `${url}/v1` });
const id = { params: { path: { id: 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk' } } };
const customer = { email: 'david@example.net', name: 'David Coaster' };
const pinCustomer = { email: 'roland@pinpayments.com', card_token: 'card_pDUQgXJsmTfhFhBqkOl1Zw' };
/** @param {string} path */
const rawGet = (path) => async () => (await fetch(`${url}${path}`)).json();
/** @type {[string, () => Promise<unknown>, string?][]} */
const cases = [
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
  ['payspec form POST (Pin Payments)', () => pin.POST('/customers', { headers: form, body: /** @type {any} */ (pinCustomer) }), 'raw fetch form POST'],
  ['raw fetch GET (CyberSource path)', rawGet('/tms/v2/customers/D9F340DD3DB9C276E053A2598D0A41A3')],
  ['payspec GET, HTTP Signature (CyberSource)', () => signature.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }), 'raw fetch GET (CyberSource path)'],
  ['payspec GET, JWT (CyberSource)', () => jwt.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }), 'raw fetch GET (CyberSource path)'],
  ['raw fetch GET (Ping++ path)', rawGet('/v1/customers/cus_1')],
  ['payspec GET, RSA signature (Ping++)', () => pingpp.GET('/customers/{id}', { params: { path: { id: 'cus_1' } } }), 'raw fetch GET (Ping++ path)'],
];
const results = await measureAll(cases, { count: Number(count), rounds: Number(rounds) });
process.send?.(results, () => process.exit(0));
