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

/** RFC 9110 IMF-fixdate, the one HTTP-date form servers send: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms` (a non-negative decimal), or
 * `Retry-After` as RFC 9110 delay-seconds (digits only) or an IMF-fixdate. Anything else (`-1`,
 * `1.5`, `1, 2`, a date in another format) is unreadable: undefined, and the usual backoff applies.
 * May exceed `MAX_RETRY_AFTER_MS`.
 */
export function retryAfterDelay(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms !== undefined && /^\d{1,12}(\.\d{1,6})?$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d{1,12}$/.test(value)) return Number(value) * 1000;
  const date = IMF_FIXDATE.exec(value);
  if (!date) return undefined;
  const [, , day, month, year, hour, minute, second] = date;
  const at = Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hour), Number(minute), Number(second));
  // Date.UTC rolls 31 Feb over into March: such a date is not a date.
  if (new Date(at).getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  return Math.max(0, at - now);
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
