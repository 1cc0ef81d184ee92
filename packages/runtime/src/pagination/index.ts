import { ConfigurationError, InvalidResponseError } from '../core/errors.js';
import { checkBaseUrl, type Server } from '../core/auth/environment.js';
import { pathOfResponse, unwrap, urlOfResponse } from '../core/client/result.js';

/**
 * How a list operation pages, declared per operation by the overlay extension
 * `x-payspec-pagination` and copied into the generated client's definition. Every rule has
 * `items`, the dotted path to the array of items in the response body, and exactly one style.
 *
 * The paths read from a response body are dotted property names (`meta.cursors.after`); a segment
 * may select the first element of an array whose property has a value (`links[rel=next].href`).
 */
export type PaginationRule =
  | {
      /** Dotted path to the array of items in the response body. */
      items: string;
      /**
       * `param`: the query parameter carrying the 1-based page number. Then either `next`, the
       * dotted path to the next page number (null or absent on the last page), or `current` and
       * `last`, the dotted paths to the current and the last page numbers.
       */
      page: { param: string; next: string } | { param: string; current: string; last: string };
    }
  | {
      items: string;
      cursor: {
        /** Query parameter taking the cursor, for example `starting_after`. */
        param: string;
        /** Dotted path to the boolean saying more items exist. */
        hasMore: string;
        /** Property of the last item whose value is the next cursor, for example `id`. */
        from: string;
      };
    }
  | {
      items: string;
      token: {
        /** Query parameter taking the token, for example `page` or `cursor`. */
        param: string;
        /** Path to the next page's token in the body (`next_page`); null, absent or empty on the last page. */
        next: string;
      };
    }
  | {
      items: string;
      link: {
        /**
         * Path to the next page's URL in the body (`_links.next.href`, `links[rel=next].href`);
         * null or absent on the last page. Only the link's query is used: the request goes to
         * the same operation on the client's own base URL.
         */
        next: string;
      };
    }
  | {
      items: string;
      offset: {
        /** Query parameter taking the number of items to skip, for example `offset`. */
        param: string;
        /** Query parameter taking the page size, for example `limit` (read, never set). */
        limit: string;
        /** Path to the total number of items, when the body has it; without it the walk stops at a short page. */
        total?: string;
      };
    };

/** One page as fetched: its body, the path it came from (for errors) and the URL it was asked at. */
export interface FetchedPage<Page> {
  page: Page;
  path: string;
  /** The URL of the request, query included; a next link is read relative to it. */
  url?: string;
}

/**
 * The query of the next request. It is added to the query the list was called with, or, with
 * `replace` (a next link), sent instead of it.
 */
export interface PageQuery {
  query: Record<string, unknown>;
  replace?: boolean;
}

/** Fetches one page with the given query; throws on failure. */
export type PageFetcher<Page> = (next: PageQuery) => Promise<FetchedPage<Page>>;

/** A client's own `GET`, as `paginate` calls it for each page. */
export type ListCall = (path: string, init: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export interface PaginatorOptions {
  /** The query the list was called with: where the walk starts (page, cursor, token, offset) and the page size. */
  query?: Record<string, unknown>;
  /** The page-number query value the walk starts from (overrides the one in `query`); default 1. */
  firstPage?: unknown;
  /** Stop after this many pages (all pages when omitted). */
  maxPages?: number;
  /**
   * For next links: the path of the base URL the requests are sent to (a prefix of every request
   * path), and the paths of the provider's own servers. A link is followed when its path is the
   * operation's, under either.
   */
  basePath?: string;
  serverPaths?: readonly string[];
}

/**
 * The pages or the items of a list, fetched lazily one page at a time. A page is never yielded
 * twice: a provider that answers with nonsense (a cursor, token, link or page number it already
 * gave, a next page that is not a page number, the same items again, items that are not an array)
 * ends the walk with an `InvalidResponseError` instead of looping or repeating data.
 *
 * @example
 * for await (const customer of client.paginate('/customers')) console.log(customer.email);
 * for await (const page of client.paginate('/customers').pages()) console.log(page);
 */
export class Paginator<Item, Page> implements AsyncIterable<Item> {
  readonly #fetchPage: PageFetcher<Page>;
  readonly #rule: PaginationRule;
  readonly #options: PaginatorOptions;

  constructor(fetchPage: PageFetcher<Page>, rule: PaginationRule, options: PaginatorOptions = {}) {
    this.#fetchPage = fetchPage;
    this.#rule = rule;
    this.#options = options;
    // A start the walk cannot count from is the caller's mistake: say so before anything is sent.
    new Walk(rule, options);
  }

  /** Every page body in order, starting from the query the list was called with. */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    const rule = this.#rule;
    const walk = new Walk(rule, this.#options);
    const maxPages = this.#options.maxPages ?? Infinity;
    let next: PageQuery | undefined = { query: {} };
    for (let count = 1; next && count <= maxPages; count++) {
      const fetched = await this.#fetchPage(next);
      const items = itemsOf(rule, fetched.page, fetched.path);
      walk.check(items, fetched);
      yield fetched.page;
      next = walk.next(fetched.page, items, fetched);
    }
  }

  /** Every item of every page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* itemsOf(this.#rule, page, '') as Item[];
  }

  /**
   * `client.paginate(path, init)`: the walk of one list operation through the client's own `GET`,
   * each page's query merged into the call's. A next link is followed on the base URL the calls go
   * to; the spec's servers tell its path apart from the operation's.
   */
  static list<Item, Page>(
    get: ListCall,
    path: string,
    rule: PaginationRule,
    init: Record<string, any> & { maxPages?: number },
    client: { provider: string; baseUrl: string; servers: readonly Server[] },
  ): Paginator<Item, Page> {
    const { maxPages, ...callInit } = init;
    if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 1)) {
      throw new ConfigurationError('maxPages', `${client.provider}: \`maxPages\` must be a positive integer.`);
    }
    const basePath = new URL(callInit.baseUrl === undefined ? client.baseUrl : checkBaseUrl(client.provider, callInit.baseUrl)).pathname;
    const serverPaths = client.servers.flatMap((server) => {
      try {
        return [new URL(server.url).pathname];
      } catch {
        return [];
      }
    });
    return new Paginator<Item, Page>(
      async ({ query, replace }) => {
        const params = { ...callInit.params, query: replace ? query : { ...callInit.params?.query, ...query } };
        const result = await get(path, { ...callInit, params });
        return { page: (await unwrap(result)) as Page, path: pathOfResponse(result.response), url: urlOfResponse(result.response) };
      },
      rule,
      { query: { ...callInit.params?.query }, basePath, serverPaths, ...(maxPages === undefined ? {} : { maxPages }) },
    );
  }

  /** Collects items into an array, stopping after `limit` of them (all when omitted). */
  async toArray(limit = Infinity): Promise<Item[]> {
    const items: Item[] = [];
    if (limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}

/** One step of a path: a property, optionally selecting the first array element whose `where` property equals `equals`. */
export interface PathSegment {
  key: string;
  where?: string;
  equals?: string;
}

const SEGMENT = /([^.[\]=]+)(?:\[([^.[\]=]+)=([^[\]]+)\])?(\.|$)/y;
const parsedPaths = new Map<string, PathSegment[] | null>();

/**
 * The segments of a path (`_links.next.href`, `links[rel=next].href`), or undefined when it is not
 * one: names separated by dots, each optionally followed by `[property=value]`.
 */
export function pathSegments(path: string): PathSegment[] | undefined {
  let segments = parsedPaths.get(path);
  if (segments === undefined) {
    segments = [];
    SEGMENT.lastIndex = 0;
    while (segments && SEGMENT.lastIndex < path.length) {
      const match = SEGMENT.exec(path);
      if (!match || (match[4] === '.' && SEGMENT.lastIndex === path.length)) segments = null;
      else segments.push({ key: match[1]!, ...(match[2] === undefined ? {} : { where: match[2], equals: match[3]! }) });
    }
    if (segments?.length === 0) segments = null;
    if (parsedPaths.size < 1000) parsedPaths.set(path, segments);
  }
  return segments ?? undefined;
}

/** Reads a path (`meta.current_page`, `links[rel=next].href`) from a response body; undefined where it leads nowhere, a TypeError for a string that is not a path. */
export function readPath(body: unknown, path: string): unknown {
  const segments = pathSegments(path);
  if (!segments) throw new TypeError(`pagination: ${JSON.stringify(path)} is not a path (dotted names, each optionally with [property=value])`);
  let value = body;
  for (const { key, where, equals } of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    if (where !== undefined) {
      if (!Array.isArray(value)) return undefined;
      value = value.find((element) => element !== null && typeof element === 'object' && (element as Record<string, unknown>)[where] === equals);
    }
  }
  return value;
}

function nonsense(path: string, message: string): InvalidResponseError {
  return new InvalidResponseError(`pagination: ${message}`, { method: 'GET', path, attempts: 1, status: 200, bodySnippet: '' });
}

function itemsOf(rule: PaginationRule, page: unknown, path: string): unknown[] {
  const items = readPath(page, rule.items);
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw nonsense(path, `\`${rule.items}\` in the response is not an array`);
  return items;
}

/** A safe integer of at least `min` from a number or a string of digits, else undefined. */
function wholeNumber(value: unknown, min: number): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= min ? number : undefined;
}

/** A positive integer page number from a number or a string of digits, else undefined. */
const pageNumber = (value: unknown) => wholeNumber(value, 1);

/** The query of a URL as query parameters: one value a string, a repeated name an array. */
function queryOf(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of search) {
    const known = query[name];
    query[name] = known === undefined ? value : Array.isArray(known) ? [...known, value] : [known, value];
  }
  return query;
}

/** A query as a key that does not depend on the order of its parameters. */
const queryKey = (search: URLSearchParams) => JSON.stringify([...search].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const trimSlash = (path: string) => path.replace(/\/+$/, '');

/** Two URL paths naming the same segments, however each percent-encodes them. */
function samePath(a: string, b: string): boolean {
  const segments = (path: string) =>
    JSON.stringify(
      path.split('/').map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      }),
    );
  return segments(a) === segments(b);
}

/** Every path a rule reads from a response body or an item. */
function rulePaths(rule: PaginationRule): string[] {
  const style = 'page' in rule ? rule.page : 'cursor' in rule ? rule.cursor : 'token' in rule ? rule.token : 'link' in rule ? rule.link : rule.offset;
  const { param: _param, limit: _limit, ...paths } = style as Record<string, string | undefined>;
  return [rule.items, ...Object.values(paths).filter((path): path is string => typeof path === 'string')];
}

/** A 53-bit hash of a text (cyrb53), with its length: two pages with the same fingerprint are the same page. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

/**
 * The state of one walk: where it is, what it has seen, and what comes next. Each style is
 * implemented here once; every style ends at an empty page.
 */
class Walk {
  #page = 1;
  #offset = 0;
  /** The page size the caller asked for (offset style); else the size of the first page. */
  #limit: number | undefined;
  /** Cursors, tokens or link queries already used: one of them again is nonsense. */
  readonly #used = new Set<string>();
  /** A fingerprint of each page's items so far (not the items: a long walk keeps a number per page). */
  readonly #pagesSeen = new Set<string>();

  constructor(
    private readonly rule: PaginationRule,
    private readonly options: PaginatorOptions,
  ) {
    for (const path of rulePaths(rule)) {
      if (!pathSegments(path)) throw new ConfigurationError('pagination', `pagination: ${JSON.stringify(path)} is not a path (dotted names, each optionally with [property=value]).`);
    }
    const start = options.query ?? {};
    if ('page' in rule) {
      const first = options.firstPage ?? start[rule.page.param];
      this.#page = first === undefined ? 1 : (pageNumber(first) ?? 1);
    } else if ('cursor' in rule || 'token' in rule) {
      const from = start['cursor' in rule ? rule.cursor.param : rule.token.param];
      if (typeof from === 'string' || typeof from === 'number') this.#used.add(String(from));
    } else if ('offset' in rule) {
      const { param, limit } = rule.offset;
      const offset = start[param];
      if (offset !== undefined) {
        this.#offset = wholeNumber(offset, 0) ?? NaN;
        if (Number.isNaN(this.#offset)) throw new ConfigurationError(`params.query.${param}`, `\`${param}\` must be a whole number of items to skip, to walk the list from it.`);
      }
      if (start[limit] !== undefined) {
        this.#limit = wholeNumber(start[limit], 1);
        if (this.#limit === undefined) throw new ConfigurationError(`params.query.${limit}`, `\`${limit}\` must be a positive whole number, to walk the list by it.`);
      }
    }
  }

  /**
   * Refuses a page whose items repeat an earlier page's: the server ignored the page or cursor, or
   * its pages go round (A, B, A, ... with fresh tokens or links each time).
   */
  check(items: unknown[], { path, url }: FetchedPage<unknown>): void {
    if (items.length) {
      const key = fingerprint(JSON.stringify(items));
      if (this.#pagesSeen.has(key)) throw nonsense(path, 'the server answered the same items again as an earlier page');
      this.#pagesSeen.add(key);
    }
    // A next link must not lead back to a page already fetched, the first one included.
    if ('link' in this.rule && url) this.#used.add(queryKey(new URL(url).searchParams));
  }

  /** The query of the page after `page`, or undefined when it was the last one. */
  next(page: unknown, items: unknown[], fetched: FetchedPage<unknown>): PageQuery | undefined {
    if (items.length === 0) return undefined;
    const rule = this.rule;
    const path = fetched.path;
    if ('cursor' in rule) {
      const more = readPath(page, rule.cursor.hasMore);
      if (more !== true) return undefined;
      const cursor = readPath(items.at(-1), rule.cursor.from);
      if (typeof cursor !== 'string' && !(typeof cursor === 'number' && Number.isFinite(cursor))) {
        throw nonsense(path, `\`${rule.cursor.hasMore}\` is true but the last item has no usable \`${rule.cursor.from}\` to continue from`);
      }
      this.#use(String(cursor), path, `the cursor \`${rule.cursor.from}\` of the last item was already used`);
      return { query: { [rule.cursor.param]: cursor } };
    }
    if ('token' in rule) {
      const token = readPath(page, rule.token.next);
      if (token === null || token === undefined || token === '') return undefined;
      if (typeof token !== 'string') throw nonsense(path, `\`${rule.token.next}\` is not a string token`);
      this.#use(token, path, `the token \`${rule.token.next}\` was already used`);
      return { query: { [rule.token.param]: token } };
    }
    if ('link' in rule) return this.#link(readPath(page, rule.link.next), fetched);
    if ('offset' in rule) return this.#nextOffset(page, items.length, path);
    if ('next' in rule.page) {
      const raw = readPath(page, rule.page.next);
      if (raw === null || raw === undefined) return undefined;
      const next = pageNumber(raw);
      if (next === undefined) throw nonsense(path, `\`${rule.page.next}\` is not a page number`);
      if (next <= this.#page) throw nonsense(path, `\`${rule.page.next}\` (${next}) does not come after page ${this.#page}`);
      this.#page = next;
      return { query: { [rule.page.param]: next } };
    }
    const current = pageNumber(readPath(page, rule.page.current));
    const last = pageNumber(readPath(page, rule.page.last));
    if (current === undefined || last === undefined) throw nonsense(path, `\`${rule.page.current}\` and \`${rule.page.last}\` must be page numbers`);
    if (current !== this.#page) throw nonsense(path, `asked for page ${this.#page}, the server says it is page ${current}`);
    if (current >= last) return undefined;
    this.#page = current + 1;
    return { query: { [rule.page.param]: current + 1 } };
  }

  #use(value: string, path: string, message: string): void {
    if (this.#used.has(value)) throw nonsense(path, message);
    this.#used.add(value);
  }

  /**
   * A next link, read relative to the URL of the page that gave it. Its scheme and host are not
   * used (they name the provider's public host even behind a mock or a proxy): its path must be
   * the operation's, and its query is sent to the same operation on the client's base URL.
   */
  #link(raw: unknown, { path, url }: FetchedPage<unknown>): PageQuery | undefined {
    const rule = this.rule as Extract<PaginationRule, { link: unknown }>;
    if (raw === null || raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'string') throw nonsense(path, `\`${rule.link.next}\` is not a link`);
    const here = new URL(url || path, 'http://localhost');
    let link: URL;
    try {
      link = new URL(raw, here);
    } catch {
      throw nonsense(path, `\`${rule.link.next}\` is not a URL`);
    }
    if (link.protocol !== 'http:' && link.protocol !== 'https:') throw nonsense(path, `\`${rule.link.next}\` is not an http(s) link`);
    const base = trimSlash(this.options.basePath ?? '');
    const operationPath = here.pathname.startsWith(base) ? here.pathname.slice(base.length) : here.pathname;
    const allowed = [here.pathname, ...(this.options.serverPaths ?? []).map((server) => trimSlash(server) + operationPath)];
    if (!allowed.some((candidate) => samePath(candidate, link.pathname))) {
      // The link's own path is not quoted: it comes from the server, which may have put anything in it.
      throw nonsense(path, `\`${rule.link.next}\` leads to another path than this list's (${here.pathname}): only a link to the same operation is followed`);
    }
    this.#use(queryKey(link.searchParams), path, `\`${rule.link.next}\` leads to a page already fetched`);
    return { query: queryOf(link.searchParams), replace: true };
  }

  /** The next offset: this one plus the items received, unless the total or a short page says it was the last. */
  #nextOffset(page: unknown, received: number, path: string): PageQuery | undefined {
    const { param, total } = (this.rule as Extract<PaginationRule, { offset: unknown }>).offset;
    const next = this.#offset + received;
    const count = total === undefined ? undefined : readPath(page, total);
    if (count !== undefined && count !== null) {
      const known = wholeNumber(count, 0);
      if (known === undefined) throw nonsense(path, `\`${total}\` is not a number of items`);
      if (next >= known) return undefined;
    } else {
      // Without a total, a page shorter than the page size is the last one.
      this.#limit ??= received;
      if (received < this.#limit) return undefined;
    }
    this.#offset = next;
    return { query: { [param]: next } };
  }
}
