/**
 * Where a value of the overlaid document was written: in an overlay action (the last one that
 * changed it) or in the spec itself. Used to put a file and a line on every error found in the
 * merged document, however the value got there.
 */
import { openapiOverlay } from 'openapi-format';
import { BuildError } from '../shared/errors.js';
import type { Provider } from './registry.js';
import { readYaml } from '../shared/yaml-file.js';

export type DocPath = (string | number)[];

/** An error about the overlaid document, at a path in it; `locate` turns it into a `BuildError`. */
export class SpecError extends Error {
  override name = 'SpecError';
  constructor(
    message: string,
    readonly docPath: DocPath,
  ) {
    super(message);
  }
}

function valueAt(doc: unknown, docPath: DocPath): string {
  let value = doc;
  for (const key of docPath) {
    if (value === null || typeof value !== 'object') return 'undefined';
    value = (value as Record<string | number, unknown>)[key];
  }
  return JSON.stringify(value) ?? 'undefined';
}

async function quietOverlay(doc: Record<string, unknown>, overlaySet: unknown): Promise<Record<string, unknown>> {
  const original = console.error;
  console.error = () => undefined;
  try {
    return (await openapiOverlay(structuredClone(doc), { overlaySet: overlaySet as never })).data as Record<string, unknown>;
  } finally {
    console.error = original;
  }
}

/** The file and line where the value at `docPath` of the overlaid document was written. */
export async function locate(bundled: Record<string, unknown>, provider: Provider, docPath: DocPath): Promise<{ file: string; location: { line: number; column: number } }> {
  let doc = bundled;
  let found: { overlay: string; index: number } | undefined;
  for (const overlay of provider.overlays) {
    const file = await readYaml(overlay);
    const data = file.data as { actions?: unknown[] };
    const actions = Array.isArray(data?.actions) ? data.actions : [];
    for (let index = 0; index < actions.length; index++) {
      const next = await quietOverlay(doc, { ...data, actions: [actions[index]] });
      if (valueAt(next, docPath) !== valueAt(doc, docPath)) found = { overlay, index };
      doc = next;
    }
  }
  if (found) {
    const file = await readYaml(found.overlay);
    // The deepest part of the path that the action's `update` spells out, else the action's target.
    for (let start = 0; start < docPath.length; start++) {
      const keyPath = ['actions', found.index, 'update', ...docPath.slice(start)];
      if (file.doc.hasIn(keyPath)) return { file: file.file, location: file.locate(keyPath) };
    }
    return { file: file.file, location: file.locate(['actions', found.index, 'target']) };
  }
  const spec = await readYaml(provider.spec);
  return { file: spec.file, location: spec.locate(docPath) };
}

/** A `BuildError` at the origin of a `SpecError`; other errors pass through. */
export async function located(error: unknown, bundled: Record<string, unknown>, provider: Provider): Promise<unknown> {
  if (!(error instanceof SpecError)) return error;
  const { file, location } = await locate(bundled, provider, error.docPath);
  return new BuildError(error.message, file, location);
}
