/** What a client reports about each attempt of a request, for logs and metrics. */

/**
 * One event per attempt and outcome. It never holds a secret: headers that carry credentials or
 * signatures are replaced by `[redacted]`, and paths carry no query string.
 */
export type RequestEvent =
  | {
      type: 'request';
      method: string;
      path: string;
      /** 1 for the first attempt, 2 for the first retry, ... */
      attempt: number;
      /** The request headers as sent, credentials redacted. */
      headers: Record<string, string>;
    }
  | {
      type: 'response';
      method: string;
      path: string;
      attempt: number;
      status: number;
      durationMs: number;
      requestId: string | undefined;
      /** Set when the client will try again after this many milliseconds. */
      retryInMs?: number;
    }
  | {
      type: 'error';
      method: string;
      path: string;
      attempt: number;
      durationMs: number;
      /** `connection`, `timeout`, `abort` or `invalid-response`. */
      kind: string;
      message: string;
      retryInMs?: number;
    };

/** Receives every `RequestEvent`; `(event) => console.debug(event)` is enough to start. */
export type RequestLogger = (event: RequestEvent) => void;

export const REDACTED = '[redacted]';

/** Headers whose values are credentials in any API, whatever the provider's scheme names. */
const ALWAYS_SECRET = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const SECRET_WORDS = /token|secret|signature|api-?key|password|session/i;

/** A copy of the headers with credential values replaced; `extra` names provider-specific ones. */
export function redactHeaders(headers: Headers, extra: Iterable<string> = []): Record<string, string> {
  const secret = new Set([...ALWAYS_SECRET, ...[...extra].map((name) => name.toLowerCase())]);
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = secret.has(name) || SECRET_WORDS.test(name) ? REDACTED : value;
  });
  return out;
}
