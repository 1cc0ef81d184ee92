import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientSpec } from '../spec/client-spec.js';
import { generatePackage } from './package.js';
import { CHANGELOG_FILE, readPackageRelease } from './release.js';
import { readSpec } from '../spec/spec-file.js';
import { generateTypes } from './types.js';

/**
 * Writes a built provider's client package into the stage: the types of its generated spec
 * (openapi-typescript), the generated sources, README and manifest, and the spec itself. Its
 * CHANGELOG.md (the release flow's) is staged too, as it is, so that the package checked is the
 * package published; it is no output of the build, and the install leaves it alone.
 */
export async function writePackage(spec: ClientSpec, stage: string): Promise<void> {
  const specFile = path.join(stage, 'generated', spec.slug, 'openapi.yaml');
  const document = await readSpec(specFile);
  const files = await generatePackage(spec, await generateTypes(document), await readFile(specFile, 'utf8'));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(stage, 'packages', spec.slug, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  const { changelog } = await readPackageRelease(spec.slug);
  if (changelog !== undefined) await writeFile(path.join(stage, 'packages', spec.slug, CHANGELOG_FILE), changelog);
}

