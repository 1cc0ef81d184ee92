import createClient, { type Client, type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import { checkChoices, checkCredentials, createAuthenticator, credentialHeaders, type AuthScheme, type CredentialRule, type Credentials } from './auth.js';
import { resolveBaseUrl, type Server } from './environment.js';
import { encodeForm } from './form.js';
import type { RequestLogger } from './logging.js';
import { Paginator, type PaginationRule } from './pagination.js';
import { rememberRequest, unwrap } from './result.js';
import { checkSettings, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, send, type RequestSettings } from './transport.js';

/** The media types openapi-fetch picks responses by (as in openapi-typescript-helpers). */
type MediaType = `${string}/${string}`;

/**
 * Everything the runtime needs to know about a provider. The generator derives it from the
 * provider's bundled spec (servers, security schemes, request media types) and our overlay
 * (`x-payspec*`), so a new provider needs no hand-written client code.
 */
export interface ApiDefinition {
  /** Display name used in error messages, for example `Stancer`. */
  provider: string;
  servers: readonly Server[];
  auth: readonly AuthScheme[];
  credentials: readonly CredentialRule[];
  /** The request media type of each operation (`POST /customers`), first one in the spec. */
  requestMediaTypes?: Readonly<Record<string, string>>;
  /** How each list operation pages, by path (`x-payspec-pagination`). */
  pagination?: Readonly<Record<string, PaginationRule>>;
  /** The header carrying an idempotency key, when the provider honours one. */
  idempotencyHeader?: string;
}

/** Options every generated client accepts besides its credentials. */
export interface BaseClientOptions extends RequestSettings {
  /** Overrides the server from the spec, for example a Prism mock (`http://127.0.0.1:4010`). */
  baseUrl?: string;
  /** A `fetch` to use instead of `globalThis.fetch` (for tests, proxies, instrumentation). */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request, such as a `User-Agent` of your own. */
  headers?: Record<string, string>;
  /** Called for every attempt and outcome (method, path, status, duration, request id); never given secrets. */
  log?: RequestLogger;
}

/** Options a single call accepts besides openapi-fetch's own (`params`, `body`, `headers`, `signal`). */
export type CallOptions = RequestSettings;

/** The typed items and pages of each paginated path, as the generated package declares them. */
export type PaginationMap = Record<string, { item: unknown; page: unknown }>;

/** The success body of a GET on a path, as openapi-fetch types it. */
export type PageOf<Paths, Path extends keyof Paths> = Paths[Path] extends { get: infer Operation extends Record<string | number, any> }
  ? NonNullable<FetchResponse<Operation, {}, MediaType>['data']>
  : never;

type GetInit<Paths, Path extends keyof Paths> = Paths[Path] extends { get: any } ? MaybeOptionalInit<Paths[Path], 'get'> : never;

/** An openapi-fetch client plus what payspec adds: pagination and per-client settings. */
export type ApiClient<Paths extends {}, Pages extends PaginationMap = {}, Options extends BaseClientOptions = BaseClientOptions> = Client<
  Paths,
  MediaType
> & {
  /**
   * Walks a list operation: `for await` over the paginator yields every item of every page, and
   * `.pages()` yields the page bodies. Pages are fetched lazily; a failure throws an `ApiError`.
   */
  paginate<Path extends keyof Pages & keyof Paths & string>(
    path: Path,
    ...init: undefined extends GetInit<Paths, Path> ? [(GetInit<Paths, Path> & CallOptions)?] : [GetInit<Paths, Path> & CallOptions]
  ): Paginator<Pages[Path]['item'], Pages[Path]['page']>;
  /**
   * A copy of the client with some options replaced: retry or timeout settings
   * (`withOptions({ maxRetries: 0 })`), headers, or a credential such as another customer's token.
   */
  withOptions(options: Partial<Options>): ApiClient<Paths, Pages, Options>;
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
type Init = Record<string, any> & CallOptions;

/**
 * Creates a typed openapi-fetch client for a provider: checks the credentials (the error never
 * contains them), picks the base URL, and sends every request through the payspec transport
 * (authentication per attempt, timeouts, retries, logging).
 */
export function createApiClient<Paths extends {}, Pages extends PaginationMap = {}, Options extends BaseClientOptions = BaseClientOptions>(
  definition: ApiDefinition,
  options: Options & { environment?: string },
): ApiClient<Paths, Pages, Options> {
  // Credentials are the options the definition names; the generated options type lists them.
  const credentials = options as unknown as Credentials;
  checkCredentials(definition.provider, definition.credentials, credentials);
  checkChoices(definition.provider, definition.auth, credentials);
  checkSettings(options, definition.provider);
  const baseUrl = resolveBaseUrl(definition.provider, definition.servers, options);
  const authenticate = createAuthenticator(definition.auth, credentials);
  const secretHeaders = credentialHeaders(definition.auth);
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  const settings = { maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES, timeout: options.timeout ?? DEFAULT_TIMEOUT_MS };
  const transport = (call: RequestSettings, inner = baseFetch) => (request: Request) =>
    send(request, {
      fetch: inner,
      authenticate,
      secretHeaders,
      idempotencyHeader: definition.idempotencyHeader,
      log: options.log,
      maxRetries: call.maxRetries ?? settings.maxRetries,
      timeout: call.timeout ?? settings.timeout,
    });
  const base = createClient<Paths>({
    baseUrl,
    fetch: transport({}),
    bodySerializer: serializeBody,
    ...(options.headers ? { headers: options.headers } : {}),
  });
  base.use({
    onResponse({ request, response }) {
      rememberRequest(response, request);
    },
  });

  // Each call may carry its own settings; they travel in a per-call fetch, which openapi-fetch supports.
  const prepare = (method: string, path: string, init: Init | undefined): Init => {
    const { maxRetries, timeout, fetch: callFetch, ...rest } = init ?? {};
    checkSettings({ maxRetries, timeout }, `${method} ${path}`);
    const mediaType = definition.requestMediaTypes?.[`${method} ${path}`];
    const headers = withDefaultContentType(rest.headers, mediaType, rest.body !== undefined);
    return { ...rest, ...(headers === undefined ? {} : { headers }), fetch: transport({ maxRetries, timeout }, callFetch ?? baseFetch) };
  };
  const client = { ...base } as Record<string, unknown>;
  // Async so that bad call options reject like every other failure instead of throwing synchronously.
  for (const method of METHODS) {
    client[method] = async (path: string, init?: Init) => (base[method] as any)(path, prepare(method, path, init));
  }
  client.request = async (method: string, path: string, init?: Init) =>
    (base.request as any)(method, path, prepare(method.toUpperCase(), path, init));
  client.paginate = (path: string, init?: Init) => {
    const rule = definition.pagination?.[path];
    if (!rule) throw new TypeError(`${definition.provider}: ${path} is not a paginated list operation.`);
    return new Paginator(
      (query) =>
        unwrap((client.GET as any)(path, { ...init, params: { ...init?.params, query: { ...init?.params?.query, ...query } } })),
      rule,
    );
  };
  client.withOptions = (next: Partial<Options>) => {
    const headers = options.headers || next.headers ? { headers: { ...options.headers, ...next.headers } } : {};
    return createApiClient<Paths, Pages, Options>(definition, { ...options, ...stripUndefined(next), ...headers });
  };
  return client as unknown as ApiClient<Paths, Pages, Options>;
}

/** JSON unless the request says it is a form, in which case nested objects use bracket notation. */
function serializeBody(body: unknown, headers?: Headers | Record<string, string>): string | FormData | Blob | ArrayBuffer | URLSearchParams {
  if (body instanceof FormData || body instanceof Blob || body instanceof ArrayBuffer || body instanceof URLSearchParams) return body;
  const type = headers instanceof Headers ? headers.get('content-type') : undefined;
  if (type && /^application\/x-www-form-urlencoded\b/i.test(type)) return encodeForm(body);
  return JSON.stringify(body);
}

/** Sets the operation's own media type unless the caller chose one (null keeps its unset meaning). */
function withDefaultContentType(headers: unknown, mediaType: string | undefined, hasBody: boolean): unknown {
  if (!mediaType || !hasBody) return headers;
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    if (!copy.has('content-type')) copy.set('content-type', mediaType);
    return copy;
  }
  const record = (headers ?? {}) as Record<string, unknown>;
  if (Object.keys(record).some((name) => name.toLowerCase() === 'content-type')) return record;
  return { ...record, 'content-type': mediaType };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
