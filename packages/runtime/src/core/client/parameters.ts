/**
 * Query and path parameters serialized the default way (OpenAPI: query `form` exploded, path
 * `simple`), which is all most specs use. The other styles (`spaceDelimited`, `pipeDelimited`,
 * `deepObject`, `label`, `matrix`, unexploded, `allowReserved`) live in `@payspec/runtime/parameters`,
 * which a generated package imports only when its spec declares one (`ParameterStylesModule`).
 *
 * Every name, key and value is percent-encoded as RFC 3986 asks (all but `A-Z a-z 0-9 - . _ ~`),
 * so a delimiter inside a value (`,`, `&`, `=`) cannot be taken for one; brackets in a declared
 * name stay literal (`created[gt]`). `undefined` and `null` (parameters, array items, object
 * properties) are left out, as are empty arrays and objects.
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

/** openapi-fetch's `querySerializer` and `pathSerializer` for one operation. */
export interface ParameterSerializers {
  querySerializer: (query: Record<string, unknown>) => string;
  pathSerializer: (url: string, params: Record<string, unknown>) => string;
}

/** `@payspec/runtime/parameters`, as a generated package whose spec declares other styles passes it: the serializers of one operation. */
export type ParameterStylesModule = (styles: OperationParameters | undefined, where: string) => ParameterSerializers;

/** What OpenAPI says when a parameter declares no `style`/`explode`. */
export const DEFAULT_QUERY_STYLE: ParameterStyle<QueryStyle> = { style: 'form', explode: true };
export const DEFAULT_PATH_STYLE: ParameterStyle<PathStyle> = { style: 'simple', explode: false };

/** The style listed for a parameter, own properties only (a parameter named `constructor` inherits nothing). */
export function listedStyle<Style>(styles: Readonly<Record<string, Style>> | undefined, name: string): Style | undefined {
  return styles && Object.hasOwn(styles, name) ? styles[name] : undefined;
}

const NEEDS_ENCODING = /[^A-Za-z0-9\-._~]/;

/** Percent-encodes all but RFC 3986's unreserved characters; `keep` matches more characters to leave alone. */
export function percentEncode(text: string, keep?: RegExp): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  // By code point, so a surrogate pair is one character; a lone surrogate makes encodeURIComponent throw a URIError.
  return text.replace(/[^A-Za-z0-9\-._~]/gu, (char) =>
    keep?.test(char) ? char : /^[!'()*]$/.test(char) ? `%${char.charCodeAt(0).toString(16).toUpperCase()}` : encodeURIComponent(char),
  );
}

export const encodeValue = (text: string) => percentEncode(text);
/** A declared parameter name: encoded, with any brackets kept (`created[gt]`, `expand[]`). */
export const encodeName = (name: string) => percentEncode(name, /^[[\]]$/);

/** A value as the string it is sent as, or undefined when it is not a scalar (shared with form encoding). */
export function scalarText(value: unknown, fail: (problem: string) => never): string | undefined {
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

export const present = (value: unknown) => value !== undefined && value !== null;

export function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A parameter's value split into what its style needs: one scalar, a list, or key/value pairs. */
export type Shape = { kind: 'scalar'; value: string } | { kind: 'array'; items: string[] } | { kind: 'object'; entries: [string, string][] };

/** The flat shape of a value whose style cannot nest (every style but deepObject); undefined when it sends nothing. */
export function flatShape(value: unknown, style: string, fail: (problem: string) => never): Shape | undefined {
  const scalar = scalarText(value, fail);
  if (scalar !== undefined) return { kind: 'scalar', value: scalar };
  const item = (inner: unknown): string =>
    scalarText(inner, fail) ?? fail(`cannot hold ${describe(inner)} inside ${Array.isArray(value) ? 'an array' : 'an object'} in style ${style} (only deepObject nests)`);
  if (Array.isArray(value)) {
    const items = value.filter(present).map(item);
    return items.length ? { kind: 'array', items } : undefined;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value)
      .filter(([, inner]) => present(inner))
      .map(([key, inner]): [string, string] => [key, item(inner)]);
    return entries.length ? { kind: 'object', entries } : undefined;
  }
  return fail(`must be a string, number, boolean, array or plain object, got ${describe(value)}`);
}

/** A ConfigurationError naming the parameter (never its value); a lone surrogate's URIError becomes one too. */
export function parameterFailure(location: 'query' | 'path', name: string, where: string) {
  const fail = (problem: string): never => {
    throw new ConfigurationError(`params.${location}.${name}`, `${where}: the ${location} parameter \`${name}\` ${problem}.`);
  };
  const guard = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof URIError) fail('is not well-formed Unicode (it holds a lone surrogate)');
      throw error;
    }
  };
  return { fail, guard };
}

/** The whole query string (without `?`): each parameter's pairs from `param`, empty ones left out. */
export function joinQuery(query: unknown, param: (name: string, value: unknown) => string): string {
  if (!query || typeof query !== 'object') return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    const part = present(value) ? param(name, value) : '';
    if (part) parts.push(part);
  }
  return parts.join('&');
}

/** One query parameter, `form` exploded: `a=1`, `a=1&a=2`, or an object's `k=v&k2=v2`. */
export function formExploded(name: string, value: unknown, where: string, encode = encodeValue): string {
  const { fail, guard } = parameterFailure('query', name, where);
  return guard(() => {
    const shape = flatShape(value, 'form', fail);
    if (!shape) return '';
    const key = encodeName(name);
    if (shape.kind === 'scalar') return `${key}=${encode(shape.value)}`;
    return shape.kind === 'array' ? shape.items.map((item) => `${key}=${encode(item)}`).join('&') : shape.entries.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  });
}

/** A URL template split once: its segments, each literal text or its parts (text, and `{name}`s as names). */
type Template = (string | { parts: (string | { name: string; raw: string })[] })[];
const templates = new Map<string, Template>();

function templateOf(url: string): Template {
  let template = templates.get(url);
  if (!template) {
    template = url.split('/').map((segment) => {
      if (!segment.includes('{')) return segment;
      return { parts: segment.split(/(\{[^{}]+\})/).map((part, index) => (index % 2 === 1 ? { name: part.slice(1, -1), raw: part } : part)) };
    });
    // Templates are the spec's paths under a few base URLs; a caller's odd URLs must not grow the cache without bound.
    if (templates.size >= 500) templates.clear();
    templates.set(url, template);
  }
  return template;
}

/**
 * Fills each `{name}` of a URL (openapi-fetch gives the base URL and the path template together)
 * with `param`'s expansion. A segment that a parameter fills must not come out empty, `.` or `..`
 * (a label-style `.` would make `..`), which URL parsing would remove or resolve.
 */
export function fillPath(url: string, params: Record<string, unknown>, param: (name: string, value: unknown) => string, where: string): string {
  if (!url.includes('{')) return url;
  let out = '';
  for (const [index, segment] of templateOf(url).entries()) {
    if (index > 0) out += '/';
    if (typeof segment === 'string') {
      out += segment;
      continue;
    }
    let text = '';
    let filled: string | undefined;
    for (const part of segment.parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const value = params?.[part.name];
      if (!present(value)) text += part.raw;
      else {
        filled ??= part.name;
        text += param(part.name, value);
      }
    }
    if (filled !== undefined && (text === '' || text === '.' || text === '..')) {
      throw new ConfigurationError(`params.path.${filled}`, `${where}: the path parameter \`${filled}\` would make its path segment empty, \`.\` or \`..\`.`);
    }
    out += text;
  }
  return out;
}

/** A `simple` path parameter holding one scalar (`checkPathParams` allows nothing else unlisted). */
function simpleScalar(name: string, value: unknown, where: string): string {
  const { fail, guard } = parameterFailure('path', name, where);
  return guard(() => encodeValue(scalarText(value, fail) ?? fail(`must be a string or a number, got ${describe(value)}`)));
}

/** The serializers of an operation whose parameters all take the default styles. */
export function defaultSerializers(where: string): ParameterSerializers {
  return {
    querySerializer: (query) => joinQuery(query, (name, value) => formExploded(name, value, where)),
    pathSerializer: (url, params) => fillPath(url, params, (name, value) => simpleScalar(name, value, where), where),
  };
}
