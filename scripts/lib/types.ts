import openapiTS, { astToString } from 'openapi-typescript';
import { headers } from './header.js';

/**
 * TypeScript types of a bundled spec, from openapi-typescript: `paths`, `components`,
 * `operations`, and each component schema under its own name (`Customer`, ...).
 */
export async function generateTypes(document: Record<string, unknown>): Promise<string> {
  // openapi-typescript accepts the parsed document; a copy keeps ours untouched.
  const ast = await openapiTS(structuredClone(document) as never, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    silent: true,
  });
  return headers.ts + astToString(ast);
}
