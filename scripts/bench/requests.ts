/**
 * The client request path benchmark: sequential requests to a local keep-alive node:http server (in
 * a process of its own, so that only the client's CPU is measured here), by raw `fetch`, by bare
 * openapi-fetch, and by the payspec clients (unsigned GET, JSON POST, form POST, each signer).
 * Reports the median CPU and wall time per request over several rounds, and the heap after a round.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

/**
 * Runs the cases in a plain `node` process (`request-cases.mjs`) on the built packages, as an
 * installed client runs: under tsx, `@payspec/*` would resolve to the TypeScript sources, compiled
 * on the fly with helpers (`__name`) that no published build carries.
 */
export async function benchRequests(options: { count: number; rounds: number }): Promise<RequestResult[]> {
  const { url, child } = await startServer();
  try {
    const runner = fork(fileURLToPath(new URL('./request-cases.mjs', import.meta.url)), [url, String(options.count), String(options.rounds)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return await new Promise<RequestResult[]>((resolve, reject) => {
      runner.once('message', (message: RequestResult[]) => resolve(message));
      runner.once('error', reject);
      runner.once('exit', (code) => reject(new Error(`the request cases exited with ${code} before reporting (are the packages built? run \`pnpm build\`)`)));
    });
  } finally {
    child.kill();
  }
}
