/**
 * `pnpm build` as a function: the CLI (`scripts/build.ts`) and the tests call the same code, the
 * tests in process on scratch copies (`inProject`). Output goes through `io`, and the result is the
 * exit code. Heavy tools are imported only when a provider has to be built.
 */
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { currentOutputs, isFresh, providerHash, readCache, runtimeHash, toolsHash, writeCache, type CacheEntry } from './cache.js';
import type { ClientSpec } from '../spec/client-spec.js';
import { docsIndex } from '../docs/docs-index.js';
import { BuildError } from '../shared/errors.js';
import { createStage, install, planInstall, withBuildLock } from './install.js';
import { distRoot, providerRoots, SHARED_FILES, strayGenerated } from './outputs.js';
import { repoRoot } from '../shared/paths.js';
import { generatedFolderReadme } from '../generate/readme.js';
import { REDOC_SCRIPT, REDOC_STYLES, redocScript, redocStyles } from '../docs/redoc-assets.js';
import { readRegistry, type Provider } from '../spec/registry.js';
import { run } from '../shared/run.js';
import type { SerializedError } from './worker-messages.js';
import { buildOnWorkers, type BuiltResult } from './worker-pool.js';

export interface BuildIO {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `usage: pnpm build [--check] [--force] [<provider> ...]

  (no option)   build the providers of redocly.yaml whose inputs changed, and install the changed output
  <provider>    build only these providers (the others are left as they are)
  --force       build even the providers whose inputs did not change
  --check       compare the committed output with what the build generates (providers whose inputs and
                output did not change since they were built are trusted; add --force to build them all)
  --help, -h    show this help`;

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

function report(io: BuildIO, error: unknown, provider?: string): void {
  const prefix = provider ? `[${provider}] ` : '';
  if (error instanceof BuildError) {
    io.err(`✖ ${prefix}${error.where ? `${error.where}: ` : ''}${error.message}`);
    if (error.detail) io.err(error.detail.replace(/^/gm, '    '));
  } else {
    io.err(`✖ ${prefix}${(error as Error)?.stack ?? String(error)}`);
  }
}

/** A worker's failure, reported like any other. */
function reportSerialized(io: BuildIO, error: SerializedError): void {
  report(io, error.stack ? Object.assign(new Error(error.message), { stack: error.stack }) : new BuildError(error.message, error.file, error.location, error.detail), error.provider);
}

/** Two providers must not generate the same factory name: the second one is reported where it sets it. */
async function checkClientNames(built: BuiltResult[], known: ClientSpec[]): Promise<void> {
  const seen = new Map(known.map((spec) => [spec.clientName, spec.slug]));
  for (const { spec, provider } of built) {
    const other = seen.get(spec.clientName);
    if (other && other !== spec.slug) {
      const { locateInProvider } = await import('./pipeline.js');
      const { file, location } = await locateInProvider(provider, ['info', 'x-payspec', 'clientName']);
      throw Object.assign(new BuildError(`\`clientName\` ${spec.clientName} is already used by ${other}`, file, location), { provider: spec.slug });
    }
    seen.set(spec.clientName, spec.slug);
  }
}

const exists = (file: string) => access(file).then(() => true, () => false);

/** A provider package without node_modules is new: link it into the workspace (it updates the lockfile). */
async function linkNewPackages(io: BuildIO, providers: string[]): Promise<void> {
  if (!(await exists(path.join(repoRoot(), 'pnpm-workspace.yaml')))) return;
  const unlinked = [];
  for (const name of providers) if (!(await exists(path.join(repoRoot(), 'packages', name, 'node_modules')))) unlinked.push(name);
  if (unlinked.length === 0) return;
  io.out(`• pnpm install (new package${unlinked.length > 1 ? 's' : ''}: ${unlinked.join(', ')})`);
  const result = await run('pnpm', ['install', '--prefer-offline']);
  if (result.code !== 0) throw new BuildError(`pnpm install failed\n${result.output}`);
}

/** The spec a provider's shared entries need when it is not built now: cached, or read from its generated spec. */
async function specOf(provider: Provider, entry: CacheEntry | undefined): Promise<ClientSpec> {
  if (entry) return entry.spec;
  const [{ readClientSpec }, { readSpec }, { bundleParsed }, { docsAnchors, setDocsAnchors }, { readPackageRelease }] = await Promise.all([
    import('../spec/client-spec.js'),
    import('../spec/spec-file.js'),
    import('../spec/redocly.js'),
    import('../docs/docs.js'),
    import('../generate/release.js'),
  ]);
  const file = path.join(repoRoot(), 'generated', provider.name, 'openapi.yaml');
  if (!(await exists(file))) throw new BuildError(`${provider.name} has never been built: run \`pnpm build ${provider.name}\` (or \`pnpm build\`) first`, `generated/${provider.name}/openapi.yaml`);
  const spec = readClientSpec(provider, (await readSpec(file)) as Record<string, any>, (await readPackageRelease(provider.name)).version);
  // The docs index links each operation where the page shows it, as the page's build found it.
  setDocsAnchors(spec, await docsAnchors((await bundleParsed(file)).parsed));
  return spec;
}

interface Plan {
  registry: Provider[];
  /** The providers to build now. */
  build: Provider[];
  /** Every provider this run is about: the named ones, or the whole registry. */
  selected: Provider[];
  filtered: boolean;
}

async function plan(io: BuildIO, names: string[], force: boolean): Promise<Plan & { tools: string; cache: Awaited<ReturnType<typeof readCache>>; refreshed: boolean }> {
  const registry = await readRegistry();
  const unknown = names.filter((name) => !registry.some((p) => p.name === name));
  if (unknown.length) throw new BuildError(`unknown provider${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${registry.map((p) => p.name).join(', ')})`);
  const selected = names.length ? registry.filter((p) => names.includes(p.name)) : registry;
  const [tools, cache] = await Promise.all([toolsHash(), readCache()]);
  const build: Provider[] = [];
  let refreshed = false;
  for (const provider of selected) {
    const entry = cache.providers[provider.name];
    const before = entry?.hash;
    const fresh = !force && (await isFresh(entry, provider, tools, [...providerRoots(provider.name), distRoot(provider.name)]));
    if (fresh) io.out(`  [${provider.name}] up to date`);
    else build.push(provider);
    // Inputs edited without a change of content: the entry now has their new bytes' hash.
    refreshed ||= fresh && entry?.hash !== before;
  }
  return { registry, build, selected, filtered: names.length > 0, tools, cache, refreshed };
}

/** `pnpm build`; resolves to the exit code. */
export async function runBuildCommand(args: string[], io: BuildIO): Promise<number> {
  let values: { check?: boolean; force?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { check: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    return await withBuildLock(() => build(io, positionals, values.check === true, values.force === true), (line) => io.out(line));
  } catch (error) {
    report(io, error, (error as { provider?: string }).provider);
    return 1;
  }
}

async function build(io: BuildIO, names: string[], check: boolean, force: boolean): Promise<number> {
  const started = Date.now();
  const { registry, build: toBuild, selected, filtered, tools, cache, refreshed } = await plan(io, names, force);
  io.out(`payspec build: ${toBuild.length ? toBuild.map((p) => p.name).join(', ') : 'nothing to build'}${check ? ' (check only)' : ''}`);

  const stage = await createStage();
  try {
    let built: BuiltResult[] = [];
    if (toBuild.length) {
      const stepStart = new Map<string, number>();
      const progress = (provider: string, step: string, done: boolean) => {
        const key = `${provider}/${step}`;
        if (!done) stepStart.set(key, Date.now());
        else io.out(`  [${provider}] ${step} ✓ ${seconds(stepStart.get(key) ?? Date.now())}`);
      };
      // The workers build the providers' specs and docs on the other cores. This thread meanwhile
      // stages the runtime every package builds against (compiled, or as cached), then generates,
      // compiles and checks each provider's package as its spec is ready. Heavy tools are imported
      // only now: a build with nothing to do never loads them.
      const result = await buildOnWorkers(toBuild, stage, availableParallelism() - 1, progress, async () => {
        const [verify, { writePackage }] = await Promise.all([import('./verify.js'), import('../generate/client-package.js')]);
        await verify.prepareStage(stage);
        await verify.stageRuntime(stage, await runtimeHash());
        verify.warmUpDeclarations(stage);
        return async ({ provider, spec }) => {
          const started = Date.now();
          await writePackage(spec, stage);
          io.out(`  [${provider.name}] types and client package ✓ ${seconds(started)}`);
          verify.compileStage(stage, [provider.name]);
          await verify.checkPublishable(stage, provider.name);
        };
      });
      if (result.failures.length) {
        for (const failure of result.failures) reportSerialized(io, failure);
        io.err(`\n✖ build failed for ${result.failures.length} provider(s); nothing was written, the previous output is intact.`);
        return 1;
      }
      built = result.built.sort((a, b) => toBuild.indexOf(a.provider) - toBuild.indexOf(b.provider));
    }

    // Every provider's spec, for the shared files: built now, or as last built.
    const specs = new Map(built.map((b) => [b.spec.slug, b.spec]));
    for (const provider of registry) if (!specs.has(provider.name)) specs.set(provider.name, await specOf(provider, cache.providers[provider.name]));
    await checkClientNames(built, [...specs.values()].filter((spec) => !built.some((b) => b.spec.slug === spec.slug)));
    const ordered = registry.map((p) => specs.get(p.name)!);
    await mkdir(path.join(stage, 'generated', 'docs'), { recursive: true });
    await writeFile(path.join(stage, 'generated', 'docs', 'index.html'), docsIndex(ordered));
    await writeFile(path.join(stage, 'generated', 'docs', REDOC_SCRIPT), await redocScript());
    await writeFile(path.join(stage, 'generated', 'docs', REDOC_STYLES), await redocStyles());
    await writeFile(path.join(stage, 'generated', 'README.md'), generatedFolderReadme(ordered));

    const builtNames = built.map((b) => b.spec.slug);
    const strays = filtered ? [] : await strayGenerated(repoRoot(), registry.map((p) => p.name));
    if (check) {
      const differences = await planInstall(stage, [...builtNames.flatMap(providerRoots), ...SHARED_FILES]);
      differences.deletes.push(...strays);
      const lines = [...differences.puts.map((file) => `${file} (differs or missing)`), ...differences.deletes.map((file) => `${file} (should not exist)`)].sort();
      if (lines.length) {
        io.err(`✖ the committed generated output is out of date (${lines.length} file(s)):`);
        for (const line of lines) io.err(`    ${line}`);
        io.err('  Fix: run `pnpm build` and commit the result.');
        return 1;
      }
      io.out(`✓ generated output is up to date (${seconds(started)})`);
      return 0;
    }

    const roots = [...builtNames.flatMap((name) => [...providerRoots(name), distRoot(name)]), ...(built.length ? [distRoot('runtime')] : []), ...SHARED_FILES];
    const changes = await planInstall(stage, roots);
    // A full build also removes what a provider no longer in the registry left under generated/.
    changes.deletes.push(...strays);
    const changed = await install(stage, changes, (line) => io.out(line));
    for (const { spec, inputs, provider } of built) {
      const [hash, content] = await Promise.all([providerHash(provider, tools, inputs), providerHash(provider, tools, inputs, 'content')]);
      if (hash && content) cache.providers[spec.slug] = { hash, content, inputs, outputs: await currentOutputs([...providerRoots(spec.slug), distRoot(spec.slug)]), spec };
    }
    if (built.length || refreshed) await writeCache(cache);
    await linkNewPackages(io, builtNames);
    io.out(
      built.length || changed
        ? `✓ built ${built.length} of ${selected.length} provider(s), ${changed} file(s) changed, in ${seconds(started)}; docs: generated/docs/index.html`
        : `✓ everything is up to date (${seconds(started)})`,
    );
    return 0;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
