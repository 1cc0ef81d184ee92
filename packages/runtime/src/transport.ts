import type { Authenticator } from './auth.js';
import { ConfigurationError, ConnectionError, InvalidResponseError, pathOf, PayspecError, requestIdOf, TimeoutError, UserAbortError } from './errors.js';
import { redactHeaders, type RequestLogger } from './logging.js';
import { backoffDelay, isRepeatable, isRetryableStatus, MAX_RETRY_AFTER_MS, retryAfterDelay, sleep } from './retry.js';

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Settings that a client sets for all its requests and a call may override. */
export interface RequestSettings {
  /** Retries after the first attempt for connection errors, timeouts, 408, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** Milliseconds one attempt may take, response body included (default 60 000). */
  timeout?: number;
}

export interface TransportOptions extends Required<RequestSettings> {
  fetch: (request: Request) => Promise<Response>;
  authenticate: Authenticator;
  /** Header names to redact from log events besides the usual credential headers. */
  secretHeaders: readonly string[];
  /** The header carrying an idempotency key, when the provider honours one. */
  idempotencyHeader: string | undefined;
  log: RequestLogger | undefined;
  /** The jitter source; tests pass a fixed one. */
  random?: () => number;
}

/** Checks call or client settings, so that a typo fails loudly instead of retrying forever. */
export function checkSettings(settings: RequestSettings, where: string): void {
  const { maxRetries, timeout } = settings;
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10)) {
    throw new ConfigurationError('maxRetries', `${where}: \`maxRetries\` must be an integer from 0 to 10.`);
  }
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout))) {
    throw new ConfigurationError('timeout', `${where}: \`timeout\` must be a positive number of milliseconds.`);
  }
}

/**
 * Sends a request the way every payspec client does: authenticated (and re-signed) per attempt,
 * each attempt bounded by the timeout including its body, retried with backoff when that is safe,
 * and reported to the logger without secrets. Returns the final response, whatever its status;
 * throws a `PayspecError` when there is none.
 */
export async function send(request: Request, options: TransportOptions): Promise<Response> {
  const method = request.method.toUpperCase();
  const path = pathOf(request.url);
  // Read once: every attempt re-sends (and re-signs) exactly these bytes.
  const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  const callerSignal = request.signal;
  const repeatable = isRepeatable(method, request.headers, options.idempotencyHeader);
  const maxAttempts = 1 + (repeatable ? options.maxRetries : 0);

  for (let attempt = 1; ; attempt++) {
    const headers = new Headers(request.headers);
    try {
      await options.authenticate({ method, url: request.url, headers, body });
    } catch (error) {
      // A signer that cannot sign (an unreadable private key) is a configuration problem; its message holds no key material.
      if (error instanceof PayspecError) throw error;
      throw new ConfigurationError('credentials', `${method} ${path}: the request could not be authenticated: ${(error as Error).message}`);
    }
    options.log?.({ type: 'request', method, path, attempt, headers: redactHeaders(headers, options.secretHeaders) });

    const started = Date.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), options.timeout);
    const signal = AbortSignal.any([callerSignal, timeout.signal]);
    let failure: PayspecError;
    try {
      const response = await options.fetch(
        new Request(request.url, { method, headers, body: body ?? null, signal, redirect: request.redirect }),
      );
      // The body is read inside the timeout too: a server may send headers and then stall.
      const text = await response.clone().text();
      clearTimeout(timer);
      const durationMs = Date.now() - started;
      const retryIn = attempt < maxAttempts && isRetryableStatus(response.status) ? retryDelay(response, attempt, options) : undefined;
      options.log?.({
        type: 'response', method, path, attempt, status: response.status, durationMs, requestId: requestIdOf(response),
        ...(retryIn === undefined ? {} : { retryInMs: retryIn }),
      });
      if (retryIn === undefined) {
        checkBody(response, text, { method, path, attempts: attempt });
        return response;
      }
      await wait(retryIn, callerSignal, { method, path, attempts: attempt });
      continue;
    } catch (error) {
      clearTimeout(timer);
      if (error instanceof InvalidResponseError || error instanceof UserAbortError) throw error;
      failure = classify(error, { method, path, attempts: attempt, timeout: options.timeout }, callerSignal, timeout.signal);
    }
    const retryIn = failure.kind !== 'abort' && attempt < maxAttempts ? backoffDelay(attempt - 1, options.random) : undefined;
    options.log?.({
      type: 'error', method, path, attempt, durationMs: Date.now() - started, kind: failure.kind, message: failure.message,
      ...(retryIn === undefined ? {} : { retryInMs: retryIn }),
    });
    if (retryIn === undefined) throw failure;
    await wait(retryIn, callerSignal, { method, path, attempts: attempt });
  }
}

/** How long to wait before the next attempt, or undefined when the provider asks for too long. */
function retryDelay(response: Response, attempt: number, options: TransportOptions): number | undefined {
  const asked = retryAfterDelay(response.headers);
  if (asked === undefined) return backoffDelay(attempt - 1, options.random);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

async function wait(ms: number, signal: AbortSignal, where: { method: string; path: string; attempts: number }): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (reason) {
    throw new UserAbortError('aborted by the caller while waiting to retry', { ...where, cause: reason });
  }
}

function classify(
  error: unknown,
  where: { method: string; path: string; attempts: number; timeout: number },
  callerSignal: AbortSignal,
  timeoutSignal: AbortSignal,
): PayspecError {
  if (callerSignal.aborted) return new UserAbortError('aborted by the caller', { ...where, cause: callerSignal.reason });
  if (timeoutSignal.aborted) {
    return new TimeoutError(`no complete response within ${where.timeout} ms (${where.attempts} attempt${where.attempts > 1 ? 's' : ''})`, where);
  }
  // undici puts the useful part (ECONNRESET, ECONNREFUSED, ...) in `cause`.
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ConnectionError(`connection failed (${reason}) after ${where.attempts} attempt${where.attempts > 1 ? 's' : ''}`, { ...where, cause: error });
}

/** A success status promises a readable body: malformed or missing JSON is an error, not `undefined`. */
function checkBody(response: Response, text: string, where: { method: string; path: string; attempts: number }): void {
  if (!response.ok || response.status === 204 || response.status === 205 || where.method === 'HEAD') return;
  const type = response.headers.get('content-type') ?? '';
  if (!/[/+]json\b/i.test(type)) return;
  const snippet = text.slice(0, 200);
  if (text.trim() === '') {
    throw new InvalidResponseError(`${response.status} declared ${type} but the body is empty`, { ...where, status: response.status, bodySnippet: snippet });
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InvalidResponseError(`${response.status} body is not valid JSON`, { ...where, status: response.status, bodySnippet: snippet, cause: error });
  }
}
