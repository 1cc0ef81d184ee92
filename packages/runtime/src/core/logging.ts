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
      /** A same-origin redirect being followed; the next `request` event is its new hop. */
      type: 'redirect';
      method: string;
      path: string;
      attempt: number;
      status: number;
      /** Path of the target, without host or query. */
      location: string;
    }
  | {
      /**
       * A response that breaks the spec's shape, returned as it came (`responseCheck: 'report'`, the
       * default for a write the server accepted): `problem` says what is missing or wrong.
       */
      type: 'response-mismatch';
      method: string;
      path: string;
      /** The attempt whose response this is. */
      attempt: number;
      status: number;
      problem: string;
      requestId: string | undefined;
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

export { REDACTED, redactHeaders } from './secrets.js';

/**
 * The logger as the transport calls it: a logger that throws (or returns a rejected promise) is
 * ignored, so logging can never change the outcome of a request.
 */
export function safeLogger(log: RequestLogger | undefined): (event: RequestEvent) => void {
  if (!log) return () => undefined;
  return (event) => {
    try {
      const result = (log as (event: RequestEvent) => unknown)(event);
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') (result as PromiseLike<unknown>).then(undefined, () => undefined);
    } catch {
      // The caller's logger failed; the request goes on exactly as if it had succeeded.
    }
  };
}
