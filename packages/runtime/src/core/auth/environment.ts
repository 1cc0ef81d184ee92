import { ConfigurationError } from '../errors.js';

/** A server of the provider, from the spec's `servers`. */
export interface Server {
  url: string;
  /** The environment name (`x-payspec-environment`), when the provider has several hosts. */
  environment?: string;
  description?: string;
}

export interface EnvironmentOptions {
  environment?: string;
  baseUrl?: string;
}

/**
 * The base URL for a client: `baseUrl` when given (a mock, a proxy), otherwise the server of the
 * chosen environment, otherwise the first server. A trailing slash is dropped so that spec paths
 * (which start with `/`) append cleanly.
 */
export function resolveBaseUrl(provider: string, servers: readonly Server[], options: EnvironmentOptions): string {
  if (options.baseUrl !== undefined) return checkBaseUrl(provider, options.baseUrl);
  const named = servers.filter((server) => server.environment);
  if (options.environment !== undefined) {
    const match = named.find((server) => server.environment === options.environment);
    if (!match) {
      const known = named.map((server) => `'${server.environment}'`).join(', ') || 'none';
      // The given name is not echoed: a misplaced credential would otherwise land in the message.
      throw new ConfigurationError('environment', `${provider}: \`environment\` is not one of the known environments (${known}).`);
    }
    return checkBaseUrl(provider, match.url);
  }
  const first = servers[0];
  if (!first) throw new ConfigurationError('baseUrl', `${provider}: the spec declares no server; pass \`baseUrl\`.`);
  return checkBaseUrl(provider, first.url);
}

/**
 * An absolute http(s) URL whose path the operation paths are appended to. User info is refused
 * (credentials go in their own options, and `fetch` would echo the URL in its error), and so are a
 * query or a fragment, which would end up in the middle of every request URL. The messages never
 * quote the URL.
 */
export function checkBaseUrl(provider: string, value: unknown): string {
  const fail = (why: string): never => {
    throw new ConfigurationError('baseUrl', `${provider}: \`baseUrl\` ${why}.`);
  };
  if (typeof value !== 'string') return fail(`must be a string, got ${typeof value}`);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    return fail('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`must use http or https, not ${url.protocol.slice(0, 16)}`);
  if (url.username || url.password) fail('must not contain a user name or password: pass credentials as their own options');
  if (url.search || value.includes('?')) fail('must not contain a query string (`?...`)');
  if (url.hash || value.includes('#')) fail('must not contain a fragment (`#...`)');
  // The parsed form: braces and spaces percent-encoded, so nothing in it looks like a path template.
  return url.href.replace(/\/+$/, '');
}
