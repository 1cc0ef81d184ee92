/**
 * What a bundle of `pnpm bench size` must hold, derived from the provider's spec: the runtime's
 * optional features (subpath exports) it declares, the signers it declares, and which runtime files
 * each of them alone brings (from the bundles' import graph). Used for the registry's providers
 * (bundle-size.test.ts) and for a provider added to a scratch registry (new-provider.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SizeResult } from '../../../scripts/bench/size.js';
import { toolRoot } from '../../../scripts/shared/paths.js';

const runtimeExports = (JSON.parse(readFileSync(path.join(toolRoot, 'packages/runtime/package.json'), 'utf8')) as { exports: Record<string, { default?: string }> }).exports;

/** The file a subpath export of the runtime (`pagination`, `signers/pingpp-rsa`; `.` for the core) resolves to, as its package.json maps it. */
export function exportFile(subpath: string): string {
  const target = runtimeExports[subpath === '.' ? '.' : `./${subpath}`]?.default;
  if (!target) throw new Error(`@payspec/runtime exports no ${subpath}`);
  return path.posix.join('packages/runtime', target);
}

type Parameter = { $ref?: string; in?: string; style?: string; explode?: boolean; allowReserved?: boolean };
type Operation = { 'x-payspec-pagination'?: unknown; requestBody?: { content?: Record<string, unknown> }; security?: Record<string, unknown>[]; parameters?: Parameter[] };

export type Spec = {
  security?: Record<string, unknown>[];
  paths: Record<string, Record<string, Operation> & { parameters?: Parameter[] }>;
  info: { 'x-payspec'?: { idempotency?: unknown } };
  components?: { securitySchemes?: Record<string, { type?: string; 'x-payspec-signer'?: { style?: string; choice?: string } }>; parameters?: Record<string, Parameter> };
};

export const bundled = (result: SizeResult) => new Set(result.inputs.map((input) => input.file));

/** The runtime's files reachable from an entry, over the import graphs of the given bundles, and those only a subpath export brings. */
export function importGraph(results: SizeResult[]) {
  const graph = new Map<string, Set<string>>();
  for (const result of results) for (const [file, imports] of Object.entries(result.imports)) graph.set(file, new Set([...(graph.get(file) ?? []), ...imports]));
  const reach = (entry: string): Set<string> => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const next of graph.get(file) ?? []) visit(next);
    };
    visit(entry);
    return seen;
  };
  // The core is what its own files reach (the root index also re-exports features' names, which bundlers drop unused).
  const coreDir = path.posix.join(path.posix.dirname(exportFile('.')), 'core/');
  const core = new Set([...graph.keys()].filter((file) => file.startsWith(coreDir)).flatMap((file) => [...reach(file)]));
  /** The files only a subpath export of the runtime brings (not the core every client bundles). */
  const exclusive = (entry: string) => [...reach(exportFile(entry))].filter((file) => !core.has(file));
  return { reach, core, exclusive };
}

const operationsOf = (item: Spec['paths'][string]) => Object.entries(item).flatMap(([key, op]) => (key !== 'parameters' && op && typeof op === 'object' ? [op as Operation] : []));
const operations = (spec: Spec) => Object.values(spec.paths).flatMap(operationsOf);

/** A query or path parameter serialized otherwise than OpenAPI's defaults (query `form` exploded, path `simple`). */
function styled(spec: Spec, declared: Parameter): boolean {
  const parameter = declared.$ref ? (spec.components?.parameters?.[declared.$ref.split('/').pop()!] ?? declared) : declared;
  if (parameter.in === 'query') return (parameter.style ?? 'form') !== 'form' || parameter.explode === false || parameter.allowReserved === true;
  if (parameter.in === 'path') return (parameter.style ?? 'simple') !== 'simple' || parameter.explode === true;
  return false;
}

/** The runtime's optional features a spec calls for, by the subpath export that holds each. */
export function declaredFeatures(spec: Spec): Record<string, boolean> {
  const schemes = Object.values(spec.components?.securitySchemes ?? {});
  const requirements = [spec.security, ...operations(spec).map((op) => op.security)];
  return {
    pagination: operations(spec).some((op) => op['x-payspec-pagination'] !== undefined),
    form: operations(spec).some((op) => Object.keys(op.requestBody?.content ?? {}).some((type) => type.startsWith('application/x-www-form-urlencoded'))),
    oauth2: schemes.some((scheme) => scheme.type === 'oauth2'),
    // Some requirement lists two alternatives or more (root or operation), or a scheme is chosen by an option (CyberSource's).
    alternatives: requirements.some((security) => (security?.length ?? 0) > 1) || schemes.some((scheme) => scheme['x-payspec-signer']?.choice !== undefined),
    idempotency: spec.info['x-payspec']?.idempotency !== undefined,
    parameters: Object.values(spec.paths).some((item) => [...(item.parameters ?? []), ...operationsOf(item).flatMap((op) => op.parameters ?? [])].some((parameter) => styled(spec, parameter))),
  };
}

/** The signing styles a spec declares (`x-payspec-signer.style`). */
export const signersOf = (spec: Spec) => [...new Set(Object.values(spec.components?.securitySchemes ?? {}).flatMap((scheme) => scheme['x-payspec-signer']?.style ?? []))].sort();
