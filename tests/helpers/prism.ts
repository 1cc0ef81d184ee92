import { expect } from 'vitest';
import { service } from './services.js';

const urls = new Map<string, string>();

/** Starts (or joins) the mock of a provider (stateless, Prism validating) for this test file (the run's shared services); resolves to its URL. */
export async function useMock(provider: string): Promise<string> {
  const { url } = await service<{ url: string }>(`/mocks/${provider}`);
  urls.set(provider, url);
  return url;
}

/** The URL of a provider's mock; the test file asks for it first with `await useMock(provider)`. */
export function mockUrl(provider: string): string {
  const url = urls.get(provider);
  if (!url) throw new Error(`no mock for ${provider}: call \`await useMock('${provider}')\` at the top of the test file`);
  return url;
}

/** Prism's findings about a request (the `sl-violations` header), parsed. */
export function violations(response: Response): { location: string[]; code: string | number; message: string }[] {
  const header = response.headers.get('sl-violations');
  return header ? (JSON.parse(header) as ReturnType<typeof violations>) : [];
}

/** Asserts that Prism found the request valid against the spec. */
export function expectNoViolations(response: Response): void {
  expect(violations(response), `Prism found violations in ${response.url}`).toEqual([]);
}

/** Asks Prism to answer with one of the spec's responses for this status. */
export function preferStatus(status: number): { headers: { Prefer: string } } {
  return { headers: { Prefer: `code=${status}` } };
}

/**
 * A `fetch` for a client under test that asks Prism for a named example chosen from the request
 * URL (Prism otherwise always answers a list with the same page), and keeps every response so the
 * test can check each one for violations.
 */
export function examplePicker(pick: (url: URL) => string | undefined): { fetch: (request: Request) => Promise<Response>; responses: Response[] } {
  const responses: Response[] = [];
  return {
    responses,
    fetch: async (request) => {
      const example = pick(new URL(request.url));
      if (example) request.headers.set('Prefer', `example=${example}`);
      const response = await fetch(request);
      responses.push(response);
      return response;
    },
  };
}

/** A `fetch` that drops headers before they leave, to see what the API does without them. */
export function fetchWithout(...names: string[]): (request: Request) => Promise<Response> {
  return (request) => {
    for (const name of names) request.headers.delete(name);
    return fetch(request);
  };
}

/** A request as it left the client: what a test inspects after the call. */
export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The exact bytes sent (empty without a body), and the same as UTF-8 text. */
  body: Buffer;
  text: string;
}

/** A `fetch` for a client under test that keeps a copy of every request and forwards it. */
export function recordRequests(): { fetch: (request: Request) => Promise<Response>; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  return {
    sent,
    fetch: async (request) => {
      const body = Buffer.from(await request.clone().arrayBuffer());
      sent.push({ method: request.method, url: new URL(request.url), headers: new Headers(request.headers), body, text: body.toString('utf8') });
      return fetch(request);
    },
  };
}
