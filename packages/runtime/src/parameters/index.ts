/**
 * `@payspec/runtime/parameters`: query and path parameters serialized as the spec declares them, for
 * the generated packages whose spec declares a style other than the default (the core serializes
 * query `form` exploded and path `simple` itself, `core/client/parameters.ts`): OpenAPI 3.1 `style`, `explode`
 * and `allowReserved`, following the "Style Examples" table of the specification (3.1.1). The
 * generator records in the definition each parameter that is not serialized the default way
 * (query: `form` exploded; path: `simple`), by operation; everything else gets the default.
 *
 * For `color` = "blue", ["blue", "black", "brown"] or { R: 100, G: 200 }:
 *
 *   query  form            explode  color=blue  color=blue&color=black&color=brown   R=100&G=200
 *          form                     color=blue  color=blue,black,brown               color=R,100,G,200
 *          spaceDelimited                       color=blue%20black%20brown           color=R%20100%20G%20200
 *          pipeDelimited                        color=blue%7Cblack%7Cbrown           color=R%7C100%7CG%7C200
 *          deepObject      explode              color[]=blue&color[]=black (1)       color[R]=100&color[G]=200 (2)
 *   path   simple                   blue        blue,black,brown                     R,100,G,200
 *          simple          explode  blue        blue,black,brown                     R=100,G=200
 *          label                    .blue       .blue,black,brown                    .R,100,G,200
 *          label           explode  .blue       .blue.black.brown                    .R=100.G=200
 *          matrix                   ;color=blue ;color=blue,black,brown              ;color=R,100,G,200
 *          matrix          explode  ;color=blue ;color=blue;color=black;color=brown  ;R=100;G=200
 *
 * (1) The table leaves deepObject arrays undefined; we send the bracket form the APIs that use
 * them expect (Stripe's `expand[]=...`), with nesting as in form bodies (`form.ts`): `a[b][c]=1`,
 * `a[b][]=1`, and indices for arrays holding objects (`a[0][b]=1`).
 * (2) The table percent-encodes deepObject's brackets (`color%5BR%5D`); we keep them literal, as
 * Ping++ (`created[gt]=...`), Stripe and openapi-fetch do and as URLs allow (WHATWG); brackets
 * inside a key or a value are percent-encoded. Brackets in a parameter's declared name stay
 * literal too.
 *
 * Every name, key and value is percent-encoded as RFC 3986 asks (all but `A-Z a-z 0-9 - . _ ~`),
 * so a delimiter inside a value (`,`, `|`, `&`, `=`) cannot be taken for one. With
 * `allowReserved: true` (query only), RFC 3986's reserved characters pass through, and so do
 * percent-encoded triples, except those a query cannot carry or a form parser splits on
 * (`# [ ] & = +`), as the OpenAPI 3.1.1 text on `allowReserved` asks. `undefined` and `null`
 * (parameters, array items, object properties) are left out, as are empty arrays and objects.
 */
import {
  DEFAULT_PATH_STYLE,
  DEFAULT_QUERY_STYLE,
  encodeName,
  encodeValue,
  fillPath,
  flatShape,
  formExploded,
  isPlainObject,
  joinQuery,
  listedStyle,
  parameterFailure,
  percentEncode,
  present,
  scalarText,
  describe,
  type OperationParameters,
  type ParameterStyle,
  type ParameterStylesModule,
  type PathStyle,
  type QueryStyle,
} from '../core/client/parameters.js';

export type { OperationParameters, ParameterStyle, PathStyle, QueryStyle } from '../core/client/parameters.js';

/** RFC 3986 reserved characters a query can carry as they are (`# [ ] & = +` excluded, see above). */
const RESERVED_KEPT = /^[:/?@!$'()*,;]$/;
/** Reserved expansion: reserved characters and percent-encoded triples kept, all else encoded. */
const encodeReserved = (text: string) =>
  text
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((part, index) => (index % 2 === 1 ? part : percentEncode(part, RESERVED_KEPT)))
    .join('');

/** deepObject pairs: `name[key]`, `name[key][inner]`, `name[]` for arrays of scalars, `name[0][key]` for arrays holding objects. */
function deepPairs(name: string, value: unknown, encode: (text: string) => string, fail: (problem: string) => never): string[] {
  const pairs: string[] = [];
  const ancestors = new Set<object>();
  const visit = (key: string, inner: unknown): void => {
    if (!present(inner)) return;
    const scalar = scalarText(inner, fail);
    if (scalar !== undefined) return void pairs.push(`${key}=${encode(scalar)}`);
    if (!Array.isArray(inner) && !isPlainObject(inner)) fail(`cannot hold ${describe(inner)}`);
    if (ancestors.has(inner)) fail('refers back to itself');
    ancestors.add(inner);
    if (Array.isArray(inner)) {
      const items = inner.filter(present);
      const nested = items.some((item) => Array.isArray(item) || isPlainObject(item));
      items.forEach((item, index) => visit(`${key}[${nested ? index : ''}]`, item));
    } else {
      for (const [property, item] of Object.entries(inner)) visit(`${key}[${encode(property)}]`, item);
    }
    ancestors.delete(inner);
  };
  visit(name, value);
  return pairs;
}

/**
 * The `name=value` pairs of one query parameter, joined with `&`, or '' when it sends nothing.
 * Throws a `ConfigurationError` naming the parameter (never its value) for a value its style cannot carry.
 */
export function serializeQueryParam(name: string, value: unknown, { style, explode, allowReserved }: ParameterStyle<QueryStyle>, where = 'query'): string {
  if (!present(value)) return '';
  const encode = allowReserved ? encodeReserved : encodeValue;
  // form (and, were they declared, the delimited styles) exploded: one pair per item or property.
  if (explode && style !== 'deepObject') return formExploded(name, value, where, encode);
  const { fail, guard } = parameterFailure('query', name, where);
  return guard(() => {
    const key = encodeName(name);
    if (style === 'deepObject' && scalarText(value, fail) === undefined) return deepPairs(key, value, encode, fail).join('&');
    const shape = flatShape(value, style, fail);
    if (!shape) return '';
    if (shape.kind === 'scalar') return `${key}=${encode(shape.value)}`;
    const list = shape.kind === 'array' ? shape.items.map(encode) : shape.entries.flatMap(([k, v]) => [encode(k), encode(v)]);
    const delimiter = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
    return `${key}=${list.join(delimiter)}`;
  });
}

/** The whole query string (without `?`) of a call, each parameter in its style; unlisted ones as `form` exploded. */
export function serializeQuery(query: unknown, styles: OperationParameters['query'], where = 'query'): string {
  return joinQuery(query, (name, value) => serializeQueryParam(name, value, listedStyle(styles, name) ?? DEFAULT_QUERY_STYLE, where));
}

/** The expansion of one path parameter in its style (it has been checked by `checkPathParams`). */
export function serializePathParam(name: string, value: unknown, { style, explode }: ParameterStyle<PathStyle>, where = 'path'): string {
  const { fail, guard } = parameterFailure('path', name, where);
  return guard(() => {
    const shape = flatShape(value, style, fail);
    const prefix = style === 'label' ? '.' : style === 'matrix' ? `;${encodeValue(name)}` : '';
    if (!shape) return style === 'label' ? '.' : prefix;
    if (shape.kind === 'scalar') {
      const text = encodeValue(shape.value);
      // RFC 6570: a named (matrix) empty value has no `=`.
      return style === 'matrix' ? (text ? `${prefix}=${text}` : prefix) : `${prefix}${text}`;
    }
    if (shape.kind === 'array') {
      const items = shape.items.map(encodeValue);
      if (!explode || style === 'simple') return style === 'matrix' ? `${prefix}=${items.join(',')}` : `${prefix}${items.join(',')}`;
      return style === 'label' ? `.${items.join('.')}` : items.map((item) => `${prefix}=${item}`).join('');
    }
    const entries = shape.entries.map(([k, v]) => [encodeValue(k), encodeValue(v)] as const);
    if (!explode) {
      const flat = entries.flatMap(([k, v]) => [k, v]).join(',');
      return style === 'matrix' ? `${prefix}=${flat}` : `${prefix}${flat}`;
    }
    const pairs = entries.map(([k, v]) => `${k}=${v}`);
    return style === 'label' ? `.${pairs.join('.')}` : style === 'matrix' ? pairs.map((pair) => `;${pair}`).join('') : pairs.join(',');
  });
}

/** Fills each `{name}` of a URL with its parameter in its style (see `fillPath` for the segment rule). */
export function serializePath(url: string, params: Record<string, unknown>, styles?: OperationParameters['path'], where = 'path'): string {
  return fillPath(url, params, (name, value) => serializePathParam(name, value, listedStyle(styles, name) ?? DEFAULT_PATH_STYLE, where), where);
}

/** What a generated package passes to its client as `definition.parameterStyles`: openapi-fetch's serializers of one operation. */
export const parameterStyles: ParameterStylesModule = (styles, where) => ({
  querySerializer: (query) => serializeQuery(query, styles?.query, where),
  pathSerializer: (url, params) => serializePath(url, params, styles?.path, where),
});
