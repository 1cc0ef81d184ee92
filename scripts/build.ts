/**
 * The pipeline: `pnpm build` lints, bundles and overlays every spec of the registry, generates the
 * types, client packages and docs into a staging folder, compiles and checks the staged packages
 * (tsc, publint, attw), and only then installs the changed files, all at once under a journal.
 * A failure at any point leaves `generated/` and `packages/` exactly as they were.
 */
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BuildError } from './lib/errors.js';
import { createStage, install, planInstall, withBuildLock } from './lib/install.js';
import { onOrphaned } from './lib/lifecycle.js';
import { distRoots, ownedRoots } from './lib/outputs.js';
import { repoRoot } from './lib/paths.js';
import { buildProvider, buildShared, Cancelled, ProviderBuildError, type BuiltProvider } from './lib/pipeline.js';
import { readRegistry } from './lib/registry.js';
import { run } from './lib/run.js';
import { checkPublishable, compileStage, prepareStage } from './lib/verify.js';

const USAGE = `usage: pnpm build [--check]

  (no option)  build every provider of redocly.yaml and install the changed output
  --check      build, compare with the committed output, and fail on any difference
  --help, -h   show this help`;

const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

function report(error: unknown): void {
  const provider = error instanceof ProviderBuildError ? error.provider : undefined;
  const cause = error instanceof ProviderBuildError ? error.cause : error;
  const prefix = provider ? `[${provider}] ` : '';
  if (cause instanceof BuildError) {
    console.error(`✖ ${prefix}${cause.where ? `${cause.where}: ` : ''}${cause.message}`);
    if (cause.detail) console.error(cause.detail.replace(/^/gm, '    '));
  } else {
    console.error(`✖ ${prefix}${(cause as Error).stack ?? String(cause)}`);
  }
}

/** Two providers must not generate the same factory name: the second one is reported where it sets it. */
async function checkClientNames(built: BuiltProvider[]): Promise<void> {
  const seen = new Map<string, string>();
  for (const { spec, locate } of built) {
    const other = seen.get(spec.clientName);
    if (other) {
      const { file, location } = await locate(['info', 'x-payspec', 'clientName']);
      throw new ProviderBuildError(spec.slug, new BuildError(`\`clientName\` ${spec.clientName} is already used by ${other}`, file, location));
    }
    seen.set(spec.clientName, spec.slug);
  }
}

/** A provider package without node_modules is new: link it into the workspace (it updates the lockfile). */
async function linkNewPackages(providers: string[]): Promise<void> {
  if (!(await exists(path.join(repoRoot, 'pnpm-workspace.yaml')))) return;
  const unlinked = [];
  for (const name of providers) if (!(await exists(path.join(repoRoot, 'packages', name, 'node_modules')))) unlinked.push(name);
  if (unlinked.length === 0) return;
  console.log(`• pnpm install (new package${unlinked.length > 1 ? 's' : ''}: ${unlinked.join(', ')})`);
  const result = await run('pnpm', ['install', '--prefer-offline']);
  if (result.code !== 0) throw new BuildError(`pnpm install failed\n${result.output}`);
}

const exists = (file: string) => access(file).then(() => true, () => false);

async function build(check: boolean): Promise<number> {
  const providers = await readRegistry();
  const names = providers.map((p) => p.name);
  console.log(`payspec build: ${names.join(', ')}${check ? ' (check only)' : ''}`);
  const stage = await createStage();
  try {
    await prepareStage(stage);
    const stepStart = new Map<string, number>();
    const progress = (provider: string, step: string, done = false) => {
      const key = `${provider}/${step}`;
      if (!done) stepStart.set(key, Date.now());
      else console.log(`  [${provider}] ${step} ✓ ${seconds(stepStart.get(key) ?? Date.now())}`);
    };
    // The first failure stops the others at their next step: the error is reported at once.
    const stop = new AbortController();
    const results = await Promise.allSettled(
      providers.map((provider) =>
        buildProvider(provider, stage, progress, stop.signal).catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
    const failures = results.flatMap((result) => (result.status === 'rejected' && !(result.reason instanceof Cancelled) ? [result.reason] : []));
    if (failures.length) {
      failures.forEach(report);
      console.error(`\n✖ build failed for ${failures.length} provider(s); nothing was written, the previous output is intact.`);
      return 1;
    }
    const built = results.map((result) => (result as PromiseFulfilledResult<BuiltProvider>).value);
    await checkClientNames(built);
    await buildShared(built.map((b) => b.spec), stage);
    console.log('• checking the staged packages (tsc, publint, attw)');
    compileStage(stage, names);
    for (const name of ['runtime', ...names]) await checkPublishable(stage, name);

    const plan = await planInstall(stage, ownedRoots(names));
    if (check) {
      const differences = [...plan.puts.map((file) => `${file} (differs or missing)`), ...plan.deletes.map((file) => `${file} (should not exist)`)].sort();
      if (differences.length) {
        console.error(`✖ the committed generated output is out of date (${differences.length} file(s)):`);
        for (const line of differences) console.error(`    ${line}`);
        console.error('  Fix: run `pnpm build` and commit the result.');
        return 1;
      }
      console.log(`✓ generated output is up to date (${seconds(started)})`);
      return 0;
    }
    // The compiled packages go in with their sources (dist/ is not committed, so not part of --check).
    const compiled = await planInstall(stage, distRoots(names));
    const changed = await install(stage, { puts: [...plan.puts, ...compiled.puts], deletes: [...plan.deletes, ...compiled.deletes] });
    console.log(`• installed ${changed} changed file(s) into generated/ and packages/`);
    await linkNewPackages(names);
    console.log(`✓ built ${providers.length} provider(s) in ${seconds(started)}; docs: generated/docs/index.html`);
    return 0;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let values: { check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Interrupted: exit at once; the lock is released on exit and an install in progress is finished by the next build.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => process.exit(130));
  onOrphaned(() => process.exit(1));
  return withBuildLock(() => build(values.check === true), (pid) => console.log(`• waiting for another build (pid ${pid}) to finish`));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    report(error);
    process.exit(1);
  },
);
