/**
 * Fixture providers: a spec and an overlay in `tests/fixtures/providers/<name>/`, built by the real
 * pipeline into a scratch project whose registry holds only that provider, with a mock (Prism validating) on the
 * generated spec (both by the run's shared services, once per run), and the generated package's
 * types checked from this repository. A fixture is not a provider of this repository: it is in no
 * registry and nothing of it is published.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toolRoot } from '../../scripts/shared/paths.js';
import { service, type BuiltFixtureInfo } from './services.js';

export interface FixtureWithMock<Module> {
  /** The scratch project the fixture was built in (shared by the run: read it, do not change it). */
  root: string;
  /** The generated spec, as the mock serves it. */
  spec: string;
  /** The generated package's `src/index.ts`. */
  index: string;
  /** The generated package, imported from its TypeScript source (`@payspec/runtime` is this repository's). */
  client: Module;
  /** The mock on the generated spec (stateless, Prism validating). */
  prism: { url: string };
  /** Nothing to do: the shared services stop the mock and remove the project at the end of the run. */
  dispose(): Promise<void>;
}

/** The fixture provider built with the real pipeline, its generated client imported, and a mock on its generated spec. */
export async function buildFixtureWithMock<Module>(name: string): Promise<FixtureWithMock<Module>> {
  const built = await service<BuiltFixtureInfo>(`/fixtures/${name}`);
  return { root: built.root, spec: built.spec, index: built.index, client: (await import(built.index)) as Module, prism: { url: built.url }, dispose: async () => undefined };
}

/**
 * The TypeScript diagnostics of `source(generated)`, a module written in this repository (so that
 * `vitest` and `@payspec/runtime` resolve as in tests/types) that imports the fixture's generated
 * package from the path `generated`. Empty when it type-checks.
 */
export async function typecheckWithFixture(fixture: Pick<FixtureWithMock<unknown>, 'index'>, name: string, source: (generated: string) => string): Promise<string[]> {
  const dir = path.join(toolRoot, '.payspec-build', `${name}-types`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'types.ts');
  const generated = path.relative(dir, fixture.index).replace(/\\/g, '/').replace(/\.ts$/, '.js');
  writeFileSync(file, source(generated));
  try {
    // Checked by the run's shared services: one copy of TypeScript and of the parsed libraries.
    return (await service<{ diagnostics: string[] }>('/typecheck', { files: [file] })).diagnostics;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
