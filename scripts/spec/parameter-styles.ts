/**
 * Reads how each query and path parameter of an operation is serialized (`style`, `explode`,
 * `allowReserved`) and checks that the declaration can work, so that a mistake fails the build at
 * its line instead of sending what the server cannot read. What the runtime needs goes into the
 * definition: the parameters that are not serialized the default way (`parameters.ts`).
 *
 * Refused, each with the reason:
 * - a style not defined for the location (`deepObject` on a path, `matrix` in a query);
 * - the combinations the spec's Style Examples table marks n/a: spaceDelimited or pipeDelimited
 *   with `explode: true`, deepObject with `explode: false`, and any of these three on a primitive
 *   (a deepObject array is accepted: `name[]=...`, as Stripe's `expand[]`);
 * - arrays or objects nested inside a parameter of any style but deepObject;
 * - `allowReserved` outside a query;
 * - `content` instead of `schema` on a query or path parameter: the client serializes parameters by
 *   style only, and has no media-type serialization for them.
 * A deepObject parameter that leaves `explode` out is taken as exploded, the only serialization the
 * table defines for it (the spec's default, `false`, is undefined for deepObject).
 */
import { DEFAULT_PATH_STYLE, DEFAULT_QUERY_STYLE, type OperationParameters, type ParameterStyle, type PathStyle, type QueryStyle } from '../../packages/runtime/src/core/client/parameters.js';
import { refSegments, resolveRef } from '../shared/json-ref.js';
import { SpecError, type DocPath } from './origin.js';

type Doc = Record<string, any>;

const STYLES: { query: readonly QueryStyle[]; path: readonly PathStyle[] } = {
  query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'],
  path: ['simple', 'label', 'matrix'],
};
const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

/** A parameter as declared, with where it was written (the `$ref` target when it is shared). */
interface Located {
  parameter: Doc;
  at: DocPath;
}

/** Follows a local `$ref` chain, keeping the path of the object reached. */
function follow(doc: Doc, node: unknown, at: DocPath): Located {
  let current = node as Doc;
  let path = at;
  for (let hops = 0; typeof current?.$ref === 'string' && current.$ref.startsWith('#/') && hops < 64; hops++) {
    path = refSegments(current.$ref);
    current = path.reduce((value: any, key) => value?.[key], doc);
  }
  return { parameter: current, at: path };
}

/** The operation's parameters with their locations; an operation's own replace its path item's of the same name and location. */
function locatedParameters(doc: Doc, path: string, item: Doc, method: string, operation: Doc): Located[] {
  const byKey = new Map<string, Located>();
  const add = (list: unknown, at: DocPath) => {
    if (!Array.isArray(list)) return;
    list.forEach((node, index) => {
      const located = follow(doc, node, [...at, 'parameters', index]);
      if (located.parameter && typeof located.parameter === 'object') byKey.set(`${located.parameter.in} ${located.parameter.name}`, located);
    });
  };
  add(item.parameters, ['paths', path]);
  add(operation.parameters, ['paths', path, method]);
  return [...byKey.values()];
}

type Kind = 'primitive' | 'array' | 'object';

/** What a schema holds: a primitive, an array or an object, or undefined when it does not say (or says several). */
function kindOf(doc: Doc, node: unknown, seen = new Set<unknown>()): Kind | undefined {
  const schema = resolveRef(doc, node) as Doc | undefined;
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return undefined;
  seen.add(schema);
  const types = ([] as unknown[]).concat(schema.type ?? []).filter((type) => type !== 'null');
  if (types.length > 0) {
    const kinds = new Set(types.map((type) => (PRIMITIVES.has(type as string) ? 'primitive' : (type as Kind))));
    return kinds.size === 1 ? ([...kinds][0] as Kind) : undefined;
  }
  if (schema.properties || schema.additionalProperties || schema.patternProperties) return 'object';
  if (schema.items || schema.prefixItems) return 'array';
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values?.length && values.every((value: unknown) => value === null || typeof value !== 'object')) return 'primitive';
  for (const member of schema.allOf ?? []) {
    const kind = kindOf(doc, member, seen);
    if (kind) return kind;
  }
  const alternatives = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map((member) => kindOf(doc, member, seen));
  return alternatives.length > 0 && alternatives.every((kind) => kind && kind === alternatives[0]) ? alternatives[0] : undefined;
}

/** The schemas an array's items or an object's values may take (as declared). */
function innerSchemas(doc: Doc, node: unknown, kind: Kind): unknown[] {
  const schema = resolveRef(doc, node) as Doc | undefined;
  if (!schema || typeof schema !== 'object') return [];
  const members = (schema.allOf ?? []).flatMap((member: unknown) => innerSchemas(doc, member, kind));
  if (kind === 'array') return [...members, ...(schema.items && typeof schema.items === 'object' ? [schema.items] : []), ...(schema.prefixItems ?? [])];
  const extra = schema.additionalProperties && typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [];
  return [...members, ...Object.values(schema.properties ?? {}), ...Object.values(schema.patternProperties ?? {}), ...extra];
}

/**
 * The style of each query and path parameter of one operation that the runtime does not
 * serialize by default, or undefined when there is none. Throws a `SpecError` at the declaration
 * that cannot work.
 */
export function readParameterStyles(doc: Doc, path: string, item: Doc, method: string, operation: Doc): OperationParameters | undefined {
  const where = `${method.toUpperCase()} ${path}`;
  const query: Record<string, ParameterStyle<QueryStyle>> = {};
  const pathParams: Record<string, ParameterStyle<PathStyle>> = {};
  for (const { parameter, at } of locatedParameters(doc, path, item, method, operation)) {
    const location: unknown = parameter.in;
    if (location !== 'query' && location !== 'path') continue;
    const name = String(parameter.name);
    const fail = (message: string, key?: string): never => {
      throw new SpecError(`${where}: ${location} parameter \`${name}\`: ${message}`, key && key in parameter ? [...at, key] : at);
    };
    // The definition is an object literal, where this key would set the prototype instead.
    if (name === '__proto__') fail('a parameter cannot be named `__proto__`', 'name');
    if (parameter.content !== undefined) {
      fail('`content` (a media type) is not supported for query and path parameters: the client serializes them by `style`; declare a `schema` (with `style` and `explode`) instead', 'content');
    }
    const defaults = location === 'query' ? DEFAULT_QUERY_STYLE : DEFAULT_PATH_STYLE;
    const allowed: readonly string[] = STYLES[location];
    const style = (parameter.style ?? defaults.style) as string;
    if (!allowed.includes(style)) {
      const elsewhere = location === 'query' ? 'path' : 'query';
      const hint = (STYLES[elsewhere] as readonly string[]).includes(style) ? ` (it is a ${elsewhere} style)` : '';
      fail(`style \`${style}\` is not defined for ${location} parameters${hint}; use one of ${allowed.join(', ')}`, 'style');
    }
    if (parameter.explode !== undefined && typeof parameter.explode !== 'boolean') fail('`explode` must be true or false', 'explode');
    // The spec's default: true for form, false otherwise (deepObject: see above).
    const explode: boolean = parameter.explode ?? (style === 'form' || style === 'deepObject');
    if ((style === 'spaceDelimited' || style === 'pipeDelimited') && explode) {
      fail(`style ${style} with \`explode: true\` is undefined in OpenAPI 3.1 (n/a in the Style Examples table): set \`explode: false\`, or use style form for repeated parameters`, 'explode');
    }
    if (style === 'deepObject' && !explode) fail('style deepObject with `explode: false` is undefined in OpenAPI 3.1 (n/a in the Style Examples table): set `explode: true`', 'explode');
    if (parameter.allowReserved !== undefined) {
      if (location !== 'query') fail('`allowReserved` only applies to query parameters', 'allowReserved');
      if (typeof parameter.allowReserved !== 'boolean') fail('`allowReserved` must be true or false', 'allowReserved');
    }
    const kind = kindOf(doc, parameter.schema);
    if (kind === 'primitive' && (style === 'deepObject' || style === 'spaceDelimited' || style === 'pipeDelimited')) {
      fail(`style ${style} needs an ${style === 'deepObject' ? 'object (or array)' : 'array or object'} schema, and this one is a primitive (n/a in the Style Examples table); use style form`, 'style');
    }
    if (style !== 'deepObject' && (kind === 'array' || kind === 'object')) {
      const nested = innerSchemas(doc, parameter.schema, kind).find((inner) => {
        const innerKind = kindOf(doc, inner);
        return innerKind === 'array' || innerKind === 'object';
      });
      if (nested !== undefined) {
        fail(`style ${style} cannot carry ${kind === 'array' ? 'arrays or objects inside an array' : 'arrays or objects inside an object'}; only deepObject (query) nests`, parameter.style === undefined ? 'schema' : 'style');
      }
    }
    const declared = { style, explode, ...(parameter.allowReserved === true ? { allowReserved: true as const } : {}) };
    const isDefault = style === defaults.style && explode === defaults.explode && !declared.allowReserved;
    if (location === 'query' && !isDefault) query[name] = declared as ParameterStyle<QueryStyle>;
    // A path parameter that may be an array or an object is listed even in the default style: the
    // runtime takes structured values only for listed path parameters.
    if (location === 'path' && (!isDefault || kind === 'array' || kind === 'object')) pathParams[name] = declared as ParameterStyle<PathStyle>;
  }
  const styles: OperationParameters = {
    ...(Object.keys(query).length ? { query } : {}),
    ...(Object.keys(pathParams).length ? { path: pathParams } : {}),
  };
  return Object.keys(styles).length ? styles : undefined;
}
