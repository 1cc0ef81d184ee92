/**
 * Fixture providers: a spec and an overlay in `tests/fixtures/providers/<name>/`, built by the real
 * pipeline into a scratch project whose registry holds only that provider (`buildFixtureProvider`),
 * with Prism on the generated spec, and the generated package's types checked from this
 * repository. A fixture is not a provider of this repository: it is in no registry and nothing of
 * it is published.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startPrism } from '../../packages/mock/src/prism.mjs';
import { toolRoot } from '../../scripts/lib/paths.js';
import { buildFixtureProvider, type BuiltFixture } from './build.js';
import { compile } from './compile.js';

export interface FixtureWithMock<Module> extends BuiltFixture<Module> {
  /** Prism on the generated spec. */
  prism: { url: string; stop(): Promise<void> };
  /** Stops Prism and removes the scratch project. */
  dispose(): Promise<void>;
}

/** Builds a fixture provider with the real pipeline, imports its generated client and starts Prism on its generated spec. */
export async function buildFixtureWithMock<Module>(name: string): Promise<FixtureWithMock<Module>> {
  const built = await buildFixtureProvider<Module>(name);
  let prism: FixtureWithMock<Module>['prism'];
  try {
    prism = await startPrism(built.spec);
  } catch (error) {
    built.project.remove();
    throw error;
  }
  return {
    ...built,
    prism,
    dispose: async () => {
      await prism.stop();
      built.project.remove();
    },
  };
}

/**
 * The TypeScript diagnostics of `source(generated)`, a module written in this repository (so that
 * `vitest` and `@payspec/runtime` resolve as in tests/types) that imports the fixture's generated
 * package from the path `generated`. Empty when it type-checks.
 */
export function typecheckWithFixture(fixture: Pick<BuiltFixture<unknown>, 'index'>, name: string, source: (generated: string) => string): string[] {
  const dir = path.join(toolRoot, '.payspec-build', `${name}-types`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'types.ts');
  const generated = path.relative(dir, fixture.index).replace(/\\/g, '/').replace(/\.ts$/, '.js');
  writeFileSync(file, source(generated));
  try {
    return compile([file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
