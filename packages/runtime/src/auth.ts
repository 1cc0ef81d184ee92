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

/** UTF-8 safe base64, with the Web APIs present in Node and browsers alike. */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
