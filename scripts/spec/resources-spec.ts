/**
 * `x-payspec-resources`, the root key (written in a provider's overlay, `target: $`) that tells the
 * stateful mock of `@payspec/mock` which resources it keeps. The build checks it with the mock's
 * own reader (`packages/mock/src/state/resources.mjs`), so a declaration the mock could not serve
 * fails the build at the line that wrote it instead of when `payspec-mock` starts.
 */
import { readResources } from '../../packages/mock/src/state/resources.mjs';
import { BuildError } from '../shared/errors.js';
import type { DocPath } from './origin.js';

export const RESOURCES_KEY = 'x-payspec-resources';

/** Where a value of the overlaid document was written (`origin.ts`'s `locate`, bound to a provider). */
export type Locate = (docPath: DocPath) => Promise<{ file: string; location: { line: number; column: number } }>;

/**
 * The longest start of `docPath` that holds a value in `doc`: a key the reader found wrong without
 * it being written (an `idField` left to its default, say) is reported at the nearest key that was.
 */
export function writtenPath(doc: unknown, docPath: DocPath): DocPath {
  let value = doc;
  for (let depth = 0; depth < docPath.length; depth++) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, docPath[depth]!)) return docPath.slice(0, depth);
    value = (value as Record<string | number, unknown>)[docPath[depth]!];
  }
  return docPath;
}

/**
 * Checks the document's `x-payspec-resources` (nothing to do when it has none): every problem the
 * mock's reader finds fails the build, the first as the error's `file:line`, all of them (each at
 * its own line) in its detail when there are several.
 */
export async function checkResources(doc: Record<string, unknown>, locate: Locate): Promise<void> {
  if (doc[RESOURCES_KEY] === undefined) return;
  let problems: { pointer: DocPath; message: string }[];
  try {
    problems = readResources(doc).problems;
  } catch (error) {
    // A declaration the reader trips over is still the declaration's fault.
    problems = [{ pointer: [RESOURCES_KEY], message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (problems.length === 0) return;
  const found = [];
  for (const { pointer, message } of problems) {
    const { file, location } = await locate(writtenPath(doc, pointer));
    found.push({ file, location, message: message.startsWith(RESOURCES_KEY) ? message : `${RESOURCES_KEY}: ${message}` });
  }
  const [first] = found;
  const more = found.length - 1;
  const detail = more > 0 ? found.map(({ file, location, message }) => `${file}:${location.line}:${location.column}: ${message}`).join('\n') : undefined;
  throw new BuildError(`${first!.message}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''}, listed below)` : ''}`, first!.file, first!.location, detail);
}
