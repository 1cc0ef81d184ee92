import { generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError, createPingppClient, unwrap, type Customer, type DeletedCustomer, type ErrorBody, type RequestEvent } from '@payspec/pingpp';
import { toolRoot } from '../../scripts/shared/paths.js';
import { examplePicker, expectNoViolations, fetchWithout, mockUrl, useMock, preferStatus, recordRequests, violations } from '../helpers/prism.js';

await useMock('pingpp');

const secretKey = 'sk_test_PLACEHOLDER000000000000000';
const id = 'cus_yvn1m5SCG4eLCy';
const client = () => createPingppClient({ secretKey, baseUrl: mockUrl('pingpp') });
const customer = { params: { path: { id } } };
// A throwaway key pair made for this test run; nothing real is ever signed with it.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function signingClient() {
  const { fetch, sent } = recordRequests();
  return { signed: createPingppClient({ secretKey, privateKey: privatePem, baseUrl: mockUrl('pingpp'), fetch }), sent };
}

describe('Ping++ customers against Prism', () => {
  it('creates a customer by binding a card (POST /customers)', async () => {
    const { data, response } = await client().POST('/customers', {
      body: { app: 'app_PLACEHOLDER00000', source: 'tok_PLACEHOLDER0000000000', sms_code: { id: 'sms_PLACEHOLDER000', code: '123456' }, description: '首个顾客' },
    });
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<Customer | undefined>();
    expect(data?.object).toBe('customer');
    expect(data?.sources.data[0]?.object).toBe('card');
  });

  it('retrieves a customer (GET /customers/{id})', async () => {
    const { data, response } = await client().GET('/customers/{id}', customer);
    expectNoViolations(response);
    expect(data?.id).toBe(id);
  });

  it('updates a customer (PUT /customers/{id}) without `app`', async () => {
    const { data, response } = await client().PUT('/customers/{id}', { ...customer, body: { description: '新的描述', metadata: { testkey: 'test' } } });
    expectNoViolations(response);
    expect(data?.metadata).toEqual({ testkey: 'test' });
  });

  it('deletes a customer (DELETE /customers/{id})', async () => {
    const { data, response } = await client().DELETE('/customers/{id}', customer);
    expectNoViolations(response);
    expectTypeOf(data).toEqualTypeOf<DeletedCustomer | undefined>();
    expect(data?.deleted).toBe(true);
  });

  it('lists customers with limit and created[gt|lte] filters, serialized as the API expects', async () => {
    const { fetch, sent } = recordRequests();
    const spy = createPingppClient({ secretKey, baseUrl: mockUrl('pingpp'), fetch });
    const { data, response } = await spy.GET('/customers', { params: { query: { limit: 2, created: { gt: 1500000000, lte: 1600000000 } } } });
    expectNoViolations(response);
    expect(data?.object).toBe('list');
    expect(sent[0]!.url.search).toBe('?limit=2&created[gt]=1500000000&created[lte]=1600000000');
  });

  it('walks every customer with for await, following has_more with starting_after', async () => {
    const picker = examplePicker((url) => (url.pathname === '/customers' ? (url.searchParams.has('starting_after') ? 'lastPage' : 'firstPage') : undefined));
    const pingpp = createPingppClient({ secretKey, baseUrl: mockUrl('pingpp'), fetch: picker.fetch });
    const ids: string[] = [];
    for await (const item of pingpp.paginate('/customers', { params: { query: { limit: 1 } } })) ids.push(item.id);
    expect(ids).toEqual(['cus_eHi1mD1iPS08Li', 'cus_iHGeb9T8Ki5CeT']);
    expect(picker.responses.map((r) => new URL(r.url).search)).toEqual(['?limit=1', '?limit=1&starting_after=cus_eHi1mD1iPS08Li']);
    picker.responses.forEach(expectNoViolations);
  });
});

describe('Ping++ request signing', () => {
  it('signs body + path + timestamp with the private key; the public key verifies it', async () => {
    const { signed, sent } = signingClient();
    const { response } = await signed.PUT('/customers/{id}', { ...customer, body: { description: '签名测试' } });
    expectNoViolations(response);
    const request = sent[0]!;
    const timestamp = request.headers.get('pingplusplus-request-timestamp')!;
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    const signature = Buffer.from(request.headers.get('pingplusplus-signature')!, 'base64');
    const signedText = `${request.text}${request.url.pathname}${request.url.search}${timestamp}`;
    expect(verify('sha256', Buffer.from(signedText), publicKey, signature)).toBe(true);
    // Any other body would not verify.
    expect(verify('sha256', Buffer.from(`${request.text} ${request.url.pathname}${timestamp}`), publicKey, signature)).toBe(false);
  });

  it('signs GET requests over the path and query string', async () => {
    const { signed, sent } = signingClient();
    const { response } = await signed.GET('/customers', { params: { query: { limit: 3 } } });
    expectNoViolations(response);
    const request = sent[0]!;
    const text = `${request.url.pathname}${request.url.search}${request.headers.get('pingplusplus-request-timestamp')}`;
    expect(request.url.search).toBe('?limit=3');
    expect(verify('sha256', Buffer.from(text), publicKey, Buffer.from(request.headers.get('pingplusplus-signature')!, 'base64'))).toBe(true);
  });

  it('sends no signature headers without a private key, and refuses a malformed one without echoing it', async () => {
    const { fetch, sent } = recordRequests();
    await createPingppClient({ secretKey, baseUrl: mockUrl('pingpp'), fetch }).GET('/customers/{id}', customer);
    expect(sent[0]!.headers.has('pingplusplus-signature')).toBe(false);
    expect(() => createPingppClient({ secretKey, privateKey: 'MIIEvQIBADANBg-not-a-pem' })).toThrow(/privateKey/);
    expect(() => createPingppClient({ secretKey, privateKey: 'MIIEvQIBADANBg-not-a-pem' })).not.toThrow(/MIIEvQ/);
  });
});

describe('Ping++ errors', () => {
  it('400 for a limit out of 1..100, typed', async () => {
    const { error, response } = await client().GET('/customers', { params: { query: { limit: 0 } } });
    expect(response.status).toBe(400);
    expect(violations(response).length).toBeGreaterThan(0);
    expectTypeOf(error).toMatchTypeOf<ErrorBody | undefined>();
    expect(error?.error.type).toBe('invalid_request_error');
  });

  it('401 without the secret key', async () => {
    const noAuth = createPingppClient({ secretKey, baseUrl: mockUrl('pingpp'), fetch: fetchWithout('authorization') });
    const { error, response } = await noAuth.GET('/customers/{id}', customer);
    expect(response.status).toBe(401);
    expect(violations(response).map((v) => v.code)).toContain(401);
    expect(error?.error.message).toBeTypeOf('string');
  });

  it('402 when the channel fails, as a typed ApiError', async () => {
    const error = (await unwrap(client().GET('/customers', preferStatus(402))).catch((e: unknown) => e)) as ApiError<ErrorBody>;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 402, method: 'GET', path: '/customers' });
    expect(error.body.error.type).toBe('channel_error');
  });

  it('refuses a key that is neither sk_test_ nor sk_live_', () => {
    expect(() => createPingppClient({ secretKey: 'pk_test_PLACEHOLDER' })).toThrow(/secretKey.*sk_test_/);
  });
});

describe('Ping++ docs', () => {
  it("keep the document's Chinese text, as UTF-8", () => {
    const html = readFileSync(path.join(toolRoot, 'generated/docs/pingpp.html'), 'utf8');
    // "utf8" is a WHATWG label of UTF-8, which browsers honour.
    expect(html).toMatch(/<meta charset="utf-?8"/i);
    expect(html).toContain('原文');
    expect(html).toContain('张三');
  });
});

describe('Ping++ signing with a key that cannot be read', () => {
  it('fails the call with a ConfigurationError that holds no key material', async () => {
    const garbled = '-----BEGIN PRIVATE KEY-----\nTUlJQ1hBSUJBQUtCZ1FDcGxhY2Vob2xkZXI=\n-----END PRIVATE KEY-----\n';
    const broken = createPingppClient({ secretKey, privateKey: garbled, baseUrl: mockUrl('pingpp') });
    const error = await broken.GET('/customers/{id}', customer).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'configuration', option: 'credentials' });
    expect((error as Error).message).not.toContain('TUlJQ1hBSUJBQUtCZ1FDcGxhY2Vob2xkZXI');
  });
});

describe('Ping++ logging', () => {
  it('redacts the request signature and the basic credentials', async () => {
    const events: RequestEvent[] = [];
    const logged = createPingppClient({ secretKey, privateKey: privatePem, baseUrl: mockUrl('pingpp'), log: (event) => events.push(event) });
    await logged.GET('/customers/{id}', customer);
    expect(events[0]).toMatchObject({ type: 'request', headers: { authorization: '[redacted]', 'pingplusplus-signature': '[redacted]' } });
    expect(JSON.stringify(events)).not.toContain(Buffer.from(`${secretKey}:`).toString('base64'));
  });
});
