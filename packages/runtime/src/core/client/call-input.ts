/**
 * Checks of what a caller passes to one call, made before anything is built or sent: path
 * parameters that could change the shape of the path, and header values that could split a header
 * or that `Headers` would quote in its own error. Messages name the parameter or header, never the
 * value (it may be a token).
 */
import { ConfigurationError } from '../errors.js';
import { listedStyle } from './parameters.js';
import { headerValueProblem, isHeaderName } from '../secrets.js';

const TEMPLATE_PARAM = /\{([^{}]+)\}/g;

// The parameter names of each path template, found once.
const templateNames = new Map<string, string[]>();
function namesOf(template: string): string[] {
  let names = templateNames.get(template);
  if (!names) templateNames.set(template, (names = [...template.matchAll(TEMPLATE_PARAM)].map((match) => match[1]!)));
  return names;
}

/**
 * Throws unless every `{name}` of the path template has a value that stays in its segment: a string
 * or a number, or, for a parameter the operation lists with a style (`listed`), also a non-empty
 * array or object of them. Whether the serialized segment comes out `.` or `..` (a label-style
 * `.`) is checked where it is serialized (`parameters.ts`).
 */
export function checkPathParams(method: string, template: string, params: unknown, listed?: Readonly<Record<string, unknown>>): void {
  const names = namesOf(template);
  if (names.length === 0) return;
  const values = (params ?? {}) as Record<string, unknown>;
  if (typeof values !== 'object') throw new ConfigurationError('params.path', `${method} ${template}: \`params.path\` must be an object.`);
  for (const name of names) {
    const value = values[name];
    const structured = listedStyle(listed, name) !== undefined && value !== null && typeof value === 'object';
    const problem = structured ? structuredValueProblem(value) : pathValueProblem(value);
    if (problem) throw new ConfigurationError(`params.path.${name}`, `${method} ${template}: the path parameter \`${name}\` ${problem}.`);
  }
}

function pathValueProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'is required';
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must be a finite number';
  if (typeof value !== 'string') return `must be a string or a number, got ${Array.isArray(value) ? 'an array' : typeof value}`;
  // Dot segments are resolved away by URL parsing; slashes (even encoded) are split by many servers.
  if (value === '' || value === '.' || value === '..') return 'must not be empty, `.` or `..`';
  return characterProblem(value);
}

function characterProblem(value: string): string | undefined {
  if (/[/\\]/.test(value)) return 'must not contain `/` or `\\`';
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not contain control characters';
  return undefined;
}

/** An array of strings and numbers, or an object whose values are: each item, key and value checked like a single value. */
function structuredValueProblem(value: object): string | undefined {
  const texts: unknown[] = Array.isArray(value) ? value : Object.entries(value).flat();
  if (texts.length === 0) return `must not be an empty ${Array.isArray(value) ? 'array' : 'object'}`;
  for (const text of texts) {
    if (typeof text === 'number' && Number.isFinite(text)) continue;
    if (typeof text !== 'string') return `must hold strings or finite numbers only, got ${text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text}`;
    const problem = characterProblem(text);
    if (problem) return problem;
  }
  return undefined;
}

/** Throws unless every header name is a token and every value can be sent as given. */
export function checkHeaders(where: string, option: string, headers: unknown): void {
  if (headers === undefined || headers === null) return;
  if (typeof headers !== 'object') throw new ConfigurationError(option, `${where}: \`${option}\` must be an object of header names and values.`);
  const entries: [string, unknown][] = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (!isHeaderName(name)) throw new ConfigurationError(option, `${where}: \`${option}\` has a header name that is not a valid HTTP token.`);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw new ConfigurationError(option, `${where}: the header \`${name}\` in \`${option}\` must be a string, got ${typeof item}.`);
      }
      const problem = headerValueProblem(String(item), { outerSpace: true });
      if (problem) throw new ConfigurationError(option, `${where}: the header \`${name}\` in \`${option}\` ${problem}.`);
    }
  }
}
