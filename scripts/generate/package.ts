import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SIGNERS, type ClientSpec } from '../spec/client-spec.js';
import { sampleOptions } from './code-samples.js';
import { hasAlternatives } from '../../packages/runtime/src/core/auth/auth.js';
import { choosesByCredentials } from '../../packages/runtime/src/alternatives/index.js';
import { docText, mdCode, mdInline, mdText, tsKey, tsLiteral, tsString, tsValue } from '../shared/codegen.js';
import { BuildError } from '../shared/errors.js';
import { GENERATED, headers, JSON_HEADER_KEY } from '../shared/header.js';
import { itemType } from '../spec/pagination-spec.js';
import { LICENSE_FILE } from '../shared/files.js';
import { repoRoot } from '../shared/paths.js';
import { CHANGELOG_FILE } from './release.js';

/** The files of a provider's package, by path relative to `packages/<slug>/`. */
export type PackageFiles = Record<string, string>;

/** Builds the whole client package of a provider: nothing in it is written by hand. */
export async function generatePackage(spec: ClientSpec, schemaSource: string, specText: string): Promise<PackageFiles> {
  const runtime = JSON.parse(await readFile(path.join(repoRoot(), 'packages/runtime/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return {
    'package.json': packageJson(spec, runtime.dependencies['openapi-fetch']!),
    'tsconfig.build.json': tsconfig(),
    'README.md': readme(spec),
    // The project's license, verbatim (no generated-file header: it is the license's text).
    [LICENSE_FILE]: await projectLicense(),
    'src/schema.ts': schemaSource,
    'src/index.ts': indexSource(spec),
    // The generated spec, shipped for mocks and tools (`@payspec/<provider>/openapi.yaml`).
    'openapi.yaml': specText,
  };
}

/** The project's `LICENSE`, which every package ships as it is. */
async function projectLicense(): Promise<string> {
  try {
    return await readFile(path.join(repoRoot(), LICENSE_FILE), 'utf8');
  } catch {
    throw new BuildError('the project has no LICENSE file: every package ships a copy of it', LICENSE_FILE);
  }
}

function packageJson(spec: ClientSpec, openapiFetch: string): string {
  const pkg = {
    [JSON_HEADER_KEY]: GENERATED,
    name: `@payspec/${spec.slug}`,
    version: spec.packageVersion,
    description: `Typed client for the ${spec.title}, generated from its OpenAPI 3.1 spec.`,
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './openapi.yaml': './openapi.yaml',
      './package.json': './package.json',
    },
    files: ['dist', 'src', 'openapi.yaml', 'README.md', LICENSE_FILE, CHANGELOG_FILE],
    engines: { node: '>=20.19' },
    keywords: ['openapi', 'openapi-fetch', 'payments', spec.slug],
    repository: { type: 'git', url: 'git+https://github.com/payspec/payspec.git', directory: `packages/${spec.slug}` },
    homepage: `https://github.com/payspec/payspec/tree/main/packages/${spec.slug}#readme`,
    bugs: { url: 'https://github.com/payspec/payspec/issues' },
    publishConfig: { access: 'public' },
    scripts: { build: 'tsc -b tsconfig.build.json' },
    dependencies: { '@payspec/runtime': 'workspace:^', 'openapi-fetch': openapiFetch },
    payspec: { spec: `generated/${spec.slug}/openapi.yaml`, specVersion: spec.specVersion },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function tsconfig(): string {
  // The build state (paths of the machine that compiled) stays beside the package, out of `dist`
  // and of what is published (`files`); `*.tsbuildinfo` is ignored by git.
  const config = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { rootDir: 'src', outDir: 'dist', composite: true, tsBuildInfoFile: '.tsbuildinfo' },
    include: ['src'],
    references: [{ path: '../runtime/tsconfig.build.json' }],
  };
  return headers.ts + `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * `secretKey?: string;` lines of the options interface, each with its description and variable.
 * Optional in the type: a missing one is read from its environment variable, else the client throws.
 */
function credentialFields(spec: ClientSpec, rules = spec.credentials, indent = '  ', required = 'Required'): string {
  return rules
    .map((rule) => {
      const fallback = `${rule.optional ? '' : `${required}: `}defaults to the \`${rule.env}\` environment variable where \`process.env\` exists.`;
      return `${indent}/**\n${indent} * ${docText(rule.description, `${indent} * `)}\n${indent} * ${fallback}\n${indent} */\n${indent}${rule.option}?: string;`;
    })
    .join('\n');
}

/** The options that belong to the root's security alternatives, each read by some alternatives only. */
function alternativeOptions(spec: ClientSpec): Set<string> {
  const alternatives = spec.alternatives ?? [];
  return new Set(alternatives.flatMap((alternative) => alternative.options).filter((option) => !alternatives.every((alternative) => alternative.options.includes(option))));
}

/**
 * \`<Name>Credentials\`: one member per security alternative, with that alternative's options and
 * the other alternatives' options as \`never\`, so that a client is given the credentials of one
 * alternative only (each may still come from its environment variable).
 */
function credentialsUnion(spec: ClientSpec): string {
  const own = alternativeOptions(spec);
  const members = spec.alternatives!.map((alternative) => {
    const rules = spec.credentials.filter((rule) => own.has(rule.option) && alternative.options.includes(rule.option));
    const others = [...own].filter((option) => !alternative.options.includes(option));
    const schemes = alternative.schemes.map((name) => `\`${docText(name)}\``).join(' + ');
    return `  | {\n      // ${schemes}\n${credentialFields(spec, rules, '      ', 'Required with this alternative')}${others.map((option) => `\n      ${option}?: never;`).join('')}\n    }`;
  });
  const name = spec.clientName;
  return `
/**
 * The credentials of one of the spec's security alternatives, not of two (a \`ConfigurationError\`
 * otherwise): the alternative whose options you give, else the one whose environment variables
 * are set. Only its schemes are applied; \`withOptions\` with another alternative's options switches.
 */
export type ${name}Credentials =
${members.join('\n')};
`;
}

/** Options that pick one of several auth schemes, such as CyberSource's `authentication`. */
function choiceFields(spec: ClientSpec): string {
  const choices = new Map<string, { values: string[]; fallback?: string }>();
  for (const scheme of spec.auth) {
    if (scheme.type !== 'signer' || !scheme.choice) continue;
    const entry = choices.get(scheme.choice.option) ?? { values: [] };
    entry.values.push(scheme.choice.value);
    if (scheme.choice.default) entry.fallback = scheme.choice.value;
    choices.set(scheme.choice.option, entry);
  }
  return [...choices]
    .map(([option, { values, fallback }]) => {
      const note = fallback ? ` (default \`${docText(tsString(fallback))}\`)` : '';
      return `\n  /** How requests are authenticated${note}. */\n  ${option}?: ${values.map(tsString).join(' | ')};`;
    })
    .join('');
}

function tokenUrlField(spec: ClientSpec): string {
  const scheme = spec.auth.find((s) => s.type === 'oauth2');
  if (!scheme || scheme.type !== 'oauth2') return '';
  return `\n  /**\n   * The OAuth 2.0 token endpoint, instead of the spec's \`${docText(scheme.tokenUrl, '   * ')}\` (a mock's, a proxy's); relative to the\n   * base URL when relative. Defaults to the \`${spec.tokenUrlEnv}\` environment variable where \`process.env\` exists.\n   */\n  tokenUrl?: string;`;
}

/** \`<Name>ClientOptions\`: an interface, or the common options and a union of credentials when the spec has security alternatives. */
function optionsTypes(spec: ClientSpec): string {
  const name = spec.clientName;
  const rest = `${choiceFields(spec)}${tokenUrlField(spec)}${environmentField(spec)}`;
  if (!spec.alternatives) return `export interface ${name}ClientOptions extends BaseClientOptions {\n${credentialFields(spec)}${rest}\n}\n`;
  const own = alternativeOptions(spec);
  const common = credentialFields(spec, spec.credentials.filter((rule) => !own.has(rule.option)));
  return `/** The options of a client besides the credentials of its security alternative (\`${name}Credentials\`). */
export interface ${name}CommonOptions extends BaseClientOptions {
${common}${common && rest ? '' : ''}${rest}
}
${credentialsUnion(spec)}
/** The options of \`create${name}Client\`: the common ones, and the credentials of one security alternative. */
export type ${name}ClientOptions = ${name}CommonOptions & ${name}Credentials;
`;
}

function environmentField(spec: ClientSpec): string {
  const names = spec.servers.flatMap((server) => (server.environment ? [server.environment] : []));
  if (names.length === 0) return '';
  const list = spec.servers
    .filter((server) => server.environment)
    .map((server) => `   * - \`${docText(tsString(server.environment!))}\`: ${docText(server.url, '   * ')}`)
    .join('\n');
  return `\n  /**\n   * Which of the provider's hosts to call (default \`${docText(tsString(names[0]!))}\`). \`baseUrl\` overrides it.\n${list}\n   */\n  environment?: ${names.map(tsString).join(' | ')};`;
}

function indexSource(spec: ClientSpec): string {
  const name = spec.clientName;
  const example = spec.operations.find((op) => op.method === 'GET') ?? spec.operations[0]!;
  const guardExample = `${example.method} ${example.path}`;
  const definition = {
    provider: name,
    servers: spec.servers,
    auth: spec.auth,
    credentials: spec.credentials.map(({ description: _, ...rule }) => rule),
    ...(spec.security ? { security: spec.security } : {}),
    ...(Object.keys(spec.operationSecurity).length > 0 ? { operationSecurity: spec.operationSecurity } : {}),
    ...(spec.tokenUrlEnv ? { tokenUrlEnv: spec.tokenUrlEnv } : {}),
    // The first request media type of each operation with a body, by `METHOD /path`.
    requestMediaTypes: Object.fromEntries(spec.operations.flatMap((op) => (op.requestMediaType ? [[`${op.method} ${op.path}`, op.requestMediaType]] : []))),
    pagination: Object.fromEntries(spec.pagination.map(({ path, rule }) => [path, rule])),
    ...(spec.idempotency ? { idempotency: spec.idempotency } : {}),
    ...(spec.requestIdHeaders.length > 0 ? { requestIdHeaders: spec.requestIdHeaders } : {}),
    userAgent: `payspec-${spec.slug}/${spec.packageVersion}`,
    baseUrlEnv: spec.baseUrlEnv,
    responses: spec.responses,
    // Only the operations whose query or path parameters are not serialized the default way.
    ...(Object.keys(spec.parameters).length ? { parameters: spec.parameters } : {}),
  };
  // Only the signing styles this spec uses are imported, each from its own runtime subpath.
  const styles = [...new Set(spec.auth.flatMap((scheme) => (scheme.type === 'signer' ? [scheme.style] : [])))];
  const signerImports = styles.map((style) => `import { ${SIGNERS[style]!.export} } from ${tsString(`@payspec/runtime/signers/${style}`)};\n`).join('');
  // Module references, not JSON: added after the data (the identifiers are the generator's own).
  const mechanisms = [
    ...(spec.pagination.length > 0 ? [['paginator', 'Paginator', 'pagination']] : []),
    ...(spec.formOperations.length > 0 ? [['formEncoder', 'encodeForm', 'form']] : []),
    ...(Object.keys(spec.parameters).length > 0 ? [['parameterStyles', 'parameterStyles', 'parameters']] : []),
    ...(spec.idempotency ? [['idempotencyKeys', 'withIdempotencyKey', 'idempotency']] : []),
    ...(hasAlternatives({ auth: spec.auth, operationSecurity: spec.operationSecurity, ...(spec.security ? { security: spec.security } : {}) }) ? [['alternatives', 'securityAlternatives', 'alternatives']] : []),
    ...(choosesByCredentials({ auth: spec.auth, ...(spec.security ? { security: spec.security } : {}) }) ? [['credentialChoice', 'credentialChoice', 'alternatives']] : []),
    ...(spec.auth.some((scheme) => scheme.type === 'oauth2') ? [['oauth2', 'oauth2ClientCredentials', 'oauth2']] : []),
  ];
  // One import per runtime subpath (the alternatives module may bring two names).
  const byModule = new Map<string, string[]>();
  for (const [, name, module] of mechanisms) byModule.set(module!, [...(byModule.get(module!) ?? []), name!]);
  const mechanismImports = [...byModule].map(([module, names]) => `import { ${names.join(', ')} } from '@payspec/runtime/${module}';\n`).join('');
  const signers = [
    ...mechanisms.map(([key, name]) => `,\n  "${key}": ${name}`),
    ...(styles.length > 0 ? [`,\n  "signers": { ${styles.map((style) => `${tsString(style)}: ${SIGNERS[style]!.export}`).join(', ')} }`] : []),
  ].join('');
  const pages = spec.pagination
    .map(({ path, rule }) => `  ${tsString(path)}: { item: ${itemType(path, rule.items)}; page: PageOf<paths, ${tsString(path)}> };`)
    .join('\n');
  return `${headers.ts}/**
 * @packageDocumentation
 * Typed client for the ${docText(spec.title)}: ${docText(spec.summary)}
 */
import {
  createApiClient,
  createApiErrorGuard,
  statusErrors,
  type ApiClient,
  type ApiDefinition,
  type ApiErrorGuard,
  type BaseClientOptions,${spec.idempotency ? '\n  type IdempotentCallOptions,' : ''}
  type PageOf,
} from '@payspec/runtime';
${mechanismImports}${signerImports}import type { paths } from './schema.js';

export type * from './schema.js';
export {
  ApiError,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  PayspecError,
  TimeoutError,
  UserAbortError,
  errorOf,
  requestIdOf,
  unwrap,
  withResponse,
  type ApiErrorOf,
  type CallOptions,
  type ErrorKind,
  type Paginator,
  type RequestEvent,
  type RequestLogger,
  type WithResponse,
} from '@payspec/runtime';

/** The provider's servers, authentication, media types and pagination, as the spec declares them. */
export const definition: ApiDefinition = ${tsValue(definition).replace(/\n\}$/, `${signers}\n}`)};

/**
 * The \`ApiError\` subclass of each common status (any 5xx is an \`InternalServerError\`), typed
 * with the error body this spec declares for it (\`unknown\` where it declares none): after
 * \`e instanceof NotFoundError\`, \`e.body\` is the spec's 404 body.
 */
export const {
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
} = statusErrors<paths>();

/**
 * Narrows a caught error to the \`ApiError\` of one operation, checked at run time; its \`status\`
 * then narrows its \`body\` to what the spec declares (\`unknown\` for a status it does not).
 *
 * @example
 * if (isApiError(e, ${docText(tsString(guardExample))}) && e.status === 404) console.log(e.body);
 */
export const isApiError: ApiErrorGuard<paths> = createApiErrorGuard<paths>();

/** The item and page types of each list operation that \`paginate\` can walk. */
export type ${name}Pages = {
${pages}
};

${optionsTypes(spec)}
/** A typed openapi-fetch client of the ${docText(spec.title)}, with pagination, retries and timeouts. */
export type ${name}Client = ApiClient<paths, ${name}Pages, ${name}ClientOptions${spec.idempotency ? ', IdempotentCallOptions' : ''}>;

/**
 * Creates a client of the ${docText(spec.title)}. A credential not given is read from its
 * environment variable (${spec.credentials.map((rule) => `\`${rule.env}\``).join(', ')}), and \`baseUrl\` from
 * \`${spec.baseUrlEnv}\` unless \`environment\` is given. Throws a \`ConfigurationError\` (which never
 * contains a credential) when an option is missing or malformed, or when a secret credential is used
 * in a browser without \`dangerouslyAllowBrowser\`.
 */
export function create${name}Client(options: ${name}ClientOptions = {}): ${name}Client {
  return createApiClient<paths, ${name}Pages, ${name}ClientOptions${spec.idempotency ? ', IdempotentCallOptions' : ''}>(definition, options);
}
`;
}

function readme(spec: ClientSpec): string {
  const name = spec.clientName;
  const first = spec.operations.find((op) => op.method === 'GET' && !op.path.includes('{')) ?? spec.operations.find((op) => op.method === 'GET') ?? spec.operations[0]!;
  const args = credentialArgs(spec);
  const pathParams = pathParamsOf(first);
  const params = pathParams ? `, {\n  params: ${pathParams},\n}` : '';
  const cell = (code: string) => mdCode(code).replace(/\|/g, '\\|');
  // A declared error status of the example operation, to show the narrowing on.
  const errorStatus = Object.entries(spec.responses[`${first.method} ${first.path}`] ?? {}).find(([status, shape]) => /^[45]\d\d$/.test(status) && shape !== null)?.[0];
  const rows = spec.operations.map((op) => `| ${cell(op.operationId)} | ${cell(`${op.method} ${op.path}`)} | ${mdText(op.summary)} |`).join('\n');
  const servers = spec.servers
    .map((server) => `- ${server.environment ? `${mdCode(server.environment)}: ` : ''}${mdCode(server.url)}${server.description ? `: ${mdInline(server.description)}` : ''}`)
    .join('\n');
  return `${headers.md}# @payspec/${spec.slug}

Typed client for the **${mdText(spec.title)}** (spec version ${mdText(spec.specVersion)}), generated from the
hand-written OpenAPI 3.1 spec in [payspec](https://github.com/payspec/payspec). It is a thin
[openapi-fetch](https://openapi-ts.dev/openapi-fetch/) client: every path, parameter, body and
response is typed from the spec.

\`\`\`sh
npm install @payspec/${spec.slug}
\`\`\`

## Usage

\`\`\`ts
import { create${name}Client, isApiError, unwrap } from '@payspec/${spec.slug}';

// Credentials come from the options, else from ${sampleOptions(spec, []).filter((r) => !r.optional).map((r) => r.env).join(', ')} (see Configuration).
const client = create${name}Client({
${args}
});

// openapi-fetch style: { data, error, response }, with \`error\` typed from the spec.
const { data, error, response } = await client.${first.method}(${code(first.path)}${params});
if (error) console.error(response.status, error);
else console.log(data);

// Throwing style: the data (never undefined), or an ApiError that isApiError narrows by status.
try {
  const same = await unwrap(client.${first.method}(${code(first.path)}${params}));
  console.log(same);
} catch (e) {
  if (isApiError(e, ${code(`${first.method} ${first.path}`)})${errorStatus ? ` && e.status === ${errorStatus}` : ''}) console.error(e.status, e.body${errorStatus ? ` /* the spec's ${errorStatus} body */` : ''});
}
\`\`\`

## Mock server

The package ships its OpenAPI spec (\`@payspec/${spec.slug}/openapi.yaml\`). Without credentials
of your own, serve it with [Prism](https://github.com/stoplightio/prism) through
\`@payspec/mock\`, and pass \`baseUrl: 'http://127.0.0.1:4010'\` with a key of the right form:

\`\`\`sh
npm install --save-dev @payspec/mock
npx payspec-mock ${spec.slug}          # --port 4010, --help
\`\`\`

The mock answers with the spec's examples, checks each request against the spec (problems are
listed in the \`sl-violations\` response header) and answers another documented status on
request (\`Prefer: code=404\`).

## Configuration

Each option falls back to an environment variable where \`process.env\` exists (Node, Bun, Deno
with \`--allow-env\`); an option you pass always wins:

| option | environment variable |
| --- | --- |
${spec.credentials.map((rule) => `| ${mdCode(rule.option)}${rule.optional ? ' (optional)' : ''}${alternativeNote(spec, rule.option)} | ${mdCode(rule.env)} |`).join('\n')}
| \`baseUrl\` | ${mdCode(spec.baseUrlEnv)} (not read when \`environment\` is given) |
${spec.tokenUrlEnv ? `| \`tokenUrl\` (OAuth 2.0 token endpoint) | ${mdCode(spec.tokenUrlEnv)} |\n` : ''}${alternativesSection(spec)}${oauth2Section(spec)}
Requests carry \`User-Agent: payspec-${spec.slug}/${mdText(spec.packageVersion)} (node/<version>)\`
(in a browser, \`X-Payspec-Client\`, as a page cannot set the User-Agent). A \`User-Agent\` in
\`headers\` (on the client or one call) replaces it; \`null\` drops it (in a browser,
\`headers: { 'X-Payspec-Client': null }\` if the API's CORS policy does not allow the header).

**Browsers.** A secret credential in a web page can be read by anyone who loads it, so creating the
client in a browser throws a \`ConfigurationError\` unless you pass \`dangerouslyAllowBrowser: true\`.${spec.auth.some((scheme) => scheme.type === 'signer' && scheme.style === 'http-signature') ? ' HTTP Signature authentication cannot work in a browser at all (it signs the `date` and `host` headers, which a page cannot set) and is refused there.' : ''}

## Servers

${servers}

## Operations

| operationId | request | summary |
| --- | --- | --- |
${rows}

${paginationSection(spec)}${formSection(spec)}## Errors

Every error is a \`PayspecError\` with a \`kind\`:

| class | kind | when |
| --- | --- | --- |
| \`ConfigurationError\` | \`configuration\` | a missing or malformed option, or a secret credential in a browser; names the option, never a credential's value |
| \`ApiError\` | \`api\` | the provider answered 4xx or 5xx (or a redirect that was not followed): \`status\`, \`body\` (typed by status from the spec, \`unknown\` for a status it does not declare), \`method\`, \`path\`, \`operation\`, \`requestId\` |
| \`ConnectionError\` | \`connection\` | no answer (refused, reset, DNS) after the allowed retries |
| \`TimeoutError\` | \`timeout\` | no complete answer within \`timeout\` after the allowed retries |
| \`UserAbortError\` | \`abort\` | your \`signal\` aborted the call |
| \`InvalidResponseError\` | \`invalid-response\` | a body that is not what the spec declares for its status (not JSON, empty, a required property missing), or larger than \`maxResponseBytes\` |

\`ApiError\` is thrown by \`unwrap\` (or returned by \`errorOf\`, narrowed by status); without \`unwrap\`,
an HTTP error is the \`error\` of the result. \`isApiError(e, 'METHOD /path')\` narrows a caught
error to one operation's \`ApiError\`. The other kinds are always thrown.

Common statuses have their own \`ApiError\` subclass, exported by this package with \`body\` typed as
the spec declares it for that status: \`BadRequestError\` (400), \`AuthenticationError\` (401),
\`PermissionDeniedError\` (403), \`NotFoundError\` (404), \`ConflictError\` (409),
\`UnprocessableEntityError\` (422), \`RateLimitError\` (429) and \`InternalServerError\` (any 5xx).

\`\`\`ts
import { create${name}Client, NotFoundError, unwrap } from '@payspec/${spec.slug}';

const client = create${name}Client();
try {
  await unwrap(client.${first.method}(${code(first.path)}${params}));
} catch (e) {
  if (e instanceof NotFoundError) console.error(e.status, e.body, e.requestId);
  else throw e;
}
\`\`\`

## Request ids and raw responses

\`withResponse\` resolves to the data together with the \`Response\` and the provider's request id
(${spec.requestIdHeaders.length > 0 ? `from the ${spec.requestIdHeaders.map((h) => mdCode(h)).join(' or ')} response header` : 'this provider documents no request-id header, so it is \`undefined\`'}), and
throws like \`unwrap\`. \`requestIdOf(response)\` reads it from any response of this client; an
\`ApiError\` carries it as \`requestId\`.

\`\`\`ts
import { create${name}Client, withResponse } from '@payspec/${spec.slug}';

const client = create${name}Client();
const { data, response, requestId } = await withResponse(client.${first.method}(${code(first.path)}${params}));
console.log(response.status, requestId, data);
\`\`\`

## Retries, timeouts and logging

- Connection errors, timeouts, 408, 429 and 5xx are retried with exponential backoff and jitter,
  honouring \`Retry-After\`, for GET, HEAD, PUT and DELETE${idempotencyNote(spec)}.
  \`maxRetries\` (default 2) and \`timeout\` (default 60 000 ms per attempt) can be set on the client,
  on \`client.withOptions({ ... })\`, or on one call next to \`params\`.
- \`log: (event) => ...\` receives every attempt and outcome (method, path, status, duration,
  request id, attempt); credentials and signatures are redacted.
`;
}

/** How calls of other methods become safe to retry, for the README. */
function idempotencyNote(spec: ClientSpec): string {
  const rule = spec.idempotency;
  if (!rule) return ' only: a POST or PATCH is never sent twice';
  const where = rule.header ? `the ${mdCode(rule.header)} header` : `the ${mdCode(rule.bodyField!)} body field`;
  return `, and for ${rule.methods.map((m) => mdCode(m)).join(', ')}, which carry an idempotency key in ${where}: a new UUID v4 per call (or yours: \`idempotencyKey: '...'\` next to \`params\`), the same on every retry of the call, so the provider acts once`;
}

function formSection(spec: ClientSpec): string {
  if (spec.formOperations.length === 0) return '';
  const [method, path] = spec.formOperations[0]!.split(' ');
  const op = spec.operations.find((o) => o.method === method && o.path === path)!;
  const pathParams = pathParamsOf(op);
  const params = pathParams ? `params: ${pathParams},\n  ` : '';
  const list = spec.formOperations.map((name) => mdCode(name)).join(', ');
  return `## Form bodies

Bodies are sent as JSON unless the operation only takes a form. ${list} also accept
\`application/x-www-form-urlencoded\`: set that content type on the call and the body is encoded
with bracket notation for nested objects and arrays (\`card[number]=...\`, \`tags[]=...\`).

\`\`\`ts
import { create${spec.clientName}Client } from '@payspec/${spec.slug}';

const client = create${spec.clientName}Client({
${credentialArgs(spec)}
});
await client.${method}(${code(path!)}, {
  ${params}headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: ${code(op.requestExample ?? {}).replace(/\n/g, '\n  ')},
});
\`\`\`

`;
}

function paginationSection(spec: ClientSpec): string {
  const first = spec.pagination[0];
  if (!first) return '';
  const op = spec.operations.find((o) => o.method === 'GET' && o.path === first.path)!;
  const pathParams = pathParamsOf(op);
  const init = pathParams ? `, { params: ${pathParams} }` : '';
  const list = spec.pagination.map(({ path }) => mdCode(path)).join(', ');
  return `## Pagination

List operations (${list}) can be walked with \`for await\`; pages are fetched as you go.

\`\`\`ts
import { create${spec.clientName}Client } from '@payspec/${spec.slug}';

const client = create${spec.clientName}Client({
${credentialArgs(spec)}
});

for await (const item of client.paginate(${code(first.path)}${init})) {
  console.log(item);
}
// or page by page
for await (const page of client.paginate(${code(first.path)}${init}).pages()) {
  console.log(page);
}
\`\`\`

`;
}

/** `{ path: { id: 'cus_...' } }` with the spec's examples, or '' when the operation has no path parameters. */
function pathParamsOf(op: ClientSpec['operations'][number]): string {
  const entries = Object.entries(op.pathExamples).map(([name, example]) => `${code(name, true)}: ${code(example)}`);
  return entries.length ? `{ path: { ${entries.join(', ')} } }` : '';
}

/**
 * A value inside a README code block: a TypeScript literal (or object key) whose backticks are
 * escaped, so that no string from the spec can close the Markdown fence.
 */
function code(value: unknown, key = false): string {
  const literal = typeof value === 'string' && key ? tsKey(value) : tsLiteral(value);
  return literal.replace(/`/g, '\\u0060');
}

/** Which security alternative an option belongs to, for the Configuration table. */
function alternativeNote(spec: ClientSpec, option: string): string {
  if (!alternativeOptions(spec).has(option)) return '';
  const schemes = spec.alternatives!.filter((alternative) => alternative.options.includes(option)).map((alternative) => alternative.schemes.map(mdCode).join(' + '));
  return ` (alternative ${schemes.join(', ')})`;
}

function alternativesSection(spec: ClientSpec): string {
  if (!spec.alternatives) return '';
  const list = spec.alternatives.map((alternative) => `- ${alternative.schemes.map(mdCode).join(' + ')}: ${alternative.options.map(mdCode).join(', ')}`).join('\n');
  return `
The spec accepts any one of these security alternatives; give the credentials of one (the options,
or their environment variables), not of two:

${list}

Only the chosen alternative's schemes are applied, and only its credentials are required (the
other alternatives' environment variables are not read). An operation that accepts only another
alternative fails with a \`ConfigurationError\` before anything is sent. \`client.withOptions(...)\`
with another alternative's options switches to it.
`;
}

function oauth2Section(spec: ClientSpec): string {
  const scheme = spec.auth.find((s) => s.type === 'oauth2');
  if (!scheme || scheme.type !== 'oauth2') return '';
  const scopes = scheme.scopes?.length ? ` with the scope ${mdCode(scheme.scopes.join(' '))}` : '';
  return `
**OAuth 2.0.** The client fetches an access token from ${mdCode(scheme.tokenUrl)} (relative to the base URL when
relative; the \`tokenUrl\` option overrides it) with the client credentials grant${scopes}, the client
authenticated ${scheme.clientAuthentication === 'body' ? 'in the form body' : 'with HTTP Basic'}. The token is fetched when a request first needs one, shared
by concurrent calls, kept until shortly before it expires, and fetched again once when the API
answers 401 (the request is then sent once more). A token request the endpoint refuses throws the
\`ApiError\` of its status (an \`AuthenticationError\` for \`invalid_client\`) with the endpoint's
error body. The client secret goes to the token endpoint only, the token to the API only, and
neither appears in errors or log events.
`;
}

/** The required credential options of a README example, read from the environment. */
function credentialArgs(spec: ClientSpec): string {
  return sampleOptions(spec, [])
    .filter((rule) => !rule.optional)
    .map((rule) => `  ${rule.option}: process.env.${rule.env}!,`)
    .join('\n');
}
