import type { Authenticator, OutgoingRequest } from '../auth/auth.js';
import { ConfigurationError, ConnectionError, InvalidResponseError, pathOf, PayspecError, TimeoutError, UserAbortError } from '../errors.js';
import type { RequestEvent } from '../logging.js';
import { BODY_HEADERS, isRedirect, nextHop, type Hop } from './redirects.js';
import { PlainRequest, requestBytes } from './plain-request.js';
import { capStream, readResponse, type ParseAs, type Where } from './response-body.js';
import { describeResponse, noteOf } from '../client/result.js';
import { backoffDelay, isRepeatable, isRetryableStatus, MAX_RETRY_AFTER_MS, retryAfterDelay, sleep } from './retry.js';
import { isSecretHeader, redactHeaders, type Redactor } from '../secrets.js';
import type { RequestSettings } from '../settings.js';

export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type RequestSettings } from '../settings.js';

export interface TransportOptions extends Required<RequestSettings> {
  /** Sends one attempt. The client adapts a caller's `fetch(request)` to this, or calls the global fetch directly. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  authenticate: Authenticator;
  /** Header names that carry this provider's credentials, besides the ones every API uses. */
  secretHeaders: ReadonlySet<string>;
  /** Knows the client's secret values, to scrub them from anything a server or library says. */
  redactor: Redactor;
  /** The header carrying an idempotency key, when the provider honours one: a call of any method that sends it may be retried. */
  idempotencyHeader: string | undefined;
  /** Response headers that carry the provider's request id, most specific first (lower case). */
  requestIdHeaders: readonly string[];
  /** Never throws (see `safeLogger`); absent when the client has no logger, so no event is built. */
  log?: ((event: RequestEvent) => void) | undefined;
  /** How the caller's openapi-fetch call will read a success body. */
  parseAs: ParseAs;
  /** The jitter source; tests pass a fixed one. */
  random?: () => number;
  /**
   * Retry whatever the method: a call that carries an idempotency key (in a header or its body), or
   * an OAuth 2.0 token request, which changes nothing on the server.
   */
  repeatable?: boolean;
}

const NO_BODY = { bytes: undefined, contentType: undefined };

/** What every attempt of a call shares: the request as given, and what was sent and learned so far. */
interface Call {
  request: PlainRequest | Request;
  method: string;
  path: string;
  body: Uint8Array<ArrayBuffer> | undefined;
  /** Set for a multipart body, whose boundary only the serialization knows. */
  contentType: string | undefined;
  /** The caller's signal, when the call was given one. */
  signal: AbortSignal | undefined;
  options: TransportOptions;
  /** Secret header values this call sent (signatures, tokens): scrubbed from errors too. */
  sent: string[];
  /** What the last hop sent, for the authenticator to look at after a 401. */
  lastRequest?: OutgoingRequest;
}

/**
 * Sends a request the way every payspec client does: authenticated (and re-signed) per attempt and
 * per redirect hop, each attempt bounded by the timeout including its body, retried with backoff
 * when that is safe, redirects followed only within the origin, the body read once under a size
 * cap, and reported to the logger without secrets. Returns the final response, whatever its status;
 * throws a `PayspecError` when there is none or it cannot be read as the call expects.
 */
export async function send(request: PlainRequest | Request, options: TransportOptions): Promise<Response> {
  const method = request.method.toUpperCase();
  // Read once: every attempt re-sends (and re-signs) exactly these bytes.
  const { bytes, contentType } = request instanceof PlainRequest && request.body === null ? NO_BODY : await requestBytes(request);
  const call: Call = {
    request,
    method,
    path: pathOf(request.url),
    body: bytes,
    contentType,
    // A real Request always has a signal; openapi-fetch's own requests carry one only when the caller gave it.
    signal: request.signal ?? undefined,
    options,
    sent: [],
  };
  const repeatable = options.repeatable === true || isRepeatable(method, request.headers, options.idempotencyHeader);
  let maxAttempts = 1 + (repeatable ? options.maxRetries : 0);
  // A 401 to a request whose credential the authenticator then replaced (an expired OAuth 2.0
  // token) is sent once more, whatever the method: the server did not act on it.
  let renewed = false;
  const redactor = () => options.redactor.with(call.sent);

  for (let attempt = 1; ; attempt++) {
    const where: Where = { method, path: call.path, attempts: attempt };
    const started = Date.now();
    const timeout = new AbortController();
    // Armed once the request is authenticated: waiting for an OAuth 2.0 token (which has its own
    // timeout) does not count against the attempt.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => void (timer ??= setTimeout(abort, options.timeout, timeout));
    // Only a caller's signal needs combining: most calls have none.
    const signal = call.signal ? AbortSignal.any([call.signal, timeout.signal]) : timeout.signal;
    let failure: PayspecError;
    try {
      const raw = await sendFollowingRedirects(call, signal, attempt, arm);
      // A stream is the caller's to read: the cap still applies, the timeout covers the headers.
      // Anything else is read here, inside the timeout: a server may send headers and then stall.
      const response = options.parseAs === 'stream' && raw.ok ? capStream(raw, options.maxResponseBytes, where) : await readResponse(raw, options.maxResponseBytes, options.parseAs, where, redactor);
      const note = noteOf(raw);
      // A request id is quoted in errors and log events: an echoed credential there is scrubbed.
      const rawId = requestIdFrom(response.headers, options.requestIdHeaders);
      const requestId = rawId === undefined ? undefined : redactor().text(rawId);
      // What errors built from this response later need: the request (openapi-fetch does not hand
      // it back), and the secrets this call sent, to scrub what of a success goes into an error
      // (made only then: most responses never need them).
      describeResponse(response, { request: { method, url: request.url }, requestId, attempt, redactor, ...(note ? { note } : {}) });
      clearTimeout(timer);
      const renew = response.status === 401 && !renewed && options.authenticate.renew && call.lastRequest ? options.authenticate.renew(call.lastRequest) : false;
      if (renew) {
        renewed = true;
        maxAttempts++;
      }
      const retryIn = renew ? 0 : attempt < maxAttempts && isRetryableStatus(response.status) ? retryDelay(response, attempt, options) : undefined;
      if (options.log) {
        options.log({
          type: 'response', method, path: call.path, attempt, status: response.status, durationMs: Date.now() - started, requestId,
          ...(retryIn === undefined ? {} : { retryInMs: retryIn }),
        });
      }
      if (retryIn === undefined) return response;
      if (!renew) await wait(retryIn, call.signal, where);
      continue;
    } catch (error) {
      clearTimeout(timer);
      // Not a transport failure of this attempt: a bad body, a bad `fetch` option, the caller's abort
      // while waiting, or a credential that could not be had (an OAuth 2.0 token request that failed
      // after its own retries).
      if (error instanceof PayspecError) throw error;
      failure = classify(error, { ...where, timeout: options.timeout }, call.signal, timeout.signal, redactor());
    }
    const retryIn = failure.kind !== 'abort' && attempt < maxAttempts ? backoffDelay(attempt - 1, options.random) : undefined;
    options.log?.({
      type: 'error', method, path: call.path, attempt, durationMs: Date.now() - started, kind: failure.kind, message: failure.message,
      ...(retryIn === undefined ? {} : { retryInMs: retryIn }),
    });
    if (retryIn === undefined) throw failure;
    await wait(retryIn, call.signal, where);
  }
}

const abort = (controller: AbortController) => controller.abort();

/** The first of the provider's request-id headers the response carries. */
function requestIdFrom(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** One attempt: the request and any same-origin redirects, each hop authenticated for its own target. */
async function sendFollowingRedirects(call: Call, signal: AbortSignal, attempt: number, arm: () => void): Promise<Response> {
  const { request, options } = call;
  // The caller may ask for redirects as they are ('manual') or for none ('error'); 'follow' means our policy.
  const mode = request.redirect;
  const init = request instanceof PlainRequest ? request.init : {};
  let hop: Hop = { method: call.method, url: request.url, body: call.body };
  for (let hops = 0; ; hops++) {
    // The call's own headers object (openapi-fetch built it for this call alone): authentication only
    // adds or replaces its own headers, so every attempt and hop can start from it again.
    const headers = request instanceof PlainRequest ? request.headers : new Headers(request.headers);
    if (hop.body === undefined && call.body !== undefined) for (const name of BODY_HEADERS) headers.delete(name);
    else if (call.contentType) headers.set('content-type', call.contentType);
    const authenticating = authenticate(hop, headers, call, attempt);
    if (authenticating) await authenticating;
    arm();
    options.log?.({ type: 'request', method: hop.method, path: pathOf(hop.url), attempt, headers: redactHeaders(headers, options.secretHeaders) });
    const response: unknown = await options.fetch(hop.url, { ...init, method: hop.method, headers, body: hop.body ?? null, signal, redirect: 'manual' });
    if (!(response instanceof Response)) {
      throw new ConfigurationError('fetch', `${hop.method} ${pathOf(hop.url)}: the \`fetch\` option must resolve to a Response.`);
    }
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
    const decision = nextHop(response, hop, new URL(request.url).origin, hops);
    if ('refused' in decision) {
      describeResponse(response, { note: decision.refused });
      return response;
    }
    await response.body?.cancel().catch(() => undefined);
    options.log?.({
      type: 'redirect', method: hop.method, path: pathOf(hop.url), attempt, status: response.status, location: pathOf(decision.next.url),
    });
    hop = decision.next;
  }
}

/** Authenticates one hop: synchronously when the authenticator is (fixed headers), else a promise. */
function authenticate(hop: Hop, headers: Headers, call: Call, attempt: number): Promise<void> | void {
  const { options, signal } = call;
  const outgoing: OutgoingRequest = { method: hop.method, url: hop.url, headers, body: hop.body };
  call.lastRequest = outgoing;
  let signing: void | Promise<void> = undefined;
  try {
    // An aborted call asks for nothing (no OAuth 2.0 token request), and stops waiting for a
    // credential (a token another call may still be fetching) as soon as the caller aborts.
    if (signal?.aborted) throw signal.reason;
    signing = options.authenticate(outgoing);
  } catch (error) {
    authenticationFailed(error, hop, call, attempt);
  }
  if (!signing) return rememberSecrets(headers, call);
  return (signal ? untilAborted(signing, signal) : signing).then(
    () => rememberSecrets(headers, call),
    (error: unknown) => authenticationFailed(error, hop, call, attempt),
  );
}

/** The headers of this hop are secrets too: a server echoing its own Authorization back gets it scrubbed. */
function rememberSecrets(headers: Headers, call: Call): void {
  headers.forEach((value, name) => {
    if (secretName(name, call.options.secretHeaders)) call.sent.push(value);
  });
}

function authenticationFailed(error: unknown, hop: Hop, call: Call, attempt: number): never {
  const { signal } = call;
  if (signal?.aborted) {
    throw new UserAbortError('aborted by the caller before the request was sent', { method: hop.method, path: pathOf(hop.url), attempts: attempt, cause: signal.reason });
  }
  // A signer that cannot sign (an unreadable private key) is a configuration problem. Library
  // messages are scrubbed of the client's secrets before they go anywhere.
  if (error instanceof PayspecError) throw error;
  const reason = error instanceof Error ? call.options.redactor.with(call.sent).text(error.message) : 'unknown error';
  throw new ConfigurationError('credentials', `${hop.method} ${pathOf(hop.url)}: the request could not be authenticated: ${reason}`);
}

/** `work`, or the signal's reason as soon as it aborts (`work` goes on: another call may share it). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

// Whether a header name is secret, decided once per name and set of provider headers.
const secretNames = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();
function secretName(name: string, extra: ReadonlySet<string>): boolean {
  let known = secretNames.get(extra);
  if (!known) secretNames.set(extra, (known = new Map()));
  let secret = known.get(name);
  if (secret === undefined) known.set(name, (secret = isSecretHeader(name, extra)));
  return secret;
}

/** How long to wait before the next attempt, or undefined when the provider asks for too long. */
function retryDelay(response: Response, attempt: number, options: TransportOptions): number | undefined {
  const asked = retryAfterDelay(response.headers);
  if (asked === undefined) return backoffDelay(attempt - 1, options.random);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

async function wait(ms: number, signal: AbortSignal | undefined, where: Where): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (reason) {
    throw new UserAbortError('aborted by the caller while waiting to retry', { ...where, cause: reason });
  }
}

function classify(error: unknown, where: Where & { timeout: number }, callerSignal: AbortSignal | undefined, timeoutSignal: AbortSignal, redactor: Redactor): PayspecError {
  if (callerSignal?.aborted) return new UserAbortError('aborted by the caller', { ...where, cause: callerSignal.reason });
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
