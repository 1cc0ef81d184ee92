/** Base class of every error the payspec clients throw, so one `instanceof` catches them all. */
export class PayspecError extends Error {
  override name = 'PayspecError';
}

/**
 * The client was given options it cannot work with (a missing credential, a key of the wrong
 * form, an unknown environment). Thrown by `create<Provider>Client` before any request is sent.
 * The message names the option and never contains the value of a credential.
 */
export class ConfigurationError extends PayspecError {
  override name = 'ConfigurationError';
  /** The client option at fault, for example `secretKey`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/** Response headers that carry the provider's id for a request, most specific first. */
const REQUEST_ID_HEADERS = ['request-id', 'x-request-id', 'v-c-correlation-id', 'x-correlation-id'];

/** The provider's request id, if the response carries one. */
export function requestIdOf(response: Response): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

export interface ApiErrorInit<TBody> {
  status: number;
  body: TBody;
  method: string;
  path: string;
  requestId?: string | undefined;
  headers?: Headers | undefined;
}

/**
 * The provider answered with an error status (4xx or 5xx). `body` is the provider's error body,
 * typed from the spec when the error comes from `unwrap` on a typed call.
 */
export class ApiError<TBody = unknown> extends PayspecError {
  override name = 'ApiError';
  readonly status: number;
  readonly body: TBody;
  /** HTTP method of the failed request, upper case. */
  readonly method: string;
  /** Path of the failed request, without host or query (query strings can carry personal data). */
  readonly path: string;
  readonly requestId: string | undefined;
  readonly headers: Headers;
  constructor(init: ApiErrorInit<TBody>) {
    super(`${init.method} ${init.path} failed with ${init.status}${describeBody(init.body)}`);
    this.status = init.status;
    this.body = init.body;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.headers = init.headers ?? new Headers();
  }

  /** Builds the error from a failed response and its parsed body. */
  static fromResponse<TBody>(response: Response, body: TBody, request?: Request): ApiError<TBody> {
    const url = request?.url || response.url;
    return new ApiError({
      status: response.status,
      body,
      method: request?.method ?? 'UNKNOWN',
      path: url ? new URL(url).pathname : '(unknown path)',
      requestId: requestIdOf(response),
      headers: response.headers,
    });
  }
}

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
