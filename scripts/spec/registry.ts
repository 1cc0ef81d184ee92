import path from 'node:path';
import { BuildError } from '../shared/errors.js';
import { repoRoot } from '../shared/paths.js';
import { readYaml } from '../shared/yaml-file.js';

export const REGISTRY_FILE = 'redocly.yaml';

/** One provider of the registry: its spec and the overlays applied on top of it. */
export interface Provider {
  /** The `apis:` key, also the package slug and the folder name under generated/ and packages/. */
  name: string;
  /** The spec, relative to the repository root. */
  spec: string;
  /** The overlays, relative to the repository root, applied in order. */
  overlays: string[];
}

const SLUG = /^[a-z][a-z0-9-]*$/;

/** Reads the provider list from `redocly.yaml` `apis:`, the one registry every step uses. */
export async function readRegistry(root = repoRoot()): Promise<Provider[]> {
  const registry = await readYaml(path.join(root, REGISTRY_FILE));
  const apis = (registry.data as { apis?: Record<string, unknown> } | null)?.apis;
  if (!apis || typeof apis !== 'object') throw new BuildError('no `apis:` entries: list one per provider', registry.file);
  return Object.entries(apis).map(([name, value]) => {
    const entry = (value ?? {}) as { root?: unknown; 'x-payspec'?: { overlays?: unknown } };
    const fail = (message: string): never => {
      throw new BuildError(message, registry.file, registry.locate(['apis', name]));
    };
    if (!SLUG.test(name)) fail(`api '${name}' must be a lower-case slug (it names the package)`);
    if (typeof entry.root !== 'string') fail(`api '${name}' has no \`root:\` spec`);
    const overlays = entry['x-payspec']?.overlays ?? [];
    if (!Array.isArray(overlays) || overlays.some((o) => typeof o !== 'string')) {
      fail(`api '${name}': \`x-payspec.overlays\` must be a list of files`);
    }
    return { name, spec: entry.root as string, overlays: overlays as string[] };
  });
}
