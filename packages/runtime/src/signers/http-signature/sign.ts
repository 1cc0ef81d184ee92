// CyberSource REST "HTTP Signature" authentication (HMAC-SHA256 with the merchant's shared secret).
// Follows CyberSource's REST Getting Started guide and their SDKs (CyberSource/cybersource-rest-client-*,
// src/authentication/http). `request-target` is written without parentheses: CyberSource stopped
// accepting `(request-target)` in April 2024 (developer blog, "REST API Http Signature Authentication").

import { base64ToBytes, bytesToBase64, hmacSha256, sha256Base64, utf8 } from '../encoding.js';

/** The REST API key pair from the CyberSource Business Center (Key Management, "Shared Secret"). */
export interface HttpSignatureCredentials {
  merchantId: string;
  /** The key's serial number. */
  keyId: string;
  /** The shared secret as shown by the Business Center: base64. */
  sharedSecret: string;
}

export interface SignableRequest {
  method: string;
  /** Absolute URL, including any query string. */
  url: string;
  /** The exact bytes that will be sent; the digest covers them. */
  body?: Uint8Array | undefined;
}

/** The `Digest` header value for a body: `SHA-256=` + base64(SHA-256(body)). */
export async function digestOf(body: Uint8Array): Promise<string> {
  return `SHA-256=${await sha256Base64(body)}`;
}

/**
 * The headers that authenticate one request, with lower-case names: `v-c-merchant-id`, `date`, `host`,
 * `digest` (only when the request has a non-empty body) and `signature`. The body must be sent
 * byte-for-byte as given, and the request to the same URL, or the signature will not match.
 */
export async function httpSignatureHeaders(
  creds: HttpSignatureCredentials,
  request: SignableRequest,
  date: Date = new Date(),
): Promise<Record<string, string>> {
  const secret = decodeSharedSecret(creds);
  if (Number.isNaN(date.getTime())) throw new TypeError('CyberSource HTTP Signature: the date is invalid.');
  const url = new URL(request.url);

  // Ordered (name, value) pairs: the `headers` parameter lists the names in signing-string order.
  const signed: [string, string][] = [
    ['host', url.host],
    ['date', date.toUTCString()],
    ['request-target', `${request.method.toLowerCase()} ${url.pathname}${url.search}`],
  ];
  const body = request.body;
  if (body !== undefined && body.length > 0) signed.push(['digest', await digestOf(body)]);
  signed.push(['v-c-merchant-id', creds.merchantId]);

  const signingString = signed.map(([name, value]) => `${name}: ${value}`).join('\n');
  const signature = bytesToBase64(await hmacSha256(secret, utf8(signingString)));
  const names = signed.map(([name]) => name).join(' ');

  const headers: Record<string, string> = {};
  for (const [name, value] of signed) if (name !== 'request-target') headers[name] = value;
  headers.signature = `keyid="${creds.keyId}", algorithm="HmacSHA256", headers="${names}", signature="${signature}"`;
  return headers;
}

// Decoded secrets, per credentials object: a client passes the same object for every request.
const decoded = new WeakMap<HttpSignatureCredentials, Uint8Array>();

/** Checks the credential strings and decodes the secret; messages name the field, never its value. */
export function decodeSharedSecret(creds: HttpSignatureCredentials): Uint8Array {
  let secret = decoded.get(creds);
  if (!secret) decoded.set(creds, (secret = decodeAndCheck(creds)));
  return secret;
}

function decodeAndCheck(creds: HttpSignatureCredentials): Uint8Array {
  for (const field of ['merchantId', 'keyId', 'sharedSecret'] as const) {
    if (typeof creds[field] !== 'string' || creds[field] === '') {
      throw new TypeError(`CyberSource credentials: \`${field}\` must be a non-empty string.`);
    }
  }
  // A quote would break out of the Signature header's quoted keyid; a line break would forge signing-string lines.
  if (/["\r\n]/.test(creds.keyId)) throw new TypeError('CyberSource credentials: `keyId` contains a quote or line break.');
  if (/[\r\n]/.test(creds.merchantId)) throw new TypeError('CyberSource credentials: `merchantId` contains a line break.');
  return base64ToBytes(creds.sharedSecret, 'CyberSource credentials: `sharedSecret`');
}
