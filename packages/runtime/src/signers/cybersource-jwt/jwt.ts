// CyberSource REST "JWT" authentication with a shared secret (jwtKeyType SHARED_SECRET): an HS256 JWS
// keyed with the base64-decoded shared secret of the same key pair HTTP Signature uses.
// Header and claims follow CyberSource's SDKs that implement this mode: cybersource-rest-client-dotnet
// (JwtTokenGenerator, GetSharedSecretHeaderClaimSet / GetPayloadClaimSet), cybersource-rest-client-php
// (JsonWebTokenGenerator::getPayloadClaimSet) and cybersource-rest-client-node (jwt/JWTSigToken.js).

import { bytesToBase64Url, hmacSha256, sha256Base64, utf8 } from '../encoding.js';
import { decodeSharedSecret, type HttpSignatureCredentials, type SignableRequest } from '../http-signature/sign.js';

/** How long a token is valid: the SDKs all set `exp` to `iat` + 2 minutes. */
const LIFETIME_SECONDS = 120;

/**
 * A compact JWS (base64url, no padding) to send as `Authorization: Bearer <token>`.
 * Mint one per request: it binds the method, host, path and (when there is a body) the body digest,
 * and carries a fresh `jti`.
 */
export async function jwtBearerToken(
  creds: HttpSignatureCredentials,
  request: SignableRequest,
  now: Date = new Date(),
): Promise<string> {
  const secret = decodeSharedSecret(creds);
  if (Number.isNaN(now.getTime())) throw new TypeError('CyberSource JWT: the date is invalid.');
  const url = new URL(request.url);
  const iat = Math.floor(now.getTime() / 1000);

  // The SDKs leave the header to their JWT library's defaults plus `kid`; no merchant id here (it is a claim).
  const header = { alg: 'HS256', typ: 'JWT', kid: creds.keyId };
  const claims: Record<string, string | number> = {};
  const body = request.body;
  if (body !== undefined && body.length > 0) {
    // Plain base64 of SHA-256, without the `SHA-256=` prefix the HTTP Signature Digest header has.
    claims.digest = await sha256Base64(body);
    claims.digestAlgorithm = 'SHA-256';
  }
  Object.assign(claims, {
    iat,
    exp: iat + LIFETIME_SECONDS,
    'request-method': request.method.toUpperCase(),
    'request-host': url.host,
    // The path only: the SDKs strip the query string from the resource path claim.
    'request-resource-path': url.pathname,
    iss: creds.merchantId,
    jti: uuid(),
    'v-c-jwt-version': '2',
    'v-c-merchant-id': creds.merchantId,
  });

  const signingInput = `${segment(header)}.${segment(claims)}`;
  const signature = await hmacSha256(secret, utf8(signingInput));
  return `${signingInput}.${bytesToBase64Url(signature)}`;
}

function segment(value: object): string {
  return bytesToBase64Url(utf8(JSON.stringify(value)));
}

/** A random (version 4) UUID; randomUUID is missing outside secure contexts, getRandomValues is not. */
function uuid(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
