import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientSpec } from './client-spec.js';
import { generatePackage } from './package.js';
import { readSpec } from './spec-file.js';
import { generateTypes } from './types.js';

/**
 * Writes a built provider's client package into the stage: the types of its generated spec
 * (openapi-typescript) and the generated sources, README and manifest.
 */
export async function writePackage(spec: ClientSpec, stage: string): Promise<void> {
  const document = await readSpec(path.join(stage, 'generated', spec.slug, 'openapi.yaml'));
  const files = await generatePackage(spec, await generateTypes(document));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(stage, 'packages', spec.slug, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

