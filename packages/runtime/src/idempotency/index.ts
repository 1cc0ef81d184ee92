/**
 * Idempotency keys, as a provider's overlay declares them (`x-payspec.idempotency`): one key per
 * call, generated unless the caller gives one, sent in a header or a body field, and the same on
 * every retry of that call, which the provider then answers once. A call that carries a key is
 * retried like a safe method.
 */
import { ConfigurationError } from '../core/errors.js';
import { headerValueProblem } from '../core/secrets.js';

export interface IdempotencyRule {
  /** The header that carries the key (`Idempotency-Key`), or: */
  header?: string;
  /** the top-level field of the request body that carries it (`idempotency_key`). */
  bodyField?: string;
  /** The methods that get a key, upper case (`POST`). */
  methods: readonly string[];
}

/** A random UUID v4 from Web Crypto's `getRandomValues` (unlike `randomUUID`, available outside secure contexts). */
export function uuidV4(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface KeyedCall {
  headers?: unknown;
  params?: { header?: Record<string, unknown> };
  body?: unknown;
}

/**
 * The call with its idempotency key in place (the caller's `idempotencyKey`, a key the caller put in
 * the header or body, else a new UUID v4), whether it carries one, and the key. Nothing is changed for a
 * method the rule does not cover, or a body the key cannot be added to (not an object).
 */
export function withIdempotencyKey<Call extends KeyedCall>(rule: IdempotencyRule, method: string, call: Call, given: unknown, where: string): { call: Call; keyed: boolean; key?: string } {
  if (given !== undefined) {
    const problem = typeof given === 'string' && given !== '' ? headerValueProblem(given) : 'must be a non-empty string';
    if (problem) throw new ConfigurationError('idempotencyKey', `${where}: \`idempotencyKey\` ${problem}.`);
  }
  if (!rule.methods.includes(method) && given === undefined) return { call, keyed: false };
  if (rule.header) {
    const name = rule.header.toLowerCase();
    const found = (headers: unknown) =>
      headers instanceof Headers
        ? (headers.get(name) ?? undefined)
        : headers && typeof headers === 'object'
          ? Object.entries(headers).find(([key, value]) => key.toLowerCase() === name && value != null)?.[1]
          : undefined;
    const present = found(call.headers) ?? found(call.params?.header);
    if (given === undefined && present !== undefined) return { call, keyed: true, key: String(present) };
    const key = (given as string | undefined) ?? uuidV4();
    const headers = call.headers instanceof Headers ? new Headers(call.headers) : { ...(call.headers as Record<string, unknown> | undefined) };
    if (headers instanceof Headers) headers.set(name, key);
    else headers[rule.header] = key;
    return { call: { ...call, headers }, keyed: true, key };
  }
  const field = rule.bodyField!;
  const body = call.body;
  if (body instanceof URLSearchParams) {
    if (given === undefined && body.has(field)) return { call, keyed: true, key: body.get(field)! };
    const copy = new URLSearchParams(body);
    const key = (given as string | undefined) ?? uuidV4();
    copy.set(field, key);
    return { call: { ...call, body: copy }, keyed: true, key };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof Blob || body instanceof FormData || body instanceof ArrayBuffer) return { call, keyed: false };
  const record = body as Record<string, unknown>;
  if (given === undefined && record[field] != null) return { call, keyed: true, key: String(record[field]) };
  const key = (given as string | undefined) ?? uuidV4();
  return { call: { ...call, body: { ...record, [field]: key } }, keyed: true, key };
}
