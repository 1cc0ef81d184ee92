/**
 * Query and path parameters serialized as the spec declares them: OpenAPI 3.1 `style`, `explode`
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
import { ConfigurationError } from '../errors.js';

export type QueryStyle = 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
export type PathStyle = 'simple' | 'label' | 'matrix';

/** How one parameter is serialized: its style, whether it is exploded, and (query) `allowReserved`. */
export interface ParameterStyle<Style extends QueryStyle | PathStyle = QueryStyle | PathStyle> {
  style: Style;
  explode: boolean;
  allowReserved?: true;
}

/**
 * The parameters of one operation that are not serialized the default way, by location and name.
 * A path parameter listed here may also take an array or an object (of strings and numbers); an
 * unlisted one takes a string or a number only.
 */
export interface OperationParameters {
  query?: Readonly<Record<string, ParameterStyle<QueryStyle>>>;
  path?: Readonly<Record<string, ParameterStyle<PathStyle>>>;
}

/** What OpenAPI says when a parameter declares no `style`/`explode`. */
export const DEFAULT_QUERY_STYLE: ParameterStyle<QueryStyle> = { style: 'form', explode: true };
export const DEFAULT_PATH_STYLE: ParameterStyle<PathStyle> = { style: 'simple', explode: false };

const TEMPLATE_PARAM = /\{([^{}]+)\}/g;

/** The style listed for a parameter, own properties only (a parameter named `constructor` inherits nothing). */
export function listedStyle<Style>(styles: Readonly<Record<string, Style>> | undefined, name: string): Style | undefined {
  return styles && Object.prototype.hasOwnProperty.call(styles, name) ? styles[name] : undefined;
}

/** Percent-encodes all but RFC 3986's unreserved characters; `keep` matches more characters to leave alone. */
function percentEncode(text: string, keep?: RegExp): string {
  // By code point, so a surrogate pair is one character; a lone surrogate makes encodeURIComponent throw a URIError.
  return text.replace(/[^A-Za-z0-9\-._~]/gu, (char) => {
    if (keep?.test(char)) return char;
    // encodeURIComponent leaves ! ' ( ) * alone, which RFC 3986 counts as reserved.
    return /^[!'()*]$/.test(char) ? `%${char.charCodeAt(0).toString(16).toUpperCase()}` : encodeURIComponent(char);
  });
}

/** RFC 3986 reserved characters a query can carry as they are (`# [ ] & = +` excluded, see above). */
const RESERVED_KEPT = /^[:/?@!$'()*,;]$/;
const encodeValue = (text: string) => percentEncode(text);
/** Reserved expansion: reserved characters and percent-encoded triples kept, all else encoded. */
const encodeReserved = (text: string) =>
  text
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((part, index) => (index % 2 === 1 ? part : percentEncode(part, RESERVED_KEPT)))
    .join('');
/** A declared parameter name: encoded, with any brackets kept (`created[gt]`, `expand[]`). */
const encodeName = (name: string) => percentEncode(name, /^[[\]]$/);

type Scalar = string;

/** A value as the string it is sent as, or undefined when it is not a scalar (shared with form encoding). */
export function scalarText(value: unknown, fail: (problem: string) => never): Scalar | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : fail(`must be a finite number, got ${value}`);
    default:
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail('is an invalid Date') : value.toISOString();
      return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const present = (value: unknown) => value !== undefined && value !== null;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A parameter's value split into what its style needs: one scalar, a list, or key/value pairs. */
type Shape = { kind: 'scalar'; value: Scalar } | { kind: 'array'; items: Scalar[] } | { kind: 'object'; entries: [string, Scalar][] };

/** The flat shape of a value whose style cannot nest (every style but deepObject). */
function flatShape(value: unknown, style: string, fail: (problem: string) => never): Shape | undefined {
  const scalar = scalarText(value, fail);
  if (scalar !== undefined) return { kind: 'scalar', value: scalar };
  const item = (inner: unknown): Scalar => {
    const text = scalarText(inner, fail);
    if (text === undefined) fail(`cannot hold ${describe(inner)} inside ${Array.isArray(value) ? 'an array' : 'an object'} in style ${style} (only deepObject nests)`);
    return text;
  };
  if (Array.isArray(value)) {
    const items = value.filter(present).map(item);
    return items.length ? { kind: 'array', items } : undefined;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value)
      .filter(([, inner]) => present(inner))
      .map(([key, inner]): [string, Scalar] => [key, item(inner)]);
    return entries.length ? { kind: 'object', entries } : undefined;
  }
  return fail(`must be a string, number, boolean, array or plain object, got ${describe(value)}`);
}

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
  const fail = (problem: string): never => {
    throw new ConfigurationError(`params.query.${name}`, `${where}: the query parameter \`${name}\` ${problem}.`);
  };
  const encode = allowReserved ? encodeReserved : encodeValue;
  try {
    const key = encodeName(name);
    if (style === 'deepObject' && scalarText(value, fail) === undefined) return deepPairs(key, value, encode, fail).join('&');
    const shape = flatShape(value, style, fail);
    if (!shape) return '';
    if (shape.kind === 'scalar') return `${key}=${encode(shape.value)}`;
    const list = shape.kind === 'array' ? shape.items.map(encode) : shape.entries.flatMap(([k, v]) => [encode(k), encode(v)]);
    if (explode) {
      // form (and, were they declared, the delimited styles) exploded: one pair per item or property.
      return shape.kind === 'array' ? list.map((item) => `${key}=${item}`).join('&') : shape.entries.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    }
    const delimiter = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
    return `${key}=${list.join(delimiter)}`;
  } catch (error) {
    if (error instanceof URIError) fail('is not well-formed Unicode (it holds a lone surrogate)');
    throw error;
  }
}

/** The whole query string (without `?`) of a call, each parameter in its style; unlisted ones as `form` exploded. */
export function serializeQuery(query: unknown, styles: OperationParameters['query'], where?: string): string {
  if (!query || typeof query !== 'object') return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    const part = serializeQueryParam(name, value, listedStyle(styles, name) ?? DEFAULT_QUERY_STYLE, where);
    if (part) parts.push(part);
  }
  return parts.join('&');
}

/** The expansion of one path parameter in its style (it has been checked by `checkPathParams`). */
export function serializePathParam(name: string, value: unknown, { style, explode }: ParameterStyle<PathStyle>, where = 'path'): string {
  const fail = (problem: string): never => {
    throw new ConfigurationError(`params.path.${name}`, `${where}: the path parameter \`${name}\` ${problem}.`);
  };
  try {
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
  } catch (error) {
    if (error instanceof URIError) fail('is not well-formed Unicode (it holds a lone surrogate)');
    throw error;
  }
}

/**
 * Fills each `{name}` of a URL (openapi-fetch gives the base URL and the path template together)
 * with its parameter in its style. A segment that a parameter fills must not come out empty, `.`
 * or `..` (a label-style `.` would make `..`), which URL parsing would remove or resolve.
 */
export function serializePath(url: string, params: Record<string, unknown>, styles?: OperationParameters['path'], where = 'path'): string {
  if (!url.includes('{')) return url;
  return url
    .split('/')
    .map((segment) => {
      let filled: string | undefined;
      const result = segment.replace(TEMPLATE_PARAM, (match, name: string) => {
        const value = params?.[name];
        if (value === undefined || value === null) return match;
        filled ??= name;
        return serializePathParam(name, value, listedStyle(styles, name) ?? DEFAULT_PATH_STYLE, where);
      });
      if (filled !== undefined && (result === '' || result === '.' || result === '..')) {
        throw new ConfigurationError(`params.path.${filled}`, `${where}: the path parameter \`${filled}\` would make its path segment empty, \`.\` or \`..\`.`);
      }
      return result;
    })
    .join('/');
}

/** openapi-fetch's `querySerializer` and `pathSerializer` for one operation. */
export function parameterSerializers(
  styles: OperationParameters | undefined,
  where: string,
): { querySerializer: (query: Record<string, unknown>) => string; pathSerializer: (url: string, params: Record<string, unknown>) => string } {
  return {
    querySerializer: (query) => serializeQuery(query, styles?.query, where),
    pathSerializer: (url, params) => serializePath(url, params, styles?.path, where),
  };
}
