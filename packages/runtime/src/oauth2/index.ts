// `@payspec/runtime/oauth2`: OAuth 2.0 client credentials (RFC 6749 §4.4), for the generated
// packages whose spec declares a `clientCredentials` flow. Other packages never import it.
import { base64, type Authenticator, type OAuth2Client, type OAuth2Module, type OAuth2Scheme, type OutgoingRequest } from '../core/auth/auth.js';
import { ApiError, ConfigurationError, InvalidResponseError, pathOf } from '../core/errors.js';
import { headerValueProblem } from '../core/secrets.js';

/** A token is dropped this long before the `expires_in` it came with (a tenth of short lifetimes). */
export const EXPIRY_MARGIN_MS = 60_000;

/** What the token authenticator of one scheme of one client works with. */
export interface TokenAuthenticatorInit {
  provider: string;
  scheme: OAuth2Scheme;
  clientId: string;
  clientSecret: string;
  /** The token endpoint, absolute. */
  tokenUrl: string;
  send: OAuth2Client['send'];
  redact(value: string): void;
  /** Where the token is kept: shared with the clients `withOptions` derives, when they have the same credentials. */
  store?: object;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

interface Token {
  accessToken: string;
  /** `Bearer <access token>`, as sent. */
  header: string;
  /** When to fetch a new one (milliseconds, the clock of `now`); Infinity without `expires_in`. */
  refreshAt: number;
}

/**
 * The authenticator of one OAuth 2.0 scheme of one client: fetches an access token with the client
 * credentials grant when a request needs one, keeps it until shortly before it expires, and sends
 * it as `Authorization: Bearer`. Concurrent requests share one token request. After a 401 it drops
 * the token the request carried, so the request (sent once more by the transport) gets a new one.
 * A request that already carries an `Authorization` header of the caller's is left alone.
 */
export function createTokenAuthenticator(init: TokenAuthenticatorInit): Authenticator {
  const now = init.now ?? Date.now;
  // Shared with the clients `withOptions` derives, which may have fetched the token themselves.
  const cache = (init.store ?? {}) as { current?: Token; pending?: Promise<Token> };
  // The value this authenticator put on each request's headers, to tell it from the caller's own.
  const ours = new WeakMap<Headers, string>();
  // The last token this client's redactor was told about.
  let redacted: Token | undefined;

  const token = async (): Promise<Token> => {
    let found = cache.current && now() < cache.current.refreshAt ? cache.current : undefined;
    if (!found) {
      cache.pending ??= fetchToken(init, now).then(
        (fetched) => {
          cache.pending = undefined;
          return (cache.current = fetched);
        },
        (error: unknown) => {
          cache.pending = undefined;
          throw error;
        },
      );
      found = await cache.pending;
    }
    if (found !== redacted) init.redact((redacted = found).accessToken);
    return found;
  };

  const authenticate: Authenticator = async (request: OutgoingRequest) => {
    const existing = request.headers.get('authorization');
    if (existing !== null && existing !== ours.get(request.headers)) return;
    const { header } = await token();
    request.headers.set('authorization', header);
    ours.set(request.headers, header);
  };
  authenticate.renew = (request) => {
    const sent = request.headers.get('authorization');
    if (sent === null || sent !== ours.get(request.headers)) return false;
    // Several requests refused with the same token drop it once; the next one fetches a new token for all.
    if (cache.current?.header === sent) cache.current = undefined;
    return true;
  };
  return authenticate;
}

/** `application/x-www-form-urlencoded` encoding of one value, as RFC 6749 §2.3.1 asks for the Basic user name and password. */
function formEncoded(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

async function fetchToken(init: TokenAuthenticatorInit, now: () => number): Promise<Token> {
  const { scheme, clientId, clientSecret, tokenUrl } = init;
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scheme.scopes && scheme.scopes.length > 0) body.set('scope', scheme.scopes.join(' '));
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
  // The forms the secret takes in this request are secrets too (the transport adds the Basic header itself).
  init.redact(formEncoded(clientSecret));
  if (scheme.clientAuthentication === 'body') {
    body.set('client_id', clientId);
    body.set('client_secret', clientSecret);
  } else {
    headers.set('authorization', `Basic ${base64(`${formEncoded(clientId)}:${formEncoded(clientSecret)}`)}`);
  }
  const started = now();
  const response = await init.send({ url: tokenUrl, headers, body: body.toString() });
  const where = { method: 'POST', path: pathOf(tokenUrl), attempts: 1 };
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const record = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  // Known as soon as it arrives, so that no error or log built from here on can carry it.
  if (typeof record?.access_token === 'string') init.redact(record.access_token);
  if (!response.ok) {
    // The transport scrubbed the body of the client's secrets; RFC 6749 §5.2: `error`, `error_description`.
    throw ApiError.fromResponse(response, record ?? (text === '' ? undefined : text), {
      request: { method: 'POST', url: tokenUrl },
      note: `the OAuth 2.0 token request of ${init.provider} was refused`,
    });
  }
  // A body that may hold a token is never quoted: the errors below carry no snippet.
  const invalid = (why: string) => new InvalidResponseError(`the OAuth 2.0 token response ${why}`, { ...where, status: response.status, bodySnippet: '' });
  if (!record) throw invalid('is not a JSON object');
  const accessToken = record.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw invalid('has no `access_token`');
  const problem = headerValueProblem(accessToken);
  if (problem) throw invalid(`has an \`access_token\` that ${problem}`);
  const type = record.token_type;
  // RFC 6749 §5.1 requires token_type; some servers leave it out, and it can only mean Bearer then.
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer')) throw invalid('has a `token_type` other than Bearer');
  const expiresIn = record.expires_in;
  const seconds = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' && /^-?\d+(\.\d+)?$/.test(expiresIn) ? Number(expiresIn) : undefined;
  // Counted from when the request was sent: the server's clock started no earlier. Without
  // `expires_in` the token lasts until a 401; with one of 0 or less (or one that is not a
  // number) it is expired already: used for the request that asked for it, never kept.
  let refreshAt: number;
  if (expiresIn === undefined || expiresIn === null) refreshAt = Infinity;
  else if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) refreshAt = -Infinity;
  else refreshAt = started + seconds * 1000 - Math.min(EXPIRY_MARGIN_MS, (seconds * 1000) / 10);
  return { accessToken, header: `Bearer ${accessToken}`, refreshAt };
}

/** A token store and what its token was fetched with, to tell whether a derived client may keep it. */
interface Stored {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  fetch: unknown;
  store: object;
}

/**
 * The token authenticator of each OAuth 2.0 scheme of a client (one per scheme, so its token is
 * shared by every call). The token endpoint is the `tokenUrl` option (or its variable), else the
 * spec's, resolved against the client's base URL. A client made by `withOptions` keeps its
 * parent's token when the client credentials, the token endpoint and `fetch` are the same.
 */
function authenticators(client: OAuth2Client): (scheme: OAuth2Scheme) => Authenticator {
  const { provider, credentials, baseUrl } = client;
  if (client.tokenUrl !== undefined) checkTokenUrl(provider, client.tokenUrl, baseUrl);
  const made = new Map<OAuth2Scheme, Authenticator>();
  return (scheme) => {
    let authenticator = made.get(scheme);
    if (!authenticator) {
      const clientId = credentials[scheme.options.clientId] as string;
      const clientSecret = credentials[scheme.options.clientSecret] as string;
      const tokenUrl = checkTokenUrl(provider, client.tokenUrl ?? scheme.tokenUrl, baseUrl);
      const parent = client.stores.parent?.get(scheme) as Stored | undefined;
      const same = parent && parent.clientId === clientId && parent.clientSecret === clientSecret && parent.tokenUrl === tokenUrl && parent.fetch === client.fetch;
      const store = same ? parent.store : {};
      client.stores.own.set(scheme, { clientId, clientSecret, tokenUrl, fetch: client.fetch, store } satisfies Stored);
      made.set(scheme, (authenticator = createTokenAuthenticator({ provider, scheme, clientId, clientSecret, tokenUrl, send: client.send, redact: client.redact, store })));
    }
    return authenticator;
  };
}

/** The token endpoint as an absolute http(s) URL without user info or fragment; the messages never quote it. */
function checkTokenUrl(provider: string, value: unknown, baseUrl: string): string {
  const fail = (why: string): never => {
    throw new ConfigurationError('tokenUrl', `${provider}: \`tokenUrl\` ${why}.`);
  };
  if (typeof value !== 'string' || value === '') return fail('must be a non-empty string');
  let url: URL | undefined;
  try {
    url = new URL(value, baseUrl);
  } catch {
    return fail('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('must use http or https');
  if (url.username || url.password) fail('must not contain a user name or password: pass the client credentials as their own options');
  if (url.hash || value.includes('#')) fail('must not contain a fragment (`#...`)');
  return url.href;
}

/** What a generated package passes to its client as `definition.oauth2`. */
export const oauth2ClientCredentials: OAuth2Module = { authenticators };
