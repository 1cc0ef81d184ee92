/**
 * Reading a response the way every payspec call does: the body read once, inside the attempt's
 * timeout and under a size cap, checked against what the call will parse it as, and handed on as a
 * buffered `Response` (so openapi-fetch's own parsing can never meet a half-read or oversized body).
 */
import { InvalidResponseError } from './errors.js';
import type { Redactor } from './secrets.js';

/** How openapi-fetch will read the body (its `parseAs` option). */
export type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';

export interface Where {
  method: string;
  path: string;
  attempts: number;
}

const SNIPPET = 200;

/** Statuses whose responses never have a body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The response with its body read into memory, or a typed error: a body over `cap` bytes (declared
 * or counted) is abandoned at once. Error responses have known secrets scrubbed from body and headers.
 */
export async function bufferResponse(response: Response, cap: number, redactor: Redactor, where: Where): Promise<Response> {
  if (response.status < 200 || response.status > 599) {
    await response.body?.cancel().catch(() => undefined);
    throw new InvalidResponseError(`the server answered with status ${response.status}, which is not a final HTTP status`, {
      ...where, status: response.status, bodySnippet: '',
    });
  }
  let bytes = await readCapped(response, cap, where);
  const failed = !response.ok;
  if (failed && bytes) bytes = new TextEncoder().encode(redactor.text(new TextDecoder().decode(bytes)));
  const copy = new Response(NULL_BODY.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: failed ? redactor.headers(response.headers) : response.headers,
  });
  // Keep what callers read off a fetch Response: where it came from, and whether it was redirected.
  Object.defineProperty(copy, 'url', { value: response.url });
  Object.defineProperty(copy, 'redirected', { value: response.redirected });
  return copy;
}

async function readCapped(response: Response, cap: number, where: Where): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!response.body) return null;
  const tooLarge = (size: string) =>
    new InvalidResponseError(`the response body (${size}) exceeds maxResponseBytes (${cap}); it was not read further`, {
      ...where, status: response.status, bodySnippet: '',
    });
  const declared = response.headers.get('content-length');
  if (declared && /^\d+$/.test(declared) && Number(declared) > cap) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(`${declared} bytes declared`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`more than ${cap} bytes received`);
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * A success parsed as JSON must be JSON: malformed text, HTML from a proxy, or an empty body that
 * declares JSON are `InvalidResponseError`s (never openapi-fetch's raw `SyntaxError`), not retried.
 */
export async function checkSuccessBody(response: Response, parseAs: ParseAs, redactor: Redactor, where: Where): Promise<void> {
  if (!response.ok || parseAs !== 'json' || NULL_BODY.has(response.status) || where.method === 'HEAD') return;
  if (response.headers.get('content-length') === '0' && !/chunked/i.test(response.headers.get('transfer-encoding') ?? '')) return;
  const text = await response.clone().text();
  const type = response.headers.get('content-type') ?? '';
  const snippet = () => redactor.text(text.slice(0, SNIPPET));
  if (text === '') {
    if (!/[/+]json\b/i.test(type)) return;
    throw new InvalidResponseError(`${response.status} declared ${type.slice(0, 100)} but the body is empty`, { ...where, status: response.status, bodySnippet: '' });
  }
  try {
    JSON.parse(text);
  } catch {
    const declared = type ? ` (${type.slice(0, 100)})` : '';
    throw new InvalidResponseError(`${response.status} body${declared} is not valid JSON`, { ...where, status: response.status, bodySnippet: snippet() });
  }
}

/** A streamed body under the same cap: reading past it errors the stream with an `InvalidResponseError`. */
export function capStream(response: Response, cap: number, where: Where): Response {
  if (!response.body) return response;
  let total = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > cap) {
          controller.error(
            new InvalidResponseError(`the response body exceeds maxResponseBytes (${cap})`, { ...where, status: response.status, bodySnippet: '' }),
          );
        } else controller.enqueue(chunk);
      },
    }),
  );
  const copy = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
