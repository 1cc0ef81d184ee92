import createClient from 'openapi-fetch';
import { checkBrowserUse, checkCredentials, createAuthentication, credentialHeaders, planAuth, type Authenticator, type Credentials, type OAuth2Scheme, type TokenAuthenticators } from '../auth/auth.js';
import { checkHeaders, checkPathParams } from './call-input.js';
import type { ApiClient, ApiDefinition, BaseClientOptions, ListCall, PaginationMap } from './client-types.js';
import { checkBaseUrl, resolveBaseUrl } from '../auth/environment.js';
import { ConfigurationError, PayspecError } from '../errors.js';
import { safeLogger } from '../logging.js';
import type { CallOptions, IdempotentCallOptions } from './operation-types.js';
import { environmentVariable, isBrowser, runtimeName } from '../auth/platform.js';
import { defaultSerializers, listedStyle, type ParameterSerializers } from './parameters.js';
import { PlainRequest } from '../transport/plain-request.js';
import type { ParseAs } from '../transport/response-body.js';
import { invalidResponse, responseMismatch, SAFE_METHODS, type ResponseShapes } from '../transport/response-shapes.js';
import { attemptOf, describeResponse, pathOfResponse, redactorOf, requestIdOf } from './result.js';
import { Redactor } from '../secrets.js';
import { checkResponseCheck, checkSettings, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type RequestSettings, type ResponseCheck } from '../settings.js';
import { send } from '../transport/transport.js';

export type { ApiClient, ApiDefinition, BaseClientOptions, PageOf, PaginateOptions, PaginationMap } from './client-types.js';
export type { CallOptions, IdempotentCallOptions } from './operation-types.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
type Init = Record<string, any> & IdempotentCallOptions;
const PARSE_AS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'stream']);
/** The call options that are payspec's own, not openapi-fetch's. */
const CALL_SETTINGS = ['maxRetries', 'timeout', 'maxResponseBytes', 'fetch', 'idempotencyKey', 'responseCheck'];

/**
 * Creates a typed openapi-fetch client for a provider: checks the credentials (the error never
 * contains them), picks the base URL, and sends every request through the payspec transport
 * (authentication per attempt, timeouts, retries, same-origin redirects, size cap, logging).
 */
export function createApiClient<Paths extends {}, Pages extends PaginationMap = {}, Options extends BaseClientOptions = BaseClientOptions, Call extends CallOptions = CallOptions>(
  definition: ApiDefinition,
  options: Options & { environment?: string },
): ApiClient<Paths, Pages, Options, Call> {
  return buildClient<Paths, Pages, Options>(definition, options, undefined) as unknown as ApiClient<Paths, Pages, Options, Call>;
}

/** `createApiClient`, and `withOptions` with the OAuth 2.0 tokens of the client it derives from. */
function buildClient<Paths extends {}, Pages extends PaginationMap, Options extends BaseClientOptions>(
  definition: ApiDefinition,
  options: Options & { environment?: string },
  parentTokens: TokenStores | undefined,
): ApiClient<Paths, Pages, Options> {
  const provider = definition.provider;
  if (options === undefined) options = {} as Options;
  if (!options || typeof options !== 'object') throw new ConfigurationError('options', `${provider}: the client options must be an object.`);
  // Credentials are the options the definition names (the generated options type lists them), else
  // their environment variables; of the spec's security alternatives, only the one given counts.
  const plan = planAuth(definition, options as unknown as Credentials);
  const credentials = plan.credentials;
  checkCredentials(provider, plan.rules, credentials);
  checkBrowserUse(provider, plan.rules, credentials, options.dangerouslyAllowBrowser);
  checkSettings(options, provider);
  const clientCheck = checkResponseCheck(options.responseCheck, provider);
  for (const name of ['fetch', 'log'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new ConfigurationError(name, `${provider}: \`${name}\` must be a function.`);
    }
  }
  checkHeaders(provider, 'headers', options.headers);
  const baseUrlVariable = definition.baseUrlEnv && options.baseUrl === undefined && options.environment === undefined ? environmentVariable(definition.baseUrlEnv) : undefined;
  const baseUrl = resolveBaseUrl(provider, definition.servers, baseUrlVariable === undefined ? options : { baseUrl: baseUrlVariable });
  const secretHeaders = new Set(credentialHeaders(definition.auth));
  const redactor = new Redactor(definition.credentials.map((rule) => credentials[rule.option]));
  const log = options.log ? safeLogger(options.log) : undefined;
  // A caller's fetch receives a Request for each attempt, as it expects; the global fetch is called
  // with the URL and init directly (it would only take the Request apart again).
  type Send = (url: string, init: RequestInit) => Promise<Response>;
  const adapt = (fetch: (request: Request) => Promise<Response>): Send => (url, init) => fetch(new Request(url, init));
  const baseFetch: Send = options.fetch ? adapt(options.fetch) : (url, init) => globalThis.fetch(url, init);

  const settings = {
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  const requestIdHeaders = definition.requestIdHeaders ?? [];
  const transport = (call: RequestSettings, parseAs: ParseAs, authenticate: Authenticator, inner = baseFetch, keyed = false) => (request: Request | PlainRequest) =>
    send(request, {
      fetch: inner,
      authenticate,
      secretHeaders,
      redactor,
      idempotencyHeader: definition.idempotency?.header,
      repeatable: keyed,
      requestIdHeaders,
      ...(log ? { log } : {}),
      parseAs,
      maxRetries: call.maxRetries ?? settings.maxRetries,
      timeout: call.timeout ?? settings.timeout,
      maxResponseBytes: call.maxResponseBytes ?? settings.maxResponseBytes,
    });
  // Idempotency keys come from the module a package imports when its spec declares them (`@payspec/runtime/idempotency`).
  const keying = definition.idempotency ? definition.idempotencyKeys : undefined;
  if (definition.idempotency && !keying) throw new ConfigurationError('idempotency', `${provider}: the idempotency module was not given to the client (import it from @payspec/runtime/idempotency).`);
  const keyCall = (method: string, call: Init, given: unknown, where: string): { call: Init; keyed: boolean; key?: string } => {
    if (keying && definition.idempotency) return keying(definition.idempotency, method, call as Init & { body?: unknown }, given, where);
    if (given !== undefined) throw new ConfigurationError('idempotencyKey', `${where}: this API declares no idempotency key.`);
    return { call, keyed: false };
  };
  // Token requests go through the same transport (the client's fetch, settings, redaction and
  // logger), retried whatever the method, and read as text: the module parses them, as a body that
  // holds a token must never reach an error's snippet.
  const sendTokenRequest = (request: { url: string; headers: Headers; body: string }) =>
    send(new PlainRequest(request.url, { method: 'POST', headers: request.headers, body: request.body }), {
      fetch: baseFetch, authenticate: noAuthentication, secretHeaders, redactor, idempotencyHeader: undefined, requestIdHeaders,
      ...(log ? { log } : {}), ...settings, parseAs: 'text', repeatable: true,
    });
  const tokenStores: TokenStores = new Map();
  let tokens: TokenAuthenticators | undefined;
  // Without the module, the authenticator of the first operation that needs it says what is missing.
  if (definition.oauth2 && definition.auth.some((scheme) => scheme.type === 'oauth2')) {
    const tokenUrl = (options as { tokenUrl?: unknown }).tokenUrl ?? (definition.tokenUrlEnv ? environmentVariable(definition.tokenUrlEnv) : undefined);
    const redact = (value: string) => redactor.add(value);
    tokens = definition.oauth2.authenticators({ provider, credentials, tokenUrl, baseUrl, fetch: options.fetch, send: sendTokenRequest, redact, stores: { own: tokenStores, parent: parentTokens } });
  }
  const authFor = createAuthentication(definition, plan, tokens);
  const base = createClient<Paths>({
    baseUrl,
    // The parts of each call, not a Request: the transport builds every attempt's request itself.
    Request: PlainRequest as unknown as typeof Request,
    // Every call brings its own (see `prepare`); this one only serves openapi-fetch's own default.
    fetch: transport({}, 'json', authFor('')),
    bodySerializer: (body: unknown, headers?: Headers | Record<string, string>) => serializeBody(provider, body, headers, definition.formEncoder),
    // Who sent the request, unless the caller names itself (their header of either spelling wins; null drops it).
    headers: { ...identification(definition), ...options.headers },
  });

  const shared = new Map<Authenticator, Map<ParseAs, (request: Request | PlainRequest) => Promise<Response>>>();
  const sharedTransport = (parseAs: ParseAs, authenticate: Authenticator) => {
    let byParse = shared.get(authenticate);
    if (!byParse) shared.set(authenticate, (byParse = new Map()));
    let send = byParse.get(parseAs);
    if (!send) byParse.set(parseAs, (send = transport({}, parseAs, authenticate)));
    return send;
  };
  // What a call needs of its operation, resolved once per operation of the spec (a path the spec
  // does not have is resolved afresh each time, so that no caller's string grows the map): its
  // authenticator (its own security, else the root's), its media type, and its query and path
  // serializers in the styles the spec declares (the module the package imports when it declares
  // any), else the defaults.
  const declaredStyles = definition.parameters ?? {};
  if (Object.keys(declaredStyles).length > 0 && !definition.parameterStyles) throw new ConfigurationError('parameters', `${provider}: the parameter styles module was not given to the client (import it from @payspec/runtime/parameters).`);
  // By method, then path: the caller's path string is looked up as it is, no key built per call.
  const operations = new Map<string, Map<string, Operation>>();
  const operationOf = (method: string, path: string): Operation => {
    let operation = operations.get(method)?.get(path);
    if (!operation) {
      const where = `${method} ${path}`;
      const styles = listedStyle(declaredStyles, where);
      operation = {
        where,
        shapes: definition.responses?.[where],
        authenticate: authFor(where),
        mediaType: definition.requestMediaTypes?.[where],
        pathStyles: styles?.path,
        serializers: styles ? definition.parameterStyles!(styles, where) : defaultSerializers(where),
      };
      if (definition.responses && Object.hasOwn(definition.responses, where)) {
        let byPath = operations.get(method);
        if (!byPath) operations.set(method, (byPath = new Map()));
        byPath.set(path, operation);
      }
    }
    return operation;
  };
  // Each call may carry its own settings; they travel in a per-call fetch, which openapi-fetch supports.
  const prepare = (method: string, path: string, init: Init | undefined): Prepared => {
    if (init !== undefined && (init === null || typeof init !== 'object')) throw new ConfigurationError('init', `${method} ${path}: the call options must be an object.`);
    // Most calls carry none of the call settings: they skip the checks and the copy.
    let own = false;
    if (init) for (const name of CALL_SETTINGS) if (name in init) own = true;
    let maxRetries: number | undefined, timeout: number | undefined, maxResponseBytes: number | undefined, callFetch: unknown, idempotencyKey: unknown, responseCheck: unknown;
    let given: Init = init ?? {};
    if (own) ({ maxRetries, timeout, maxResponseBytes, fetch: callFetch, idempotencyKey, responseCheck, ...given } = init!);
    const operation = operationOf(method, path);
    const { where } = operation;
    let check = clientCheck;
    if (own) {
      checkSettings({ maxRetries, timeout, maxResponseBytes }, where);
      check = checkResponseCheck(responseCheck, where) ?? clientCheck;
      if (callFetch !== undefined && typeof callFetch !== 'function') throw new ConfigurationError('fetch', `${where}: \`fetch\` must be a function.`);
    }
    // One key per call, set before the transport, so every retry of the call sends the same one.
    const { call: rest, keyed, key } = keyCall(method, given, idempotencyKey, where);
    checkPathParams(method, path, rest.params?.path, operation.pathStyles);
    checkHeaders(where, 'headers', rest.headers);
    checkHeaders(where, 'params.header', rest.params?.header);
    const parseAs = (rest.parseAs ?? 'json') as ParseAs;
    if (!PARSE_AS.has(parseAs)) throw new ConfigurationError('parseAs', `${where}: \`parseAs\` must be one of ${[...PARSE_AS].join(', ')}.`);
    const headers = withDefaultContentType(rest.headers, operation.mediaType, rest.body !== undefined);
    // A call with the client's own settings (most of them) shares one transport per parseAs.
    const plain = maxRetries === undefined && timeout === undefined && maxResponseBytes === undefined && callFetch === undefined && !keyed;
    const prepared: Init = {
      ...rest,
      // A call's own serializers (openapi-fetch options) win over the spec's.
      querySerializer: rest.querySerializer ?? operation.serializers.querySerializer,
      pathSerializer: rest.pathSerializer ?? operation.serializers.pathSerializer,
      fetch: plain ? sharedTransport(parseAs, operation.authenticate) : transport({ maxRetries, timeout, maxResponseBytes }, parseAs, operation.authenticate, callFetch ? adapt(callFetch as (request: Request) => Promise<Response>) : baseFetch, keyed),
    };
    if (headers !== undefined) prepared.headers = headers;
    if (rest.baseUrl !== undefined) prepared.baseUrl = checkBaseUrl(provider, rest.baseUrl);
    return { init: prepared, parseAs, check, key, operation };
  };
  /**
   * A response that breaks its declared shape, handled as `responseCheck` says (settings.ts): by
   * default a read throws, and a write the server accepted is reported and returned.
   */
  const checkShape = async (result: { data?: unknown; error?: unknown; response: Response }, method: string, prepared: Prepared) => {
    if (prepared.parseAs !== 'json' || prepared.check === 'off') return;
    const problem = responseMismatch(result, prepared.operation.shapes, method);
    if (!problem) return;
    const { response } = result;
    const check: ResponseCheck = prepared.check ?? (response.ok && !SAFE_METHODS.has(method) ? 'report' : 'throw');
    const path = pathOfResponse(response);
    const requestId = requestIdOf(response);
    if (check === 'throw') throw await invalidResponse(result, problem, { method, path, requestId, idempotencyKey: prepared.key, redactor: redactorOf(response) ?? redactor });
    log?.({ type: 'response-mismatch', method, path, attempt: attemptOf(response), status: response.status, problem, requestId });
  };
  // Anything that is not already a payspec error (a library refusing the input) becomes one, scrubbed.
  type Run = (method: string, path: string, init: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const call = async (method: string, path: string, init: Init | undefined, run: Run) => {
    let result: Awaited<ReturnType<typeof run>>;
    let prepared: Prepared | undefined;
    try {
      prepared = prepare(method, path, init);
      result = await run(method, path, prepared.init);
    } catch (error) {
      if (error instanceof PayspecError) throw error;
      const reason = error instanceof Error ? redactor.text(error.message).slice(0, 300) : 'unknown error';
      throw new ConfigurationError('request', `${method} ${path}: the request could not be built: ${reason}`);
    }
    describeResponse(result.response, { operation: prepared.operation.where });
    await checkShape(result, method, prepared);
    return result;
  };
  const client = { ...base } as Record<string, unknown>;
  // Async so that bad call options reject like every other failure instead of throwing synchronously.
  for (const method of METHODS) {
    const run: Run = (_, path, prepared) => (base[method] as any)(path, prepared);
    client[method] = (path: string, init?: Init) => call(method, path, init, run);
  }
  const runRequest: Run = (method, path, prepared) => (base.request as any)(method, path, prepared);
  client.request = (method: string, path: string, init?: Init) => {
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    return call(upper, path, init, runRequest);
  };
  client.paginate = (path: string, init?: Init & { maxPages?: number }) => {
    const rule = definition.pagination?.[path];
    if (!rule || !definition.paginator) throw new ConfigurationError('path', `${provider}: ${String(path).slice(0, 200)} is not a paginated list operation.`);
    return definition.paginator.list(client.GET as ListCall, path, rule, init ?? {}, { provider, baseUrl, servers: definition.servers });
  };
  client.withOptions = (next: Partial<Options>) => {
    if (!next || typeof next !== 'object') throw new ConfigurationError('options', `${provider}: \`withOptions\` takes an object.`);
    const headers = options.headers || next.headers ? { headers: { ...options.headers, ...next.headers } } : {};
    // The credentials of another security alternative replace the current ones instead of joining them.
    const current = (definition.credentialChoice?.switchTo(definition, options as unknown as Credentials, next as unknown as Credentials) ?? options) as Options;
    return buildClient<Paths, Pages, Options>(definition, { ...current, ...stripUndefined(next), ...headers }, tokenStores);
  };
  return client as unknown as ApiClient<Paths, Pages, Options>;
}

const noAuthentication: Authenticator = () => undefined;

/** What every call of one operation shares. */
interface Operation {
  /** `METHOD /path`, as errors and the spec's tables name it. */
  where: string;
  shapes: ResponseShapes | undefined;
  authenticate: Authenticator;
  mediaType: string | undefined;
  /** The path parameters the spec lists with a style: they may take arrays and objects. */
  pathStyles: Readonly<Record<string, unknown>> | undefined;
  serializers: ParameterSerializers;
}

/** A call made ready: openapi-fetch's options, and what the client does with the answer. */
interface Prepared {
  init: Init;
  parseAs: ParseAs;
  check: ResponseCheck | undefined;
  /** The idempotency key the call sends, when it sends one. */
  key: string | undefined;
  operation: Operation;
}

/** Where a client's OAuth 2.0 module keeps its tokens, by scheme; a client made by `withOptions` may share its parent's. */
type TokenStores = Map<OAuth2Scheme, unknown>;

/**
 * `User-Agent: payspec-stancer/0.1.0 (node/20.20.0)`, or `X-Payspec-Client` in a browser, where a
 * page cannot set the User-Agent.
 */
function identification(definition: ApiDefinition): Record<string, string> {
  if (!definition.userAgent) return {};
  return { [isBrowser() ? 'x-payspec-client' : 'user-agent']: `${definition.userAgent} (${runtimeName()})` };
}

/** JSON unless the request says it is a form, in which case nested objects use bracket notation. */
function serializeBody(provider: string, body: unknown, headers: Headers | Record<string, string> | undefined, encodeForm: ((body: unknown) => string) | undefined): string | FormData | Blob | ArrayBuffer | URLSearchParams {
  if (body instanceof FormData || body instanceof Blob || body instanceof ArrayBuffer || body instanceof URLSearchParams) return body;
  const type = headers instanceof Headers ? headers.get('content-type') : undefined;
  try {
    if (type && /^application\/x-www-form-urlencoded\b/i.test(type)) {
      if (!encodeForm) throw new TypeError(`${provider}'s spec declares no form body (pass a URLSearchParams to send one anyway)`);
      return encodeForm(body);
    }
    const json = JSON.stringify(body);
    if (json === undefined) throw new TypeError(`a ${typeof body} has no JSON form`);
    return json;
  } catch (error) {
    // The messages of encodeForm and JSON.stringify name keys and types, never values.
    throw new ConfigurationError('body', `the request body cannot be encoded: ${(error as Error).message.split('\n')[0]}`);
  }
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
