/**
 * `startMock`, the programmatic API of @payspec/mock, as a test suite uses it: its types (from the
 * declarations the package publishes) and what it does with a provider, a spec path, a parsed
 * document and input it cannot serve.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parse } from 'yaml';
import { MockStartError, startMock, type RunningMock, type StartMockOptions } from '../../packages/mock/src/index.mjs';
import { toolRoot } from '../../scripts/shared/paths.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { clientCallOf, clientFactoryOf, okExampleOf } from '../helpers/from-specs/client-call.js';

const [provider] = (await readRegistry()).map((one) => one.name);
const spec = path.join(toolRoot, 'generated', provider!, 'openapi.yaml');

describe('startMock types', () => {
  it('takes a provider, a path or a document, and resolves to { url, port, reset, stop }', () => {
    expectTypeOf(startMock).parameter(0).toEqualTypeOf<string | Record<string, unknown>>();
    expectTypeOf(startMock).parameter(1).toEqualTypeOf<StartMockOptions | undefined>();
    expectTypeOf(startMock).returns.toEqualTypeOf<Promise<RunningMock>>();
    expectTypeOf<RunningMock>().toEqualTypeOf<{ readonly url: string; readonly port: number; reset(): void; stop(): Promise<void> }>();
    expectTypeOf<StartMockOptions['stateless']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<MockStartError['reason']>().toEqualTypeOf<'port-in-use' | 'bad-spec' | 'listen-failed'>();
    // Never called: only the compiler reads these.
    const typeOnly = () => {
      // @ts-expect-error a port is a number
      void startMock('stancer', { port: '4010' });
      // @ts-expect-error there is no such option
      void startMock('stancer', { dynamic: true });
    };
    expectTypeOf(typeOnly).toBeFunction();
  });
});

describe('startMock', () => {
  it('serves a spec file on a free port; stop() closes it', async () => {
    const mock = await startMock(spec);
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    expect(mock.port).toBeGreaterThan(0);
    // Unauthenticated: Prism's security check answers, so the server is up and Prism is in front.
    expect((await fetch(`${mock.url}/`)).status).toBeGreaterThanOrEqual(400);
    await mock.stop();
    await expect(fetch(`${mock.url}/`)).rejects.toThrow();
  });

  it('serves a parsed document', async () => {
    const mock = await startMock(parse(readFileSync(spec, 'utf8')) as Record<string, unknown>);
    await mock.stop();
    expect(mock.port).toBeGreaterThan(0);
  });

  it('keeps what Prism loads on first use working: Prefer: dynamic=true answers generated data', async () => {
    const doc = parse(readFileSync(spec, 'utf8')) as Record<string, any>;
    const call = clientCallOf(doc, provider!);
    const factory = await clientFactoryOf(provider!, doc);
    const mock = await startMock(doc, { stateless: true });
    try {
      const client = factory({ ...call.options, baseUrl: mock.url, maxRetries: 0 });
      const { data, response } = await client.GET(call.path, { params: { path: call.params }, headers: { prefer: 'dynamic=true' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(data).not.toEqual(okExampleOf(doc, call.path));
    } finally {
      await mock.stop();
    }
  });

  it('refuses a body over 10 MB with a 413 (not buffered), and keeps serving', async () => {
    const mock = await startMock(spec, { stateless: true });
    try {
      const huge = await fetch(`${mock.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(11 * 1024 * 1024)}"` }).catch((error: Error) => error);
      // The server answers 413 and closes; a client still writing may see the connection end instead.
      if (huge instanceof Response) expect(huge.status).toBe(413);
      else expect(String(huge.cause ?? huge)).toMatch(/EPIPE|ECONNRESET|other side closed|SocketError/i);
      expect((await fetch(`${mock.url}/`)).status).toBeGreaterThanOrEqual(400);
    } finally {
      await mock.stop();
    }
  });

  it('refuses what it cannot serve with a MockStartError saying why', async () => {
    await expect(startMock({ not: 'openapi' })).rejects.toSatisfy((error: unknown) => error instanceof MockStartError && error.reason === 'bad-spec' && /not an OpenAPI 3 document/.test(error.message));
    await expect(startMock('no-such-provider-here')).rejects.toSatisfy((error: unknown) => error instanceof MockStartError && /@payspec\/no-such-provider-here is not installed here/.test(error.message));
    const first = await startMock(spec);
    try {
      await expect(startMock(spec, { port: first.port })).rejects.toSatisfy((error: unknown) => error instanceof MockStartError && error.reason === 'port-in-use');
    } finally {
      await first.stop();
    }
  });
});
