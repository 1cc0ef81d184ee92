import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { authHeaders, checkCredentials, type AuthScheme, type CredentialRule, type Credentials } from './auth.js';
import { resolveBaseUrl, type Server } from './environment.js';
import { rememberRequest } from './result.js';

/** The media types openapi-fetch picks responses by (as in openapi-typescript-helpers). */
type MediaType = `${string}/${string}`;

/**
 * Everything the runtime needs to know about a provider. The generator derives it from the
 * provider's bundled spec (servers, security schemes) and our overlay (`x-payspec*`), so a new
 * provider needs no hand-written client code.
 */
export interface ApiDefinition {
  /** Display name used in error messages, for example `Stancer`. */
  provider: string;
  servers: readonly Server[];
  auth: readonly AuthScheme[];
  credentials: readonly CredentialRule[];
}

/** Options every generated client accepts besides its credentials. */
export interface BaseClientOptions {
  /** Overrides the server from the spec, for example a Prism mock (`http://127.0.0.1:4010`). */
  baseUrl?: string;
  /** A `fetch` to use instead of `globalThis.fetch` (for tests, proxies, instrumentation). */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request, such as a `User-Agent` of your own. */
  headers?: Record<string, string>;
}

export type ApiClient<Paths extends {}> = Client<Paths, MediaType>;

/**
 * Creates a typed openapi-fetch client for a provider: checks the credentials (the error never
 * contains them), picks the base URL, and authenticates every request.
 */
export function createApiClient<Paths extends {}>(
  definition: ApiDefinition,
  options: BaseClientOptions & { environment?: string },
): ApiClient<Paths> {
  // Credentials are the options the definition names; the generated options type lists them.
  const credentials = options as Credentials;
  checkCredentials(definition.provider, definition.credentials, credentials);
  const baseUrl = resolveBaseUrl(definition.provider, definition.servers, options);
  const client = createClient<Paths>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  // Computed once: credentials are fixed for the life of a client.
  const headers = authHeaders(definition.auth, credentials);
  const auth: Middleware = {
    onRequest({ request }) {
      for (const [name, value] of Object.entries(headers)) {
        // A header given for one call (for example another customer's token) wins.
        if (!request.headers.has(name)) request.headers.set(name, value);
      }
      return request;
    },
    onResponse({ request, response }) {
      rememberRequest(response, request);
    },
  };
  client.use(auth);
  return client;
}
