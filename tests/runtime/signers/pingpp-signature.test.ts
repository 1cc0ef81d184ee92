import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importPingppPrivateKey, pingppSignatureHeaders } from '../../../packages/runtime/src/signers/pingpp-rsa/sign.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8Pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1Pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const now = new Date('2026-01-02T03:04:05.999Z');
const TIMESTAMP = String(Math.floor(now.getTime() / 1000));

/** Verifies with node:crypto over the string Ping++'s SDKs sign: body + request URI + timestamp. */
const verifies = (signed: string, signature: string) => verify('sha256', Buffer.from(signed, 'utf8'), publicKey, Buffer.from(signature, 'base64'));

describe('pingppSignatureHeaders', () => {
  it('signs body + path with /v1 + timestamp (POST)', async () => {
    const key = await importPingppPrivateKey(pkcs8Pem);
    const body = '{"order_no":"123","amount":100,"subject":"商品","body":"Zoë"}';
    const headers = await pingppSignatureHeaders(key, { url: 'https://api.pingxx.com/v1/charges', body: Buffer.from(body, 'utf8') }, now);
    expect(Object.keys(headers).sort()).toEqual(['pingplusplus-request-timestamp', 'pingplusplus-signature']);
    expect(headers['pingplusplus-request-timestamp']).toBe(TIMESTAMP);
    expect(verifies(`${body}/v1/charges${TIMESTAMP}`, headers['pingplusplus-signature']!)).toBe(true);
  });

  it('signs the query string, with an empty body for GET', async () => {
    const key = await importPingppPrivateKey(pkcs8Pem);
    const headers = await pingppSignatureHeaders(key, { url: 'https://api.pingxx.com/v1/customers?limit=10&starting_after=cus_1' }, now);
    expect(verifies(`/v1/customers?limit=10&starting_after=cus_1${TIMESTAMP}`, headers['pingplusplus-signature']!)).toBe(true);
    expect(verifies(`/v1/customers${TIMESTAMP}`, headers['pingplusplus-signature']!)).toBe(false);
  });

  it('accepts a bare path', async () => {
    const key = await importPingppPrivateKey(pkcs8Pem);
    const headers = await pingppSignatureHeaders(key, { url: '/v1/charges/ch_1' }, now);
    expect(verifies(`/v1/charges/ch_1${TIMESTAMP}`, headers['pingplusplus-signature']!)).toBe(true);
  });

  it('fails verification for a tampered body, path or timestamp', async () => {
    const key = await importPingppPrivateKey(pkcs8Pem);
    const body = '{"amount":100}';
    const headers = await pingppSignatureHeaders(key, { url: 'https://api.pingxx.com/v1/charges', body: Buffer.from(body) }, now);
    const signature = headers['pingplusplus-signature']!;
    expect(verifies(`{"amount":101}/v1/charges${TIMESTAMP}`, signature)).toBe(false);
    expect(verifies(`${body}/v1/refunds${TIMESTAMP}`, signature)).toBe(false);
    expect(verifies(`${body}/v1/charges${Number(TIMESTAMP) + 1}`, signature)).toBe(false);
  });

  it('rejects a key that cannot sign', async () => {
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    await expect(pingppSignatureHeaders(hmac, { url: '/v1/charges' }, now)).rejects.toThrow(/RSASSA-PKCS1-v1_5/);
  });
});

describe('importPingppPrivateKey', () => {
  it('imports PKCS#1 (BEGIN RSA PRIVATE KEY) by wrapping it in PKCS#8', async () => {
    expect(pkcs1Pem).toContain('BEGIN RSA PRIVATE KEY');
    const key = await importPingppPrivateKey(pkcs1Pem);
    expect(key.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
    expect(key.extractable).toBe(false);
    const headers = await pingppSignatureHeaders(key, { url: 'https://api.pingxx.com/v1/charges', body: Buffer.from('{}') }, now);
    expect(verifies(`{}/v1/charges${TIMESTAMP}`, headers['pingplusplus-signature']!)).toBe(true);
  });

  it('imports PKCS#1 and PKCS#8 keys of another size', async () => {
    for (const modulusLength of [1024]) {
      const pair = generateKeyPairSync('rsa', { modulusLength });
      for (const type of ['pkcs1', 'pkcs8'] as const) {
        const key = await importPingppPrivateKey(pair.privateKey.export({ type, format: 'pem' }).toString());
        const headers = await pingppSignatureHeaders(key, { url: '/v1/x' }, now);
        expect(verify('sha256', Buffer.from(`/v1/x${TIMESTAMP}`), pair.publicKey, Buffer.from(headers['pingplusplus-signature']!, 'base64'))).toBe(true);
      }
    }
  });

  it('tolerates CRLF line endings and surrounding text', async () => {
    const key = await importPingppPrivateKey(`\r\n  ${pkcs8Pem.replace(/\n/g, '\r\n')}  \r\n`);
    expect(key.type).toBe('private');
  });

  it('gives clear errors that never contain key material', async () => {
    const body = pkcs8Pem.split('\n')[1]!;
    const cases: [string, RegExp][] = [
      ['not a pem', /expected a PEM block/],
      [body, /expected a PEM block/],
      [pkcs8Pem.replace(/PRIVATE KEY/g, 'PUBLIC KEY'), /unsupported PEM type "PUBLIC KEY"/],
      [pkcs8Pem.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY'), /encrypted.*openssl pkcs8 -topk8 -nocrypt/],
      [pkcs1Pem.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n'), /encrypted/],
      [pkcs8Pem.replace(body, `${body.slice(0, 10)}!!${body.slice(12)}`), /PEM body is not valid base64/],
      [pkcs8Pem.replace(body, body.slice(0, 40)), /not a valid RSA private key/],
      [pkcs1Pem.replace(/RSA PRIVATE KEY/g, 'PRIVATE KEY'), /not a valid RSA private key/],
    ];
    for (const [pem, message] of cases) {
      const error = await importPingppPrivateKey(pem).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(body.slice(0, 16));
    }
  });
});
