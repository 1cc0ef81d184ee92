// @ts-check
/**
 * @payspec/mock's programmatic API: `startMock(provider | spec, options)` serves a payspec
 * provider's API in this process (for a test suite's `globalSetup`, say) and resolves once it
 * accepts requests, with `{ url, port, reset(), stop() }`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { MockStartError, serve } from './server/start.mjs';

export { MockStartError };

/**
 * @typedef {import('./server/start.mjs').ServeOptions & { cwd?: string }} StartMockOptions
 * @typedef {import('./server/start.mjs').RunningMock} RunningMock
 */

/**
 * The spec a provider name or a path stands for: a path (it has a `/` or ends in .yaml/.json) is
 * used as given; a name is the installed `@payspec/<name>` package's `openapi.yaml`, looked up from
 * `cwd`, then from beside this package.
 * @param {string} target
 * @param {string} [cwd]
 * @returns {{ spec: string; label: string } | { error: string; usage?: boolean }}
 */
export function resolveSpec(target, cwd = process.cwd()) {
  if (/\.(ya?ml|json)$/i.test(target) || target.includes('/') || target.includes(path.sep)) return { spec: path.resolve(cwd, target), label: path.basename(target) };
  if (!/^[a-z0-9][a-z0-9-]*$/.test(target)) return { error: `${JSON.stringify(target)} is not a provider name or a spec file`, usage: true };
  const name = `@payspec/${target}`;
  for (const base of [path.join(cwd, 'package.json'), import.meta.url]) {
    try {
      return { spec: createRequire(base).resolve(`${name}/openapi.yaml`), label: target };
    } catch {
      // not found from here
    }
  }
  return { error: `${name} is not installed here: npm install ${name} (or pass the path of a spec)` };
}

/**
 * Starts a mock of a payspec provider (`'stancer'`: the installed `@payspec/stancer`'s spec), of a
 * spec file, or of a parsed OpenAPI document. State is kept between calls, per credential, and
 * starts from the spec's examples; `stateless: true` answers with the examples only.
 * @param {string | Record<string, any>} providerOrSpec
 * @param {StartMockOptions} [options]
 * @returns {Promise<RunningMock>}
 */
export async function startMock(providerOrSpec, options = {}) {
  if (typeof providerOrSpec !== 'string') return serve(providerOrSpec, options);
  const resolved = resolveSpec(providerOrSpec, options.cwd);
  if ('error' in resolved) throw new MockStartError('bad-spec', resolved.error);
  return serve(resolved.spec, options);
}
