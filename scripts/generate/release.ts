/**
 * What the release flow (changesets: `pnpm changeset`, `pnpm release:version`) owns in a generated
 * package, and the build only reads: the version in the committed `packages/<slug>/package.json`,
 * and `packages/<slug>/CHANGELOG.md`. The build regenerates the manifest with that version (and
 * the client code that embeds it), checks the staged package with its changelog, and never writes
 * or deletes the changelog. Both are part of the provider's cache key.
 */
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../shared/errors.js';
import { repoRoot } from '../shared/paths.js';
import { readYaml } from '../shared/yaml-file.js';

/** The version of a provider package that has never been released (no package.json yet). */
export const FIRST_VERSION = '0.1.0';
export const CHANGELOG_FILE = 'CHANGELOG.md';

/** Semantic Versioning 2.0.0, the regular expression semver.org recommends. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export interface PackageRelease {
  /** The package's version: its committed package.json's, or FIRST_VERSION for a new provider. */
  version: string;
  /** The package's CHANGELOG.md, when the release flow has written one. */
  changelog?: string;
}

const exists = (file: string) => access(file).then(() => true, () => false);

/** The version and changelog of `packages/<slug>`, as the release flow left them. */
export async function readPackageRelease(slug: string): Promise<PackageRelease> {
  const manifest = `packages/${slug}/package.json`;
  let version = FIRST_VERSION;
  if (await exists(path.join(repoRoot(), manifest))) {
    // Read as YAML (JSON is YAML) to point at the line of a bad version.
    const file = await readYaml(manifest);
    const value = (file.data as { version?: unknown } | null)?.version;
    if (typeof value !== 'string' || !SEMVER.test(value)) {
      throw new BuildError(`the package version ${JSON.stringify(value ?? null)} is not a semantic version (1.2.3); the release flow sets it (\`pnpm release:version\`)`, file.file, file.locate(['version']));
    }
    version = value;
  }
  const changelog = await readFile(path.join(repoRoot(), 'packages', slug, CHANGELOG_FILE), 'utf8').catch(() => undefined);
  return { version, ...(changelog === undefined ? {} : { changelog }) };
}

/** What the provider's cache key takes from its release state; undefined when it is unreadable (then it is built, and fails). */
export async function releaseKey(slug: string): Promise<string | undefined> {
  try {
    const { version, changelog } = await readPackageRelease(slug);
    return `${version}\0${changelog === undefined ? 'no changelog' : createHash('sha256').update(changelog).digest('hex')}`;
  } catch {
    return undefined;
  }
}
