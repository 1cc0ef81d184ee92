import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readClientSpec, type ClientSpec } from './client-spec.js';
import { docsIndex, generateDocsPage } from './docs.js';
import { BuildError } from './errors.js';
import { applyOverlay } from './overlay.js';
import { generatePackage } from './package.js';
import { repoRoot } from './paths.js';
import { bundle, lint } from './redocly.js';
import type { Provider } from './registry.js';
import { readSpec, serializeSpec } from './spec-file.js';
import { generateTypes } from './types.js';
import { generatedFolderReadme } from './readme.js';

export type Progress = (provider: string, step: string, done?: boolean) => void;

/** A failure of one provider, with the provider named. */
export class ProviderBuildError extends Error {
  constructor(
    readonly provider: string,
    override readonly cause: BuildError | Error,
  ) {
    super(`${provider}: ${cause.message}`);
  }
}

async function write(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/**
 * Builds one provider into the staging folder: lint, bundle, overlays, generated spec, lint of the
 * result, types, client package, docs page. Nothing is written outside `stage`.
 */
export async function buildProvider(provider: Provider, stage: string, progress: Progress): Promise<ClientSpec> {
  const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    progress(provider.name, name);
    try {
      const result = await action();
      progress(provider.name, name, true);
      return result;
    } catch (error) {
      throw new ProviderBuildError(provider.name, error as Error);
    }
  };
  const specPath = path.join(repoRoot, provider.spec);
  const bundled = path.join(stage, '.work', `${provider.name}.bundled.yaml`);
  const generatedSpec = path.join(stage, 'generated', provider.name, 'openapi.yaml');

  await step('lint spec', () => lint(specPath));
  await step('bundle', async () => {
    await mkdir(path.dirname(bundled), { recursive: true });
    await bundle(specPath, bundled);
  });
  const document = await step('apply overlays', async () => {
    let doc = await readSpec(bundled);
    for (const overlay of provider.overlays) doc = await applyOverlay(doc, overlay, provider.spec);
    await write(generatedSpec, serializeSpec(doc));
    return doc;
  });
  await step('lint generated spec', () => lint(generatedSpec, `generated/${provider.name}/openapi.yaml (after overlays)`));
  const clientSpec = await step('types and client package', async () => {
    const spec = readClientSpec(provider, document as Record<string, any>);
    const files = await generatePackage(spec, await generateTypes(document));
    for (const [file, content] of Object.entries(files)) await write(path.join(stage, 'packages', provider.name, file), content);
    return spec;
  });
  await step('docs', async () => {
    const out = path.join(stage, 'generated', 'docs', `${provider.name}.html`);
    await mkdir(path.dirname(out), { recursive: true });
    await generateDocsPage(generatedSpec, out, clientSpec);
  });
  return clientSpec;
}

/** The files that belong to no single provider: the docs index and the folder README. */
export async function buildShared(specs: ClientSpec[], stage: string): Promise<void> {
  await write(path.join(stage, 'generated', 'docs', 'index.html'), docsIndex(specs));
  await write(path.join(stage, 'generated', 'README.md'), generatedFolderReadme(specs));
}
