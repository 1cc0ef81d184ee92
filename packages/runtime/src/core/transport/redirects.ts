/**
 * The redirect policy. `fetch` would follow redirects itself and strip only `Authorization` and
 * `Cookie` on the way to another origin, so token headers and signatures would follow; and it fails
 * on a byte body it has to send again. The transport therefore asks for `redirect: 'manual'` and
 * follows here:
 *
 * - same origin (scheme, host and port): followed, at most `MAX_REDIRECTS` hops, each hop
 *   authenticated afresh (signatures cover the new target) and sent with the right method and body
 *   (303, and 301/302 after a POST, become a GET without body; 307/308 keep both);
 * - another origin, too many hops, or no usable `Location`: not followed. The 3xx response is the
 *   answer, so the call fails with an `ApiError` that says why; nothing was sent to the other origin.
 */

export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** One hop to send: where, how, and with which body. */
export interface Hop {
  method: string;
  url: string;
  body: Uint8Array<ArrayBuffer> | undefined;
}

/** The next hop of a same-origin redirect, or why the redirect is not followed. */
export function nextHop(response: Response, hop: Hop, origin: string, hops: number): { next: Hop } | { refused: string } {
  const location = response.headers.get('location');
  if (!location) return { refused: 'a redirect without a Location, not followed' };
  let target: URL;
  try {
    target = new URL(location, hop.url);
  } catch {
    return { refused: 'a redirect to an unreadable Location, not followed' };
  }
  if (target.origin !== origin) return { refused: 'a redirect to another origin, not followed: credentials stay with the provider' };
  if (hops >= MAX_REDIRECTS) return { refused: `more than ${MAX_REDIRECTS} redirects, not followed` };
  target.hash = '';
  const toGet = response.status === 303 ? hop.method !== 'HEAD' : (response.status === 301 || response.status === 302) && hop.method === 'POST';
  return { next: toGet ? { method: 'GET', url: target.href, body: undefined } : { ...hop, url: target.href } };
}

/** Body headers that no longer apply once a redirect turned the request into a GET. */
export const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location', 'digest'];
