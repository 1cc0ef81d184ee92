import { credentialAlternatives } from '../../packages/runtime/src/alternatives/index.js';
import { schemeOptions } from '../../packages/runtime/src/core/auth/auth.js';
import type { AuthScheme, CredentialRule, IdempotencyRule, OAuth2Scheme, OperationParameters, ResponseShape, ResponseShapes, Server } from '../../packages/runtime/src/index.js';
import { isIdentifier } from '../shared/codegen.js';
import { operationParameters, resolveRef } from '../shared/json-ref.js';
import { SpecError, type DocPath } from './origin.js';
import { readPagination, type PaginatedOperation } from './pagination-spec.js';
import { readParameterStyles } from './parameter-styles.js';
import type { Provider } from './registry.js';

/** What the client generator reads from a bundled, overlaid spec. */
export interface ClientSpec {
  /** `Stancer` in `createStancerClient`, from `info.x-payspec.clientName`. */
  clientName: string;
  /** The package slug (the registry name). */
  slug: string;
  title: string;
  summary: string;
  specVersion: string;
  /** The package's version: owned by the release flow, read from `packages/<slug>/package.json` (release.ts). */
  packageVersion: string;
  servers: Server[];
  auth: AuthScheme[];
  /** Each credential option, with its description and the environment variable named for it. */
  credentials: (CredentialRule & { description: string; env: string })[];
  /** The root `security`: alternatives, each the names of the schemes applied together (absent when the spec has none). */
  security?: string[][];
  /** Operations whose own `security` differs from the root's, by `METHOD /path`. */
  operationSecurity: Record<string, string[][]>;
  /**
   * The alternatives of the root `security` that a client chooses between by the credentials it is
   * given (not by an option such as CyberSource's `authentication`): the options type is a union
   * with one member per alternative. Absent when there is no such choice.
   */
  alternatives?: { schemes: string[]; options: string[] }[];
  /** The environment variable the `tokenUrl` option falls back to, when the spec has OAuth 2.0 client credentials. */
  tokenUrlEnv?: string;
  operations: {
    method: string;
    path: string;
    operationId: string;
    summary: string;
    /** Path parameters with the spec's example value, for the README's runnable example. */
    pathExamples: Record<string, string>;
    /** Required query parameters with the spec's example value. */
    queryExamples: Record<string, unknown>;
    /** The first media type of the request body, when there is one. */
    requestMediaType?: string;
    /** The first example of the request body, for the README. */
    requestExample?: unknown;
    /** The client options the operation's security needs (its first alternative). */
    credentialOptions: string[];
    /** Whether the operation's success has no body (a 204). */
    noContent: boolean;
    /** Where the docs page shows the operation (its URL fragment), once the page is rendered. */
    docsAnchor?: string;
  }[];
  /** Operations that also accept a form body (`METHOD /path`), for the README. */
  formOperations: string[];
  /** List operations that declare `x-payspec-pagination`. */
  pagination: PaginatedOperation[];
  /** Where the provider takes an idempotency key, and for which methods (`info.x-payspec.idempotency`). */
  idempotency?: IdempotencyRule;
  /** Response headers carrying the provider's request id (`info.x-payspec.requestIdHeader`), lower case. */
  requestIdHeaders: string[];
  /** The environment variable `baseUrl` falls back to (`STANCER_BASE_URL`). */
  baseUrlEnv: string;
  /** What each operation's JSON responses must look like, by `METHOD /path` and status. */
  responses: Record<string, ResponseShapes>;
  /** The query and path parameters not serialized the default way, by `METHOD /path` (`parameter-styles.ts`). */
  parameters: Record<string, OperationParameters>;
}

interface CredentialExtension {
  option?: unknown;
  passwordOption?: unknown;
  description?: unknown;
  optional?: unknown;
  pattern?: unknown;
  patternHint?: unknown;
  multiline?: unknown;
  public?: unknown;
}

interface SecurityScheme {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
  flows?: Record<string, { tokenUrl?: unknown; scopes?: Record<string, unknown> } | undefined>;
  'x-payspec-oauth2'?: { options?: unknown; clientAuthentication?: unknown; scopes?: unknown };
  'x-payspec-credential'?: CredentialExtension;
  /** More credential options, for schemes that need several (a signer's key id and secret). */
  'x-payspec-credentials'?: CredentialExtension[];
  'x-payspec-signer'?: { style?: unknown; options?: unknown; choice?: { option?: unknown; value?: unknown; default?: unknown } };
}

/**
 * Each signing style: its inputs (the overlay maps each one to a client option) and what the
 * generated package imports for it, `@payspec/runtime/signers/<style>`.
 */
export const SIGNERS: Record<string, { inputs: string[]; export: string }> = {
  'http-signature': { inputs: ['merchantId', 'keyId', 'sharedSecret'], export: 'httpSignature' },
  'cybersource-jwt': { inputs: ['merchantId', 'keyId', 'sharedSecret'], export: 'cybersourceJwt' },
  'pingpp-rsa': { inputs: ['privateKey'], export: 'pingppRsa' },
};
const SIGNER_INPUTS: Record<string, string[]> = Object.fromEntries(Object.entries(SIGNERS).map(([style, { inputs }]) => [style, inputs]));

/** Options every client already has: a credential of the same name would shadow them. */
const BASE_OPTIONS = new Set(['baseUrl', 'environment', 'fetch', 'headers', 'log', 'maxRetries', 'timeout', 'maxResponseBytes', 'dangerouslyAllowBrowser', 'tokenUrl']);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SLUG = /^[a-z][a-z0-9-]*$/;
/** The keys of `info.x-payspec`, each documented in overlays/README.md. */
const SETTINGS = ['clientName', 'idempotency', 'requestIdHeader'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A client option name: a camelCase identifier (environment variables are derived from it), not a base option. */
function checkOption(value: unknown, at: DocPath, what: string): string {
  if (typeof value !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(value) || !isIdentifier(value)) {
    throw new SpecError(`${what} must be a camelCase identifier (letters and digits, starting lower case), got ${JSON.stringify(value)}`, at);
  }
  if (BASE_OPTIONS.has(value)) throw new SpecError(`${what} \`${value}\` would shadow the client option of the same name`, at);
  return value;
}

function optionalString(value: unknown, at: DocPath, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new SpecError(`${what} must be a string`, at);
  return value;
}

function optionalBoolean(value: unknown, at: DocPath, what: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new SpecError(`${what} must be true or false`, at);
  return value;
}

/** A server URL the runtime can use as is: absolute http(s), no user info, query, fragment or template variable. */
function checkServerUrl(value: unknown, at: DocPath): string {
  if (typeof value !== 'string') throw new SpecError('a server `url` must be a string', at);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SpecError(`server url ${JSON.stringify(value)} is not an absolute URL`, at);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SpecError(`server url ${JSON.stringify(value)} must use http or https`, at);
  if (url.username || url.password || /[{}?#]/.test(value)) {
    throw new SpecError(`server url ${JSON.stringify(value)} must not hold a template variable, user info, query or fragment`, at);
  }
  return value;
}

/**
 * Derives the client's definition from the spec, checking every value that reaches generated code.
 * `packageVersion` is the package's version as the release flow set it (`readPackageRelease`).
 */
export function readClientSpec(provider: Provider, doc: Record<string, any>, packageVersion: string): ClientSpec {
  const settingsAt = ['info', 'x-payspec'];
  const settings = doc.info?.['x-payspec'] as Record<string, unknown> | undefined;
  if (!settings || typeof settings !== 'object') throw new SpecError('`info.x-payspec` (clientName, ...) is missing: set it in the overlay', ['info']);
  if (settings.packageVersion !== undefined) {
    throw new SpecError(`\`packageVersion\` is not set in an overlay: the release flow owns the version, in packages/${provider.name}/package.json (\`pnpm changeset\`, then \`pnpm release:version\`)`, [...settingsAt, 'packageVersion']);
  }
  // Every key does something: a misspelt or retired one fails at its line instead of being ignored.
  for (const key of Object.keys(settings)) {
    if (!SETTINGS.includes(key)) throw new SpecError(`\`info.x-payspec.${key}\` is not a known setting (${SETTINGS.join(', ')})`, [...settingsAt, key]);
  }
  const clientName = settings.clientName;
  if (typeof clientName !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(clientName)) {
    throw new SpecError('`info.x-payspec.clientName` (PascalCase, as in create<Name>Client) is missing or invalid', [...settingsAt, 'clientName']);
  }
  const idempotency = readIdempotency(doc, settings.idempotency, [...settingsAt, 'idempotency']);
  const requestIdHeaders = readRequestIdHeaders(settings.requestIdHeader, [...settingsAt, 'requestIdHeader']);
  if (typeof doc.info?.title !== 'string') throw new SpecError('`info.title` must be a string', ['info']);

  const environments = new Set<string>();
  const servers: Server[] = ((doc.servers ?? []) as Record<string, unknown>[]).map((server, index) => {
    const url = checkServerUrl(server?.url, ['servers', index, 'url']);
    const environment = server['x-payspec-environment'];
    if (environment !== undefined) {
      const at = ['servers', index, 'x-payspec-environment'];
      if (typeof environment !== 'string' || !SLUG.test(environment)) throw new SpecError(`\`x-payspec-environment\` must be a lower-case slug, got ${JSON.stringify(environment)}`, at);
      if (environments.has(environment)) throw new SpecError(`environment \`${environment}\` is declared twice`, at);
      environments.add(environment);
    }
    const description = optionalString(server.description, ['servers', index, 'description'], 'a server `description`');
    return { url, ...(environment ? { environment: environment as string } : {}), ...(description ? { description } : {}) };
  });
  if (servers.length === 0) throw new SpecError('the spec declares no `servers`', ['servers']);

  const { auth, credentials, security, operationSecurity, alternatives } = readAuth(doc, provider);

  const operations: ClientSpec['operations'] = [];
  const formOperations: string[] = [];
  const pagination: PaginatedOperation[] = [];
  const responses: Record<string, ResponseShapes> = {};
  const parameters: Record<string, OperationParameters> = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const pathExamples: Record<string, string> = {};
      const queryExamples: Record<string, unknown> = {};
      for (const parameter of operationParameters(doc, item, operation)) {
        const example = parameter?.example ?? resolveRef(doc, parameter?.schema)?.examples?.[0];
        if (parameter?.in === 'path') pathExamples[parameter.name] = String(example ?? '...');
        if (parameter?.in === 'query' && parameter.required && example !== undefined) queryExamples[parameter.name] = example;
      }
      const content = (resolveRef(doc, operation.requestBody)?.content ?? {}) as Record<string, any>;
      const mediaTypes = Object.keys(content);
      const firstContent = mediaTypes[0] ? content[mediaTypes[0]] : undefined;
      const requestExample = firstContent?.example ?? resolveRef(doc, Object.values(firstContent?.examples ?? {})[0])?.value;
      const shapes = responseShapes(doc, operation);
      const successes = Object.entries(shapes).filter(([status]) => /^2/.test(status));
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: String(operation.operationId),
        summary: String(operation.summary ?? ''),
        pathExamples,
        queryExamples,
        ...(mediaTypes[0] ? { requestMediaType: mediaTypes[0] } : {}),
        ...(requestExample === undefined ? {} : { requestExample }),
        credentialOptions: securityOptions(auth, credentials, operationSecurity[`${method.toUpperCase()} ${path}`] ?? security ?? []),
        noContent: successes.length > 0 && successes.every(([, shape]) => shape === null),
      });
      responses[`${method.toUpperCase()} ${path}`] = shapes;
      const styles = readParameterStyles(doc, path, item, method, operation);
      if (styles) parameters[`${method.toUpperCase()} ${path}`] = styles;
      if (mediaTypes.some((type) => type.startsWith('application/x-www-form-urlencoded'))) formOperations.push(`${method.toUpperCase()} ${path}`);
      if (operation['x-payspec-pagination'] && method !== 'get') {
        throw new SpecError(`${method.toUpperCase()} ${path}: x-payspec-pagination is only supported on GET operations`, ['paths', path, method, 'x-payspec-pagination']);
      }
      const paginated = method === 'get' ? readPagination(doc, path, item, operation) : undefined;
      if (paginated) pagination.push(paginated);
    }
  }
  return {
    clientName,
    slug: provider.name,
    title: doc.info.title,
    summary: typeof doc.info.summary === 'string' ? doc.info.summary : doc.info.title,
    specVersion: String(doc.info.version),
    packageVersion,
    servers,
    auth,
    credentials,
    ...(security ? { security } : {}),
    operationSecurity,
    ...(alternatives ? { alternatives } : {}),
    ...(auth.some((scheme) => scheme.type === 'oauth2') ? { tokenUrlEnv: envName(provider.name, 'tokenUrl') } : {}),
    operations,
    formOperations,
    pagination,
    ...(idempotency ? { idempotency } : {}),
    requestIdHeaders,
    baseUrlEnv: envName(provider.name, 'baseUrl'),
    responses,
    parameters,
  };
}

/**
 * `idempotency: { header | bodyField, methods }`. A body field must be a property of the request body
 * of every operation it would be added to, so that the key is something the API reads.
 */
function readIdempotency(doc: Record<string, any>, value: unknown, at: DocPath): IdempotencyRule | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SpecError('`idempotency` must be a mapping: { header | bodyField, methods }', at);
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!['header', 'bodyField', 'methods'].includes(key)) throw new SpecError(`\`idempotency.${key}\` is not a known key (header, bodyField, methods)`, [...at, key]);
  if ((raw.header === undefined) === (raw.bodyField === undefined)) throw new SpecError('`idempotency` needs exactly one of `header` and `bodyField`', at);
  if (!Array.isArray(raw.methods) || raw.methods.length === 0) throw new SpecError('`idempotency.methods` must list the methods that get a key, such as [post]', [...at, 'methods']);
  const methods = raw.methods.map((method, index) => {
    if (typeof method !== 'string' || !METHODS.includes(method.toLowerCase())) throw new SpecError(`\`idempotency.methods\` has ${JSON.stringify(method)}, not an HTTP method`, [...at, 'methods', index]);
    return method.toUpperCase();
  });
  if (raw.header !== undefined) {
    if (typeof raw.header !== 'string' || !HEADER_NAME.test(raw.header)) throw new SpecError('`idempotency.header` must be an HTTP header name', [...at, 'header']);
    return { header: raw.header, methods };
  }
  const field = raw.bodyField;
  if (typeof field !== 'string' || field === '') throw new SpecError('`idempotency.bodyField` must be a property name', [...at, 'bodyField']);
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of methods) {
      const operation = item[method.toLowerCase()];
      const content = (resolveRef(doc, operation?.requestBody)?.content ?? {}) as Record<string, any>;
      for (const [type, media] of Object.entries(content)) {
        if (!/json|x-www-form-urlencoded/i.test(type)) continue;
        if (!declaresProperty(doc, media?.schema, field, new Set())) {
          throw new SpecError(`\`idempotency.bodyField\` \`${field}\` is not a property of the ${type} body of ${method} ${path}`, [...at, 'bodyField']);
        }
      }
    }
  }
  return { bodyField: field, methods };
}

/** Whether a schema (through $ref, allOf, anyOf and oneOf) declares a top-level property. */
function declaresProperty(doc: Record<string, any>, schema: unknown, name: string, seen: Set<unknown>): boolean {
  const resolved = resolveRef(doc, schema);
  if (!resolved || typeof resolved !== 'object' || seen.has(resolved)) return false;
  seen.add(resolved);
  if (resolved.properties && Object.hasOwn(resolved.properties, name)) return true;
  return ['allOf', 'anyOf', 'oneOf'].some((key) => (resolved[key] ?? []).some((member: unknown) => declaresProperty(doc, member, name, seen)));
}

/** `requestIdHeader`: one header name or a list, most specific first. */
function readRequestIdHeaders(value: unknown, at: DocPath): string[] {
  if (value === undefined) return [];
  const names = Array.isArray(value) ? value : [value];
  return names.map((name, index) => {
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      throw new SpecError('`requestIdHeader` must be an HTTP header name or a list of them', Array.isArray(value) ? [...at, index] : at);
    }
    return name.toLowerCase();
  });
}

/**
 * The shape of each declared response an operation has, for the runtime's check: `null` without a
 * body, else the JSON type at the top and the properties required there (through `$ref` and
 * `allOf`). Responses whose content is not JSON are left out: nothing to check.
 */
function responseShapes(doc: Record<string, any>, operation: Record<string, any>): ResponseShapes {
  const shapes: Record<string, ResponseShape> = {};
  for (const [status, raw] of Object.entries((operation.responses ?? {}) as Record<string, unknown>)) {
    const content = (resolveRef(doc, raw)?.content ?? undefined) as Record<string, any> | undefined;
    if (!content || Object.keys(content).length === 0) {
      shapes[status] = null;
      continue;
    }
    const json = Object.keys(content).find((type) => /[/+]json\b/i.test(type));
    if (!json) continue;
    const schemas: Record<string, any>[] = [];
    const collect = (schema: unknown) => {
      const resolved = resolveRef(doc, schema);
      if (!resolved || typeof resolved !== 'object' || schemas.includes(resolved)) return;
      schemas.push(resolved);
      for (const member of resolved.allOf ?? []) collect(member);
    };
    collect(content[json].schema);
    const type = schemas.map((schema) => schema.type).find((t): t is string => typeof t === 'string') ?? '';
    const required = type === 'object' ? [...new Set(schemas.flatMap((schema) => (Array.isArray(schema.required) ? schema.required.map(String) : [])))] : [];
    shapes[status] = [type, ...required];
  }
  return shapes;
}

/**
 * The environment variable a credential option falls back to: the provider's slug and the option
 * in upper snake case (`STANCER_SECRET_KEY`, `PIN_PAYMENTS_SECRET_KEY`).
 */
function envName(slug: string, option: string): string {
  return `${slug.replace(/-/g, '_')}_${option.replace(/([a-z0-9])([A-Z])/g, '$1_$2')}`.toUpperCase();
}

/**
 * The client options an operation's security needs: those of each scheme of its first alternative.
 * A scheme's further inputs (a password, a signer's key) count only when the scheme cannot work
 * without them: Ping++'s private key is optional.
 */
function securityOptions(auth: AuthScheme[], credentials: ClientSpec['credentials'], security: string[][]): string[] {
  const first = security.find((alternative) => alternative.length > 0) ?? [];
  const required = (option: string) => credentials.some((rule) => rule.option === option && !rule.optional);
  const options = auth.flatMap((scheme) => {
    if (scheme.name === undefined || !first.includes(scheme.name)) return [];
    const [primary, ...more] = schemeOptions(scheme);
    return scheme.type === 'basic' || scheme.type === 'bearer' || scheme.type === 'header' ? [primary!, ...more.filter(required)] : [primary!, ...more].filter(required);
  });
  return [...new Set(options)];
}

type Requirement = { names: string[]; scopes: Record<string, string[]> };

/** A `security` list: each requirement's scheme names, checked to be declared (scopes too, for OAuth 2.0). */
function readSecurity(value: unknown, at: DocPath, schemes: Record<string, SecurityScheme>): Requirement[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SpecError('`security` must be a list of requirements', at);
  return value.map((requirement, index) => {
    if (!requirement || typeof requirement !== 'object' || Array.isArray(requirement)) {
      throw new SpecError('a security requirement must map scheme names to lists of scopes', [...at, index]);
    }
    const scopes: Record<string, string[]> = {};
    for (const [name, listed] of Object.entries(requirement as Record<string, unknown>)) {
      const scheme = schemes[name];
      if (!scheme) throw new SpecError(`security scheme \`${name}\` is required here but not declared in \`components.securitySchemes\``, [...at, index]);
      // OpenAPI's rule for component names; it keeps them safe in generated comments and messages.
      if (!/^[a-zA-Z0-9._-]+$/.test(name)) throw new SpecError(`security scheme name ${JSON.stringify(name)} must match ^[a-zA-Z0-9._-]+$`, [...at, index]);
      if (!Array.isArray(listed) || listed.some((scope) => typeof scope !== 'string')) throw new SpecError(`the requirement of \`${name}\` must be a list of scopes`, [...at, index, name]);
      const declared = scheme.type === 'oauth2' ? scheme.flows?.clientCredentials?.scopes : undefined;
      for (const scope of listed as string[]) {
        if (declared && !Object.hasOwn(declared, scope)) throw new SpecError(`scope \`${scope}\` is not declared by the clientCredentials flow of \`${name}\``, [...at, index, name]);
      }
      scopes[name] = listed as string[];
    }
    return { names: Object.keys(scopes), scopes };
  });
}

const sameSchemes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name) => b.includes(name));

function readAuth(
  doc: Record<string, any>,
  provider: Provider,
): { auth: AuthScheme[]; credentials: ClientSpec['credentials']; security?: string[][]; operationSecurity: Record<string, string[][]>; alternatives?: ClientSpec['alternatives'] } {
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  const root = readSecurity(doc.security, ['security'], schemes);
  const operations: { key: string; at: DocPath; requirements: Requirement[] }[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of METHODS) {
      const at = ['paths', path, method, 'security'];
      const requirements = readSecurity(item[method]?.security, at, schemes);
      if (requirements) operations.push({ key: `${method.toUpperCase()} ${path}`, at, requirements });
    }
  }
  const all = [...(root ?? []), ...operations.flatMap((operation) => operation.requirements)];
  const used = new Set(all.flatMap((requirement) => requirement.names));
  // Where each scheme is first required, to say so in errors about it.
  const alternativeOf = (name: string) => {
    const index = (root ?? []).findIndex((requirement) => requirement.names.includes(name));
    return index >= 0 && (root ?? []).length > 1 ? ` (alternative #${index + 1} of the root \`security\`)` : '';
  };
  const auth: AuthScheme[] = [];
  const credentials: ClientSpec['credentials'] = [];
  for (const name of used) {
    const at = ['components', 'securitySchemes', name];
    const scheme = schemes[name]!;
    const credential = scheme['x-payspec-credential'];
    const signer = scheme['x-payspec-signer'];
    const oauth2 = scheme.type === 'oauth2';
    if (!oauth2 && scheme['x-payspec-oauth2'] !== undefined) {
      throw new SpecError(`\`x-payspec-oauth2\` belongs on a \`type: oauth2\` scheme; \`${name}\` is \`${String(scheme.type)}\``, [...at, 'x-payspec-oauth2']);
    }
    if (!oauth2 && credential === undefined && signer === undefined) {
      throw new SpecError(`security scheme \`${name}\`${alternativeOf(name)} has no \`x-payspec-credential\` naming the client option that carries it (or \`x-payspec-signer\`); add one in the overlay`, at);
    }
    const entries: [CredentialExtension, DocPath][] = [];
    if (credential !== undefined) entries.push([credential, [...at, 'x-payspec-credential']]);
    const more = scheme['x-payspec-credentials'];
    if (more !== undefined && !Array.isArray(more)) throw new SpecError('`x-payspec-credentials` must be a list', [...at, 'x-payspec-credentials']);
    (more ?? []).forEach((entry, i) => entries.push([entry, [...at, 'x-payspec-credentials', i]]));
    if (oauth2) {
      const scopes = [...new Set(all.flatMap((requirement) => requirement.scopes[name] ?? []))];
      auth.push(toOAuth2Scheme(name, scheme, entries, scopes, at));
    } else if (credential !== undefined) {
      const credentialAt = [...at, 'x-payspec-credential'];
      const option = checkOption(credential.option, [...credentialAt, 'option'], '`x-payspec-credential.option`');
      const passwordOption = credential.passwordOption === undefined ? undefined : checkOption(credential.passwordOption, [...credentialAt, 'passwordOption'], '`passwordOption`');
      auth.push({ name, ...toAuthScheme(name, scheme, option, passwordOption, at) });
    }
    if (signer !== undefined) auth.push({ name, ...toSignerScheme(signer, [...at, 'x-payspec-signer']) });
    for (const [rule, ruleAt] of entries) {
      if (!rule || typeof rule !== 'object') throw new SpecError('a credential entry must be a mapping', ruleAt);
      const option = checkOption(rule.option, [...ruleAt, 'option'], 'a credential `option`');
      if (credentials.some((known) => known.option === option)) continue;
      const pattern = optionalString(rule.pattern, [...ruleAt, 'pattern'], '`pattern`');
      if (pattern !== undefined) {
        try {
          new RegExp(pattern);
        } catch (error) {
          throw new SpecError(`\`pattern\` is not a valid regular expression: ${(error as Error).message}`, [...ruleAt, 'pattern']);
        }
      }
      const patternHint = optionalString(rule.patternHint, [...ruleAt, 'patternHint'], '`patternHint`');
      credentials.push({
        option,
        env: envName(provider.name, option),
        description: optionalString(rule.description, [...ruleAt, 'description'], '`description`') ?? `The credential for \`${name}\`.`,
        ...(optionalBoolean(rule.optional, [...ruleAt, 'optional'], '`optional`') ? { optional: true } : {}),
        ...(pattern !== undefined ? { pattern } : {}),
        ...(patternHint !== undefined ? { patternHint } : {}),
        ...(optionalBoolean(rule.multiline, [...ruleAt, 'multiline'], '`multiline`') ? { multiline: true } : {}),
        ...(optionalBoolean(rule.public, [...ruleAt, 'public'], '`public`') ? { public: true } : {}),
      });
    }
  }
  for (const scheme of auth) {
    if (scheme.type === 'basic' && scheme.passwordOption && !credentials.some((rule) => rule.option === scheme.passwordOption)) {
      throw new SpecError(
        `\`passwordOption\` \`${scheme.passwordOption}\` is not declared by an \`x-payspec-credentials\` entry of \`${scheme.name}\`: declare it there (its description, and so its environment variable and redaction)`,
        ['components', 'securitySchemes', scheme.name!, 'x-payspec-credential', 'passwordOption'],
      );
    }
  }
  if (auth.filter((scheme) => scheme.type === 'oauth2').length > 1) {
    throw new SpecError('more than one OAuth 2.0 scheme is required: a client has one `tokenUrl` option, so payspec supports one', ['components', 'securitySchemes']);
  }
  const security = root?.map((requirement) => requirement.names);
  const alternatives = checkAlternatives(auth, security);
  // An operation may narrow the root's alternatives (or need none, or need a scheme of its own), but
  // a client chooses between alternatives once, so an operation cannot offer others.
  const rootAlternatives = (security ?? []).filter((names) => names.length > 0);
  const operationSecurity: Record<string, string[][]> = {};
  for (const { key, at, requirements } of operations) {
    const lists = requirements.map((requirement) => requirement.names);
    const listed = lists.filter((names) => names.length > 0);
    if (listed.length > 1) {
      lists.forEach((names, index) => {
        if (names.length > 0 && !rootAlternatives.some((alternative) => sameSchemes(alternative, names))) {
          throw new SpecError(
            `${key}: the alternative ${names.map((n) => `\`${n}\``).join(' + ')} is not one of the root \`security\`'s; a client chooses between alternatives once, so an operation may list several only among the root's (or a single requirement of its own)`,
            [...at, index],
          );
        }
      });
    }
    if (JSON.stringify(lists) !== JSON.stringify(security)) operationSecurity[key] = lists;
  }
  return { auth, credentials, ...(security ? { security } : {}), operationSecurity, ...(alternatives ? { alternatives } : {}) };
}

/**
 * Checks the root's alternatives: chosen either by an option (every alternative a signer with
 * `choice`) or by the credentials given, in which case each alternative needs a client option no
 * other alternative has, or a client could not tell which one its credentials are for.
 */
function checkAlternatives(auth: AuthScheme[], security: string[][] | undefined): ClientSpec['alternatives'] {
  const listed = (security ?? []).map((names, index) => ({ names, index })).filter(({ names }) => names.length > 0);
  if (listed.length < 2) return undefined;
  const chosenByOption = listed.map(({ names }) => auth.some((scheme) => scheme.name !== undefined && names.includes(scheme.name) && scheme.type === 'signer' && scheme.choice !== undefined));
  if (chosenByOption.some(Boolean)) {
    const index = chosenByOption.indexOf(false);
    if (index >= 0) {
      throw new SpecError(
        'the root `security` mixes alternatives chosen by an option (`x-payspec-signer.choice`) with alternatives chosen by their credentials; give every alternative a `choice`, or none',
        ['security', listed[index]!.index],
      );
    }
    return undefined;
  }
  const choice = credentialAlternatives({ auth, security: security! })!;
  choice.alternatives.forEach((alternative, i) => {
    if (alternative.own.length > 0) return;
    const names = alternative.schemes.map((name) => `\`${name}\``).join(' + ');
    throw new SpecError(
      `alternative ${names} of the root \`security\` has no client option of its own (${alternative.options.map((o) => `\`${o}\``).join(', ') || 'none'} ${alternative.options.length === 1 ? 'is' : 'are'} read by another alternative too): a client could not tell which alternative its credentials are for; give it an option of its own, or choose with \`x-payspec-signer.choice\``,
      ['security', listed[i]!.index],
    );
  });
  return choice.alternatives.map((alternative) => ({ schemes: [...alternative.schemes], options: alternative.options }));
}

/** An absolute http(s) URL, or a reference relative to the server; no user info, fragment or template variable. */
function checkTokenUrl(value: unknown, at: DocPath): string {
  if (typeof value !== 'string' || value.trim() === '') throw new SpecError('`tokenUrl` must be a URL (absolute, or relative to the server)', at);
  let url: URL;
  try {
    url = new URL(value, 'https://server.invalid/');
  } catch {
    throw new SpecError(`\`tokenUrl\` ${JSON.stringify(value)} is not a URL`, at);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SpecError(`\`tokenUrl\` ${JSON.stringify(value)} must use http or https`, at);
  if (url.username || url.password || /[{}#\s]/.test(value)) throw new SpecError(`\`tokenUrl\` ${JSON.stringify(value)} must not hold user info, a fragment, white space or a template variable`, at);
  return value;
}

const OAUTH2_KEYS = new Set(['options', 'clientAuthentication', 'scopes']);

function toOAuth2Scheme(name: string, scheme: SecurityScheme, entries: [CredentialExtension, DocPath][], requiredScopes: string[], at: DocPath): OAuth2Scheme {
  const flows = scheme.flows ?? {};
  const flow = flows.clientCredentials;
  if (!flow || typeof flow !== 'object') {
    const others = Object.keys(flows);
    throw new SpecError(
      `security scheme \`${name}\` is OAuth 2.0 without a \`clientCredentials\` flow${others.length > 0 ? ` (it declares ${others.join(', ')})` : ''}: payspec clients support the client credentials flow only, as the authorizationCode, implicit and password flows need a user (a browser redirect, or the user's password)`,
      [...at, ...(scheme.flows ? ['flows'] : [])],
    );
  }
  const flowAt = [...at, 'flows', 'clientCredentials'];
  if (flow.tokenUrl === undefined) throw new SpecError(`the clientCredentials flow of \`${name}\` has no \`tokenUrl\``, flowAt);
  const tokenUrl = checkTokenUrl(flow.tokenUrl, [...flowAt, 'tokenUrl']);
  const extAt = [...at, 'x-payspec-oauth2'];
  const ext = scheme['x-payspec-oauth2'];
  if (ext === undefined) {
    throw new SpecError(`security scheme \`${name}\` (OAuth 2.0 client credentials) has no \`x-payspec-oauth2\` naming the client options of its client id and secret; add one in the overlay`, at);
  }
  if (!ext || typeof ext !== 'object' || Array.isArray(ext)) throw new SpecError('`x-payspec-oauth2` must be a mapping', extAt);
  for (const key of Object.keys(ext)) if (!OAUTH2_KEYS.has(key)) throw new SpecError(`\`x-payspec-oauth2.${key}\` is not a key payspec knows (${[...OAUTH2_KEYS].join(', ')})`, [...extAt, key]);
  const given = ext.options as Record<string, unknown> | undefined;
  if (!given || typeof given !== 'object' || Array.isArray(given)) throw new SpecError('`x-payspec-oauth2.options` must map `clientId` and `clientSecret` to client options', [...extAt, ...(given === undefined ? [] : ['options'])]);
  const declared = new Set(entries.flatMap(([entry]) => (entry && typeof entry.option === 'string' ? [entry.option] : [])));
  const options = {} as OAuth2Scheme['options'];
  for (const input of Object.keys(given)) if (input !== 'clientId' && input !== 'clientSecret') throw new SpecError(`\`${input}\` is not an input of OAuth 2.0 client credentials (clientId, clientSecret)`, [...extAt, 'options', input]);
  for (const input of ['clientId', 'clientSecret'] as const) {
    const inputAt = [...extAt, 'options', input];
    if (given[input] === undefined) throw new SpecError(`\`x-payspec-oauth2.options.${input}\` is missing: name the client option that carries the ${input === 'clientId' ? 'client id' : 'client secret'}`, [...extAt, 'options']);
    const option = checkOption(given[input], inputAt, `the option for \`${input}\``);
    if (!declared.has(option)) throw new SpecError(`\`${option}\` is not declared by an \`x-payspec-credential(s)\` entry of \`${name}\` (its description, pattern, ...); add one`, inputAt);
    options[input] = option;
  }
  if (options.clientId === options.clientSecret) throw new SpecError('the client id and the client secret must be two options', [...extAt, 'options']);
  const auth = ext.clientAuthentication;
  if (auth !== undefined && auth !== 'basic' && auth !== 'body') {
    throw new SpecError('`x-payspec-oauth2.clientAuthentication` must be `basic` (HTTP Basic, the default, RFC 6749 §2.3.1) or `body` (client_id and client_secret in the form)', [...extAt, 'clientAuthentication']);
  }
  let scopes = requiredScopes;
  if (ext.scopes !== undefined) {
    if (!Array.isArray(ext.scopes) || ext.scopes.some((scope) => typeof scope !== 'string')) throw new SpecError('`x-payspec-oauth2.scopes` must be a list of scopes', [...extAt, 'scopes']);
    ext.scopes.forEach((scope: string, i: number) => {
      if (!Object.hasOwn(flow.scopes ?? {}, scope)) throw new SpecError(`scope \`${scope}\` is not declared by the clientCredentials flow of \`${name}\``, [...extAt, 'scopes', i]);
    });
    scopes = ext.scopes as string[];
  }
  for (const scope of scopes) if (/[\s"\\]/.test(scope) || scope === '') throw new SpecError(`scope ${JSON.stringify(scope)} cannot be sent (RFC 6749 §3.3: no spaces, quotes or backslashes)`, [...flowAt, 'scopes']);
  return {
    type: 'oauth2',
    name,
    tokenUrl,
    options,
    ...(auth === 'body' ? { clientAuthentication: 'body' as const } : {}),
    ...(scopes.length > 0 ? { scopes } : {}),
  };
}

function toAuthScheme(name: string, scheme: SecurityScheme, option: string, passwordOption: string | undefined, at: DocPath): AuthScheme {
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
    return { type: 'basic', option, ...(passwordOption ? { passwordOption } : {}) };
  }
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return { type: 'bearer', option };
  if (scheme.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string' && HEADER_NAME.test(scheme.name)) {
    return { type: 'header', option, header: scheme.name };
  }
  throw new SpecError(`security scheme \`${name}\` (${String(scheme.type)}/${String(scheme.scheme ?? scheme.in)}) has no runtime implementation`, at);
}

function toSignerScheme(signer: NonNullable<SecurityScheme['x-payspec-signer']>, at: DocPath): AuthScheme {
  const style = signer.style;
  if (typeof style !== 'string' || !Object.hasOwn(SIGNERS, style)) {
    throw new SpecError(`\`x-payspec-signer.style\` must be one of ${Object.keys(SIGNER_INPUTS).join(', ')}`, [...at, 'style']);
  }
  const options: Record<string, string> = {};
  const given = (signer.options ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) throw new SpecError('`x-payspec-signer.options` must map signer inputs to client options', [...at, 'options']);
  for (const [input, option] of Object.entries(given)) {
    if (!SIGNER_INPUTS[style]!.includes(input)) throw new SpecError(`\`${input}\` is not an input of the ${style} signer (${SIGNER_INPUTS[style]!.join(', ')})`, [...at, 'options', input]);
    options[input] = checkOption(option, [...at, 'options', input], `the option for \`${input}\``);
  }
  const choice = signer.choice;
  if (choice === undefined) return { type: 'signer', style, options };
  const option = checkOption(choice.option, [...at, 'choice', 'option'], '`choice.option`');
  if (typeof choice.value !== 'string' || !SLUG.test(choice.value)) throw new SpecError('`choice.value` must be a lower-case slug', [...at, 'choice', 'value']);
  const isDefault = optionalBoolean(choice.default, [...at, 'choice', 'default'], '`choice.default`');
  return { type: 'signer', style, options, choice: { option, value: choice.value, ...(isDefault ? { default: true } : {}) } };
}
