/**
 * One request a client can make without the provider, read from its generated spec: placeholder
 * credentials of the form the spec declares, and the first GET of one resource whose path
 * parameters have examples and whose 200 answer has one. Used for the registry's providers
 * (mock-package.test.ts) and for a provider added to a scratch registry (new-provider.test.ts).
 */
import path from 'node:path';
import { resolveRef } from '../../../scripts/shared/json-ref.js';
import { toolRoot } from '../../../scripts/shared/paths.js';
import { placeholderCredentials } from '../../../scripts/shared/placeholders.js';

type Parameter = { name: string; in: string; example?: unknown };
// A generated spec, as parsed YAML.
type Doc = any;

export interface ClientCall {
  options: Record<string, string>;
  path: string;
  params: Record<string, string>;
}

/** The 200 example of a GET operation, as the generated spec declares it (undefined when it has none). */
export function okExampleOf(doc: Doc, route: string): unknown {
  const ok = doc.paths[route]?.get?.responses?.['200'];
  if (!ok) return undefined;
  // The JSON media type, whatever its parameters (CyberSource's carries a charset).
  const media = Object.values((resolveRef(doc, ok).content ?? {}) as Record<string, any>)[0];
  if (!media) return undefined;
  return 'example' in media ? media.example : media.examples ? resolveRef(doc, Object.values(media.examples as Record<string, unknown>)[0]).value : undefined;
}

export function clientCallOf(doc: Doc, provider: string): ClientCall {
  const parameters = (item: any, operation: any) => [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveRef(doc, p) as Parameter).filter((p) => p.in === 'path');
  const route = Object.keys(doc.paths).find((candidate) => {
    const item = doc.paths[candidate];
    return candidate.includes('{') && item.get && parameters(item, item.get).every((p) => typeof p.example === 'string') && okExampleOf(doc, candidate) !== undefined;
  });
  if (route === undefined) throw new Error(`${provider}: no GET of one resource whose path parameters and 200 answer have examples`);
  const item = doc.paths[route];
  // The operation's own security, where it narrows the root's: its credentials are the ones it needs.
  const security = (item.get.security ?? doc.security ?? []).filter((alternative: object) => Object.keys(alternative).length > 0);
  return {
    options: placeholderCredentials({ ...doc, security }),
    path: route,
    params: Object.fromEntries(parameters(item, item.get).map((p) => [p.name, p.example as string])),
  };
}

/** The `create<ClientName>Client` of a registry provider's generated package (its sources), untyped: for tests that take every provider alike. */
export async function clientFactoryOf(provider: string, doc: Doc): Promise<(options: Record<string, unknown>) => any> {
  const module = (await import(path.join(toolRoot, 'packages', provider, 'src', 'index.ts'))) as Record<string, (options: Record<string, unknown>) => any>;
  const factory = module[`create${doc.info['x-payspec'].clientName}Client`];
  if (!factory) throw new Error(`@payspec/${provider} exports no create${doc.info['x-payspec'].clientName}Client`);
  return factory;
}
