import { ApiError } from './errors.js';

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
    throw ApiError.fromResponse(result.response, result.error as TError, requestOf(result.response));
  }
  return result.data as TData;
}

/** The error of a failed call as an `ApiError`, or undefined when the call succeeded. */
export function errorOf<TData, TError>(result: FetchResult<TData, TError>): ApiError<TError> | undefined {
  if (result.error === undefined && result.response.ok) return undefined;
  return ApiError.fromResponse(result.response, result.error as TError, requestOf(result.response));
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
