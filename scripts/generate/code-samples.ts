/**
 * Code samples for the reference docs, written into the generated spec as `x-codeSamples` (which
 * Redoc shows beside each operation): a TypeScript call with the provider's package (its factory,
 * the operation's path, the spec's example parameters and body, `unwrap`), and a curl command with
 * the provider's authentication and the body the operation takes. Every value from the spec goes in
 * as a literal or a quoted shell word. The tests compile the TypeScript samples.
 */
import { encodeForm } from '../../packages/runtime/src/form/index.js';
import { schemeOptions, type AuthScheme } from '../../packages/runtime/src/core/auth/auth.js';
import { serializePath, serializeQuery } from '../../packages/runtime/src/parameters/index.js';
import type { ClientSpec } from '../spec/client-spec.js';
import { tsKey, tsLiteral, tsString } from '../shared/codegen.js';

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

type Operation = ClientSpec['operations'][number];

/** A word for the shell: single-quoted, a quote inside as `'\''`. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** `getCustomer` → `customer`: the value a call returns, named after its operation. */
function resultName(operationId: string): string {
  const noun = operationId.replace(/^(get|list|create|update|delete|cancel|retrieve|fetch)(?=[A-Z])/, '');
  const name = lowerFirst(noun || operationId);
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : 'result';
}

/**
 * The credential options a sample passes: those the operation needs, and the required ones of the
 * client; of the root's security alternatives, only the one the operation uses (else the first).
 */
export function sampleOptions(spec: ClientSpec, needed: readonly string[]): ClientSpec['credentials'] {
  const alternatives = spec.alternatives ?? [];
  const chosen = alternatives.find((alternative) => needed.some((option) => alternative.options.includes(option))) ?? alternatives[0];
  const elsewhere = new Set(alternatives.flatMap((alternative) => (alternative === chosen ? [] : alternative.options)).filter((option) => !chosen?.options.includes(option)));
  return spec.credentials.filter((rule) => !elsewhere.has(rule.option) && (!rule.optional || needed.includes(rule.option)));
}

function typescriptSample(spec: ClientSpec, operation: Operation): string {
  const client = lowerFirst(spec.clientName);
  const options = sampleOptions(spec, operation.credentialOptions)
    .map((rule) => `  ${rule.option}: process.env.${rule.env}!,`)
    .join('\n');
  const params: string[] = [];
  const path = Object.entries(operation.pathExamples).map(([name, value]) => `${tsKey(name)}: ${tsString(value)}`);
  if (path.length) params.push(`path: { ${path.join(', ')} }`);
  const query = Object.entries(operation.queryExamples).map(([name, value]) => `${tsKey(name)}: ${tsLiteral(value)}`);
  if (query.length) params.push(`query: { ${query.join(', ')} }`);
  const init: string[] = [];
  if (params.length) init.push(`  params: { ${params.join(', ')} },`);
  if (operation.requestExample !== undefined) init.push(`  body: ${tsLiteral(operation.requestExample, '  ')},`);
  const call = `${client}.${operation.method}(${tsString(operation.path)}${init.length ? `, {\n${init.join('\n')}\n}` : ''})`;
  const factory = `create${spec.clientName}Client`;
  const use = operation.noContent ? `await unwrap(${call});` : `const ${resultName(operation.operationId)} = await unwrap(${call});\nconsole.log(${resultName(operation.operationId)});`;
  return `import { ${factory}, unwrap } from '@payspec/${spec.slug}';\n\nconst ${client} = ${factory}({\n${options}\n});\n\n${use}\n`;
}

/** The curl options that authenticate a request of this operation, with credentials from the environment. */
function curlAuth(spec: ClientSpec, operation: Operation, notes: string[]): string[] {
  const env = (option: string) => `$${spec.credentials.find((rule) => rule.option === option)?.env ?? option}`;
  const needed = new Set(operation.credentialOptions);
  const lines: string[] = [];
  const uses = (scheme: AuthScheme) => schemeOptions(scheme).some((option) => needed.has(option));
  for (const scheme of spec.auth.filter(uses)) {
    if (scheme.type === 'oauth2') {
      // curl cannot run the grant: the token request, then the call with the token it returned.
      // Resolved as the client resolves it: against the server URL without its trailing slash.
      const tokenUrl = new URL(scheme.tokenUrl, spec.servers[0]!.url.replace(/\/+$/, '')).href;
      const client = scheme.clientAuthentication === 'body'
        ? `-d "client_id=${env(scheme.options.clientId)}" -d "client_secret=${env(scheme.options.clientSecret)}"`
        : `-u "${env(scheme.options.clientId)}:${env(scheme.options.clientSecret)}"`;
      const scope = scheme.scopes?.length ? ` -d ${shellQuote(`scope=${scheme.scopes.join(' ')}`)}` : '';
      notes.push(`# OAuth 2.0 client credentials: ACCESS_TOKEN is the access_token of\n#   curl -X POST ${shellQuote(tokenUrl)} ${client} -d grant_type=client_credentials${scope}\n`);
      lines.push(`-H "Authorization: Bearer $ACCESS_TOKEN"`);
    } else if (scheme.type === 'basic') lines.push(`-u "${env(scheme.option)}:${scheme.passwordOption ? env(scheme.passwordOption) : ''}"`);
    else if (scheme.type === 'bearer') lines.push(`-H "Authorization: Bearer ${env(scheme.option)}"`);
    else if (scheme.type === 'header') lines.push(`-H "${scheme.header}: ${env(scheme.option)}"`);
    else if (scheme.style === 'http-signature' && !scheme.choice?.value.startsWith('jwt')) {
      // curl cannot sign: the headers the package computes for every request, with their inputs shown.
      lines.push(
        `-H "v-c-merchant-id: ${env(scheme.options.merchantId ?? 'merchantId')}"`,
        `-H "Date: $(date -u '+%a, %d %b %Y %H:%M:%S GMT')"`,
        ...(operation.requestExample !== undefined ? [`-H 'Digest: SHA-256=<base64 SHA-256 of the body>'`] : []),
        `-H "Signature: keyid=\\"${env(scheme.options.keyId ?? 'keyId')}\\", algorithm=\\"HmacSHA256\\", headers=\\"host date request-target${operation.requestExample !== undefined ? ' digest' : ''} v-c-merchant-id\\", signature=\\"<base64 HMAC-SHA256 of those headers, keyed with the shared secret>\\""`,
      );
    }
  }
  return lines;
}

function curlSample(spec: ClientSpec, operation: Operation): string {
  const server = spec.servers[0]!.url.replace(/\/+$/, '');
  // Parameters in their styles, as the client sends them.
  const styles = spec.parameters[`${operation.method} ${operation.path}`];
  const path = serializePath(operation.path, operation.pathExamples, styles?.path);
  const query = serializeQuery(operation.queryExamples, styles?.query);
  const notes: string[] = [];
  const lines = [`curl -X ${operation.method} ${shellQuote(`${server}${path}${query ? `?${query}` : ''}`)}`, ...curlAuth(spec, operation, notes)];
  if (operation.requestExample !== undefined && operation.requestMediaType) {
    const form = /^application\/x-www-form-urlencoded\b/i.test(operation.requestMediaType);
    lines.push(`-H ${shellQuote(`Content-Type: ${operation.requestMediaType}`)}`);
    lines.push(`-d ${shellQuote(form ? encodeForm(operation.requestExample) : JSON.stringify(operation.requestExample))}`);
  }
  const signed = spec.auth.some((scheme) => scheme.type === 'signer' && scheme.style === 'http-signature');
  const note = signed ? '# HTTP Signature: @payspec/cybersource computes these headers for every request.\n' : '';
  return `${note}${notes.join('')}${lines.join(' \\\n  ')}\n`;
}

/** The samples of one operation: TypeScript, then curl. */
function codeSamples(spec: ClientSpec, operation: Operation): CodeSample[] {
  return [
    { lang: 'TypeScript', label: 'TypeScript', source: typescriptSample(spec, operation) },
    { lang: 'Shell', label: 'curl', source: curlSample(spec, operation) },
  ];
}

/** The document with `x-codeSamples` on every operation (a copy; the input is left as it is). */
export function withCodeSamples(document: Record<string, any>, spec: ClientSpec): Record<string, any> {
  const doc = structuredClone(document);
  for (const operation of spec.operations) {
    const target = doc.paths?.[operation.path]?.[operation.method.toLowerCase()];
    if (target) target['x-codeSamples'] = codeSamples(spec, operation);
  }
  return doc;
}
