import { ConfigurationError } from './errors.js';

/**
 * How a client authenticates, as declared by the provider's spec (security schemes) and our
 * overlay (`x-payspec-credential`). Each style is implemented once here.
 */
export type AuthScheme =
  /** HTTP Basic: the credential is the user name, the password is empty unless `passwordOption` is set. */
  | { type: 'basic'; option: string; passwordOption?: string }
  /** `Authorization: Bearer <credential>`. */
  | { type: 'bearer'; option: string }
  /** The credential sent as-is in a header. */
  | { type: 'header'; option: string; header: string };

/** What a client option holding a credential must look like. */
export interface CredentialRule {
  /** The client option, for example `secretKey`. */
  option: string;
  /** Whether the client can be created without it. */
  optional?: boolean;
  /** A regular expression the value must match. */
  pattern?: string;
  /** Says what a valid value looks like, for the error message; never the value itself. */
  patternHint?: string;
}

export type Credentials = Record<string, unknown>;

/** Checks every credential option; the error names the option, never its value. */
export function checkCredentials(provider: string, rules: readonly CredentialRule[], options: Credentials): void {
  for (const rule of rules) {
    const value = options[rule.option];
    if (value === undefined || value === null || value === '') {
      if (rule.optional) continue;
      throw new ConfigurationError(rule.option, `${provider}: the \`${rule.option}\` option is required.`);
    }
    if (typeof value !== 'string') {
      throw new ConfigurationError(rule.option, `${provider}: the \`${rule.option}\` option must be a string, got ${typeof value}.`);
    }
    if (value.trim() !== value) {
      throw new ConfigurationError(rule.option, `${provider}: the \`${rule.option}\` option has leading or trailing white space.`);
    }
    if (rule.pattern && !new RegExp(rule.pattern).test(value)) {
      const hint = rule.patternHint ? ` (${rule.patternHint})` : '';
      throw new ConfigurationError(rule.option, `${provider}: the \`${rule.option}\` option is not a valid value${hint}.`);
    }
  }
}

/** The headers that authenticate a request, for the given schemes and credentials. */
export function authHeaders(schemes: readonly AuthScheme[], options: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const scheme of schemes) {
    const value = options[scheme.option];
    if (typeof value !== 'string' || value === '') continue;
    switch (scheme.type) {
      case 'basic': {
        const password = scheme.passwordOption ? String(options[scheme.passwordOption] ?? '') : '';
        headers.authorization = `Basic ${base64(`${value}:${password}`)}`;
        break;
      }
      case 'bearer':
        headers.authorization = `Bearer ${value}`;
        break;
      case 'header':
        headers[scheme.header.toLowerCase()] = value;
        break;
    }
  }
  return headers;
}

/** A request about to be sent, as an authenticator sees it: the exact body bytes included. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | undefined;
}

/**
 * Adds credentials to one attempt of a request. Called again for every retry, so schemes that
 * sign the date or the body sign each attempt afresh.
 */
export type Authenticator = (request: OutgoingRequest) => void | Promise<void>;

/** The authenticator for the given schemes; a header already set on the request wins. */
export function createAuthenticator(schemes: readonly AuthScheme[], options: Credentials): Authenticator {
  // Computed once: credentials are fixed for the life of a client.
  const fixed = authHeaders(schemes, options);
  return (request) => {
    // A header given for one call (for example another customer's token) wins.
    for (const [name, value] of Object.entries(fixed)) if (!request.headers.has(name)) request.headers.set(name, value);
  };
}

/** Names of the headers that carry credentials for these schemes, to redact them from logs. */
export function credentialHeaders(schemes: readonly AuthScheme[]): string[] {
  return schemes.map((scheme) => (scheme.type === 'header' ? scheme.header.toLowerCase() : 'authorization'));
}

/** UTF-8 safe base64, with the Web APIs present in Node and browsers alike. */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
