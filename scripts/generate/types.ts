import { createRequire } from 'node:module';
import type * as OpenapiTypescript from 'openapi-typescript';
import { headers } from '../shared/header.js';
import { typingDocument } from './typing-schema.js';

// Its CommonJS build, required: the ES module build imports TypeScript, and an ESM import of
// TypeScript's 9 MB CommonJS file scans it for its exports first (0.6 s).
const { default: openapiTS, astToString } = createRequire(import.meta.url)('openapi-typescript') as typeof OpenapiTypescript;

/**
 * TypeScript types of a bundled spec, from openapi-typescript: `paths`, `components`,
 * `operations`, and each component schema under its own name (`Customer`, ...). The input is the
 * spec rewritten so that every rule survives typing (`typing-schema.ts`).
 */
export async function generateTypes(document: Record<string, unknown>): Promise<string> {
  const { document: typing } = typingDocument(document);
  optionalClientHeaders(typing);
  const ast = await openapiTS(typing as never, {
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

/**
 * Header parameters the client fills in itself are optional to the caller: the idempotency header
 * (`x-payspec.idempotency.header`) on the methods that get a key. The spec may require it; the
 * request still carries it, generated unless the caller gives one.
 */
function optionalClientHeaders(document: Record<string, any>): void {
  const rule = document.info?.['x-payspec']?.idempotency as { header?: string; methods?: string[] } | undefined;
  if (!rule?.header || !Array.isArray(rule.methods)) return;
  const header = rule.header.toLowerCase();
  const relax = (parameters: unknown) => {
    if (!Array.isArray(parameters)) return parameters;
    return parameters.map((raw) => {
      const parameter = typeof raw?.$ref === 'string' && raw.$ref.startsWith('#/components/parameters/') ? document.components?.parameters?.[raw.$ref.split('/').at(-1)] : raw;
      return parameter?.in === 'header' && String(parameter.name).toLowerCase() === header ? { ...parameter, required: false } : raw;
    });
  };
  for (const item of Object.values((document.paths ?? {}) as Record<string, Record<string, any>>)) {
    for (const method of rule.methods) {
      const operation = item?.[String(method).toLowerCase()];
      if (operation) operation.parameters = relax(operation.parameters);
    }
  }
}
