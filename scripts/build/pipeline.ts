import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { readClientSpec, type ClientSpec } from '../spec/client-spec.js';
import { withCodeSamples } from '../generate/code-samples.js';
import { BuildError } from '../shared/errors.js';
import { refSegments } from '../shared/json-ref.js';
import { located, locate, type DocPath } from '../spec/origin.js';
import { checkResources } from '../spec/resources-spec.js';
import { LICENSE_FILE } from './outputs.js';
import { applyOverlay } from '../spec/overlay.js';
import { rel, repoRoot } from '../shared/paths.js';
import { bundle, bundleParsed, lint } from '../spec/redocly.js';
import { readPackageRelease } from '../generate/release.js';
import type { Provider } from '../spec/registry.js';
import { serializeSpec } from '../spec/spec-file.js';

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

/** A provider built into the stage: its client spec, the files it read, and where any value of its document was written. */
export interface BuiltProvider {
  spec: ClientSpec;
  /** Spec, referenced files, overlays and the LICENSE, relative to the project: what the cache hashes. */
  inputs: string[];
  locate(docPath: DocPath): Promise<{ file: string; location: { line: number; column: number } }>;
}

async function write(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/**
 * Builds one provider's spec into the staging folder: lint, bundle, overlays, generated spec, lint
 * of the result, client definition, the stateful mock's resources, docs page (`writePackage` then
 * adds the client package). Nothing is written outside `stage`. `onSpec` is given the client
 * definition as soon as the generated spec is final, before the docs page: the package needs
 * nothing of the page.
 */
export async function buildProvider(provider: Provider, stage: string, progress: Progress, signal: AbortSignal, onSpec?: (spec: ClientSpec) => void): Promise<BuiltProvider> {
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
  const specPath = path.join(repoRoot(), provider.spec);
  const generatedSpec = path.join(stage, 'generated', provider.name, 'openapi.yaml');
  let bundled: Record<string, unknown> = {};
  let inputs: string[] = [];

  await step('lint spec', () => lint(specPath));
  await step('bundle', async () => {
    const result = await bundle(specPath);
    bundled = parse(result.text) as Record<string, unknown>;
    // The project's LICENSE too: the package ships a copy of it.
    inputs = [...new Set([...result.files.map(rel), ...provider.overlays, LICENSE_FILE])].sort();
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
  const clientSpec = await step('client definition', async () => readClientSpec(provider, document as Record<string, any>, (await readPackageRelease(provider.name)).version));
  // The resources the stateful mock keeps (`x-payspec-resources`), checked by the mock's own reader
  // and reported where the overlay wrote them.
  await step('resources', () => checkResources(document, (docPath) => locate(bundled, provider, docPath)));
  // Code samples are made from the client definition (an overlay-free step), so the spec is
  // written again with them for the docs, the packages and the mocks.
  await step('code samples', () => write(generatedSpec, serializeSpec(withCodeSamples(document, clientSpec))));
  onSpec?.(clientSpec);
  await step('docs', async () => {
    // Redoc and React are loaded only now, once the spec is out of the way.
    const { renderDocsPage, setDocsAnchors } = await import('../docs/docs.js');
    // Redoc renders what `redocly build-docs` would: the generated spec, bundled again (its own refs resolved).
    const { page, anchors } = await renderDocsPage((await bundleParsed(generatedSpec)).parsed, clientSpec);
    await write(path.join(stage, 'generated', 'docs', `${provider.name}.html`), page);
    setDocsAnchors(clientSpec, anchors);
  });
  return { spec: clientSpec, inputs, locate: (docPath) => locate(bundled, provider, docPath) };
}

/** Where a value of a provider's overlaid document was written, outside a build (for errors found later). */
export async function locateInProvider(provider: Provider, docPath: DocPath): Promise<{ file: string; location: { line: number; column: number } }> {
  const bundled = parse((await bundle(path.join(repoRoot(), provider.spec))).text) as Record<string, unknown>;
  return locate(bundled, provider, docPath);
}
