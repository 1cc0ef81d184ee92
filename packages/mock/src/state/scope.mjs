// @ts-check
/**
 * Whose state a request reads and writes: the account its credential names, as with the real API
 * (two secret keys never see each other's customers). The key is a hash: no credential is kept.
 *
 * HTTP Basic: the user name (the secret key; the password is often empty). Bearer: the token, or
 * for a JSON Web Token signed per request its key id and issuer. An API key: its value, or for an
 * HTTP Signature header (`keyid="..."`) the key id, since the signature changes with each request.
 */
import { createHash } from 'node:crypto';

/** @typedef {Record<string, any>} Json */

/** @param {string} text */
function fromBase64(text) {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** @param {string} token */
function jwtAccount(token) {
  const [header, payload] = token.split('.');
  try {
    const head = JSON.parse(fromBase64(header ?? ''));
    const body = JSON.parse(fromBase64(payload ?? ''));
    return `jwt:${head.kid ?? ''}:${body.iss ?? body.sub ?? ''}`;
  } catch {
    return token;
  }
}

/**
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {string} name
 */
function header(headers, name) {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The scope key of a request for an operation.
 * @param {Json} document
 * @param {Json} operation
 * @param {{ headers: Record<string, string | string[] | undefined>; query: Record<string, unknown> }} request
 */
export function scopeOf(document, operation, request) {
  const requirements = operation.security ?? document.security ?? [];
  const schemes = document.components?.securitySchemes ?? {};
  const names = [...new Set(requirements.flatMap((/** @type {Json} */ requirement) => Object.keys(requirement)))];
  /** @type {string[]} */
  const parts = [];
  for (const name of names) {
    const scheme = schemes[name];
    if (!scheme) continue;
    let part;
    if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      const authorization = header(request.headers, 'authorization') ?? '';
      const [kind, value = ''] = authorization.split(/\s+/, 2);
      if (/^basic$/i.test(kind ?? '')) part = `basic:${fromBase64(value).split(':')[0]}`;
      else if (/^bearer$/i.test(kind ?? '')) part = /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value) ? jwtAccount(value) : `bearer:${value}`;
    } else if (scheme.type === 'apiKey') {
      const value = scheme.in === 'query' ? request.query[scheme.name] : scheme.in === 'cookie' ? header(request.headers, 'cookie') : header(request.headers, scheme.name);
      const text = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
      part = text === undefined ? undefined : (/keyid="([^"]*)"/i.exec(text)?.[1] ?? text);
    }
    if (part !== undefined) parts.push(`${name}=${part}`);
  }
  return createHash('sha256').update(parts.sort().join('\n')).digest('hex');
}
