// Byte, base64 and hashing helpers shared by the request signers. Web APIs (TextEncoder,
// btoa/atob, crypto.subtle), so the same code runs in Node 20 and in browsers; where the runtime
// offers its own crypto module without an import (Node's `process.getBuiltinModule`), hashes and
// HMACs use it: synchronous, where each Web Crypto call is a round trip to a worker thread.

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Joins byte arrays into one, copied into a fresh ArrayBuffer (what crypto.subtle accepts). */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  // btoa takes a "binary string"; build it in chunks to stay clear of argument-count limits.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** base64url without padding, as JWS compact serialization requires (RFC 7515 section 2). */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard base64 (padding optional), or throws an Error saying `what` is invalid.
 * The message never repeats the input: callers pass secrets and keys through here.
 */
export function base64ToBytes(text: string, what: string): Uint8Array<ArrayBuffer> {
  const invalid = () => new Error(`${what} is not valid base64.`);
  if (typeof text !== 'string' || text === '' || !BASE64.test(text)) throw invalid();
  const unpadded = text.replace(/=+$/, '');
  // Padding, when present, must complete a 4-character group; one leftover character is never valid.
  if (unpadded.length % 4 === 1 || (unpadded.length !== text.length && text.length % 4 !== 0)) throw invalid();
  let binary: string;
  try {
    binary = atob(unpadded);
  } catch {
    throw invalid();
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** crypto.subtle, or a clear error on runtimes without Web Crypto (or pages outside a secure context). */
export function subtle(): SubtleCrypto {
  const value = globalThis.crypto?.subtle;
  if (!value) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available; request signing needs Node 20+ or a browser secure context.');
  return value;
}

/** base64(SHA-256(bytes)). */
export async function sha256Base64(bytes: Uint8Array): Promise<string> {
  if (nodeCrypto) return bytesToBase64(nodeCrypto.createHash('sha256').update(bytes).digest());
  return webSha256Base64(bytes);
}

/** base64(SHA-256(bytes)) with Web Crypto: what browsers and other runtimes use. */
export async function webSha256Base64(bytes: Uint8Array): Promise<string> {
  const hash = await subtle().digest('SHA-256', concatBytes(bytes));
  return bytesToBase64(new Uint8Array(hash));
}

interface NodeCrypto {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(): Uint8Array } };
  createHmac(algorithm: 'sha256', key: Uint8Array): { update(data: Uint8Array): { digest(): Uint8Array } };
}

/** Node's crypto module, when the runtime hands it out without an import (no bundler sees it). */
const nodeCrypto: NodeCrypto | undefined = (() => {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  try {
    return typeof getBuiltinModule === 'function' ? (getBuiltinModule('node:crypto') as NodeCrypto | undefined) : undefined;
  } catch {
    return undefined;
  }
})();

// Imported keys, per key array: a client signs every request with the same key, and importing it is
// most of the cost of an HMAC. Weak, so that a key leaves memory with the client that holds it.
const hmacKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/** HMAC-SHA256 of `data` under the raw `key` bytes. */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (nodeCrypto) return concatBytes(nodeCrypto.createHmac('sha256', key).update(data).digest());
  return webHmacSha256(key, data);
}

/** HMAC-SHA256 with Web Crypto: what browsers and other runtimes use. */
export async function webHmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  let cryptoKey = hmacKeys.get(key);
  if (!cryptoKey) {
    cryptoKey = Promise.resolve(subtle().importKey('raw', concatBytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
    hmacKeys.set(key, cryptoKey);
    // A key that cannot be imported is not kept: the next call tries again and reports it again.
    cryptoKey.catch(() => hmacKeys.delete(key));
  }
  return new Uint8Array(await subtle().sign('HMAC', await cryptoKey, concatBytes(data)));
}
