import { ConfigurationError } from './errors.js';

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
  if (options.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new ConfigurationError('baseUrl', `${provider}: \`baseUrl\` must be an absolute http(s) URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigurationError('baseUrl', `${provider}: \`baseUrl\` must use http or https, not ${url.protocol}`);
    }
    return options.baseUrl.replace(/\/+$/, '');
  }
  const named = servers.filter((server) => server.environment);
  if (options.environment !== undefined) {
    const match = named.find((server) => server.environment === options.environment);
    if (!match) {
      const known = named.map((server) => `'${server.environment}'`).join(', ') || 'none';
      throw new ConfigurationError(
        'environment',
        `${provider}: unknown environment '${options.environment}' (known: ${known}).`,
      );
    }
    return match.url.replace(/\/+$/, '');
  }
  const first = servers[0];
  if (!first) throw new ConfigurationError('baseUrl', `${provider}: the spec declares no server; pass \`baseUrl\`.`);
  return first.url.replace(/\/+$/, '');
}
