/**
 * Fixture providers of the authentication tests: a spec and an overlay in
 * `tests/fixtures/providers/<name>/` (`openapi.yaml`, `overlay.yaml`), built by the real pipeline
 * into a scratch project whose registry holds only that provider. A fixture is not a provider of
 * this repository: it is in no registry and nothing of it is published.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { startPrism } from '../../packages/mock/src/prism.mjs';
import { toolRoot } from '../../scripts/lib/paths.js';
import { buildInProcess, scratchProject, type ScratchProject } from './build.js';

/** A scratch project with the fixture provider `name` as its one registry entry, its files at the same place as here. */
export function authFixtureProject(name: string): ScratchProject & { folder: string } {
  const scratch = scratchProject([]);
  const folder = `tests/fixtures/providers/${name}`;
  cpSync(path.join(toolRoot, folder), path.join(scratch.root, folder), { recursive: true });
  const registry = parseDocument(scratch.read('redocly.yaml'));
  registry.setIn(['apis', name], registry.createNode({ root: `${folder}/openapi.yaml`, 'x-payspec': { overlays: [`${folder}/overlay.yaml`] } }));
  writeFileSync(path.join(scratch.root, 'redocly.yaml'), registry.toString());
  return { ...scratch, folder };
}

export interface AuthFixture<Module> {
  project: ScratchProject;
  /** The generated spec, as Prism serves it. */
  spec: string;
  /** The generated package's `src/index.ts`. */
  index: string;
  /** The generated package, imported from its TypeScript source (`@payspec/runtime` is this repository's). */
  client: Module;
  /** Prism on the generated spec. */
  prism: { url: string; stop(): Promise<void> };
  /** Stops Prism and removes the scratch project. */
  dispose(): Promise<void>;
}

/** Builds a fixture provider with the real pipeline, imports its generated client and starts Prism on its generated spec. */
export async function buildAuthFixture<Module>(name: string): Promise<AuthFixture<Module>> {
  const project = authFixtureProject(name);
  const run = await buildInProcess([], project.root);
  if (run.status !== 0) {
    project.remove();
    throw new Error(`the fixture provider ${name} did not build:\n${run.output}`);
  }
  const index = path.join(project.root, 'packages', name, 'src', 'index.ts');
  const spec = path.join(project.root, 'generated', name, 'openapi.yaml');
  const client = (await import(index)) as Module;
  const prism = await startPrism(spec);
  return {
    project,
    spec,
    index,
    client,
    prism,
    dispose: async () => {
      await prism.stop();
      project.remove();
    },
  };
}
