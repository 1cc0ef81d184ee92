import path from 'node:path';
import { openapiOverlay } from 'openapi-format';
import { BuildError } from '../shared/errors.js';
import { repoRoot } from '../shared/paths.js';
import { readYaml } from '../shared/yaml-file.js';

interface OverlayAction {
  target?: unknown;
  description?: unknown;
  update?: unknown;
  remove?: unknown;
}

const SUPPORTED = /^1\.[01]\.\d+$/;

/**
 * Applies an OpenAPI Overlay (1.0 or 1.1) to a document. Fails, naming the overlay file and the
 * line of the action, when the overlay is malformed or an action's target matches nothing:
 * Redocly would silently skip such an action, and the build would quietly lose what it adds.
 */
export async function applyOverlay(document: Record<string, unknown>, overlayFile: string, specFile: string): Promise<Record<string, unknown>> {
  const overlay = await readYaml(overlayFile);
  const data = overlay.data as { overlay?: unknown; info?: unknown; extends?: unknown; actions?: unknown } | null;
  const fail = (message: string, keyPath: (string | number)[]): never => {
    throw new BuildError(message, overlay.file, overlay.locate(keyPath));
  };
  if (!data || typeof data !== 'object') fail('an overlay must be a YAML mapping', []);
  if (typeof data!.overlay !== 'string' || !SUPPORTED.test(data!.overlay)) {
    fail(`\`overlay:\` must be a supported Overlay version (1.0.x or 1.1.x), got ${JSON.stringify(data!.overlay)}`, ['overlay']);
  }
  const info = data!.info as { title?: unknown; version?: unknown } | undefined;
  if (!info || typeof info.title !== 'string' || typeof info.version !== 'string') {
    fail('`info` needs a `title` and a `version` (strings)', ['info']);
  }
  if (data!.extends !== undefined) {
    const extended = path.resolve(path.dirname(path.resolve(repoRoot(), overlayFile)), String(data!.extends));
    if (extended !== path.resolve(repoRoot(), specFile)) {
      fail(`\`extends: ${String(data!.extends)}\` is not this provider's spec (${specFile})`, ['extends']);
    }
  }
  if (!Array.isArray(data!.actions) || data!.actions.length === 0) fail('`actions` must be a non-empty list', ['actions']);
  const actions = data!.actions as OverlayAction[];
  actions.forEach((action, index) => {
    if (!action || typeof action !== 'object') fail(`action #${index + 1} must be a mapping`, ['actions', index]);
    if (typeof action.target !== 'string' || !action.target.startsWith('$')) {
      fail(`action #${index + 1} needs a \`target\` JSONPath starting with \`$\``, ['actions', index, 'target']);
    }
    const hasUpdate = action.update !== undefined;
    const hasRemove = action.remove === true;
    if (hasUpdate === hasRemove) fail(`action #${index + 1} needs exactly one of \`update\` and \`remove: true\``, ['actions', index]);
  });

  const errors: string[] = [];
  const original = console.error;
  // openapi-format reports invalid targets on console.error; keep them for our message instead.
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
  let result: Awaited<ReturnType<typeof openapiOverlay>>;
  try {
    result = await openapiOverlay(structuredClone(document), { overlaySet: data as never });
  } finally {
    console.error = original;
  }
  const unused = (result.resultData?.unusedActions ?? []) as OverlayAction[];
  const first = unused[0];
  if (first) {
    const index = actions.indexOf(first);
    const others = unused.length > 1 ? ` (and ${unused.length - 1} more unused action${unused.length > 2 ? 's' : ''})` : '';
    const why = errors.length ? `: ${errors.join('; ')}` : '';
    fail(`action #${index + 1} target \`${String(first.target)}\` matches nothing in ${specFile}${why}${others}`, ['actions', index, 'target']);
  }
  return result.data as Record<string, unknown>;
}
