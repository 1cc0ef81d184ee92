/**
 * Types that carry each operation of a spec through a call: the result of a call remembers its
 * operation (a type-only tag), so that `unwrap` gives the success body without `undefined`, and
 * `errorOf` and `isApiError` give an `ApiError` narrowed by status to the body the spec declares
 * for it (`unknown` for a status it does not declare).
 */
import type { FetchOptions, FetchResponse, ParseAs } from 'openapi-fetch';
import type { ApiError, ApiErrorInit } from '../errors.js';
import type { RequestSettings, ResponseCheck } from '../settings.js';

/** The media types openapi-fetch picks responses by (as in openapi-typescript-helpers). */
export type MediaType = `${string}/${string}`;
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** Options a single call accepts besides openapi-fetch's own (`params`, `body`, `headers`, `signal`). */
export interface CallOptions extends RequestSettings {
  /** What a response that breaks the spec's shape does for this call (the client's `responseCheck`). */
  responseCheck?: ResponseCheck;
}

/** The options of a call to a provider whose spec declares idempotency keys (`x-payspec.idempotency`). */
export interface IdempotentCallOptions extends CallOptions {
  /**
   * The idempotency key of this call; by default a new UUID v4 per call. The same key is sent on
   * every retry of the call.
   */
  idempotencyKey?: string;
}

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;
/**
 * Every status an `ApiError` can have: a response is 200..599 (anything else is an
 * `InvalidResponseError`) and 2xx is a success. Literals, not `number`, so that comparing a
 * status with a declared code can rule out every other variant.
 */
export type ErrorStatus = ToNumber<`${3 | 4 | 5}${Digit}${Digit}`>;
type RangeKey = '3XX' | '4XX' | '5XX';
type RangeStatus<K> = K extends `${infer D extends 3 | 4 | 5}XX` ? ToNumber<`${D}${Digit}${Digit}`> : never;

/** The body of one response object as openapi-typescript writes it (`content?: never`: no body). */
type BodyOf<R> = R extends { content: infer C } ? (C extends Record<string, unknown> ? C[keyof C & MediaType] : undefined) : undefined;

type DeclaredStatus<Responses> = Extract<keyof Responses, ErrorStatus>;
type DeclaredRange<Responses> = Extract<keyof Responses, RangeKey>;
type OtherStatus<Responses> = Exclude<ErrorStatus, DeclaredStatus<Responses> | RangeStatus<DeclaredRange<Responses>>>;

/**
 * The failures of an operation, one variant per status: each declared 3xx-5xx code with its body,
 * each declared range (`4XX`) for its codes not declared on their own, and every other status with
 * the `default` response's body when there is one, `unknown` otherwise.
 */
export type ErrorVariants<Operation> = Operation extends { responses: infer Responses }
  ?
      | { [S in DeclaredStatus<Responses>]: { status: S; body: BodyOf<Responses[S]> } }[DeclaredStatus<Responses>]
      | { [K in DeclaredRange<Responses>]: { status: Exclude<RangeStatus<K>, DeclaredStatus<Responses>>; body: BodyOf<Responses[K]> } }[DeclaredRange<Responses>]
      | { status: OtherStatus<Responses>; body: 'default' extends keyof Responses ? BodyOf<Responses['default']> : unknown }
  : { status: ErrorStatus; body: unknown };

/**
 * The `ApiError` of an operation: a union of one `ApiError` per variant, so that checking
 * `status` narrows `body` (`if (e.status === 404) e.body.error.message`).
 */
export type ApiErrorOf<Operation> = [Operation] extends [never]
  ? ApiError<unknown>
  : ErrorVariants<Operation> extends infer Variant
    ? Variant extends { status: infer Status; body: infer Body }
      ? ApiError<Body> & { readonly status: Status }
      : never
    : never;

declare const operationTag: unique symbol;
/** A call's result as openapi-fetch returns it, tagged (types only) with the operation it answers. */
export type CallResult<Operation, Result = FetchResponse<Operation & Record<string | number, any>, {}, MediaType>> = Result & {
  readonly [operationTag]?: Operation;
};
/** The operation a call result answers, or `never` for a plain openapi-fetch result. */
export type OperationOf<Result> = Result extends { readonly [operationTag]?: infer Operation } ? Operation : never;

/** The success body of a result: only the success member has a required `data`. */
export type DataOf<Result> = Result extends { data: infer Data } ? Data : never;

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** A call's options, not inferred from the argument: object literals get TypeScript's excess-property check. */
export type CallInit<Operation, Call extends CallOptions = CallOptions> = FetchOptions<Operation> & Call;
type InitArgs<Operation, Call extends CallOptions> = RequiredKeys<CallInit<Operation, Call>> extends never ? [init?: CallInit<Operation, Call>] : [init: CallInit<Operation, Call>];

type PathsWithMethod<Paths, Method extends HttpMethod> = { [P in keyof Paths]: Paths[P] extends { [K in Method]: {} } ? P : never }[keyof Paths];
type OperationAt<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path][Method & keyof Paths[Path]];

/**
 * A client method (`GET`, `POST`, ...): the path, then the operation's options. A call that asks
 * for another `parseAs` than JSON gets openapi-fetch's own result type for it.
 */
export interface TypedMethod<Paths, Method extends HttpMethod, Call extends CallOptions = CallOptions> {
  <Path extends PathsWithMethod<Paths, Method>, Init extends CallInit<OperationAt<Paths, Path, Method>, Call> & { parseAs: Exclude<ParseAs, 'json'> }>(
    url: Path,
    init: Init,
  ): Promise<CallResult<OperationAt<Paths, Path, Method>, FetchResponse<OperationAt<Paths, Path, Method> & Record<string | number, any>, Init, MediaType>>>;
  <Path extends PathsWithMethod<Paths, Method>>(url: Path, ...init: InitArgs<OperationAt<Paths, Path, Method>, Call>): Promise<CallResult<OperationAt<Paths, Path, Method>>>;
}

/** `'GET /customers/{id}'`: each operation of the spec, as the key `isApiError` takes. */
export type OperationKey<Paths> = {
  [Path in keyof Paths & string]: { [Method in keyof Paths[Path] & HttpMethod]: Paths[Path][Method] extends {} ? `${Uppercase<Method>} ${Path}` : never }[keyof Paths[Path] & HttpMethod];
}[keyof Paths & string];

/** The operation behind an `OperationKey`. */
export type OperationFor<Paths, Key> = Key extends `${infer Method} ${infer Path}`
  ? Path extends keyof Paths
    ? Lowercase<Method> extends keyof Paths[Path]
      ? Paths[Path][Lowercase<Method> & keyof Paths[Path]]
      : never
    : never
  : never;

/** Every operation of a spec's paths. */
type AnyOperation<Paths> = {
  [Path in keyof Paths]: { [Method in keyof Paths[Path] & HttpMethod]-?: NonNullable<Paths[Path][Method]> }[keyof Paths[Path] & HttpMethod];
}[keyof Paths];
type RangeOf<S extends number> = `${S}` extends `${infer D}${string}` ? `${D}XX` : never;
/** What an operation declares for a status: the code itself, else its range (`4XX`), else `default`. */
type DeclaredBody<Operation, S extends number> = Operation extends { responses: infer Responses }
  ? S extends keyof Responses
    ? BodyOf<Responses[S]>
    : RangeOf<S> extends keyof Responses
      ? BodyOf<Responses[RangeOf<S>]>
      : 'default' extends keyof Responses
        ? BodyOf<Responses['default']>
        : never
  : never;

/**
 * The error body a provider's spec declares for a status, over all its operations (the code, its
 * range, or `default`); `unknown` when no operation declares one.
 */
export type ProviderErrorBody<Paths, S extends number> = [DeclaredBody<AnyOperation<Paths>, S>] extends [never] ? unknown : DeclaredBody<AnyOperation<Paths>, S>;

type ServerErrorStatus = Extract<ErrorStatus, ToNumber<`5${Digit}${Digit}`>>;

/** The response keys an operation declares (distributes over a union of operations). */
type ResponseKeys<Operation> = Operation extends { responses: infer Responses } ? keyof Responses : never;
/** The 5xx codes some operation of a spec declares on their own. */
type DeclaredServerStatus<Paths> = Extract<ResponseKeys<AnyOperation<Paths>>, ServerErrorStatus>;
/** What an operation declares for a 5xx it does not declare on its own: its `5XX`, else its `default`. */
type OtherServerBody<Operation> = Operation extends { responses: infer Responses }
  ? '5XX' extends keyof Responses
    ? BodyOf<Responses['5XX']>
    : 'default' extends keyof Responses
      ? BodyOf<Responses['default']>
      : never
  : never;

/**
 * An `InternalServerError` of a provider: one variant per 5xx code the spec declares, with its body,
 * and one for every other 5xx (a proxy's 502), with the `5XX` or `default` body when the spec has
 * one and `unknown` otherwise, as the run time leaves such a body unchecked.
 */
export type ServerError<Paths> =
  | { [S in DeclaredServerStatus<Paths>]: ApiError<ProviderErrorBody<Paths, S>> & { readonly status: S } }[DeclaredServerStatus<Paths>]
  | (ApiError<[OtherServerBody<AnyOperation<Paths>>] extends [never] ? unknown : OtherServerBody<AnyOperation<Paths>>> & {
      readonly status: Exclude<ServerErrorStatus, DeclaredServerStatus<Paths>>;
    });

/** A status error class of a provider's package: `instanceof` narrows to an `ApiError` with the spec's body for that status. */
export interface StatusErrorClass<Body, Status extends number> {
  new (init: ApiErrorInit<Body>): ApiError<Body> & { readonly status: Status };
  readonly prototype: ApiError<Body> & { readonly status: Status };
}

/** `InternalServerError` of a provider's package: `instanceof` narrows to its `ServerError`, whose `status` narrows `body`. */
export interface ServerErrorClass<Paths> {
  new (init: ApiErrorInit<unknown>): ServerError<Paths>;
  readonly prototype: ServerError<Paths>;
}

/** The status error classes of the runtime, typed with a provider's error bodies. */
export interface StatusErrorClasses<Paths> {
  BadRequestError: StatusErrorClass<ProviderErrorBody<Paths, 400>, 400>;
  AuthenticationError: StatusErrorClass<ProviderErrorBody<Paths, 401>, 401>;
  PermissionDeniedError: StatusErrorClass<ProviderErrorBody<Paths, 403>, 403>;
  NotFoundError: StatusErrorClass<ProviderErrorBody<Paths, 404>, 404>;
  ConflictError: StatusErrorClass<ProviderErrorBody<Paths, 409>, 409>;
  UnprocessableEntityError: StatusErrorClass<ProviderErrorBody<Paths, 422>, 422>;
  RateLimitError: StatusErrorClass<ProviderErrorBody<Paths, 429>, 429>;
  InternalServerError: ServerErrorClass<Paths>;
}
