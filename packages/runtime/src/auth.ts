import { ConfigurationError } from './errors.js';
import { environmentVariable, isBrowser } from './platform.js';
import { headerValueProblem } from './secrets.js';
import type { Signer, SignerModule } from './signing/signer.js';

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

export interface SignerScheme {
  type: 'signer';
  /** The signing style (`http-signature`, ...): a runtime subpath the generated package imports. */
  style: string;
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
  /** The environment variable the option falls back to where `process.env` exists (`STANCER_SECRET_KEY`). */
  env?: string;
  /** Not a secret (a publishable key): allowed in a browser without `dangerouslyAllowBrowser`. */
  public?: boolean;
}

export type Credentials = Record<string, unknown>;

/**
 * The credentials a client uses: each option as given, else its environment variable (where
 * `process.env` exists). An option given explicitly always wins, even an empty one.
 */
export function credentialsWithEnvironment(rules: readonly CredentialRule[], options: Credentials): Credentials {
  let merged: Credentials | undefined;
  for (const rule of rules) {
    if (options[rule.option] !== undefined || !rule.env) continue;
    const value = environmentVariable(rule.env);
    if (value !== undefined) (merged ??= { ...options })[rule.option] = value;
  }
  return merged ?? options;
}

/** Checks every credential option; the error names the option (and its variable), never its value. */
export function checkCredentials(provider: string, rules: readonly CredentialRule[], options: Credentials): void {
  for (const rule of rules) {
    const value = options[rule.option];
    if (value === undefined || value === null || value === '') {
      if (rule.optional) continue;
      const variable = rule.env ? ` (or set the ${rule.env} environment variable)` : '';
      throw new ConfigurationError(rule.option, `${provider}: the \`${rule.option}\` option is required${variable}.`);
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

/**
 * In a browser, anyone who loads the page can read a secret credential: the client refuses to be
 * created with one unless the caller opts in, as openai-node does.
 */
export function checkBrowserUse(provider: string, rules: readonly CredentialRule[], options: Credentials, allowed: unknown): void {
  if (allowed === true || !isBrowser()) return;
  const secrets = rules.filter((rule) => !rule.public && typeof options[rule.option] === 'string' && options[rule.option] !== '').map((rule) => `\`${rule.option}\``);
  if (secrets.length === 0) return;
  throw new ConfigurationError(
    'dangerouslyAllowBrowser',
    `${provider}: the client was created in a browser with a secret credential (${secrets.join(', ')}), which anyone who loads the page can read. ` +
      'Call the API from a server; pass `dangerouslyAllowBrowser: true` only if you accept the risk (a test key, a trusted internal tool).',
  );
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
export function createAuthenticator(provider: string, schemes: readonly AuthScheme[], options: Credentials, modules: SignerModules = {}): Authenticator {
  const active = schemes.filter((scheme) => isChosen(scheme, options));
  // Computed once: credentials are fixed for the life of a client.
  const fixed = authHeaders(active, options);
  const signers = active.flatMap((scheme) => (scheme.type === 'signer' ? signerFor(provider, scheme, schemes, options, modules) : []));
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

/** The signing styles a generated package imported, by style. */
export type SignerModules = Readonly<Record<string, SignerModule>>;

/** The signer of a scheme, or none when an optional input (such as a private key) was not given. */
function signerFor(provider: string, scheme: SignerScheme, schemes: readonly AuthScheme[], options: Credentials, modules: SignerModules): Signer[] {
  const module = modules[scheme.style];
  if (!module) throw new ConfigurationError('auth', `${provider}: the \`${scheme.style}\` signer was not given to the client (the package must import it from @payspec/runtime/signers/${scheme.style}).`);
  const inputs = Object.fromEntries(
    Object.entries(scheme.options).map(([input, option]) => {
      const value = options[option];
      return [input, typeof value === 'string' && value !== '' ? value : undefined];
    }),
  );
  const signer = module.create(inputs);
  if (!signer) return [];
  if (module.browserProblem && isBrowser()) {
    // Not overridable: a request signed over headers the browser replaces is refused by the provider anyway.
    const others = scheme.choice ? schemes.flatMap((s) => (s.type === 'signer' && s.choice?.option === scheme.choice!.option && s !== scheme ? [`\`${s.choice.option}: '${s.choice.value}'\``] : [])) : [];
    const instead = others.length > 0 ? ` Use ${others.join(' or ')} in a browser.` : '';
    throw new ConfigurationError(scheme.choice?.option ?? 'auth', `${provider}: the \`${scheme.style}\` scheme cannot work in a browser: ${module.browserProblem}.${instead}`);
  }
  return [signer];
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
