import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import path from 'node:path';
import { parse } from 'yaml';
import { refSegments, resolveRef } from '../../../scripts/shared/json-ref.js';
import { toolRoot } from '../../../scripts/shared/paths.js';

/** The bundled, overlaid spec of a provider, as the pipeline wrote it. */
export function generatedSpec(provider: string): Record<string, any> {
  return parse(readFileSync(path.join(toolRoot, 'generated', provider, 'openapi.yaml'), 'utf8')) as Record<string, any>;
}

export interface ExampleSite {
  /** Where the example stands, as a JSON pointer into the spec. */
  pointer: string;
  /** JSON pointer of the schema the example must satisfy. */
  schemaPointer: string;
  value: unknown;
  /** Request examples must not hold readOnly properties; response examples no writeOnly ones. */
  direction: 'request' | 'response' | 'schema';
}

const escape = (segment: string | number) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
// URI-encoded too: Ajv reads the pointer as a URI fragment, where `{` and `}` are not allowed.
const pointerOf = (segments: (string | number)[]) => `#/${segments.map((s) => encodeURIComponent(escape(s))).join('/')}`;

/**
 * Every example of a spec with the schema it illustrates: media type examples (requests and
 * responses), parameter examples, and `examples` inside component schemas.
 */
export function collectExamples(doc: Record<string, any>): ExampleSite[] {
  const sites: ExampleSite[] = [];
  const fromMedia = (media: any, at: (string | number)[], direction: ExampleSite['direction']) => {
    if (!media?.schema) return;
    const schemaPointer = pointerOf([...at, 'schema']);
    if ('example' in media) sites.push({ pointer: pointerOf([...at, 'example']), schemaPointer, value: media.example, direction });
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      const resolved = resolveRef(doc, example);
      if (resolved && 'value' in resolved) sites.push({ pointer: pointerOf([...at, 'examples', name]), schemaPointer, value: resolved.value, direction });
    }
  };
  const fromParameter = (parameter: any, at: (string | number)[]) => {
    const resolved = resolveRef(doc, parameter);
    if (parameter?.$ref) at = refSegments(parameter.$ref);
    if (resolved?.schema && 'example' in resolved) {
      sites.push({ pointer: pointerOf([...at, 'example']), schemaPointer: `${pointerOf(at)}/schema`, value: resolved.example, direction: 'request' });
    }
  };
  for (const [route, item] of Object.entries((doc.paths ?? {}) as Record<string, any>)) {
    (item.parameters ?? []).forEach((p: any, i: number) => fromParameter(p, ['paths', route, 'parameters', i]));
    for (const [method, operation] of Object.entries(item as Record<string, any>)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      (operation.parameters ?? []).forEach((p: any, i: number) => fromParameter(p, ['paths', route, method, 'parameters', i]));
      const body = resolveRef(doc, operation.requestBody);
      for (const [type, media] of Object.entries(body?.content ?? {})) {
        const base = operation.requestBody?.$ref ? refSegments(operation.requestBody.$ref) : ['paths', route, method, 'requestBody'];
        fromMedia(media, [...base, 'content', type], 'request');
      }
      for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
        const resolved = resolveRef(doc, response);
        const base = response.$ref ? refSegments(response.$ref) : ['paths', route, method, 'responses', status];
        for (const [type, media] of Object.entries(resolved?.content ?? {})) fromMedia(media, [...base, 'content', type], 'response');
      }
    }
  }
  for (const [name, schema] of Object.entries((doc.components?.schemas ?? {}) as Record<string, any>)) {
    (schema.examples ?? []).forEach((value: unknown, i: number) =>
      sites.push({ pointer: pointerOf(['components', 'schemas', name, 'examples', i]), schemaPointer: pointerOf(['components', 'schemas', name]), value, direction: 'schema' }),
    );
  }
  // Shared components (a 401 response used by every operation) are listed once.
  return [...new Map(sites.map((site) => [site.pointer, site])).values()];
}

/** An Ajv for one spec: 2020-12 dialect, formats checked, the spec loaded so that $refs resolve. */
export function validatorFor(doc: Record<string, any>): (schemaPointer: string, value: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // OpenAPI's own numeric formats only document the size; JSON Schema has no validator for them.
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addSchema(doc, 'spec');
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  return (schemaPointer, value) => {
    let validate = compiled.get(schemaPointer);
    if (!validate) compiled.set(schemaPointer, (validate = ajv.compile({ $ref: `spec${schemaPointer}` })));
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}

/** A JSON pointer (URI-encoded, as Ajv reads it) to a place in a spec. */
export function pointerTo(segments: (string | number)[]): string {
  return pointerOf(segments);
}
