import { ApiError, pathOf, type ResponseFacts } from '../errors.js';
import type { Redactor } from '../secrets.js';
import type { ApiErrorOf, DataOf, OperationFor, OperationKey, OperationOf } from './operation-types.js';

/** What every openapi-fetch call resolves to. */
export type FetchResult<TData, TError> =
  | { data: TData; error?: never; response: Response }
  | { data?: never; error: TError; response: Response };

const calls = new WeakMap<Response, ResponseFacts>();

/** Adds to what is known about a response, for the errors built from it later. */
export function describeResponse(response: Response, info: ResponseFacts): void {
  const known = calls.get(response);
  if (known) Object.assign(known, info);
  else calls.set(response, info);
}

/** The secrets of the call a response answered, when a payspec client made it. */
export function redactorOf(response: Response): Redactor | undefined {
  return calls.get(response)?.redactor?.();
}

/** The attempt a response answered (1 when unknown). */
export function attemptOf(response: Response): number {
  return calls.get(response)?.attempt ?? 1;
}

export function noteOf(response: Response): string | undefined {
  return calls.get(response)?.note;
}

/** The path a response answered, without host or query. */
export function pathOfResponse(response: Response): string {
  return pathOf(calls.get(response)?.request?.url || response.url);
}

/** The URL a response answered, query included (empty when unknown). */
export function urlOfResponse(response: Response): string {
  return calls.get(response)?.request?.url || response.url;
}

function apiErrorOf(result: { error?: unknown; response: Response }): ApiError {
  return ApiError.fromResponse(result.response, result.error, calls.get(result.response));
}

/**
 * The throwing style: resolves to the success body of a call (`undefined` only for an operation
 * whose success has no body, such as a 204), or throws the call's `ApiError`.
 *
 * @example
 * const customer = await unwrap(client.GET('/customers/{id}', { params: { path: { id } } }));
 */
export async function unwrap<Result extends { error?: unknown; response: Response }>(call: Promise<Result> | Result): Promise<DataOf<Result>> {
  const result = await call;
  if (result.error !== undefined || !result.response.ok) throw apiErrorOf(result);
  return (result as { data?: unknown }).data as DataOf<Result>;
}

/**
 * The provider's id for the request a response answers, from the response header the provider's
 * overlay declares (`x-payspec.requestIdHeader`); undefined when the provider sent none, or for a
 * response that did not come from a payspec client. Quote it when you contact the provider.
 */
export function requestIdOf(response: Response): string | undefined {
  return calls.get(response)?.requestId;
}

/** What `withResponse` resolves to: the success body, the raw response and the provider's request id. */
export interface WithResponse<Data> {
  data: Data;
  response: Response;
  requestId: string | undefined;
}

/**
 * Like `unwrap`, with the response and the provider's request id next to the data (as openai-node's
 * `.withResponse()`): resolves on success, throws the call's `ApiError` otherwise.
 *
 * @example
 * const { data, response, requestId } = await withResponse(client.GET('/customers/{id}', { params: { path: { id } } }));
 */
export async function withResponse<Result extends { error?: unknown; response: Response }>(call: Promise<Result> | Result): Promise<WithResponse<DataOf<Result>>> {
  const result = await call;
  const data = await unwrap(result);
  return { data, response: result.response, requestId: requestIdOf(result.response) };
}

/**
 * The error of a failed call as an `ApiError` narrowed by status (`if (e?.status === 404)` types
 * `e.body` as the spec's 404 body), or undefined when the call succeeded.
 */
export function errorOf<Result extends { error?: unknown; response: Response }>(result: Result): ApiErrorOf<OperationOf<Result>> | undefined {
  if (result.error === undefined && result.response.ok) return undefined;
  return apiErrorOf(result) as ApiErrorOf<OperationOf<Result>>;
}

/** The `isApiError` of a provider's package, typed with its operations. */
export type ApiErrorGuard<Paths> = <Key extends OperationKey<Paths>>(error: unknown, operation: Key) => error is ApiErrorOf<OperationFor<Paths, Key>>;

/**
 * Narrows a caught value to the `ApiError` of one operation (`'GET /customers/{id}'`), checked at
 * run time: an `ApiError` from a call of that operation. Its `status` then narrows its `body`.
 */
export function createApiErrorGuard<Paths>(): ApiErrorGuard<Paths> {
  return ((error: unknown, operation: string) => error instanceof ApiError && error.operation === operation) as ApiErrorGuard<Paths>;
}
