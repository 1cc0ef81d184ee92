/**
 * Reading a response the way every payspec call does: the body read once, inside the attempt's
 * timeout and under a size cap, parsed once, and checked against what the call will parse it as.
 * The response handed on keeps its status, headers and URL; its body methods (`json()`, `text()`,
 * ...) answer from what was read, so openapi-fetch never meets a half-read, oversized or unparsed
 * body and never parses it a second time.
 */
import { InvalidResponseError } from '../errors.js';
import type { Redactor } from '../secrets.js';

/** How openapi-fetch will read the body (its `parseAs` option). */
export type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';

export interface Where {
  method: string;
  path: string;
  attempts: number;
}

const SNIPPET = 200;

/** Statuses whose responses never have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

const decoder = new TextDecoder();

/**
 * Reads the body of `response` and makes its body methods answer from it. A body over `cap` bytes
 * (declared or counted) is abandoned at once. An error response has the call's secrets scrubbed from
 * its body and headers. A success read as JSON must be JSON: malformed text, HTML from a proxy, or
 * an empty body that declares JSON are `InvalidResponseError`s, never a raw `SyntaxError`.
 */
export async function readResponse(response: Response, cap: number, parseAs: ParseAs, where: Where, redactor: () => Redactor): Promise<Response> {
  if (response.status < 200 || response.status > 599) {
    await response.body?.cancel().catch(() => undefined);
    throw new InvalidResponseError(`the server answered with status ${response.status}, which is not a final HTTP status`, {
      ...where, status: response.status, bodySnippet: '',
    });
  }
  if (NULL_BODY.has(response.status) || where.method === 'HEAD') {
    await response.body?.cancel().catch(() => undefined);
    return response.ok ? response : scrubbed(response, null, '', redactor());
  }
  const bytes = await readCapped(response, cap, where);
  const text = decoder.decode(bytes);
  // An error response becomes an ApiError: it holds none of the credentials this call sent. (A
  // success is the caller's own data, handed on as sent; what of it goes into an error or a log
  // event is scrubbed there.)
  if (!response.ok) return scrubbed(response, bytes, text, redactor());
  let parsed: unknown;
  if (parseAs === 'json' && !(bytes.byteLength === 0 && response.headers.get('content-length') === '0')) {
    const type = () => response.headers.get('content-type') ?? '';
    if (text === '') {
      if (/[/+]json\b/i.test(type())) {
        throw new InvalidResponseError(`${response.status} declared ${type().slice(0, 100)} but the body is empty`, { ...where, status: response.status, bodySnippet: '' });
      }
    } else {
      try {
        parsed = JSON.parse(text);
      } catch {
        const declared = type() ? ` (${type().slice(0, 100)})` : '';
        throw new InvalidResponseError(`${response.status} body${declared} is not valid JSON`, { ...where, status: response.status, bodySnippet: redactor().text(text).slice(0, SNIPPET) });
      }
    }
  }
  return answerFrom(response, bytes, text, parsed);
}

/**
 * The response without the call's secrets, in its body and its header values (credential headers
 * redacted by name), its body methods answering from what was read. One that held a secret is
 * replaced, not patched: the fetch implementation's own state (which util.inspect shows) must not
 * keep them.
 */
export function scrubbed(response: Response, bytes: Uint8Array<ArrayBuffer> | null, text: string, redactor: Redactor): Response {
  const echoed = redactor.finds(text);
  const clean = echoed ? redactor.text(text) : text;
  const body = echoed ? new TextEncoder().encode(clean) : (bytes ?? new Uint8Array(0));
  const headers = redactor.headers(response.headers);
  const changed = echoed || [...headers].some(([name, value]) => response.headers.get(name) !== value);
  if (!changed) return answerFrom(response, body, clean, undefined);
  const copy = new Response(bytes !== null && !NULL_BODY.has(response.status) ? body.slice() : null, { status: response.status, statusText: response.statusText, headers });
  Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
  return answerFrom(copy, body, clean, undefined);
}

/** What was read of a response: its body methods answer from it. */
interface ReadBody {
  bytes: Uint8Array<ArrayBuffer>;
  text: string;
  /** The JSON value, when the success was parsed already. */
  parsed: unknown;
}

const bodies = new WeakMap<Response, ReadBody>();
const bodyOf = (response: Response) => bodies.get(response)!;

// One set of methods for every read response (no closures per response): they find the body by the response.
const readMethods: PropertyDescriptorMap = {
  text: { configurable: true, value: function (this: Response) { return Promise.resolve(bodyOf(this).text); } },
  json: {
    configurable: true,
    value: function (this: Response) {
      const body = bodyOf(this);
      try {
        return Promise.resolve(body.parsed !== undefined ? body.parsed : JSON.parse(body.text));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  },
  arrayBuffer: { configurable: true, value: function (this: Response) { return Promise.resolve(bodyOf(this).bytes.slice().buffer); } },
  bytes: { configurable: true, value: function (this: Response) { return Promise.resolve(bodyOf(this).bytes.slice()); } },
  blob: { configurable: true, value: function (this: Response) { return Promise.resolve(new Blob([bodyOf(this).bytes], { type: this.headers.get('content-type') ?? '' })); } },
  clone: {
    configurable: true,
    value: function (this: Response) {
      const body = bodyOf(this);
      return answerFrom(new Response(body.bytes.slice(), { status: this.status, statusText: this.statusText, headers: this.headers }), body.bytes, body.text, body.parsed);
    },
  },
};

/**
 * Makes the body methods of a read response answer from its bytes (`json()` with the value parsed
 * already, when there is one), as many times as asked, `clone()` included.
 */
export function answerFrom(response: Response, bytes: Uint8Array<ArrayBuffer>, text: string, parsed: unknown): Response {
  bodies.set(response, { bytes, text, parsed });
  // One prototype for every read response: cheaper than defining the methods on each one.
  return Object.setPrototypeOf(response, readPrototype ??= Object.create(Response.prototype, readMethods)) as Response;
}

let readPrototype: Response | undefined;

async function readCapped(response: Response, cap: number, where: Where): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(0);
  const tooLarge = (size: string) =>
    new InvalidResponseError(`the response body (${size}) exceeds maxResponseBytes (${cap}); it was not read further`, {
      ...where, status: response.status, bodySnippet: '',
    });
  const declared = response.headers.get('content-length');
  if (declared && /^\d+$/.test(declared)) {
    if (Number(declared) > cap) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge(`${declared} bytes declared`);
    }
    // Within the cap as declared, and fetch enforces the declared length: read it at once.
    if (!response.headers.has('content-encoding')) return new Uint8Array(await response.arrayBuffer());
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
