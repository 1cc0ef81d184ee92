/**
 * The request the mock benchmark sends, read from a generated spec: the first GET whose path has one
 * parameter (and no other required parameter), the parameter's example (or the `id` of the 200
 * response's first example), and placeholder credentials for the operation's security: HTTP Basic
 * or Bearer headers made here, or, for a provider whose requests are signed, the headers its
 * generated client signs once (the mocks check that a scheme's header is there, not the
 * signature, so the same signed request is sent again and again to both servers).
 */
import path from 'node:path';
import { operationParameters, resolveRef } from '../shared/json-ref.js';
import { toolRoot } from '../shared/paths.js';
import { placeholderCredentials, placeholderFor } from '../shared/placeholders.js';

type Node = Record<string, any>;
export type BenchRequest = { path: string; headers: Record<string, string>; what: string } | { skipped: string };

/**
 * The headers the provider's generated client sends for a GET (credentials of the form each
 * scheme's `x-payspec-credential(s)` declares), captured by a `fetch` that answers nothing real.
 */
async function signedHeaders(spec: Node, provider: string, template: string, params: Record<string, string>): Promise<Record<string, string> | undefined> {
  const options = placeholderCredentials(spec);
  const module = (await import(path.join(toolRoot, 'packages', provider, 'src', 'index.ts'))) as Record<string, (options: object) => { GET(path: string, init: object): Promise<unknown> }>;
  const create = module[`create${spec.info?.['x-payspec']?.clientName}Client`];
  if (!create) return undefined;
  let sent: Request | undefined;
  const capture = async (request: Request) => {
    sent = request;
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  await create({ ...options, baseUrl: 'http://bench.invalid', maxRetries: 0 })
    .GET(template, { params: { path: params }, fetch: capture })
    .catch(() => undefined);
  // `host` is the fetch's own (and forbidden to set); the rest is the request as signed.
  return sent && Object.fromEntries([...sent.headers].filter(([name]) => name !== 'host'));
}

export async function benchRequest(spec: Node, provider: string): Promise<BenchRequest> {
  const deref = (node: Node | undefined): Node | undefined => resolveRef(spec, node);
  for (const [path, item] of Object.entries<Node>(spec.paths ?? {})) {
    const operation = item.get as Node | undefined;
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    if (!operation || names.length !== 1) continue;
    const parameters: Node[] = operationParameters(spec, item, operation);
    const param = parameters.find((p) => p.in === 'path' && p.name === names[0]);
    if (!param || parameters.some((p) => p !== param && p.required)) continue;
    const schema = deref(param.schema);
    const ok = deref(operation.responses?.['200']);
    const okExamples: Node[] = Object.values<Node>(ok?.content ?? {}).flatMap((media) => [media.example, ...Object.values<Node>(media.examples ?? {}).map((e) => deref(e)?.value)]);
    const value = param.example ?? Object.values<Node>(param.examples ?? {}).map((e) => deref(e)?.value)[0] ?? schema?.example ?? schema?.examples?.[0] ?? okExamples.find((e) => e?.id !== undefined)?.id;
    if (value === undefined) continue;

    // The first alternative of the operation's security that needs no signature: HTTP Basic or Bearer (not a JWT).
    const schemes: Node = spec.components?.securitySchemes ?? {};
    const usable = (name: string) => {
      const scheme = deref(schemes[name]);
      return scheme?.type === 'http' && /^(basic|bearer)$/i.test(scheme.scheme) && !/jwt/i.test(scheme.bearerFormat ?? '');
    };
    const alternatives: Node[] = operation.security ?? spec.security ?? [{}];
    const chosen = alternatives.find((alternative) => Object.keys(alternative).every(usable));
    const what = `GET ${path.replace(`{${names[0]}}`, String(value))}`;
    if (!chosen) {
      const signed = await signedHeaders(spec, provider, path, { [names[0]!]: String(value) });
      if (!signed) return { skipped: `${what} needs a signed request (${alternatives.map((a) => Object.keys(a).join(' + ')).join(' or ')}) and the client made none: no throughput figure` };
      return { path: path.replace(`{${names[0]}}`, encodeURIComponent(String(value))), headers: signed, what: `${what} (signed once by the client: ${Object.keys(alternatives[0] ?? {}).join(' + ')})` };
    }
    const headers: Record<string, string> = {};
    for (const name of Object.keys(chosen)) {
      const scheme = deref(schemes[name])!;
      const secret = placeholderFor(scheme['x-payspec-credential']?.pattern);
      headers.authorization = /^basic$/i.test(scheme.scheme) ? `Basic ${Buffer.from(`${secret}:`).toString('base64')}` : `Bearer ${secret}`;
    }
    return { path: path.replace(`{${names[0]}}`, encodeURIComponent(String(value))), headers, what: `${what}${Object.keys(chosen).length ? ` (${Object.keys(chosen).join(' + ')})` : ''}` };
  }
  return { skipped: 'no GET operation with one path parameter and an example of it' };
}
