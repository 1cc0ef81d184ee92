import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256Base64, webHmacSha256, webSha256Base64 } from '../../../packages/runtime/src/signers/encoding.js';

// Node runs the signers on its own crypto module; browsers on Web Crypto. Both give node:crypto's answers.
describe.each([
  ['the runtime (Node crypto in Node)', hmacSha256, sha256Base64],
  ['Web Crypto (browsers)', webHmacSha256, webSha256Base64],
] as const)('hashing with %s', (_name, hmac, sha256) => {
  it.each([0, 1, 64, 65, 10_000])('HMAC-SHA256 and SHA-256 of %i bytes match node:crypto', async (size) => {
    const key = randomBytes(32);
    const data = randomBytes(size);
    expect(Buffer.from(await hmac(key, data)).toString('hex')).toBe(createHmac('sha256', key).update(data).digest('hex'));
    expect(await sha256(data)).toBe(createHash('sha256').update(data).digest('base64'));
  });

  it('reuses nothing across keys: two keys, two answers', async () => {
    const data = Buffer.from('same data');
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(Buffer.from(await hmac(a, data)).equals(Buffer.from(await hmac(b, data)))).toBe(false);
    expect(Buffer.from(await hmac(a, data)).toString('hex')).toBe(createHmac('sha256', a).update(data).digest('hex'));
  });
});
