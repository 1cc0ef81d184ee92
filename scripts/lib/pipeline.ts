import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { readClientSpec, type ClientSpec } from './client-spec.js';
import { docsIndex, generateDocsPage } from './docs.js';
import { BuildError } from './errors.js';
import { refSegments } from './json-ref.js';
import { located, locate, type DocPath } from './origin.js';
import { applyOverlay } from './overlay.js';
import { generatePackage } from './package.js';
import { repoRoot } from './paths.js';
import { generatedFolderReadme } from './readme.js';
import { bundle, lint } from './redocly.js';
import type { Provider } from './registry.js';
import { serializeSpec } from './spec-file.js';
import { generateTypes } from './types.js';

export type Progress = (provider: string, step: string, done?: boolean) => void;

/** Thrown by a provider's next step once another provider has failed: the build stops early. */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

/** A failure of one provider, with the provider named. */
export class ProviderBuildError extends Error {
  constructor(
    readonly provider: string,
    override readonly cause: BuildError | Error,
  ) {
    super(`${provider}: ${cause.message}`);
  }
}

/** A provider built into the stage: its client spec, and where any value of its document was written. */
export interface BuiltProvider {
  spec: ClientSpec;
  locate(docPath: DocPath): Promise<{ file: string; location: { line: number; column: number } }>;
}

async function write(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/**
 * Builds one provider into the staging folder: lint, bundle, overlays, generated spec, lint of the
 * result, types, client package, docs page. Nothing is written outside `stage`.
 */
export async function buildProvider(provider: Provider, stage: string, progress: Progress, signal: AbortSignal): Promise<BuiltProvider> {
  const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    if (signal.aborted) throw new Cancelled(provider.name);
    progress(provider.name, name);
    try {
      const result = await action();
      progress(provider.name, name, true);
      return result;
    } catch (error) {
      if (signal.aborted) throw new Cancelled(provider.name);
      throw new ProviderBuildError(provider.name, (await located(error, bundled, provider)) as Error);
    }
  };
  const specPath = path.join(repoRoot, provider.spec);
  const generatedSpec = path.join(stage, 'generated', provider.name, 'openapi.yaml');
  let bundled: Record<string, unknown> = {};

  await step('lint spec', () => lint(specPath));
  await step('bundle', async () => {
    bundled = parse(await bundle(specPath)) as Record<string, unknown>;
  });
  const document = await step('apply overlays', async () => {
    let doc = bundled;
    for (const overlay of provider.overlays) doc = await applyOverlay(doc, overlay, provider.spec);
    await write(generatedSpec, serializeSpec(doc));
    return doc;
  });
  // A problem the overlays introduced is reported where it was written, not in the generated file.
  await step('lint generated spec', () =>
    lint(generatedSpec, `lint of generated/${provider.name}/openapi.yaml (after overlays)`, (pointer) => locate(bundled, provider, refSegments(pointer))),
  );
  const clientSpec = await step('types and client package', async () => {
    const spec = readClientSpec(provider, document as Record<string, any>);
    const files = await generatePackage(spec, await generateTypes(document));
    for (const [file, content] of Object.entries(files)) await write(path.join(stage, 'packages', provider.name, file), content);
    return spec;
  });
  await step('docs', async () => {
    const out = path.join(stage, 'generated', 'docs', `${provider.name}.html`);
    await mkdir(path.dirname(out), { recursive: true });
    await generateDocsPage(generatedSpec, out, clientSpec, signal);
  });
  return { spec: clientSpec, locate: (docPath) => locate(bundled, provider, docPath) };
}

/** The files that belong to no single provider: the docs index and the folder README. */
export async function buildShared(specs: ClientSpec[], stage: string): Promise<void> {
  await write(path.join(stage, 'generated', 'docs', 'index.html'), docsIndex(specs));
  await write(path.join(stage, 'generated', 'README.md'), generatedFolderReadme(specs));
}
