import { ApiError, pathOf } from './errors.js';

/** What every openapi-fetch call resolves to. */
export type FetchResult<TData, TError> =
  | { data: TData; error?: never; response: Response }
  | { data?: never; error: TError; response: Response };

/**
 * The throwing style: resolves to the data of a successful call, or throws an `ApiError` typed
 * with the operation's error body.
 *
 * @example
 * const customer = await unwrap(client.GET('/customers/{id}', { params: { path: { id } } }));
 */
export async function unwrap<TData, TError>(call: Promise<FetchResult<TData, TError>> | FetchResult<TData, TError>): Promise<TData> {
  const result = await call;
  if (result.error !== undefined || !result.response.ok) {
    throw ApiError.fromResponse(result.response, result.error as TError, requestOf(result.response), noteOf(result.response));
  }
  return result.data as TData;
}

/** The error of a failed call as an `ApiError`, or undefined when the call succeeded. */
export function errorOf<TData, TError>(result: FetchResult<TData, TError>): ApiError<TError> | undefined {
  if (result.error === undefined && result.response.ok) return undefined;
  return ApiError.fromResponse(result.response, result.error as TError, requestOf(result.response), noteOf(result.response));
}

// openapi-fetch does not hand back the Request, so the method is remembered per Response.
const requests = new WeakMap<Response, Request>();

/** Records which request produced a response, so errors can name its method and path. */
export function rememberRequest(response: Response, request: Request): void {
  requests.set(response, request);
}

function requestOf(response: Response): Request | undefined {
  return requests.get(response);
}

/** The path a response answered, without host or query. */
export function pathOfResponse(response: Response): string {
  return pathOf(requestOf(response)?.url || response.url);
}

// Why the transport handed back a response it did not follow (a refused redirect), for the error message.
const notes = new WeakMap<Response, string>();

export function noteResponse(response: Response, note: string): void {
  notes.set(response, note);
}

export function noteOf(response: Response): string | undefined {
  return notes.get(response);
}
