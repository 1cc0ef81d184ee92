import type { AuthScheme, CredentialRule, Server } from '../../packages/runtime/src/index.js';
import { BuildError } from './errors.js';
import { operationParameters, resolveRef } from './json-ref.js';
import { readPagination, type PaginatedOperation } from './pagination-spec.js';
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
  packageVersion: string;
  servers: Server[];
  auth: AuthScheme[];
  credentials: (CredentialRule & { description: string })[];
  operations: {
    method: string;
    path: string;
    operationId: string;
    summary: string;
    /** Path parameters with the spec's example value, for the README's runnable example. */
    pathExamples: Record<string, string>;
    /** The first example of the request body, for the README. */
    requestExample?: unknown;
  }[];
  /** The first request media type of each operation, by `METHOD /path`, when it has a body. */
  requestMediaTypes: Record<string, string>;
  /** Operations that also accept a form body (`METHOD /path`), for the README. */
  formOperations: string[];
  /** List operations that declare `x-payspec-pagination`. */
  pagination: PaginatedOperation[];
  /** The header carrying an idempotency key (`info.x-payspec.idempotencyHeader`), if the provider honours one. */
  idempotencyHeader?: string;
}

interface CredentialExtension {
  option?: string;
  passwordOption?: string;
  description?: string;
  optional?: boolean;
  pattern?: string;
  patternHint?: string;
  multiline?: boolean;
}

interface SecurityScheme {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
  'x-payspec-credential'?: CredentialExtension;
  /** More credential options, for schemes that need several (a signer's key id and secret). */
  'x-payspec-credentials'?: CredentialExtension[];
  'x-payspec-signer'?: { style?: string; options?: Record<string, string>; choice?: { option?: string; value?: string; default?: boolean } };
}

const SIGNER_STYLES = ['http-signature', 'cybersource-jwt', 'pingpp-rsa'];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Derives the client's definition from the spec; fails naming the overlay when something is missing. */
export function readClientSpec(provider: Provider, doc: Record<string, any>): ClientSpec {
  const overlay = provider.overlays[0] ?? provider.spec;
  const settings = doc.info?.['x-payspec'] as { clientName?: string; packageVersion?: string; idempotencyHeader?: string } | undefined;
  if (!settings?.clientName || !/^[A-Z][A-Za-z0-9]*$/.test(settings.clientName)) {
    throw new BuildError('`info.x-payspec.clientName` (PascalCase, as in create<Name>Client) is missing or invalid', overlay);
  }
  const servers: Server[] = (doc.servers ?? []).map((server: Record<string, string>) => ({
    url: server.url,
    ...(server['x-payspec-environment'] ? { environment: server['x-payspec-environment'] } : {}),
    ...(server.description ? { description: server.description } : {}),
  }));
  if (servers.length === 0) throw new BuildError('the spec declares no `servers`', provider.spec);

  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  const used = new Set<string>();
  for (const requirement of allSecurityRequirements(doc)) for (const name of Object.keys(requirement)) used.add(name);
  const auth: AuthScheme[] = [];
  const credentials: ClientSpec['credentials'] = [];
  for (const name of used) {
    const scheme = schemes[name];
    const credential = scheme?.['x-payspec-credential'];
    const signer = scheme?.['x-payspec-signer'];
    if (!scheme || (!credential?.option && !signer)) {
      throw new BuildError(`security scheme \`${name}\` has no \`x-payspec-credential.option\` naming the client option that carries it (or \`x-payspec-signer\`)`, overlay);
    }
    if (credential?.option) auth.push(toAuthScheme(name, scheme, credential.option, credential.passwordOption, overlay));
    if (signer) auth.push(toSignerScheme(name, signer, overlay));
    for (const rule of [...(credential?.option ? [credential] : []), ...(scheme['x-payspec-credentials'] ?? [])]) {
      if (!rule.option) throw new BuildError(`security scheme \`${name}\`: every entry of \`x-payspec-credentials\` needs an \`option\``, overlay);
      if (credentials.some((known) => known.option === rule.option)) continue;
      credentials.push({
        option: rule.option,
        description: rule.description ?? `The credential for \`${name}\`.`,
        ...(rule.optional ? { optional: true } : {}),
        ...(rule.pattern ? { pattern: rule.pattern } : {}),
        ...(rule.patternHint ? { patternHint: rule.patternHint } : {}),
        ...(rule.multiline ? { multiline: true } : {}),
      });
    }
  }

  const operations: ClientSpec['operations'] = [];
  const requestMediaTypes: Record<string, string> = {};
  const formOperations: string[] = [];
  const pagination: PaginatedOperation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const pathExamples: Record<string, string> = {};
      for (const parameter of operationParameters(doc, item, operation)) {
        if (parameter?.in === 'path') pathExamples[parameter.name] = String(parameter.example ?? parameter.schema?.examples?.[0] ?? '...');
      }
      const content = (resolveRef(doc, operation.requestBody)?.content ?? {}) as Record<string, any>;
      const mediaTypes = Object.keys(content);
      const firstContent = mediaTypes[0] ? content[mediaTypes[0]] : undefined;
      const requestExample = firstContent?.example ?? resolveRef(doc, Object.values(firstContent?.examples ?? {})[0])?.value;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId,
        summary: operation.summary,
        pathExamples,
        ...(requestExample === undefined ? {} : { requestExample }),
      });
      if (mediaTypes[0]) requestMediaTypes[`${method.toUpperCase()} ${path}`] = mediaTypes[0];
      if (mediaTypes.some((type) => type.startsWith('application/x-www-form-urlencoded'))) formOperations.push(`${method.toUpperCase()} ${path}`);
      if (operation['x-payspec-pagination'] && method !== 'get') {
        throw new BuildError(`${method.toUpperCase()} ${path}: x-payspec-pagination is only supported on GET operations`, overlay);
      }
      const paginated = method === 'get' ? readPagination(doc, path, item, operation, overlay) : undefined;
      if (paginated) pagination.push(paginated);
    }
  }
  return {
    clientName: settings.clientName,
    slug: provider.name,
    title: doc.info.title,
    summary: doc.info.summary ?? doc.info.title,
    specVersion: String(doc.info.version),
    packageVersion: settings.packageVersion ?? '0.1.0',
    servers,
    auth,
    credentials,
    operations,
    requestMediaTypes,
    formOperations,
    pagination,
    ...(settings.idempotencyHeader ? { idempotencyHeader: settings.idempotencyHeader } : {}),
  };
}

function allSecurityRequirements(doc: Record<string, any>): Record<string, unknown>[] {
  const requirements: Record<string, unknown>[] = [...(doc.security ?? [])];
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of METHODS) requirements.push(...(item[method]?.security ?? []));
  }
  return requirements;
}

function toAuthScheme(name: string, scheme: SecurityScheme, option: string, passwordOption: string | undefined, overlay: string): AuthScheme {
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
    return { type: 'basic', option, ...(passwordOption ? { passwordOption } : {}) };
  }
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return { type: 'bearer', option };
  if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) return { type: 'header', option, header: scheme.name };
  throw new BuildError(`security scheme \`${name}\` (${scheme.type}/${scheme.scheme ?? scheme.in}) has no runtime implementation`, overlay);
}

function toSignerScheme(name: string, signer: NonNullable<SecurityScheme['x-payspec-signer']>, overlay: string): AuthScheme {
  if (!signer.style || !SIGNER_STYLES.includes(signer.style)) {
    throw new BuildError(`security scheme \`${name}\`: \`x-payspec-signer.style\` must be one of ${SIGNER_STYLES.join(', ')}`, overlay);
  }
  const choice = signer.choice;
  if (choice && (!choice.option || !choice.value)) {
    throw new BuildError(`security scheme \`${name}\`: \`x-payspec-signer.choice\` needs \`option\` and \`value\``, overlay);
  }
  return {
    type: 'signer',
    style: signer.style as 'http-signature',
    options: signer.options ?? {},
    ...(choice ? { choice: { option: choice.option!, value: choice.value!, ...(choice.default ? { default: true } : {}) } } : {}),
  };
}
