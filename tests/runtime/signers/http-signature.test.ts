import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestOf, httpSignatureHeaders, type HttpSignatureCredentials } from '../../../packages/runtime/src/signers/http-signature/sign.js';

const secretBytes = Buffer.from('a fixed 32-byte shared secret!!!', 'utf8');
const creds: HttpSignatureCredentials = { merchantId: 'testrest', keyId: '08c94330-f618-42a3-b09d-e1e43be5efda', sharedSecret: secretBytes.toString('base64') };
const date = new Date('2026-01-02T03:04:05Z');
const DATE = 'Fri, 02 Jan 2026 03:04:05 GMT';

/** The expected headers, computed independently with node:crypto. */
function expected(method: string, host: string, target: string, body?: Buffer) {
  const digest = body ? `SHA-256=${createHash('sha256').update(body).digest('base64')}` : undefined;
  const lines = [`host: ${host}`, `date: ${DATE}`, `request-target: ${method} ${target}`];
  if (digest) lines.push(`digest: ${digest}`);
  lines.push(`v-c-merchant-id: ${creds.merchantId}`);
  const signature = createHmac('sha256', secretBytes).update(lines.join('\n'), 'utf8').digest('base64');
  const names = digest ? 'host date request-target digest v-c-merchant-id' : 'host date request-target v-c-merchant-id';
  return {
    'v-c-merchant-id': creds.merchantId,
    date: DATE,
    host,
    ...(digest ? { digest } : {}),
    signature: `keyid="${creds.keyId}", algorithm="HmacSHA256", headers="${names}", signature="${signature}"`,
  };
}

const json = Buffer.from(JSON.stringify({ clientReferenceInformation: { code: 'TC50171_3' }, orderInformation: { amountDetails: { totalAmount: '102.21', currency: 'USD' } } }), 'utf8');

describe('httpSignatureHeaders', () => {
  it('signs a POST with a body (known answer)', async () => {
    const headers = await httpSignatureHeaders(creds, { method: 'POST', url: 'https://apitest.cybersource.com/pts/v2/payments', body: new Uint8Array(json) }, date);
    expect(headers).toEqual(expected('post', 'apitest.cybersource.com', '/pts/v2/payments', json));
    expect(headers.date).toBe(date.toUTCString());
  });

  it('signs a PATCH with a body', async () => {
    const body = Buffer.from('{"status":"INACTIVE"}', 'utf8');
    const headers = await httpSignatureHeaders(creds, { method: 'patch', url: 'https://apitest.cybersource.com/tms/v2/customers/C1', body }, date);
    expect(headers).toEqual(expected('patch', 'apitest.cybersource.com', '/tms/v2/customers/C1', body));
  });

  it('signs a GET without a digest', async () => {
    const headers = await httpSignatureHeaders(creds, { method: 'GET', url: 'https://apitest.cybersource.com/pts/v2/payments/123' }, date);
    expect(headers).toEqual(expected('get', 'apitest.cybersource.com', '/pts/v2/payments/123'));
    expect(headers).not.toHaveProperty('digest');
    expect(headers.signature).toContain('headers="host date request-target v-c-merchant-id"');
  });

  it('signs a DELETE without a digest, and treats an empty body as none', async () => {
    const url = 'https://apitest.cybersource.com/tms/v2/customers/C1';
    const headers = await httpSignatureHeaders(creds, { method: 'DELETE', url, body: new Uint8Array(0) }, date);
    expect(headers).toEqual(expected('delete', 'apitest.cybersource.com', '/tms/v2/customers/C1'));
  });

  it('signs the query string and a non-default port', async () => {
    const url = 'https://localhost:8443/reporting/v3/reports?startTime=2026-01-01T00:00:00Z&organizationId=testrest';
    const headers = await httpSignatureHeaders(creds, { method: 'GET', url }, date);
    expect(headers.host).toBe('localhost:8443');
    expect(headers).toEqual(expected('get', 'localhost:8443', '/reporting/v3/reports?startTime=2026-01-01T00:00:00Z&organizationId=testrest'));
  });

  it('omits a default port from host', async () => {
    const headers = await httpSignatureHeaders(creds, { method: 'GET', url: 'https://apitest.cybersource.com:443/x' }, date);
    expect(headers.host).toBe('apitest.cybersource.com');
  });

  it('digests the exact bytes of a UTF-8 body with non-ASCII text', async () => {
    const body = Buffer.from('{"name":"Zoë Ünïcødé 日本","emoji":"😀"}', 'utf8');
    const headers = await httpSignatureHeaders(creds, { method: 'PUT', url: 'https://apitest.cybersource.com/a', body }, date);
    expect(headers.digest).toBe(`SHA-256=${createHash('sha256').update(body).digest('base64')}`);
    expect(headers).toEqual(expected('put', 'apitest.cybersource.com', '/a', body));
  });

  it('accepts a body that is a view into a larger buffer', async () => {
    const backing = Buffer.from('xx{"a":1}yy', 'utf8');
    const body = new Uint8Array(backing.buffer, backing.byteOffset + 2, 7);
    const headers = await httpSignatureHeaders(creds, { method: 'POST', url: 'https://apitest.cybersource.com/a', body }, date);
    expect(headers.digest).toBe(`SHA-256=${createHash('sha256').update('{"a":1}').digest('base64')}`);
  });
});

describe('digestOf', () => {
  it('is SHA-256= plus the base64 SHA-256 of the bytes', async () => {
    expect(await digestOf(new Uint8Array(json))).toBe(`SHA-256=${createHash('sha256').update(json).digest('base64')}`);
    expect(await digestOf(new Uint8Array(0))).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });
});

describe('credential checks', () => {
  const request = { method: 'GET', url: 'https://apitest.cybersource.com/x' };

  it('rejects a shared secret that is not base64, without echoing it', async () => {
    for (const sharedSecret of ['not base64 at all!', 'abc$def', 'QUJD=', 'A']) {
      const error = await httpSignatureHeaders({ ...creds, sharedSecret }, request, date).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/sharedSecret.*not valid base64/);
      expect((error as Error).message).not.toContain(sharedSecret);
    }
  });

  it('rejects empty credentials and a keyId that would break the header', async () => {
    await expect(httpSignatureHeaders({ ...creds, merchantId: '' }, request, date)).rejects.toThrow(/merchantId/);
    await expect(httpSignatureHeaders({ ...creds, sharedSecret: '' }, request, date)).rejects.toThrow(/sharedSecret/);
    await expect(httpSignatureHeaders({ ...creds, keyId: 'a", x="b' }, request, date)).rejects.toThrow(/keyId/);
  });

  it('rejects an invalid date', async () => {
    await expect(httpSignatureHeaders(creds, request, new Date('nope'))).rejects.toThrow(/date/);
  });
});
