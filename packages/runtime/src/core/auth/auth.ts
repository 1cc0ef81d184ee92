import { ConfigurationError } from '../errors.js';
import { environmentVariable, isBrowser } from './platform.js';
import { headerValueProblem } from '../secrets.js';
import type { OutgoingRequest, Signer, SignerModule } from './signer.js';

/**
 * How a client authenticates, as declared by the provider's spec (security schemes) and our
 * overlay (`x-payspec-credential`). Each style is implemented once here (OAuth 2.0 in its own
 * subpath). `name` is the spec's name of the security scheme a part implements (a scheme may have
 * two parts, such as Ping++'s Basic key and its optional signature); `security` refers to it.
 */
export type AuthScheme =
  /** HTTP Basic: the credential is the user name, the password is empty unless `passwordOption` is set. */
  | { type: 'basic'; name?: string; option: string; passwordOption?: string }
  /** `Authorization: Bearer <credential>`. */
  | { type: 'bearer'; name?: string; option: string }
  /** The credential sent as-is in a header. */
  | { type: 'header'; name?: string; option: string; header: string }
  /** Headers computed for each attempt from the request itself (a signature, a token over the body). */
  | SignerScheme
  /** A token fetched with the OAuth 2.0 client credentials grant and sent as `Authorization: Bearer`. */
  | OAuth2Scheme;

export interface SignerScheme {
  type: 'signer';
  name?: string;
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

/** OAuth 2.0 client credentials (RFC 6749 §4.4), implemented by `@payspec/runtime/oauth2`. */
export interface OAuth2Scheme {
  type: 'oauth2';
  name?: string;
  /** The token endpoint as the spec writes it: absolute, or relative to the client's base URL. */
  tokenUrl: string;
  /** The client options carrying the client id and the client secret. */
  options: { clientId: string; clientSecret: string };
  /**
   * How the client authenticates to the token endpoint: HTTP Basic (`basic`, the default, RFC 6749
   * §2.3.1) or `client_id` and `client_secret` in the form body (`body`).
   */
  clientAuthentication?: 'basic' | 'body';
  /** The scopes asked for (the `scope` parameter); none when empty. */
  scopes?: readonly string[];
}

/** The implementation of OAuth 2.0 client credentials, `@payspec/runtime/oauth2`, as the generated package passes it. */
export interface OAuth2Module {
  /** The authenticator of each OAuth 2.0 scheme of one client; checks the token endpoint at once. */
  authenticators(client: OAuth2Client): TokenAuthenticators;
}

/** What a client hands the OAuth 2.0 module. */
export interface OAuth2Client {
  provider: string;
  credentials: Credentials;
  /** The `tokenUrl` option, else its environment variable; undefined for the spec's. */
  tokenUrl: unknown;
  baseUrl: string;
  /** The client's `fetch` option: a client made by `withOptions` keeps its parent's token only with the same one. */
  fetch: unknown;
  /**
   * Sends a token request through the client's transport (its `fetch`, timeouts, retries,
   * redirects, size cap, redaction and logger); resolves to the response with its body read as text.
   */
  send(request: { url: string; headers: Headers; body: string }): Promise<Response>;
  /** Adds a secret to the client's redactor (each access token). */
  redact(value: string): void;
  /** Where the tokens are kept: the client's own stores, and those of the client `withOptions` derived it from. */
  stores: { own: Map<OAuth2Scheme, unknown>; parent: Map<OAuth2Scheme, unknown> | undefined };
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
    // Signers compute their headers per attempt, and OAuth 2.0 tokens are fetched, in createAuthenticator.
    if (scheme.type === 'signer' || scheme.type === 'oauth2') continue;
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

// A request about to be sent: declared beside the signers, which sign it (one import direction).
export type { OutgoingRequest } from './signer.js';

/**
 * Adds credentials to one attempt of a request. Called again for every retry, so schemes that
 * sign the date or the body sign each attempt afresh.
 */
export type Authenticator = ((request: OutgoingRequest) => void | Promise<void>) & {
  /**
   * Called once per request after the API answered 401 to it: whether the credential it carried is
   * now replaced (an OAuth 2.0 access token dropped, to be fetched again), so that the request is
   * worth sending once more.
   */
  renew?: (request: OutgoingRequest) => boolean;
};

/** Makes the OAuth 2.0 authenticator of a scheme (the client shares one per scheme). */
export type TokenAuthenticators = (scheme: OAuth2Scheme) => Authenticator;

/** The authenticator for the given schemes; a fixed header already set on the request wins. */
export function createAuthenticator(
  provider: string,
  schemes: readonly AuthScheme[],
  options: Credentials,
  modules: SignerModules = {},
  tokens?: TokenAuthenticators,
  /** Every scheme of the provider, for naming the other choices in an error. */
  all: readonly AuthScheme[] = schemes,
): Authenticator {
  // Computed once: credentials are fixed for the life of a client.
  const fixed = authHeaders(schemes, options);
  const signers = schemes.flatMap((scheme) => (scheme.type === 'signer' ? signerFor(provider, scheme, all, options, modules) : []));
  const tokenSources = schemes.flatMap((scheme) => {
    if (scheme.type !== 'oauth2') return [];
    if (!tokens) throw new ConfigurationError('auth', `${provider}: OAuth 2.0 was not given to the client (the package must import it from @payspec/runtime/oauth2).`);
    return [tokens(scheme)];
  });
  const fixedEntries = Object.entries(fixed);
  const setFixed = (request: OutgoingRequest) => {
    // A header given for one call (for example another customer's token) wins.
    for (const [name, value] of fixedEntries) if (!request.headers.has(name)) request.headers.set(name, value);
  };
  // Without a signer or a token there is nothing to wait for: no promise per request.
  if (signers.length === 0 && tokenSources.length === 0) return setFixed;
  const authenticate: Authenticator = async (request) => {
    setFixed(request);
    for (const source of tokenSources) await source(request);
    for (const sign of signers) {
      for (const [name, value] of Object.entries(await sign(request))) request.headers.set(name, value);
    }
  };
  if (tokenSources.length > 0) authenticate.renew = (request) => tokenSources.map((source) => source.renew?.(request) ?? false).includes(true);
  return authenticate;
}

/** The client options a part of a scheme reads (a choice between schemes is not a credential). */
export function schemeOptions(scheme: AuthScheme): string[] {
  switch (scheme.type) {
    case 'basic':
      return scheme.passwordOption ? [scheme.option, scheme.passwordOption] : [scheme.option];
    case 'signer':
      return [...new Set(Object.values(scheme.options))];
    case 'oauth2':
      return [scheme.options.clientId, scheme.options.clientSecret];
    default:
      return [scheme.option];
  }
}

/**
 * Security requirements as the spec lists them: alternatives ("either"), each the names of the
 * schemes applied together. `[]` means no authentication, and an empty alternative (`{}`) that
 * authentication is optional.
 */
export type SecurityRequirements = readonly (readonly string[])[];

/** What the authentication of a client is derived from: the parts of `ApiDefinition` it needs. */
export interface AuthDefinition {
  provider: string;
  auth: readonly AuthScheme[];
  credentials: readonly CredentialRule[];
  /** The spec's root `security`. Without it, every scheme of `auth` applies to every request. */
  security?: SecurityRequirements;
  /** Operations whose own `security` differs from the root's, by `METHOD /path`. */
  operationSecurity?: Readonly<Record<string, SecurityRequirements>>;
  signers?: SignerModules;
  /** Security alternatives, when the spec lists any (`hasAlternatives`). */
  alternatives?: SecurityAlternativesModule;
  /** The choice between the root's alternatives by the credentials given, when it offers one (`choosesByCredentials`). */
  credentialChoice?: CredentialChoiceModule;
}

/** How a client authenticates, decided once when it is created (`planAuth`). */
export interface AuthPlan {
  /** The options as given, with the environment variables of the credentials that apply. */
  credentials: Credentials;
  /** The credential rules of the schemes the client may use; those of alternatives not chosen are left out. */
  rules: readonly CredentialRule[];
  /** The schemes the client does not use: those of the alternatives it was not given. */
  excluded: ReadonlySet<string>;
}

/**
 * The security alternatives module, `@payspec/runtime/alternatives`, as a generated package passes it
 * when its spec lists alternatives (a root or operation `security` of two or more, or schemes chosen
 * by an option such as CyberSource's `authentication`).
 */
export interface SecurityAlternativesModule {
  /** `planAuth` over the alternatives: the one chosen by the credentials given, or by an option. */
  plan(definition: AuthDefinition, options: Credentials): AuthPlan;
  /** `createAuthentication` over the alternatives: of each operation's requirement, the first the client has credentials for. */
  authentication(definition: AuthDefinition, plan: AuthPlan, tokens?: TokenAuthenticators): (operation: string) => Authenticator;
}

/**
 * The choice between the root's alternatives by the credentials a client is given,
 * `@payspec/runtime/alternatives`'s `credentialChoice`, passed only by the packages whose spec
 * offers one (CyberSource's alternatives are chosen by an option instead).
 */
export interface CredentialChoiceModule {
  /**
   * The schemes of the alternatives not chosen: the alternative whose own options are given, else
   * the one whose environment variables are set. Throws a `ConfigurationError` for two, or none.
   */
  choose(definition: AuthDefinition, options: Credentials): Set<string>;
  /** The options of `withOptions(next)`: without the current alternative's credentials when `next` gives another's. */
  switchTo(definition: AuthDefinition, current: Credentials, next: Credentials): Credentials;
}

/** The schemes one alternative of a requirement applies: those it names, and the parts of no scheme (unnamed). */
export function schemesOf(auth: readonly AuthScheme[], alternative: readonly string[]): AuthScheme[] {
  return auth.filter((scheme) => scheme.name === undefined || alternative.includes(scheme.name));
}

/** Whether a definition needs the alternatives module: a requirement of two alternatives or more, or a scheme chosen by an option. */
export function hasAlternatives(definition: Pick<AuthDefinition, 'auth' | 'security' | 'operationSecurity'>): boolean {
  return [definition.security, ...Object.values(definition.operationSecurity ?? {})].some((security) => (security?.length ?? 0) > 1) || definition.auth.some((scheme) => scheme.type === 'signer' && !!scheme.choice);
}

function alternativesOf(definition: AuthDefinition): SecurityAlternativesModule {
  if (definition.alternatives) return definition.alternatives;
  throw new ConfigurationError('auth', `${definition.provider}: the choice between security alternatives was not given to the client (the package must import it from @payspec/runtime/alternatives).`);
}

/**
 * Decides which schemes a client uses and which credentials it needs. Without alternatives every
 * credential rule applies, with its environment variable; with them, the alternatives module decides.
 */
export function planAuth(definition: AuthDefinition, options: Credentials): AuthPlan {
  if (hasAlternatives(definition)) return alternativesOf(definition).plan(definition, options);
  return { credentials: credentialsWithEnvironment(definition.credentials, options), rules: definition.credentials, excluded: new Set() };
}

/**
 * The authenticator of each operation, from its own `security` (else the root's). Without
 * alternatives a requirement is one list of schemes applied together (`[]`: none; no `security`
 * at all: every scheme); with them, the alternatives module resolves it.
 */
export function createAuthentication(definition: AuthDefinition, plan: AuthPlan, tokens?: TokenAuthenticators): (operation: string) => Authenticator {
  if (hasAlternatives(definition)) return alternativesOf(definition).authentication(definition, plan, tokens);
  const cache = new Map<SecurityRequirements | undefined, Authenticator>();
  return (operation) => {
    const security = definition.operationSecurity?.[operation] ?? definition.security;
    let found = cache.get(security);
    if (!found) {
      const schemes = security ? schemesOf(definition.auth, security[0] ?? []) : definition.auth;
      cache.set(security, (found = createAuthenticator(definition.provider, schemes, plan.credentials, definition.signers, tokens)));
    }
    return found;
  };
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
