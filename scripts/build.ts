/**
 * The pipeline: `pnpm build` lints, bundles and overlays every spec of the registry, then
 * generates the types, client packages and docs. Everything is built in a staging folder first and
 * moved into place only when every provider succeeded, so a failure leaves the previous output as it was.
 *
 *   pnpm build            build and install the output
 *   pnpm build --check    build, compare with the committed output, and fail on any difference
 */
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from './lib/errors.js';
import { compareOutputs, installOutputs, ownedRoots } from './lib/outputs.js';
import { repoRoot, bin } from './lib/paths.js';
import { buildProvider, buildShared, ProviderBuildError } from './lib/pipeline.js';
import { readRegistry } from './lib/registry.js';
import { run } from './lib/run.js';

const check = process.argv.includes('--check');
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

async function postBuild(providers: string[]): Promise<void> {
  // A provider added since the last install has no node_modules yet: link it before compiling.
  const unlinked = [];
  for (const name of providers) {
    try {
      await access(path.join(repoRoot, 'packages', name, 'node_modules'));
    } catch {
      unlinked.push(name);
    }
  }
  if (unlinked.length) {
    console.log(`• pnpm install (new package${unlinked.length > 1 ? 's' : ''}: ${unlinked.join(', ')})`);
    const install = await run('pnpm', ['install', '--prefer-offline']);
    if (install.code !== 0) throw new BuildError(`pnpm install failed\n${install.output}`);
  }
  console.log('• compiling packages (tsc -b)');
  const projects = ['runtime', ...providers].map((name) => `packages/${name}/tsconfig.build.json`);
  const tsc = await run(bin('tsc'), ['-b', ...projects]);
  if (tsc.code !== 0) throw new BuildError('the packages do not compile', undefined, undefined, tsc.output);
  console.log('• checking the packages (publint, attw)');
  for (const name of ['runtime', ...providers]) {
    const lintResult = await run(bin('publint'), ['run', `packages/${name}`, '--strict']);
    if (lintResult.code !== 0) throw new BuildError(`packages/${name} fails publint`, `packages/${name}/package.json`, undefined, lintResult.output);
    // ESM-only on purpose: CommonJS consumers use import().
    const types = await run(bin('attw'), ['--pack', `packages/${name}`, '--profile', 'esm-only', '--format', 'ascii']);
    if (types.code !== 0) throw new BuildError(`packages/${name} fails arethetypeswrong`, `packages/${name}/package.json`, undefined, types.output);
  }
}

async function main(): Promise<number> {
  const providers = await readRegistry();
  console.log(`payspec build: ${providers.map((p) => p.name).join(', ')}${check ? ' (check only)' : ''}`);
  await mkdir(path.join(repoRoot, '.payspec-build'), { recursive: true });
  const stage = await mkdtemp(path.join(repoRoot, '.payspec-build', 'stage-'));
  try {
    const stepStart = new Map<string, number>();
    const progress = (provider: string, step: string, done = false) => {
      const key = `${provider}/${step}`;
      if (!done) stepStart.set(key, Date.now());
      else console.log(`  [${provider}] ${step} ✓ ${seconds(stepStart.get(key) ?? Date.now())}`);
    };
    const results = await Promise.allSettled(providers.map((provider) => buildProvider(provider, stage, progress)));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failures.length) {
      failures.forEach(report);
      console.error(`\n✖ build failed for ${failures.length} provider(s); nothing was written, the previous output is intact.`);
      return 1;
    }
    const specs = results.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof buildProvider>>>).value);
    await buildShared(specs, stage);
    const roots = ownedRoots(providers.map((p) => p.name));

    if (check) {
      const differences = await compareOutputs(stage, roots);
      if (differences.length) {
        console.error(`✖ the committed generated output is out of date (${differences.length} file(s)):`);
        for (const line of differences) console.error(`    ${line}`);
        console.error('  Fix: run `pnpm build` and commit the result.');
        return 1;
      }
      console.log(`✓ generated output is up to date (${seconds(started)})`);
      return 0;
    }
    await installOutputs(stage, roots);
    console.log(`• wrote generated/ and ${providers.map((p) => `packages/${p.name}/`).join(', ')}`);
    await postBuild(providers.map((p) => p.name));
    console.log(`✓ built ${providers.length} provider(s) in ${seconds(started)}; docs: generated/docs/index.html`);
    return 0;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    report(error);
    process.exit(1);
  },
);
