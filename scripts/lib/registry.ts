import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { BuildError } from './errors.js';
import { repoRoot } from './paths.js';

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
export async function readRegistry(root = repoRoot): Promise<Provider[]> {
  const file = path.join(root, REGISTRY_FILE);
  const text = await readFile(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new BuildError(`invalid YAML: ${first.message.split('\n')[0]}`, REGISTRY_FILE, { line: pos.line, column: pos.col });
  }
  const apis = (doc.toJS() as { apis?: Record<string, unknown> } | null)?.apis;
  if (!apis || typeof apis !== 'object') throw new BuildError('no `apis:` entries: list one per provider', REGISTRY_FILE);
  return Object.entries(apis).map(([name, value]) => {
    const entry = (value ?? {}) as { root?: unknown; 'x-payspec'?: { overlays?: unknown } };
    const where = lineCounter.linePos((doc.getIn(['apis', name], true) as { range?: [number] } | undefined)?.range?.[0] ?? 0);
    const location = { line: where.line, column: where.col };
    if (!SLUG.test(name)) {
      throw new BuildError(`api '${name}' must be a lower-case slug (it names the package)`, REGISTRY_FILE, location);
    }
    if (typeof entry.root !== 'string') throw new BuildError(`api '${name}' has no \`root:\` spec`, REGISTRY_FILE, location);
    const overlays = entry['x-payspec']?.overlays ?? [];
    if (!Array.isArray(overlays) || overlays.some((o) => typeof o !== 'string')) {
      throw new BuildError(`api '${name}': \`x-payspec.overlays\` must be a list of files`, REGISTRY_FILE, location);
    }
    return { name, spec: entry.root, overlays: overlays as string[] };
  });
}
