/**
 * What the spec promises about each JSON response, checked on every call read as JSON: the JSON
 * type at the top and the properties it requires. A response of a declared status that breaks the
 * promise (an HTML page from a proxy, Prism's own problem report, an empty body) is a mismatch; the
 * client's `responseCheck` decides what it does (settings.ts). A status the spec does not declare
 * is left as it is, typed `unknown`.
 */
import { InvalidResponseError } from '../errors.js';
import { scrubbed } from './response-body.js';
import type { Redactor } from '../secrets.js';

/**
 * One response: `null` when it has no body; otherwise the JSON type of the body (`''` when the
 * spec does not say) followed by the properties it requires.
 */
export type ResponseShape = null | readonly [type: string, ...required: string[]];

/** An operation's responses by status, `4XX`-style range or `default`, as the spec declares them. */
export type ResponseShapes = Readonly<Record<string, ResponseShape>>;

function declared(shapes: ResponseShapes, status: number): ResponseShape | undefined {
  return shapes[String(status)] ?? shapes[`${String(status)[0]}XX`] ?? (status >= 300 ? shapes.default : undefined);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const withArticle = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** Why the body does not match its declared shape, or undefined when it does. */
function mismatch(shape: ResponseShape, body: unknown, empty: boolean): string | undefined {
  if (shape === null) return undefined;
  if (empty || typeof body === 'string') return empty ? 'the body is empty' : 'the body is not JSON';
  const [type, ...required] = shape;
  const actual = jsonType(body);
  if (type && actual !== type && !(type === 'number' && actual === 'integer')) return `the body is ${withArticle(actual)}, not ${withArticle(type)}`;
  const missing = typeof body === 'object' && body !== null ? required.filter((key) => !Object.hasOwn(body, key)) : [];
  return missing.length ? `the body lacks ${missing.map((key) => `\`${key}\``).join(', ')}` : undefined;
}

/**
 * Why a declared response's body breaks its declared shape, or undefined when it keeps it (or the
 * spec declares nothing for its status).
 */
export function responseMismatch(result: { data?: unknown; error?: unknown; response: Response }, shapes: ResponseShapes | undefined, method: string): string | undefined {
  const { response } = result;
  if (!shapes || response.status === 204 || method === 'HEAD') return undefined;
  const shape = declared(shapes, response.status);
  if (shape === undefined) return undefined;
  const body = response.ok ? result.data : result.error;
  const problem = mismatch(shape, body, body === undefined || body === '');
  return problem ? `${response.status} does not match the spec: ${problem}` : undefined;
}

/**
 * The error of a response that breaks its shape, with all of the answer: the body (scrubbed of the
 * call's credentials when it was read), the response, its request id, and the idempotency key sent.
 */
export async function invalidResponse(
  result: { data?: unknown; error?: unknown; response: Response },
  problem: string,
  where: { method: string; path: string; requestId: string | undefined; idempotencyKey: string | undefined; redactor: Redactor },
): Promise<InvalidResponseError> {
  const parsed = result.response.ok ? result.data : result.error;
  // All of the answer, without the credentials this call sent (a proxy that echoes them).
  const raw = await result.response.text();
  const response = scrubbed(result.response, new TextEncoder().encode(raw), raw, where.redactor);
  const clean = await response.text();
  let body = parsed;
  if (clean !== raw && parsed !== undefined) body = typeof parsed === 'string' ? clean : parseOr(clean);
  const accepted = response.ok && !SAFE_METHODS.has(where.method);
  return new InvalidResponseError(accepted ? `${problem}; the server accepted the request, see \`body\` (and \`idempotencyKey\` before sending it again)` : problem, {
    method: where.method,
    path: where.path,
    attempts: 1,
    status: response.status,
    bodySnippet: (typeof body === 'string' ? body : (JSON.stringify(body ?? '') ?? '')).slice(0, 200),
    body,
    response,
    requestId: where.requestId,
    idempotencyKey: where.idempotencyKey,
  });
}

/** The JSON value of a scrubbed body, or its text when scrubbing left it unparseable. */
function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Methods that change nothing on the server. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
