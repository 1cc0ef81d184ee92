import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HttpSignatureCredentials } from '../../../packages/runtime/src/signers/http-signature/sign.js';
import { jwtBearerToken } from '../../../packages/runtime/src/signers/cybersource-jwt/jwt.js';

const secretBytes = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
const creds: HttpSignatureCredentials = { merchantId: 'testrest', keyId: '08c94330-f618-42a3-b09d-e1e43be5efda', sharedSecret: secretBytes.toString('base64') };
const now = new Date('2026-01-02T03:04:05.678Z');
const IAT = Math.floor(now.getTime() / 1000);

/** Splits a compact JWS, checks its HS256 signature with node:crypto and decodes both JSON parts. */
function verify(token: string) {
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  const [header, payload, signature] = parts as [string, string, string];
  for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
  const expectedSignature = createHmac('sha256', secretBytes).update(`${header}.${payload}`).digest('base64url');
  expect(signature).toBe(expectedSignature);
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(header), claims: json(payload) };
}

describe('jwtBearerToken', () => {
  it('signs a POST with the digest of the exact body bytes', async () => {
    const body = Buffer.from('{"orderInformation":{"billTo":{"firstName":"Zoë","lastName":"日本"}}}', 'utf8');
    const token = await jwtBearerToken(creds, { method: 'post', url: 'https://apitest.cybersource.com/pts/v2/payments?x=1', body }, now);
    const { header, claims } = verify(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: creds.keyId });
    expect(claims).toEqual({
      digest: createHash('sha256').update(body).digest('base64'),
      digestAlgorithm: 'SHA-256',
      iat: IAT,
      exp: IAT + 120,
      'request-method': 'POST',
      'request-host': 'apitest.cybersource.com',
      'request-resource-path': '/pts/v2/payments',
      iss: 'testrest',
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'v-c-jwt-version': '2',
      'v-c-merchant-id': 'testrest',
    });
  });

  it('has no digest claims without a body', async () => {
    for (const request of [
      { method: 'GET', url: 'https://apitest.cybersource.com/pts/v2/payments/1' },
      { method: 'DELETE', url: 'https://apitest.cybersource.com/tms/v2/customers/C1', body: new Uint8Array(0) },
    ]) {
      const { claims } = verify(await jwtBearerToken(creds, request, now));
      expect(claims).not.toHaveProperty('digest');
      expect(claims).not.toHaveProperty('digestAlgorithm');
      expect(claims['request-method']).toBe(request.method);
    }
  });

  it('keeps a non-default port in request-host', async () => {
    const { claims } = verify(await jwtBearerToken(creds, { method: 'GET', url: 'http://localhost:4010/reporting/v3/reports?a=b' }, now));
    expect(claims['request-host']).toBe('localhost:4010');
    expect(claims['request-resource-path']).toBe('/reporting/v3/reports');
  });

  it('mints a fresh jti per token', async () => {
    const request = { method: 'GET', url: 'https://apitest.cybersource.com/x' };
    const a = verify(await jwtBearerToken(creds, request, now)).claims.jti;
    const b = verify(await jwtBearerToken(creds, request, now)).claims.jti;
    expect(a).not.toBe(b);
  });

  it('rejects an invalid shared secret without echoing it', async () => {
    const sharedSecret = 'definitely-not-base64!';
    const error = await jwtBearerToken({ ...creds, sharedSecret }, { method: 'GET', url: 'https://apitest.cybersource.com/x' }, now).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/not valid base64/);
    expect((error as Error).message).not.toContain(sharedSecret);
  });
});
