import type { Redactor } from './secrets.js';

/** Base class of every error the payspec clients throw, so one `instanceof` catches them all. */
export class PayspecError extends Error {
  override name = 'PayspecError';
  /** Which kind of failure this is; each kind is its own subclass. */
  readonly kind: ErrorKind = 'unknown';
}

/**
 * - `configuration`: bad client or call options, nothing was sent.
 * - `api`: the provider answered 4xx or 5xx.
 * - `connection`: no usable answer (refused, reset, DNS), after the allowed retries.
 * - `timeout`: an attempt took longer than the timeout, after the allowed retries.
 * - `abort`: the caller's `AbortSignal` fired; never retried.
 * - `invalid-response`: a success status with a body that is not what the response declares.
 */
export type ErrorKind = 'configuration' | 'api' | 'connection' | 'timeout' | 'abort' | 'invalid-response' | 'unknown';

/**
 * The client was given options it cannot work with (a missing credential, a key of the wrong
 * form, an unknown environment). Thrown by `create<Provider>Client` before any request is sent.
 * The message names the option and never contains the value of a credential.
 */
export class ConfigurationError extends PayspecError {
  override name = 'ConfigurationError';
  override readonly kind = 'configuration';
  /** The client option at fault, for example `secretKey`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

export interface ApiErrorInit<TBody> {
  status: number;
  body: TBody;
  method: string;
  path: string;
  requestId?: string | undefined;
  headers?: Headers | undefined;
  /** Why the response is the answer, when the client chose not to go further (a refused redirect). */
  note?: string | undefined;
  /** The operation as the spec names it, `GET /customers/{id}`. */
  operation?: string | undefined;
}

/**
 * The provider answered with an error status (4xx or 5xx). `body` is the provider's error body,
 * typed from the spec when the error comes from `unwrap` on a typed call.
 */
export class ApiError<TBody = unknown> extends PayspecError {
  override name = 'ApiError';
  override readonly kind = 'api';
  readonly status: number;
  readonly body: TBody;
  /** HTTP method of the failed request, upper case. */
  readonly method: string;
  /** Path of the failed request, without host or query (query strings can carry personal data). */
  readonly path: string;
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** The operation of the failed call as the spec names it (`GET /customers/{id}`), when known; `isApiError` checks it. */
  readonly operation: string | undefined;
  constructor(init: ApiErrorInit<TBody>) {
    super(`${init.method} ${init.path} failed with ${init.status}${init.note ? ` (${init.note})` : ''}${describeBody(init.body)}`);
    this.status = init.status;
    this.body = init.body;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.headers = init.headers ?? new Headers();
    this.operation = init.operation;
  }

  /**
   * Builds the error from a failed response and its parsed body: an instance of the status's own
   * class (`NotFoundError` for a 404, `InternalServerError` for any 5xx), else a plain `ApiError`.
   */
  static fromResponse<TBody>(response: Response, body: TBody, about: ResponseFacts = {}): ApiError<TBody> {
    const status = response.status;
    const Class = (STATUS_CLASSES[status] ?? (status >= 500 ? InternalServerError : ApiError)) as typeof ApiError<TBody>;
    return new Class({
      status,
      // openapi-fetch hands back '' for an empty error body; there is no body to type.
      body: (body === '' ? undefined : body) as TBody,
      method: about.request?.method ?? 'UNKNOWN',
      path: pathOf(about.request?.url || response.url),
      requestId: about.requestId,
      headers: response.headers,
      note: about.note,
      operation: about.operation,
    });
  }
}

/** What the client knows of a response besides the response itself. */
export interface ResponseFacts {
  /** The request as openapi-fetch built it (openapi-fetch does not hand it back). */
  request?: { method: string; url: string } | undefined;
  /** `GET /customers/{id}`: the operation, as the spec names it. */
  operation?: string | undefined;
  /** Why the transport handed back a response it did not follow (a refused redirect). */
  note?: string | undefined;
  /** The provider's id for the request, from the response header its overlay declares. */
  requestId?: string | undefined;
  /** The attempt this response answered (1 for the first). */
  attempt?: number | undefined;
  /** The secrets of the call this response answered (the client's and the credential headers it sent), made on demand. */
  redactor?: (() => Redactor) | undefined;
}

/** 400: the request was malformed or failed the provider's validation. */
export class BadRequestError<TBody = unknown> extends ApiError<TBody> {
  override name = 'BadRequestError';
}
/** 401: the credential is missing, wrong or revoked. */
export class AuthenticationError<TBody = unknown> extends ApiError<TBody> {
  override name = 'AuthenticationError';
}
/** 403: the credential is valid but not allowed to do this. */
export class PermissionDeniedError<TBody = unknown> extends ApiError<TBody> {
  override name = 'PermissionDeniedError';
}
/** 404: no such resource (in this mode or account). */
export class NotFoundError<TBody = unknown> extends ApiError<TBody> {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with the resource's state (a duplicate, a concurrent change). */
export class ConflictError<TBody = unknown> extends ApiError<TBody> {
  override name = 'ConflictError';
}
/** 422: the request was understood but its content was refused. */
export class UnprocessableEntityError<TBody = unknown> extends ApiError<TBody> {
  override name = 'UnprocessableEntityError';
}
/** 429: too many requests; retried with backoff (and `Retry-After`) before this is thrown. */
export class RateLimitError<TBody = unknown> extends ApiError<TBody> {
  override name = 'RateLimitError';
}
/** Any 5xx: the provider failed; retried with backoff when the method is safe to repeat. */
export class InternalServerError<TBody = unknown> extends ApiError<TBody> {
  override name = 'InternalServerError';
}


/** The class of each status that has one; any other 5xx is an `InternalServerError`. */
const STATUS_CLASSES: Partial<Record<number, typeof ApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** A short, single-line summary of a provider error body for the error message. */
function describeBody(body: unknown): string {
  const text = findMessage(body);
  return text ? `: ${text.length > 200 ? `${text.slice(0, 197)}...` : text}` : '';
}

function findMessage(body: unknown, depth = 0): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (!body || typeof body !== 'object' || depth > 3) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error_description', 'message', 'error', 'errors', 'detail']) {
    const found = findMessage(Array.isArray(record[key]) ? record[key][0] : record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Path of a URL without host or query: query strings and hosts can carry personal data. */
export function pathOf(url: string | undefined): string {
  if (!url) return '(unknown path)';
  // The common case without a URL object: `scheme://host[:port]/path[?query][#fragment]`.
  const authority = url.indexOf('://');
  if (authority > 0 && /^[a-z][a-z0-9+.-]*$/i.test(url.slice(0, authority))) {
    const start = url.indexOf('/', authority + 3);
    if (start < 0) return '/';
    const end = url.search(/[?#]/);
    const path = end < 0 ? url.slice(start) : url.slice(start, end);
    if (!/[\\]|%2e|\/\.{1,2}(\/|$)/i.test(path) && !url.slice(authority + 3, start).includes('@')) return path;
  }
  try {
    return new URL(url).pathname;
  } catch {
    return '(unknown path)';
  }
}

export interface RequestFailureInit {
  method: string;
  path: string;
  /** How many attempts were made, retries included. */
  attempts: number;
  cause?: unknown;
}

/** A failure with no usable HTTP answer: the request that failed, and how many times it was tried. */
abstract class RequestFailure extends PayspecError {
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  constructor(message: string, init: RequestFailureInit) {
    super(`${init.method} ${init.path}: ${message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts;
  }
}

/** The connection failed (refused, reset, DNS, TLS) on every allowed attempt. */
export class ConnectionError extends RequestFailure {
  override name = 'ConnectionError';
  override readonly kind = 'connection';
}

/** Every allowed attempt took longer than the timeout (headers and body together). */
export class TimeoutError extends RequestFailure {
  override name = 'TimeoutError';
  override readonly kind = 'timeout';
  /** The per-attempt timeout, in milliseconds. */
  readonly timeout: number;
  constructor(message: string, init: RequestFailureInit & { timeout: number }) {
    super(message, init);
    this.timeout = init.timeout;
  }
}

/** The caller aborted the request with its `AbortSignal`. Never retried. */
export class UserAbortError extends RequestFailure {
  override name = 'UserAbortError';
  override readonly kind = 'abort';
}

export interface InvalidResponseInit extends RequestFailureInit {
  status: number;
  bodySnippet: string;
  body?: unknown;
  response?: Response | undefined;
  requestId?: string | undefined;
  idempotencyKey?: string | undefined;
}

/**
 * A response that cannot be read as declared (malformed or empty JSON, a body that breaks the
 * spec's shape for its status). Never retried. When the server answered, nothing of its answer is
 * lost: `body`, `response`, `requestId` and the `idempotencyKey` sent are here, scrubbed of the
 * call's credentials like everything the client hands on.
 */
export class InvalidResponseError extends RequestFailure {
  override name = 'InvalidResponseError';
  override readonly kind = 'invalid-response';
  readonly status: number;
  /** The start of the body as received (at most 200 characters), to help diagnose the provider. */
  readonly bodySnippet: string;
  /** The whole body as parsed (or its text), when the body was read: a created resource's id is still here. */
  readonly body: unknown;
  /** The response, its body methods answering from what was read; undefined when there was no usable one. */
  readonly response: Response | undefined;
  /** The provider's id for the request, from the response header its overlay declares. */
  readonly requestId: string | undefined;
  /** The idempotency key the call sent: sending the call again with the same key cannot do it twice. */
  readonly idempotencyKey: string | undefined;
  /** Whether the server accepted the request (a 2xx): it may have created or changed something. */
  get accepted(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  constructor(message: string, init: InvalidResponseInit) {
    super(message, init);
    this.status = init.status;
    this.bodySnippet = init.bodySnippet;
    this.body = init.body;
    this.response = init.response;
    this.requestId = init.requestId;
    this.idempotencyKey = init.idempotencyKey;
  }
}
