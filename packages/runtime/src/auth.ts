import { ConfigurationError } from './errors.js';
import { headerValueProblem } from './secrets.js';
import { httpSignatureHeaders } from './signing/http-signature.js';
import { jwtBearerToken } from './signing/jwt.js';
import { importPingppPrivateKey, pingppSignatureHeaders } from './signing/pingpp-signature.js';

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
  | { type: 'header'; option: string; header: string }
  /** Headers computed for each attempt from the request itself (a signature, a token over the body). */
  | SignerScheme;

/** The signing styles the runtime implements, each once. */
export type SignerStyle = 'http-signature' | 'cybersource-jwt' | 'pingpp-rsa';

export interface SignerScheme {
  type: 'signer';
  style: SignerStyle;
  /** The signer's inputs, each mapped to the client option that carries it. */
  options: Record<string, string>;
  /**
   * When a provider offers several schemes, the client option that picks one. The scheme applies
   * when that option equals `value`, or when it is unset and this scheme is the `default`.
   */
  choice?: { option: string; value: string; default?: boolean };
}

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
  /** The value spans lines (a PEM key), so surrounding white space is part of it. */
  multiline?: boolean;
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
    // Checked here, not when the first request fails: `Headers` would quote the value in its error.
    const problem = rule.multiline ? multilineProblem(value) : headerValueProblem(value);
    if (problem) throw new ConfigurationError(rule.option, `${provider}: the \`${rule.option}\` option ${problem}.`);
    if (rule.pattern && !new RegExp(rule.pattern).test(value)) {
      const hint = rule.patternHint ? ` (${rule.patternHint})` : '';
      throw new ConfigurationError(rule.option, `${provider}: the \`${rule.option}\` option is not a valid value${hint}.`);
    }
  }
}

/** A multi-line credential (a PEM key) is never a header value, but NUL or stray controls still mean a broken value. */
function multilineProblem(value: string): string | undefined {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value) ? 'contains a control character other than a line break' : undefined;
}

/** The headers that authenticate a request, for the given schemes and credentials. */
export function authHeaders(schemes: readonly AuthScheme[], options: Credentials): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const scheme of schemes) {
    // Signers compute their headers per attempt, in createAuthenticator.
    if (scheme.type === 'signer') continue;
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

/** The authenticator for the given schemes; a fixed header already set on the request wins. */
export function createAuthenticator(schemes: readonly AuthScheme[], options: Credentials): Authenticator {
  const active = schemes.filter((scheme) => isChosen(scheme, options));
  // Computed once: credentials are fixed for the life of a client.
  const fixed = authHeaders(active, options);
  const signers = active.flatMap((scheme) => (scheme.type === 'signer' ? signerFor(scheme, options) : []));
  const fixedEntries = Object.entries(fixed);
  const setFixed = (request: OutgoingRequest) => {
    // A header given for one call (for example another customer's token) wins.
    for (const [name, value] of fixedEntries) if (!request.headers.has(name)) request.headers.set(name, value);
  };
  // Without a signer there is nothing to wait for: no promise per request.
  if (signers.length === 0) return setFixed;
  return async (request) => {
    setFixed(request);
    for (const sign of signers) {
      for (const [name, value] of Object.entries(await sign(request))) request.headers.set(name, value);
    }
  };
}

/** Checks the options that choose between schemes, such as CyberSource's `authentication`. */
export function checkChoices(provider: string, schemes: readonly AuthScheme[], options: Credentials): void {
  const choices = new Map<string, string[]>();
  for (const scheme of schemes) {
    if (scheme.type === 'signer' && scheme.choice) choices.set(scheme.choice.option, [...(choices.get(scheme.choice.option) ?? []), scheme.choice.value]);
  }
  for (const [option, values] of choices) {
    const value = options[option];
    if (value !== undefined && !values.includes(value as string)) {
      throw new ConfigurationError(option, `${provider}: \`${option}\` must be one of ${values.map((v) => `'${v}'`).join(', ')}.`);
    }
  }
}

function isChosen(scheme: AuthScheme, options: Credentials): boolean {
  if (scheme.type !== 'signer' || !scheme.choice) return true;
  const value = options[scheme.choice.option];
  return value === undefined ? scheme.choice.default === true : value === scheme.choice.value;
}

type Signer = (request: OutgoingRequest) => Promise<Record<string, string>>;

/** The signer of a scheme, or none when an optional input (such as a private key) was not given. */
function signerFor(scheme: SignerScheme, options: Credentials): Signer[] {
  const input = (name: string) => {
    const value = options[scheme.options[name] ?? name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  switch (scheme.style) {
    case 'http-signature':
    case 'cybersource-jwt': {
      const merchantId = input('merchantId');
      const keyId = input('keyId');
      const sharedSecret = input('sharedSecret');
      if (!merchantId || !keyId || !sharedSecret) return [];
      const credentials = { merchantId, keyId, sharedSecret };
      if (scheme.style === 'http-signature') return [(request) => httpSignatureHeaders(credentials, request)];
      return [async (request) => ({ authorization: `Bearer ${await jwtBearerToken(credentials, request)}`, 'v-c-merchant-id': merchantId })];
    }
    case 'pingpp-rsa': {
      const pem = input('privateKey');
      if (!pem) return [];
      // Imported on first use and then reused; a bad key fails the first request, not client creation.
      let key: Promise<CryptoKey> | undefined;
      return [
        async (request) => {
          key ??= importPingppPrivateKey(pem);
          return pingppSignatureHeaders(await key, request);
        },
      ];
    }
  }
}

/**
 * Names of the headers that carry credentials for these schemes, to redact them from logs. Signers'
 * headers (`signature`, `pingplusplus-signature`, a JWT in `authorization`) are already covered by
 * the names `redactHeaders` always treats as secret.
 */
export function credentialHeaders(schemes: readonly AuthScheme[]): string[] {
  return schemes.flatMap((scheme) => (scheme.type === 'header' ? [scheme.header.toLowerCase()] : []));
}

/** UTF-8 safe base64, with the Web APIs present in Node and browsers alike. */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
