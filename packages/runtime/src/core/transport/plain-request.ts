/**
 * The request openapi-fetch builds for a call (it takes the `Request` class as an option): only
 * its parts, kept as given. A real `Request` would parse the URL, wrap the body in a stream and
 * create an AbortSignal, all of it thrown away, because the transport builds the request of each
 * attempt itself (headers and signatures differ per attempt).
 */
export class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  /** The caller's signal, when the call was given one. */
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect;
  /** The rest of the init (credentials, cache, ...), passed on to each attempt's request. */
  readonly init: RequestInit;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? undefined;
    this.redirect = init.redirect ?? 'follow';
    const { headers: _headers, body: _body, signal: _signal, method: _method, redirect: _redirect, ...rest } = init;
    this.init = rest;
  }
}

/**
 * The body of a request as the exact bytes every attempt sends, and the content type a multipart
 * body needs (its boundary). Strings and URL-encoded forms are encoded directly; anything else
 * (FormData, Blob, a stream) is serialized the standard way, through a `Response`.
 */
export async function requestBytes(request: PlainRequest | Request): Promise<{ bytes: Uint8Array<ArrayBuffer> | undefined; contentType?: string }> {
  const body = request instanceof PlainRequest ? request.body : request.body === null ? null : await request.arrayBuffer();
  if (body === null || body === undefined) return { bytes: undefined };
  if (typeof body === 'string') return { bytes: new TextEncoder().encode(body) };
  if (body instanceof URLSearchParams) return { bytes: new TextEncoder().encode(body.toString()) };
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body.slice(0)) };
  if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)) as Uint8Array<ArrayBuffer> };
  const serialized = new Response(body);
  const contentType = serialized.headers.get('content-type') ?? undefined;
  return { bytes: new Uint8Array(await serialized.arrayBuffer()), ...(contentType ? { contentType } : {}) };
}
