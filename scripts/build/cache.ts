/**
 * The build cache: a provider whose inputs (its spec and every file the spec refers to, its
 * overlays, the project's LICENSE, its registry entry and the registry's rules, its package's
 * version and changelog as the release flow left them) and whose tools (the generator's sources,
 * the stateful mock's reader that checks `x-payspec-resources`, the runtime, the lockfile that pins
 * every tool's version) hash the same as when its output was installed, and whose output files are
 * still exactly as installed, is not built again.
 *
 * Inputs are compared by their bytes first, then, when some bytes changed, by what their parsers
 * read in them: an edit of a comment, of the layout or of a string's quoting changes no output,
 * and such a build finishes as fast as one where nothing changed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { parseDocument } from 'yaml';
import type { ClientSpec } from '../spec/client-spec.js';
import { WORK_DIR } from './install.js';
import { LICENSE_FILE, listFiles } from './outputs.js';
import { repoRoot, toolRoot } from '../shared/paths.js';
import { REGISTRY_FILE, type Provider } from '../spec/registry.js';
import { releaseKey } from '../generate/release.js';

const CACHE_FILE = 'cache.json';
const VERSION = 2;

export interface CacheEntry {
  /** Hash of the provider's inputs and the tools, as built. */
  hash: string;
  /** The same, with each spec, referenced file and overlay as its parser reads it (`contentOf`). */
  content: string;
  /** The input files read to build it (spec, referenced files, overlays, LICENSE), relative to the project. */
  inputs: string[];
  /** Every file the provider's build installed, relative to the project, with its hash. */
  outputs: Record<string, string>;
  /** What the shared files (docs index, generated README) need to know about the provider. */
  spec: ClientSpec;
}

interface CacheFile {
  version: number;
  providers: Record<string, CacheEntry>;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

async function hashFiles(root: string, files: string[], content?: (file: string, data: Buffer) => Promise<Buffer>): Promise<string | undefined> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    let data: Buffer;
    try {
      data = await readFile(path.join(root, file));
    } catch {
      return undefined;
    }
    hash.update(`${file}\0`).update(content ? await content(file, data) : data).update('\0');
  }
  return hash.digest('hex');
}

type ParseYaml = (text: string) => unknown;
let redoclyParser: Promise<ParseYaml | undefined> | undefined;

/**
 * The YAML parser Redocly reads specs with (js-yaml with its schema), without the rest of Redocly:
 * a cache check must stay cheap. Undefined if it is not where it was: inputs are then compared by bytes.
 */
function redoclyYaml(): Promise<ParseYaml | undefined> {
  redoclyParser ??= (async () => {
    try {
      const core = createRequire(import.meta.url).resolve('@redocly/openapi-core');
      const module = (await import(pathToFileURL(path.join(path.dirname(core), 'js-yaml', 'index.js')).href)) as { parseYaml?: ParseYaml };
      return typeof module.parseYaml === 'function' ? module.parseYaml : undefined;
    } catch {
      return undefined;
    }
  })();
  return redoclyParser;
}

/**
 * An input as the build reads it: an overlay as \`yaml\` parses it (\`yaml-file.ts\`), the spec and
 * the YAML or JSON files it refers to as Redocly parses them (\r\n read as \n, as Redocly does), as
 * values (V8's serialization: types, key order and shared nodes kept); any other file, or one that
 * does not parse, by its bytes. Where each value was written only matters to error messages.
 */
function contentOf(provider: Provider): (file: string, data: Buffer) => Promise<Buffer> {
  return async (file, data) => {
    const bytes = Buffer.concat([Buffer.from('bytes\0'), data]);
    try {
      if (provider.overlays.includes(file)) {
        const doc = parseDocument(data.toString('utf8'), { prettyErrors: false, uniqueKeys: true });
        return doc.errors.length ? bytes : Buffer.concat([Buffer.from('yaml\0'), serialize(doc.toJS())]);
      }
      if (file === LICENSE_FILE || !(file === provider.spec || /\.(ya?ml|json)$/.test(file))) return bytes;
      const parseYaml = await redoclyYaml();
      return parseYaml ? Buffer.concat([Buffer.from('redocly\0'), serialize(parseYaml(data.toString('utf8').replace(/\r\n/g, '\n')))]) : bytes;
    } catch {
      return bytes;
    }
  };
}

/** The hash of the runtime every package builds against: its sources, its config, the tools' versions. */
export async function runtimeHash(): Promise<string> {
  const runtime = (await listFiles(path.join(repoRoot(), 'packages', 'runtime', 'src'))).map((f) => `packages/runtime/src/${f}`);
  const project = await hashFiles(repoRoot(), [...runtime, 'packages/runtime/package.json', 'packages/runtime/tsconfig.build.json', 'packages/runtime/README.md', 'tsconfig.base.json']);
  const tools = await hashFiles(toolRoot, ['pnpm-lock.yaml']);
  return sha(`${VERSION}\0${project ?? 'missing'}\0${tools ?? 'missing'}`);
}

/** What the build imports of @payspec/mock to check a spec: the stateful mock's reader of `x-payspec-resources`. */
const MOCK_STATE = 'packages/mock/src/state';

/** The hash of everything that makes the build of any provider: generator (and the mock's checks it runs), runtime, tool versions. */
export async function toolsHash(): Promise<string> {
  const generator = (await listFiles(path.join(toolRoot, 'scripts'))).filter((f) => /\.(ts|mjs)$/.test(f)).map((f) => `scripts/${f}`);
  const mockState = (await listFiles(path.join(toolRoot, MOCK_STATE))).filter((f) => f.endsWith('.mjs')).map((f) => `${MOCK_STATE}/${f}`);
  const own = await hashFiles(toolRoot, [...generator, ...mockState, 'package.json']);
  return sha(`${VERSION}\0${own ?? 'missing'}\0${await runtimeHash()}`);
}

/** The registry as it matters to one provider: its own entry and the rules, not the other entries. */
async function registrySlice(provider: Provider): Promise<string> {
  const registry = parseDocument(await readFile(path.join(repoRoot(), REGISTRY_FILE), 'utf8'));
  const entry = registry.getIn(['apis', provider.name]);
  registry.delete('apis');
  return JSON.stringify([registry.toJS(), (entry as { toJSON?: () => unknown })?.toJSON?.() ?? entry ?? null]);
}

/**
 * The hash of a provider's inputs (undefined when one of them is gone, or its package version is
 * unreadable): of their bytes, or of their content (`contentOf`).
 */
export async function providerHash(provider: Provider, tools: string, inputs: string[], by: 'bytes' | 'content' = 'bytes'): Promise<string | undefined> {
  const files = await hashFiles(repoRoot(), inputs, by === 'content' ? contentOf(provider) : undefined);
  const release = await releaseKey(provider.name);
  return files && release && sha(`${tools}\0${await registrySlice(provider)}\0${files}\0${release}`);
}

export async function readCache(): Promise<CacheFile> {
  try {
    const cache = JSON.parse(await readFile(path.join(repoRoot(), WORK_DIR, CACHE_FILE), 'utf8')) as CacheFile;
    if (cache.version === VERSION && cache.providers && typeof cache.providers === 'object') return cache;
  } catch {
    // no cache yet, or unreadable: everything is built
  }
  return { version: VERSION, providers: {} };
}

export async function writeCache(cache: CacheFile): Promise<void> {
  const file = path.join(repoRoot(), WORK_DIR, CACHE_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(cache));
  await rename(`${file}.tmp`, file);
}

/** The files under some roots (folders or single files) as they are now, with their hashes. */
export async function currentOutputs(roots: string[], base = repoRoot()): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  for (const root of roots) {
    const full = path.join(base, root);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) {
      for (const file of await listFiles(full)) outputs[`${root}/${file}`] = sha(await readFile(path.join(full, file)));
    } else if (info) {
      outputs[root] = sha(await readFile(full));
    }
  }
  return outputs;
}

/**
 * Whether a cached provider can be skipped: same tools, inputs of the same bytes or of the same
 * content, output files untouched. When only the content is the same, the entry takes the new
 * bytes' hash (the caller saves it), so that the next check needs no parsing.
 */
export async function isFresh(entry: CacheEntry | undefined, provider: Provider, tools: string, roots: string[]): Promise<boolean> {
  if (!entry) return false;
  const bytes = await providerHash(provider, tools, entry.inputs);
  if (!bytes) return false;
  if (bytes !== entry.hash && (await providerHash(provider, tools, entry.inputs, 'content')) !== entry.content) return false;
  const now = await currentOutputs(roots);
  const recorded = entry.outputs;
  const untouched = Object.keys(now).length === Object.keys(recorded).length && Object.entries(recorded).every(([file, hash]) => now[file] === hash);
  if (untouched) entry.hash = bytes;
  return untouched;
}
