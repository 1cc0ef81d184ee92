import type { AuthScheme, CredentialRule, IdempotencyRule, OperationParameters, ResponseShape, ResponseShapes, Server } from '../../packages/runtime/src/index.js';
import { isIdentifier } from './codegen.js';
import { operationParameters, resolveRef } from './json-ref.js';
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
const BASE_OPTIONS = new Set(['baseUrl', 'environment', 'fetch', 'headers', 'log', 'maxRetries', 'timeout', 'maxResponseBytes', 'dangerouslyAllowBrowser']);

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

  const { auth, credentials } = readAuth(doc, provider);

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
        credentialOptions: securityOptions(doc, operation),
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

/** The client options an operation's security needs: those of each scheme of its first alternative, optional extras left out. */
function securityOptions(doc: Record<string, any>, operation: Record<string, any>): string[] {
  const requirement = ((operation.security ?? doc.security ?? [])[0] ?? {}) as Record<string, unknown>;
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  const options = Object.keys(requirement).flatMap((name) => {
    const scheme = schemes[name];
    const credential = scheme?.['x-payspec-credential'];
    return [
      ...(typeof credential?.option === 'string' ? [credential.option] : []),
      // A scheme's further inputs count only when the scheme cannot work without them.
      ...(scheme?.['x-payspec-credentials'] ?? []).flatMap((entry) => (typeof entry?.option === 'string' && entry.optional !== true ? [entry.option] : [])),
    ];
  });
  return [...new Set(options)];
}

function readAuth(doc: Record<string, any>, provider: Provider): { auth: AuthScheme[]; credentials: ClientSpec['credentials'] } {
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  const used = new Set<string>();
  for (const requirement of allSecurityRequirements(doc)) for (const name of Object.keys(requirement)) used.add(name);
  const auth: AuthScheme[] = [];
  const credentials: ClientSpec['credentials'] = [];
  for (const name of used) {
    const at = ['components', 'securitySchemes', name];
    const scheme = schemes[name];
    const credential = scheme?.['x-payspec-credential'];
    const signer = scheme?.['x-payspec-signer'];
    if (!scheme) throw new SpecError(`security scheme \`${name}\` is required by an operation but not declared`, ['components', 'securitySchemes']);
    if (credential === undefined && signer === undefined) {
      throw new SpecError(`security scheme \`${name}\` has no \`x-payspec-credential\` naming the client option that carries it (or \`x-payspec-signer\`); add one in the overlay`, at);
    }
    const entries: [CredentialExtension, DocPath][] = [];
    if (credential !== undefined) entries.push([credential, [...at, 'x-payspec-credential']]);
    const more = scheme['x-payspec-credentials'];
    if (more !== undefined && !Array.isArray(more)) throw new SpecError('`x-payspec-credentials` must be a list', [...at, 'x-payspec-credentials']);
    (more ?? []).forEach((entry, i) => entries.push([entry, [...at, 'x-payspec-credentials', i]]));
    if (credential !== undefined) {
      const credentialAt = [...at, 'x-payspec-credential'];
      const option = checkOption(credential.option, [...credentialAt, 'option'], '`x-payspec-credential.option`');
      const passwordOption = credential.passwordOption === undefined ? undefined : checkOption(credential.passwordOption, [...credentialAt, 'passwordOption'], '`passwordOption`');
      auth.push(toAuthScheme(name, scheme, option, passwordOption, at));
    }
    if (signer !== undefined) auth.push(toSignerScheme(signer, [...at, 'x-payspec-signer']));
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
  return { auth, credentials };
}

function allSecurityRequirements(doc: Record<string, any>): Record<string, unknown>[] {
  const requirements: Record<string, unknown>[] = [...(doc.security ?? [])];
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of METHODS) requirements.push(...(item[method]?.security ?? []));
  }
  return requirements;
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
