import { ConfigurationError } from './errors.js';

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** 10 MiB: far above any customer object or list page, far below what would hurt a process. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Timers hold 32-bit signed milliseconds; anything longer fires at once (about 24.8 days). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export const MAX_RETRIES = 10;
export const MAX_RESPONSE_BYTES = 2 ** 30;

/** Settings that a client sets for all its requests and a call may override. */
export interface RequestSettings {
  /** Retries after the first attempt for connection errors, timeouts, 408, 429 and 5xx (default 2, at most 10). */
  maxRetries?: number;
  /** Milliseconds one attempt may take, response body included (default 60 000, at most 2^31 - 1). */
  timeout?: number;
  /**
   * The largest response body accepted, in bytes (default 10 MiB, at most 1 GiB). A larger body
   * is not read further and fails the call with an `InvalidResponseError`, without a retry.
   */
  maxResponseBytes?: number;
}

/**
 * What a response that breaks its declared shape does (a body missing a required key, HTML from a
 * proxy where JSON was declared):
 * - `'throw'`: the call fails with an `InvalidResponseError`, which still carries the body, the
 *   `Response`, the request id and the idempotency key sent;
 * - `'report'`: a `response-mismatch` event goes to `log`, and the call returns what the server sent;
 * - `'off'`: no check.
 *
 * Unset, a read (`GET`, `HEAD`, `OPTIONS`) and any error status throw, and a write the server
 * accepted (a 2xx to `POST`, `PUT`, `PATCH` or `DELETE`) reports: its result, the id of what it
 * created, is never hidden behind an error a caller may answer by sending it again.
 */
export type ResponseCheck = 'throw' | 'report' | 'off';
const RESPONSE_CHECKS: readonly ResponseCheck[] = ['throw', 'report', 'off'];

/** The `responseCheck` option, checked; undefined when unset. */
export function checkResponseCheck(value: unknown, where: string): ResponseCheck | undefined {
  if (value === undefined) return undefined;
  if (!RESPONSE_CHECKS.includes(value as ResponseCheck)) throw new ConfigurationError('responseCheck', `${where}: \`responseCheck\` must be one of ${RESPONSE_CHECKS.map((c) => `'${c}'`).join(', ')}.`);
  return value as ResponseCheck;
}

/** Checks call or client settings, so that a typo fails loudly instead of retrying forever or timing out at once. */
export function checkSettings(settings: RequestSettings, where: string): void {
  const { maxRetries, timeout, maxResponseBytes } = settings;
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= MAX_RETRIES)) {
    throw new ConfigurationError('maxRetries', `${where}: \`maxRetries\` must be an integer from 0 to ${MAX_RETRIES}.`);
  }
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 1 && timeout <= MAX_TIMEOUT_MS)) {
    throw new ConfigurationError('timeout', `${where}: \`timeout\` must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`);
  }
  if (maxResponseBytes !== undefined && !(Number.isInteger(maxResponseBytes) && maxResponseBytes >= 1 && maxResponseBytes <= MAX_RESPONSE_BYTES)) {
    throw new ConfigurationError('maxResponseBytes', `${where}: \`maxResponseBytes\` must be an integer from 1 to ${MAX_RESPONSE_BYTES}.`);
  }
}
