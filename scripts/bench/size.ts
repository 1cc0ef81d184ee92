/**
 * Bundle size of each client package: a minimal consumer (create the client, make one call) bundled
 * for the browser with esbuild, minified, then gzipped. Also checks from esbuild's metafile that a
 * bundle holds signing code only when the provider's spec declares a signer.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { readRegistry } from '../spec/registry.js';
import { toolRoot } from '../shared/paths.js';

export interface SizeResult {
  slug: string;
  minBytes: number;
  gzipBytes: number;
  /** The gzip budget in bytes. */
  targetBytes: number;
  /** Signing styles the spec declares (`x-payspec-signer`). */
  declaredSigners: string[];
  /** Runtime signing files that ended up in the bundle. */
  signerFiles: string[];
  /** The runtime's optional features (subpath folders: `pagination`, `signers/pingpp-rsa`, ...) the bundle holds code of. */
  features: string[];
  /** The biggest inputs, for finding what to trim. */
  inputs: { file: string; bytes: number }[];
  /** What each input of the bundle imports (files relative to the project), to tell which code a feature brings. */
  imports: Record<string, string[]>;
}

export const KB = 1000;
/**
 * Budgets from the issue that set them (lean clients): 10 kB gzipped for a package that bundles
 * none of the runtime's optional features (Stancer), 12 kB for every other.
 */
const targetOf = (features: string[]) => (features.length > 0 ? 12 : 10) * KB;

type Spec = { paths?: Record<string, Record<string, { parameters?: { in?: string; name?: string; example?: unknown }[] }>>; components?: { securitySchemes?: Record<string, Record<string, any>> } };

/** The consumer's source (bundled, never run): the factory with placeholder credentials, and one GET (with its path parameters). */
function consumer(slug: string, factory: string, spec: Spec): string {
  const schemes = Object.values(spec.components?.securitySchemes ?? {});
  const options = Object.fromEntries(
    schemes.flatMap((scheme) => [scheme['x-payspec-credential'], ...(scheme['x-payspec-credentials'] ?? [])]).filter((rule) => rule && !rule.optional).map((rule) => [rule.option, 'placeholder']),
  );
  const [pathName, item] = Object.entries(spec.paths ?? {}).find(([, entry]) => entry.get) ?? Object.entries(spec.paths ?? {})[0]!;
  const pathParams = Object.fromEntries([...pathName.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1], 'placeholder']));
  const method = item.get ? 'GET' : Object.keys(item)[0]!.toUpperCase();
  return [
    `import { ${factory} } from ${JSON.stringify(`@payspec/${slug}`)};`,
    `const client = ${factory}(${JSON.stringify({ ...options, dangerouslyAllowBrowser: true })});`,
    `const { data, error } = await client.${method}(${JSON.stringify(pathName)}, ${JSON.stringify({ params: { path: pathParams } })});`,
    'console.log(data ?? error);',
  ].join('\n');
}

/** An input of the bundle, relative to the project (the consumer itself has no file). */
function where(root: string, work: string, file: string): string {
  const absolute = path.resolve(work, file);
  try {
    return path.relative(root, realpathSync(absolute));
  } catch {
    return path.relative(work, absolute);
  }
}

/** Bundles the minimal consumer of every generated package (they must be built: `pnpm build`). */
export async function benchSizes(root = toolRoot): Promise<SizeResult[]> {
  const providers = await readRegistry(root);
  const work = mkdtempSync(path.join(tmpdir(), 'payspec-size-'));
  try {
    // `@payspec/<slug>` resolved as a consumer's install would: through the package's own exports.
    mkdirSync(path.join(work, 'node_modules/@payspec'), { recursive: true });
    // An empty tsconfig: the project's own maps `@payspec/*` to sources, which no consumer sees.
    writeFileSync(path.join(work, 'tsconfig.json'), '{}');
    const results: SizeResult[] = [];
    for (const { name: slug } of providers) {
      const packageDir = path.join(root, 'packages', slug);
      symlinkSync(packageDir, path.join(work, 'node_modules/@payspec', slug), 'dir');
      const spec = parse(readFileSync(path.join(root, 'generated', slug, 'openapi.yaml'), 'utf8')) as Spec;
      const factory = /export function (create\w+Client)\(/.exec(readFileSync(path.join(packageDir, 'src/index.ts'), 'utf8'))?.[1];
      if (!factory) throw new Error(`packages/${slug}/src/index.ts has no create...Client: run \`pnpm build\``);
      const output = await build({
        stdin: { contents: consumer(slug, factory, spec), resolveDir: work, sourcefile: `${slug}-consumer.js`, loader: 'js' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        metafile: true,
        tsconfig: path.join(work, 'tsconfig.json'),
        absWorkingDir: work,
        logLevel: 'silent',
      });
      const code = output.outputFiles[0]!.contents;
      const inputs = Object.entries(Object.values(output.metafile.outputs)[0]!.inputs)
        .map(([file, info]) => ({ file: where(root, work, file), bytes: info.bytesInOutput }))
        .filter((input) => input.bytes > 0)
        .sort((a, b) => b.bytes - a.bytes);
      const imports = Object.fromEntries(
        Object.entries(output.metafile.inputs).map(([file, info]) => [where(root, work, file), info.imports.filter((edge) => !edge.external).map((edge) => where(root, work, edge.path))]),
      );
      // The runtime's feature folders the bundle holds files of (`pagination`, `signers/pingpp-rsa`; not `core`).
      const features = [...new Set(inputs.flatMap((input) => /packages\/runtime\/(?:dist|src)\/((?:signers\/)?(?!core\/)[^/]+)\//.exec(input.file)?.[1] ?? []))].filter((feature) => feature !== 'signers').sort();
      const declaredSigners = [...new Set(Object.values(spec.components?.securitySchemes ?? {}).flatMap((scheme) => (scheme['x-payspec-signer']?.style ? [String(scheme['x-payspec-signer'].style)] : [])))].sort();
      results.push({
        slug,
        minBytes: code.length,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        targetBytes: targetOf(features),
        declaredSigners,
        features,
        signerFiles: inputs.map((input) => input.file).filter((file) => /packages\/runtime\/(dist|src)\/signers\//.test(file)),
        inputs,
        imports,
      });
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What is wrong with a result: over budget, or signing code the spec does not call for. */
export function sizeProblems(result: SizeResult): string[] {
  const problems: string[] = [];
  if (result.gzipBytes > result.targetBytes) problems.push(`${result.slug}: ${result.gzipBytes} B gzipped, over its ${result.targetBytes / KB} kB budget`);
  if (result.declaredSigners.length === 0 && result.signerFiles.length > 0) problems.push(`${result.slug}: declares no signer, yet bundles ${result.signerFiles.join(', ')}`);
  return problems;
}
