/**
 * Pin Payments' form bodies against the mock: every operation sent the way the seed's Python
 * wrapper sends it (form-encoded, nested objects in brackets, no body on GET and DELETE), every
 * form example of the spec among them, including an update without a card. The mock runs Prism
 * with @payspec/mock's deepObject fix; the same request to an unfixed Prism shows the false 422
 * the fix removes.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeForm } from '../../packages/runtime/src/form/index.js';
import { freePort } from '../../scripts/mock/start-mock.js';
import { toolRoot } from '../../scripts/shared/paths.js';
import { mockUrl, useMock, violations } from '../helpers/prism.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

await useMock('pin-payments');

const authorization = `Basic ${Buffer.from('pin_test_secret_key_placeholder:').toString('base64')}`;
const pathValues: Record<string, string> = {
  customer_token: 'cus_XyMvMg-m2vpz1HRxa6bADQ',
  card_token: 'card_9SZvtHGjrQwXw7NgKQnPbA',
  subscription_token: 'sub_bZWXhTzHooKpk9FZjQfzqQ',
};
const FORM = 'application/x-www-form-urlencoded';

interface Example {
  value?: unknown;
  $ref?: string;
}
type Operation = { operationId: string; requestBody?: { content: Record<string, { examples?: Record<string, Example> }> } };
const spec = generatedSpec('pin-payments') as { paths: Record<string, Record<string, Operation>>; components: { examples: Record<string, Example> } };
const exampleValue = (example: Example) => (example.$ref ? spec.components.examples[example.$ref.split('/').pop()!]!.value : example.value);

/** The requests the wrapper makes: one per form example of an operation with a body, one per operation without. */
const requests = Object.entries(spec.paths).flatMap(([route, item]) =>
  Object.entries(item).flatMap(([method, operation]) => {
    if (!operation?.operationId) return [];
    const url = route.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name]!);
    const examples = operation.requestBody?.content[FORM]?.examples;
    if (!operation.requestBody) return [{ name: `${operation.operationId}`, method: method.toUpperCase(), url, body: undefined as string | undefined }];
    expect(examples, `${operation.operationId} has form examples`).toBeDefined();
    return Object.entries(examples!).map(([name, example]) => ({ name: `${operation.operationId} (${name})`, method: method.toUpperCase(), url, body: encodeForm(exampleValue(example)) }));
  }),
);

function send(base: string, request: (typeof requests)[number]): Promise<Response> {
  return fetch(`${base}${request.url}`, {
    method: request.method,
    headers: { authorization, ...(request.body === undefined ? {} : { 'content-type': FORM }) },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
}

describe('Pin Payments operations sent as the seed wrapper sends them', () => {
  it('cover every operation, and an update without a card', () => {
    expect(new Set(requests.map((r) => r.name.split(' ')[0])).size).toBe(11);
    const update = requests.find((r) => r.name.startsWith('updateCustomer') && r.body && !r.body.includes('card%5B'));
    expect(update, 'an update example without card[...]').toBeDefined();
  });

  it.each(requests.map((request) => [request.name, request] as const))('%s passes with no violation', async (_, request) => {
    const response = await send(mockUrl('pin-payments'), request);
    expect(violations(response)).toEqual([]);
    expect(response.status).toBeLessThan(300);
  });

  it('an incomplete card is still refused: the fix keeps Prism validating what is sent', async () => {
    const response = await send(mockUrl('pin-payments'), { name: 'partial card', method: 'PUT', url: `/customers/${pathValues.customer_token}`, body: 'first_name=Jane&card%5Bnumber%5D=4200000000000000' });
    expect(response.status).toBe(422);
    expect(violations(response).map((v) => v.message)).toContain("Request body property card must have required property 'expiry_month'");
  });
});

describe('without the fix', () => {
  const stops: (() => void)[] = [];
  afterAll(() => stops.forEach((stop) => stop()));

  it('Prism itself answers the update without a card with a false 422 (why @payspec/mock fixes its decoder)', async () => {
    // Prism's own CLI (a dev dependency of this repository, for this check and `pnpm bench mock`), which has no fix.
    const rootRequire = createRequire(path.join(toolRoot, 'package.json'));
    const cli = path.join(path.dirname(rootRequire.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
    const port = await freePort();
    const child = spawn(process.execPath, [cli, 'mock', path.join(toolRoot, 'generated/pin-payments/openapi.yaml'), '--port', String(port), '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    stops.push(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 120_000, interval: 100 }).toMatch(/Prism is listening/);
    const update = requests.find((r) => r.name.startsWith('updateCustomer') && r.body && !r.body.includes('card%5B'))!;
    const response = await send(`http://127.0.0.1:${port}`, update);
    expect(response.status).toBe(422);
    expect(violations(response).some((v) => v.location.join('.') === 'request.body.card' && v.code === 'required')).toBe(true);
  });
});
