import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { headers } from '../shared/header.js';

// Root keys in the order the OpenAPI specification lists them, so overlays that add a root key
// (jsonSchemaDialect) do not leave it at the bottom of the generated file.
const ROOT_ORDER = ['openapi', 'jsonSchemaDialect', 'info', 'externalDocs', 'servers', 'security', 'tags', 'paths', 'webhooks', 'components'];

export async function readSpec(file: string): Promise<Record<string, unknown>> {
  return parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

/** The generated spec file: the header line, then the document with its root keys in order. */
export function serializeSpec(document: Record<string, unknown>): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ROOT_ORDER) if (key in document) ordered[key] = document[key];
  for (const [key, value] of Object.entries(document)) if (!(key in ordered)) ordered[key] = value;
  return headers.yaml + stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
}
