import type { Authenticator } from './auth.js';
import { ConfigurationError, ConnectionError, InvalidResponseError, pathOf, PayspecError, requestIdOf, TimeoutError, UserAbortError } from './errors.js';
import type { RequestEvent } from './logging.js';
import { BODY_HEADERS, isRedirect, nextHop, type Hop } from './redirects.js';
import { bufferResponse, capStream, checkSuccessBody, type ParseAs, type Where } from './response-body.js';
import { describeResponse, noteOf } from './result.js';
import { backoffDelay, isRepeatable, isRetryableStatus, MAX_RETRY_AFTER_MS, retryAfterDelay, sleep } from './retry.js';
import { isSecretHeader, redactHeaders, type Redactor } from './secrets.js';
import type { RequestSettings } from './settings.js';

export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type RequestSettings } from './settings.js';

export interface TransportOptions extends Required<RequestSettings> {
  fetch: (request: Request) => Promise<Response>;
  authenticate: Authenticator;
  /** Header names that carry this provider's credentials, besides the ones every API uses. */
  secretHeaders: ReadonlySet<string>;
  /** Knows the client's secret values, to scrub them from anything a server or library says. */
  redactor: Redactor;
  /** The header carrying an idempotency key, when the provider honours one. */
  idempotencyHeader: string | undefined;
  /** Never throws (see `safeLogger`). */
  log: (event: RequestEvent) => void;
  /** How the caller's openapi-fetch call will read a success body. */
  parseAs: ParseAs;
  /** The jitter source; tests pass a fixed one. */
  random?: () => number;
}

/**
 * Sends a request the way every payspec client does: authenticated (and re-signed) per attempt and
 * per redirect hop, each attempt bounded by the timeout including its body, retried with backoff
 * when that is safe, redirects followed only within the origin, the body read once under a size
 * cap, and reported to the logger without secrets. Returns the final response, whatever its status;
 * throws a `PayspecError` when there is none or it cannot be read as the call expects.
 */
export async function send(request: Request, options: TransportOptions): Promise<Response> {
  const method = request.method.toUpperCase();
  const path = pathOf(request.url);
  // Read once: every attempt re-sends (and re-signs) exactly these bytes.
  const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  const callerSignal = request.signal;
  const repeatable = isRepeatable(method, request.headers, options.idempotencyHeader);
  const maxAttempts = 1 + (repeatable ? options.maxRetries : 0);
  // This call's own copy: it also learns the signatures and tokens each hop sends.
  options = { ...options, redactor: options.redactor.with([]) };

  for (let attempt = 1; ; attempt++) {
    const where: Where = { method, path, attempts: attempt };
    const started = Date.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), options.timeout);
    const signal = AbortSignal.any([callerSignal, timeout.signal]);
    let failure: PayspecError;
    try {
      const raw = await sendFollowingRedirects(request, { method, url: request.url, body }, signal, attempt, options);
      let response: Response;
      if (options.parseAs === 'stream' && raw.ok) {
        // A stream is the caller's to read: the cap still applies, the timeout covers the headers.
        response = capStream(raw, options.maxResponseBytes, where);
      } else {
        // The body is read inside the timeout too: a server may send headers and then stall.
        response = await bufferResponse(raw, options.maxResponseBytes, options.redactor, where);
      }
      const note = noteOf(raw);
      if (note) describeResponse(response, { note });
      clearTimeout(timer);
      const durationMs = Date.now() - started;
      const retryIn = attempt < maxAttempts && isRetryableStatus(response.status) ? retryDelay(response, attempt, options) : undefined;
      options.log({
        type: 'response', method, path, attempt, status: response.status, durationMs, requestId: requestIdOf(response),
        ...(retryIn === undefined ? {} : { retryInMs: retryIn }),
      });
      if (retryIn === undefined) {
        await checkSuccessBody(response, options.parseAs, options.redactor, where);
        return response;
      }
      await wait(retryIn, callerSignal, where);
      continue;
    } catch (error) {
      clearTimeout(timer);
      // Not a transport failure: a bad body, a bad `fetch` option, the caller's abort while waiting.
      if (error instanceof InvalidResponseError || error instanceof UserAbortError || error instanceof ConfigurationError) throw error;
      failure = classify(error, { ...where, timeout: options.timeout }, callerSignal, timeout.signal, options.redactor);
    }
    const retryIn = failure.kind !== 'abort' && attempt < maxAttempts ? backoffDelay(attempt - 1, options.random) : undefined;
    options.log({
      type: 'error', method, path, attempt, durationMs: Date.now() - started, kind: failure.kind, message: failure.message,
      ...(retryIn === undefined ? {} : { retryInMs: retryIn }),
    });
    if (retryIn === undefined) throw failure;
    await wait(retryIn, callerSignal, where);
  }
}

/** One attempt: the request and any same-origin redirects, each hop authenticated for its own target. */
async function sendFollowingRedirects(request: Request, first: Hop, signal: AbortSignal, attempt: number, options: TransportOptions): Promise<Response> {
  const origin = new URL(request.url).origin;
  // The caller may ask for redirects as they are ('manual') or for none ('error'); 'follow' means our policy.
  const mode = request.redirect;
  let hop = first;
  for (let hops = 0; ; hops++) {
    const headers = new Headers(request.headers);
    if (hop.body === undefined && first.body !== undefined) for (const name of BODY_HEADERS) headers.delete(name);
    await authenticate(hop, headers, options);
    options.log({ type: 'request', method: hop.method, path: pathOf(hop.url), attempt, headers: redactHeaders(headers, options.secretHeaders) });
    const response = await callFetch(options, new Request(hop.url, { method: hop.method, headers, body: hop.body ?? null, signal, redirect: 'manual' }));
    if (response.type === 'opaqueredirect') {
      // Browsers hide the target of a manual redirect: there is nothing safe to follow.
      throw new InvalidResponseError('the server redirected, and this environment does not disclose where to; the redirect was not followed', {
        method: hop.method, path: pathOf(hop.url), attempts: attempt, status: 0, bodySnippet: '',
      });
    }
    if (!isRedirect(response.status) || mode === 'manual') return response;
    if (mode === 'error') {
      await response.body?.cancel().catch(() => undefined);
      throw new ConfigurationError('redirect', `${hop.method} ${pathOf(hop.url)}: the server redirected and the call set \`redirect: 'error'\`.`);
    }
    const decision = nextHop(response, hop, origin, hops);
    if ('refused' in decision) {
      describeResponse(response, { note: decision.refused });
      return response;
    }
    await response.body?.cancel().catch(() => undefined);
    options.log({
      type: 'redirect', method: hop.method, path: pathOf(hop.url), attempt, status: response.status, location: pathOf(decision.next.url),
    });
    hop = decision.next;
  }
}

async function authenticate(hop: Hop, headers: Headers, options: TransportOptions): Promise<void> {
  try {
    await options.authenticate({ method: hop.method, url: hop.url, headers, body: hop.body });
  } catch (error) {
    // A signer that cannot sign (an unreadable private key) is a configuration problem. Library
    // messages are scrubbed of the client's secrets before they go anywhere.
    if (error instanceof PayspecError) throw error;
    const reason = error instanceof Error ? options.redactor.text(error.message) : 'unknown error';
    throw new ConfigurationError('credentials', `${hop.method} ${pathOf(hop.url)}: the request could not be authenticated: ${reason}`);
  }
  // The headers of this hop are secrets too: a server echoing its own Authorization back gets it scrubbed.
  headers.forEach((value, name) => {
    if (isSecretHeader(name, options.secretHeaders)) options.redactor.add(value);
  });
}

async function callFetch(options: TransportOptions, request: Request): Promise<Response> {
  const response: unknown = await options.fetch(request);
  if (!(response instanceof Response)) {
    throw new ConfigurationError('fetch', `${request.method} ${pathOf(request.url)}: the \`fetch\` option must resolve to a Response.`);
  }
  return response;
}

/** How long to wait before the next attempt, or undefined when the provider asks for too long. */
function retryDelay(response: Response, attempt: number, options: TransportOptions): number | undefined {
  const asked = retryAfterDelay(response.headers);
  if (asked === undefined) return backoffDelay(attempt - 1, options.random);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

async function wait(ms: number, signal: AbortSignal, where: Where): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (reason) {
    throw new UserAbortError('aborted by the caller while waiting to retry', { ...where, cause: reason });
  }
}

function classify(error: unknown, where: Where & { timeout: number }, callerSignal: AbortSignal, timeoutSignal: AbortSignal, redactor: Redactor): PayspecError {
  if (callerSignal.aborted) return new UserAbortError('aborted by the caller', { ...where, cause: callerSignal.reason });
  const plural = where.attempts > 1 ? 's' : '';
  if (timeoutSignal.aborted) {
    return new TimeoutError(`no complete response within ${where.timeout} ms (${where.attempts} attempt${plural})`, where);
  }
  // undici puts the useful part (ECONNRESET, ECONNREFUSED, ...) in `cause`; a custom fetch may say anything, so scrub it.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const text = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  const reason = redactor.text(text.slice(0, 200));
  return new ConnectionError(`connection failed (${reason}) after ${where.attempts} attempt${plural}`, { ...where, cause: scrubbedCause(error, redactor) });
}

/**
 * The error `fetch` threw, kept as `cause` for diagnosis unless it mentions a secret anywhere (a
 * custom `fetch` may put the request or its headers into its error); then a plain scrubbed copy.
 */
function scrubbedCause(error: unknown, redactor: Redactor): unknown {
  if (!mentionsSecret(error, redactor, 0, new Set())) return error;
  const copy = new Error(redactor.text(error instanceof Error ? error.message : String(error)));
  copy.name = error instanceof Error ? error.name : 'Error';
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

function mentionsSecret(value: unknown, redactor: Redactor, depth: number, seen: Set<object>): boolean {
  if (typeof value === 'string') return redactor.finds(value);
  if (value instanceof Headers) return [...value.values()].some((v) => redactor.finds(v));
  if (value === null || typeof value !== 'object' || depth > 4 || seen.has(value)) return false;
  seen.add(value);
  if (value instanceof Error && (redactor.finds(value.message) || redactor.finds(value.stack ?? ''))) return true;
  const keys = [...Object.getOwnPropertyNames(value), ...(value instanceof Error ? ['cause'] : [])];
  return keys.some((key) => {
    try {
      return mentionsSecret((value as Record<string, unknown>)[key], redactor, depth + 1, seen);
    } catch {
      return true;
    }
  });
}
