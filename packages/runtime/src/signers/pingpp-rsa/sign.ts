// Ping++ request signing: RSA-SHA256 (RSASSA-PKCS1-v1_5) over body + request URI + timestamp.
// The order and the URI form (path with /v1 and the query string) match Ping++'s own SDKs:
// PingPlusPlus/pingpp-go (`dataToBeSign + req.URL.RequestURI() + requestTime`), pingpp-python
// (`get_rsa_verify_data(body, uri, timestamp)`) and pingpp-java (`buildPingppSignature`).

import { base64ToBytes, bytesToBase64, concatBytes, subtle, utf8 } from '../encoding.js';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * Imports the merchant's RSA private key (the one whose public half is registered in the Ping++
 * dashboard) from PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
 * Errors describe the problem, never the key.
 */
export async function importPingppPrivateKey(pem: string): Promise<CryptoKey> {
  const match = typeof pem === 'string' ? PEM.exec(pem) : null;
  if (!match) throw new Error('Ping++ private key: expected a PEM block such as "-----BEGIN PRIVATE KEY-----".');
  const label = match[1];
  const body = match[2] ?? '';
  // Encrypted keys: PKCS#8 says so in the label, legacy OpenSSL PEM in a Proc-Type header line.
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:.*ENCRYPTED/.test(body)) {
    throw new Error('Ping++ private key: the key is encrypted; decrypt it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`.');
  }
  if (label !== 'PRIVATE KEY' && label !== 'RSA PRIVATE KEY') {
    throw new Error(`Ping++ private key: unsupported PEM type "${label}"; expected PRIVATE KEY or RSA PRIVATE KEY.`);
  }
  const der = base64ToBytes(body.replace(/\s+/g, ''), 'Ping++ private key: the PEM body');
  const pkcs8 = label === 'RSA PRIVATE KEY' ? wrapPkcs1(der) : der;
  try {
    return await subtle().importKey('pkcs8', concatBytes(pkcs8), ALGORITHM, false, ['sign']);
  } catch (cause) {
    // Web Crypto's messages carry no key material, so keep the cause for debugging.
    throw new Error('Ping++ private key: not a valid RSA private key (convert it with `openssl pkcs8 -topk8 -nocrypt`).', { cause });
  }
}

/**
 * The lower-case `pingplusplus-signature` and `pingplusplus-request-timestamp` headers for a request.
 * `body` must be the exact bytes sent (omit it for GET and DELETE); the query string is signed too,
 * so the request must go to exactly this URL.
 */
export async function pingppSignatureHeaders(
  key: CryptoKey,
  request: { url: string; body?: Uint8Array | undefined },
  now: Date = new Date(),
): Promise<Record<string, string>> {
  if (key.algorithm.name !== ALGORITHM.name || !key.usages.includes('sign')) {
    throw new TypeError('Ping++ signing: the key must be an RSASSA-PKCS1-v1_5 signing key; use importPingppPrivateKey.');
  }
  if (Number.isNaN(now.getTime())) throw new TypeError('Ping++ signing: the date is invalid.');
  const timestamp = String(Math.floor(now.getTime() / 1000));
  // A bare path is enough: only the path and query are signed.
  const url = new URL(request.url, 'https://api.pingxx.com');
  // Bytes are concatenated rather than decoded to text, so a body is signed exactly as it is sent.
  const data = concatBytes(request.body ?? new Uint8Array(0), utf8(`${url.pathname}${url.search}${timestamp}`));
  const signature = await subtle().sign(ALGORITHM, key, data);
  return {
    'pingplusplus-signature': bytesToBase64(new Uint8Array(signature)),
    'pingplusplus-request-timestamp': timestamp,
  };
}

// PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey (RFC 5208):
// SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING <pkcs1> }.
const VERSION_0 = [0x02, 0x01, 0x00];
const RSA_ENCRYPTION = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

function wrapPkcs1(pkcs1: Uint8Array): Uint8Array {
  const octetString = concatBytes(Uint8Array.of(0x04, ...derLength(pkcs1.length)), pkcs1);
  const content = concatBytes(Uint8Array.from(VERSION_0), Uint8Array.from(RSA_ENCRYPTION), octetString);
  return concatBytes(Uint8Array.of(0x30, ...derLength(content.length)), content);
}

/** DER definite length: short form below 128, else 0x80 | byte count followed by big-endian bytes. */
function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}
