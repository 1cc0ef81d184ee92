import openapiTS, { astToString } from 'openapi-typescript';
import { headers } from './header.js';
import { typingDocument } from './typing-schema.js';

/**
 * TypeScript types of a bundled spec, from openapi-typescript: `paths`, `components`,
 * `operations`, and each component schema under its own name (`Customer`, ...). The input is the
 * spec rewritten so that every rule survives typing (`typing-schema.ts`).
 */
export async function generateTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(typingDocument(document).document as never, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    silent: true,
    // minItems: 1 becomes a non-empty tuple type.
    arrayLength: true,
    // A `default` says what the server assumes, not that the caller must send the field.
    defaultNonNullable: false,
  });
  return headers.ts + astToString(ast);
}
