/** When and how long to wait before trying a request again. */

/** Methods that are safe to send twice (RFC 9110 idempotent methods). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** 408 Request Timeout, 429 Too Many Requests and every 5xx may succeed when tried again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether a request may be sent again: idempotent methods always; POST and PATCH only when the
 * provider honours an idempotency key and the request carries one (the provider then answers a
 * repeat with the first result instead of acting twice).
 */
export function isRepeatable(method: string, headers: Headers, idempotencyHeader: string | undefined): boolean {
  if (IDEMPOTENT_METHODS.has(method.toUpperCase())) return true;
  return idempotencyHeader !== undefined && headers.has(idempotencyHeader);
}

export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is not waited out: the error goes back to the caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff (0.5 s, 1 s, 2 s, ... capped at 8 s) with up to 25% jitter, so that many
 * clients failing together do not retry in lockstep.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - random() * 0.25));
}

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms`, or `Retry-After` in seconds or
 * as an HTTP date. Undefined when absent or unreadable; may exceed `MAX_RETRY_AFTER_MS`.
 */
export function retryAfterDelay(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
