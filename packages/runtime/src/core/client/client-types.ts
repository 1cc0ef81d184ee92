/** The types of a payspec client: its definition, its options, and the client itself. */
import type { AuthScheme, CredentialChoiceModule, SecurityAlternativesModule, CredentialRule, OAuth2Module, SecurityRequirements, SignerModules } from '../auth/auth.js';
import type { Server } from '../auth/environment.js';
import type { IdempotencyRule, withIdempotencyKey } from '../../idempotency/index.js';
import type { RequestLogger } from '../logging.js';
import type { CallOptions, DataOf, CallResult, TypedMethod } from './operation-types.js';
import type { Paginator, PaginationRule } from '../../pagination/index.js';
export type { ListCall } from '../../pagination/index.js';
import type { OperationParameters, ParameterStylesModule } from './parameters.js';
import type { ResponseShapes } from '../transport/response-shapes.js';
import type { RequestSettings, ResponseCheck } from '../settings.js';
import type { Client, MaybeOptionalInit } from 'openapi-fetch';

/**
 * Everything the runtime needs to know about a provider. The generator derives it from the
 * provider's bundled spec (servers, security schemes, request media types, response shapes) and
 * our overlay (`x-payspec*`), so a new provider needs no hand-written client code.
 */
export interface ApiDefinition {
  /** Display name used in error messages, for example `Stancer`. */
  provider: string;
  servers: readonly Server[];
  auth: readonly AuthScheme[];
  credentials: readonly CredentialRule[];
  /**
   * The spec's root `security`: alternatives ("either"), each the names of the schemes applied
   * together (`[['basicAuth'], ['bearerAuth']]`). The client takes the credentials of one
   * alternative. Without it, every scheme of `auth` applies to every request.
   */
  security?: SecurityRequirements;
  /** Operations whose own `security` differs from the root's (a subset, `[]` for none), by `METHOD /path`. */
  operationSecurity?: Readonly<Record<string, SecurityRequirements>>;
  /** The request media type of each operation (`POST /customers`), first one in the spec. */
  requestMediaTypes?: Readonly<Record<string, string>>;
  /** How each list operation pages, by path (`x-payspec-pagination`). */
  pagination?: Readonly<Record<string, PaginationRule>>;
  /** Where the provider takes an idempotency key and for which methods (`x-payspec.idempotency`). */
  idempotency?: IdempotencyRule;
  /** Puts the key into a call: imported from `@payspec/runtime/idempotency` by packages that declare `idempotency`. */
  idempotencyKeys?: typeof withIdempotencyKey;
  /** Response headers carrying the provider's request id, most specific first, lower case (`x-payspec.requestIdHeader`). */
  requestIdHeaders?: readonly string[];
  /** `payspec-<provider>/<version>`: the package part of the identifying header. */
  userAgent?: string;
  /** The environment variable `baseUrl` falls back to (`STANCER_BASE_URL`). */
  baseUrlEnv?: string;
  /** The pagination walker, imported from `@payspec/runtime/pagination` by packages with list operations. */
  paginator?: typeof Paginator;
  /** The form encoder, imported from `@payspec/runtime/form` by packages whose spec has form bodies. */
  formEncoder?: (body: unknown) => string;
  /** The signing styles the spec declares, imported by the generated package from `@payspec/runtime/signers/*`. */
  signers?: SignerModules;
  /** Security alternatives (`hasAlternatives`), imported from `@payspec/runtime/alternatives` by packages whose spec lists any. */
  alternatives?: SecurityAlternativesModule;
  /** The choice by credentials between the root's alternatives, imported from `@payspec/runtime/alternatives` by packages whose spec offers one. */
  credentialChoice?: CredentialChoiceModule;
  /** OAuth 2.0 client credentials, imported from `@payspec/runtime/oauth2` by packages whose spec declares the flow. */
  oauth2?: OAuth2Module;
  /** The environment variable the `tokenUrl` option falls back to (`ACME_TOKEN_URL`), for OAuth 2.0. */
  tokenUrlEnv?: string;
  /** What each operation's JSON responses must look like, by status (`response-shapes.ts`). */
  responses?: Readonly<Record<string, ResponseShapes>>;
  /**
   * The query and path parameters of each operation (`GET /customers`) that the spec serializes
   * otherwise than by default (query `form` exploded, path `simple`): style, explode,
   * allowReserved (`parameters.ts`).
   */
  parameters?: Readonly<Record<string, OperationParameters>>;
  /** Serializes those parameters: imported from `@payspec/runtime/parameters` by packages that declare any. */
  parameterStyles?: ParameterStylesModule;
}

/** Options every generated client accepts besides its credentials. */
export interface BaseClientOptions extends RequestSettings {
  /** Overrides the server from the spec, for example a Prism mock (`http://127.0.0.1:4010`). */
  baseUrl?: string;
  /** A `fetch` to use instead of `globalThis.fetch` (for tests, proxies, instrumentation). */
  fetch?: (input: Request) => Promise<Response>;
  /**
   * Headers sent with every request. A `User-Agent` (or, in a browser, `X-Payspec-Client`) of your
   * own replaces payspec's `payspec-<provider>/<version> (<runtime>/<version>)`; `null` drops it.
   */
  headers?: Record<string, string | null>;
  /**
   * Allows a secret credential in a browser, where anyone who loads the page can read it. Without
   * it, creating such a client in a browser throws a `ConfigurationError`.
   */
  dangerouslyAllowBrowser?: boolean;
  /** Called for every attempt and outcome (method, path, status, duration, request id); never given secrets. */
  log?: RequestLogger;
  /**
   * What a response that breaks the spec's shape does: `'throw'` an `InvalidResponseError`
   * (which carries the body, response, request id and idempotency key), `'report'` it to `log` and
   * return the data, or `'off'`. Unset: reads and error statuses throw; a write the server accepted
   * reports, so its result is never hidden.
   */
  responseCheck?: ResponseCheck;
}

/** Options of `paginate` besides the list operation's own parameters. */
export interface PaginateOptions extends CallOptions {
  /** Stop after this many pages (every page when omitted). */
  maxPages?: number;
}

/** The typed items and pages of each paginated path, as the generated package declares them. */
export type PaginationMap = Record<string, { item: unknown; page: unknown }>;

/** The success body of a GET on a path: what one page of a list is. */
export type PageOf<Paths, Path extends keyof Paths> = Paths[Path] extends { get: infer Operation } ? NonNullable<DataOf<CallResult<Operation>>> : never;

type GetInit<Paths, Path extends keyof Paths> = Paths[Path] extends { get: any } ? MaybeOptionalInit<Paths[Path], 'get'> : never;

/**
 * An openapi-fetch client whose methods keep the operation in their results (for `unwrap`,
 * `errorOf` and `isApiError`) and check object literals for unknown properties, plus what payspec
 * adds: pagination and per-client settings.
 */
export type ApiClient<Paths extends {}, Pages extends PaginationMap = {}, Options extends BaseClientOptions = BaseClientOptions, Call extends CallOptions = CallOptions> = Pick<
  Client<Paths, `${string}/${string}`>,
  'request' | 'use' | 'eject'
> & {
  GET: TypedMethod<Paths, 'get', Call>;
  PUT: TypedMethod<Paths, 'put', Call>;
  POST: TypedMethod<Paths, 'post', Call>;
  DELETE: TypedMethod<Paths, 'delete', Call>;
  OPTIONS: TypedMethod<Paths, 'options', Call>;
  HEAD: TypedMethod<Paths, 'head', Call>;
  PATCH: TypedMethod<Paths, 'patch', Call>;
  TRACE: TypedMethod<Paths, 'trace', Call>;
  /**
   * Walks a list operation: `for await` over the paginator yields every item of every page, and
   * `.pages()` yields the page bodies. Pages are fetched lazily; a failure throws an `ApiError`.
   */
  paginate<Path extends keyof Pages & keyof Paths & string>(
    path: Path,
    ...init: undefined extends GetInit<Paths, Path> ? [(GetInit<Paths, Path> & PaginateOptions)?] : [GetInit<Paths, Path> & PaginateOptions]
  ): Paginator<Pages[Path]['item'], Pages[Path]['page']>;
  /**
   * A copy of the client with some options replaced: retry or timeout settings
   * (`withOptions({ maxRetries: 0 })`), headers, or a credential such as another customer's token.
   */
  withOptions(options: Partial<Options>): ApiClient<Paths, Pages, Options, Call>;
};
